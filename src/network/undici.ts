/**
 * undici's own `fetch` and `ProxyAgent`, the only module that loads undici. Bundled apart
 * (`dist/network.js`, see esbuild.js) and required by wire.ts only when a request goes through a
 * proxy, so activation and direct requests never read it. The deep paths keep undici's unused parts
 * (cache, cookies, WebSocket, mocks) out of the bundle; undici's index.js does the one thing
 * repeated here, giving dispatchers their `connect` (which the proxy's CONNECT tunnel uses).
 */
import type { Dispatcher as UndiciDispatcher, fetch as UndiciFetch, ProxyAgent as UndiciProxyAgent } from 'undici';

const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: UndiciDispatcher };
Object.assign(Dispatcher.prototype, { connect: require('undici/lib/api/api-connect.js') as UndiciDispatcher['connect'] });

export const fetch = (require('undici/lib/web/fetch/index.js') as { fetch: typeof UndiciFetch }).fetch;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js') as typeof UndiciProxyAgent;
export type ProxyAgent = UndiciProxyAgent;

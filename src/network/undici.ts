/**
 * undici's own `fetch` and `ProxyAgent`, the only module that loads undici. Bundled apart
 * (`dist/network.js`, see esbuild.js) and required by wire.ts only when a request goes through a
 * proxy, so activation and direct requests never read it. The deep paths keep undici's unused parts
 * (cache, cookies, WebSocket, mocks) out of the bundle.
 */
import type { fetch as UndiciFetch, ProxyAgent as UndiciProxyAgent } from 'undici';

export const fetch = (require('undici/lib/web/fetch/index.js') as { fetch: typeof UndiciFetch }).fetch;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js') as typeof UndiciProxyAgent;
export type ProxyAgent = UndiciProxyAgent;

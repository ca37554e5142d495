/**
 * The one way requests leave the extension: chat, models, the key check (through the `openai` SDK,
 * whose `fetch` option is `Wire.fetchFor`) and telemetry (TelemetryQueue's `fetch`). For each
 * request it
 *
 * - sends only the headers the extension decided: `content-type`/`accept` from the caller, then the
 *   target's own (Authorization, the provider's headers) and our client name. Whatever the SDK or
 *   the environment added (`x-stainless-*`, `OpenAI-Organization`, `OPENAI_CUSTOM_HEADERS`…) is
 *   dropped, and nothing is sent outside the target's base URL;
 * - refuses redirects: a 3xx becomes a GatewayError naming where it pointed, and nothing is sent
 *   there (a cross-origin 307 would otherwise carry the provider's headers to a new host);
 * - goes through the proxy VS Code would use (see proxy.ts), with undici's ProxyAgent, and says
 *   plainly when the proxy is down or wants credentials.
 *
 * Direct requests use the platform's `fetch`: in VS Code's extension host that is VS Code's own,
 * which adds the OS certificate store (and system proxy discovery where our rules find no proxy).
 * Proxied ones use undici's `fetch`, loaded on first use from dist/network.js.
 */
import { GatewayError } from '../gateway/errors';
import type * as UndiciModule from './undici';
import { DEFAULT_PROXY_SETTINGS, describeProxy, proxyFixHint, routeFor, type Environment, type ProxyRoute, type ProxySettings } from './proxy';
import { lazyModule } from '../util/lazyModule';
import { withoutTrailingSlashes } from '../util/text';

/** undici, on the first proxied request. Bundled, `require('./network.js')`; transpiled for tests, `undici.js` beside this file. */
const undici = lazyModule(() => require('./undici') as typeof UndiciModule);

/** Where one connection's requests go and exactly what they carry. */
export interface WireTarget {
  /** Every request must stay under this URL (same origin, path below it). */
  readonly baseUrl: string;
  /** The headers this target gets (Authorization, `x-portkey-*`, …), as decided by the extension. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface WireOptions {
  /** `monster-gaming-vscode/<version>`: sent as `User-Agent` and `X-Client`. */
  readonly userAgent?: string;
  /** VS Code's proxy settings, read for every request (settings can change at any time). */
  readonly proxy?: () => ProxySettings;
  /** The environment for `HTTPS_PROXY`/`NO_PROXY` (default `process.env`). */
  readonly env?: Environment;
}

/** The only headers taken from the caller (the SDK): what the body is and what answer it reads. */
const FROM_CALLER = ['content-type', 'accept'] as const;

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** The error and its causes, outermost first. */
function causes(error: unknown): Array<Error & { code?: string }> {
  const chain: Array<Error & { code?: string }> = [];
  for (let current = error; current instanceof Error && chain.length < 6; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}

function isUnder(url: URL, baseUrl: string): boolean {
  try {
    const base = new URL(baseUrl);
    const prefix = withoutTrailingSlashes(base.pathname);
    return url.origin === base.origin && (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
  } catch {
    return false;
  }
}

function redirectRefused(response: Response, url: URL): GatewayError {
  const location = response.headers.get('location');
  let where = 'another address';
  try {
    if (location) {
      const target = new URL(location, url);
      // Another host is named by its origin; the same host by the path it pointed to.
      where = target.origin === url.origin ? `${target.origin}${target.pathname}` : target.origin;
    }
  } catch {
    // An unparsable Location still is a redirect: refuse it all the same.
  }
  return new GatewayError(
    'REDIRECT_REFUSED',
    `The gateway at ${url.origin} answered HTTP ${response.status} and redirected the request to ${where}. Redirects are not followed, so your key and headers were not sent there. If ${where} is the right gateway, set the base URL to it.`,
    { status: response.status },
  );
}

function hasCredentials(route: Extract<ProxyRoute, { kind: 'proxy' }>): boolean {
  return Boolean(route.url.username || route.authorization);
}

/**
 * A proxy's own refusal that reached us as a response: a 407, or (tinyproxy and others answer bad
 * credentials so) a 401 that is not the gateway's JSON while we sent proxy credentials.
 */
function isProxyRefusal(response: Response, route: Extract<ProxyRoute, { kind: 'proxy' }>): boolean {
  if (response.status === 407) return true;
  return response.status === 401 && hasCredentials(route) && !(response.headers.get('content-type') ?? '').includes('json');
}

function proxyAuthFailure(route: Extract<ProxyRoute, { kind: 'proxy' }>, status: number): GatewayError {
  const proxy = describeProxy(route);
  const where = route.source === 'http.proxy' ? 'http.proxy (http://user:password@host:port) or http.proxyAuthorization' : proxyFixHint(route);
  return new GatewayError(
    'PROXY_AUTH',
    hasCredentials(route)
      ? `The proxy ${proxy} rejected the credentials it was given (HTTP ${status}). Check the user name and password in ${where}.`
      : `The proxy ${proxy} needs credentials (HTTP ${status}). Put them in ${route.source === 'http.proxy' ? 'http.proxy as http://user:password@host:port' : proxyFixHint(route)}, or set http.proxyAuthorization (e.g. "Basic " followed by the base64 of user:password).`,
    { status, retryable: false },
  );
}

/** A failure of a proxied request, said in terms of the proxy. */
function proxyFailure(error: unknown, route: Extract<ProxyRoute, { kind: 'proxy' }>, url: URL): GatewayError | undefined {
  const chain = causes(error);
  const proxy = describeProxy(route);
  const hint = proxyFixHint(route);
  // undici says "Proxy response (407) !== 200 when HTTP Tunneling" (CONNECT) or "Proxy Authentication Required (407)".
  const status = chain.map((e) => /^Proxy (?:response \((\d{3})\)|Authentication Required \((\d{3})\))/.exec(e.message)).find(Boolean)?.slice(1).find(Boolean);
  if (status === '407' || (status === '401' && hasCredentials(route))) {
    return proxyAuthFailure(route, Number(status));
  }
  if (status) {
    return new GatewayError('PROXY_UNREACHABLE', `The proxy ${proxy} refused to connect to ${url.host} (HTTP ${status}). Check that the proxy allows ${url.host}, or add it to http.noProxy.`, { status: Number(status), retryable: true });
  }
  const connect = chain.find((e) => e.code && CONNECT_FAILURES.has(e.code));
  // Through a proxy the extension only ever opens connections to the proxy itself.
  if (connect) {
    return new GatewayError('PROXY_UNREACHABLE', `Could not reach the proxy ${proxy}: ${connect.message}. Check that the proxy is running and reachable, or change ${hint}.`, { retryable: true });
  }
  const tls = chain.find((e) => e.code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(e.code));
  if (tls) {
    return new GatewayError(
      'NETWORK',
      `The TLS certificate of ${url.host} was not accepted (${tls.code}) on the connection through the proxy ${proxy}. If the proxy inspects TLS with its own certificate, add that certificate to your system's trust store, or set http.proxyStrictSSL to false.`,
      { retryable: false },
    );
  }
  return undefined;
}

/** See the file comment. One per extension (it keeps the proxy connection pool). */
export class Wire {
  private agent: { readonly key: string; readonly dispatcher: UndiciModule.ProxyAgent } | undefined;

  constructor(private readonly options: WireOptions = {}) {}

  /** A `fetch` that sends to `target` only, with `target`'s headers only. */
  fetchFor(target: WireTarget): typeof fetch {
    return (input, init) => this.send(target, input, init);
  }

  async send(target: WireTarget, input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (!isUnder(url, target.baseUrl)) {
      throw new GatewayError('INVALID_REQUEST', `Refused to send a request to ${url.origin}${url.pathname}: it is not under the base URL ${target.baseUrl}.`);
    }
    const given = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    const headers = new Headers();
    for (const name of FROM_CALLER) {
      const value = given.get(name);
      if (value !== null) headers.set(name, value);
    }
    for (const [name, value] of Object.entries(target.headers)) headers.set(name, value);
    if (this.options.userAgent) {
      headers.set('user-agent', this.options.userAgent);
      headers.set('x-client', this.options.userAgent);
    }
    const request: RequestInit = { method: init.method ?? 'GET', headers, body: init.body, signal: init.signal, redirect: 'manual' };
    const route = routeFor(url, this.options.proxy?.() ?? DEFAULT_PROXY_SETTINGS, this.options.env ?? process.env);

    let response: Response;
    try {
      response = route.kind === 'direct' ? await fetch(url, request) : await this.viaProxy(route, url, request);
    } catch (error) {
      if (init.signal?.aborted) throw error; // A cancel stays a cancel (the SDK reports it as such).
      throw (route.kind === 'proxy' && proxyFailure(error, route, url)) || error;
    }
    if (route.kind === 'proxy' && isProxyRefusal(response, route)) {
      void response.body?.cancel().catch(() => undefined);
      throw proxyAuthFailure(route, response.status);
    }
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      void response.body?.cancel().catch(() => undefined);
      throw redirectRefused(response, url);
    }
    return response;
  }

  private async viaProxy(route: Extract<ProxyRoute, { kind: 'proxy' }>, url: URL, request: RequestInit): Promise<Response> {
    if (!['http:', 'https:', 'socks5:', 'socks:'].includes(route.url.protocol)) {
      throw new GatewayError('PROXY_UNREACHABLE', `The proxy ${describeProxy(route)} uses ${route.url.protocol.replace(':', '')}, which is not supported; use an http, https or socks5 proxy in ${proxyFixHint(route)}.`);
    }
    const { fetch: proxiedFetch, ProxyAgent } = undici();
    const key = JSON.stringify([route.url.href, route.authorization ?? '', route.strictSSL]);
    if (this.agent?.key !== key) {
      void this.agent?.dispatcher.close().catch(() => undefined);
      this.agent = {
        key,
        dispatcher: new ProxyAgent({
          uri: route.url.href,
          ...(route.authorization ? { token: route.authorization } : {}),
          // Plain-http targets as absolute-form requests (as VS Code's own agent does), so proxies
          // that allow CONNECT only to port 443 still carry them; https always tunnels.
          proxyTunnel: false,
          requestTls: { rejectUnauthorized: route.strictSSL },
          proxyTls: { rejectUnauthorized: route.strictSSL },
        }),
      };
    }
    const init = { ...request, dispatcher: this.agent.dispatcher } as Parameters<typeof proxiedFetch>[1];
    return await proxiedFetch(url, init);
  }

  /** Closes the proxy's connections. */
  dispose(): void {
    void this.agent?.dispatcher.close().catch(() => undefined);
    this.agent = undefined;
  }
}

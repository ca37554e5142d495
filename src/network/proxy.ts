/**
 * Which proxy a request goes through, decided the way VS Code decides for its own requests
 * (`@vscode/proxy-agent` 0.45, as shipped in VS Code 1.139):
 *
 * 1. `http.proxySupport: "off"` — no proxy for extensions.
 * 2. `localhost`, `127.0.0.1` and `::1` — always direct.
 * 3. `http.noProxy` when it has entries (then `NO_PROXY` is ignored), else `NO_PROXY`/`no_proxy`:
 *    `name[:port]` entries match the host and its subdomains; `*` matches everything.
 * 4. `http.proxy` — the setting wins over the environment.
 * 5. `https_proxy`, `HTTPS_PROXY`, `http_proxy`, `HTTP_PROXY`, in that order, for every target.
 *
 * Pure (no `vscode`, no network), so every rule is unit-tested.
 */

/** VS Code's `http.*` proxy settings, as the settings module read them. */
export interface ProxySettings {
  /** `http.proxy`: `http://[user:pass@]host:port` (also https, socks5); empty for none. */
  readonly proxy: string;
  /** `http.proxyStrictSSL`: verify TLS certificates on proxied connections. */
  readonly strictSSL: boolean;
  /** `http.noProxy`: hosts (`example.com`, `.corp`, `host:8080`, `*`) that bypass the proxy. */
  readonly noProxy: readonly string[];
  /** `http.proxyAuthorization`: sent to the proxy as `Proxy-Authorization`. */
  readonly authorization?: string;
  /** `http.proxySupport`: `off` keeps extensions' requests direct, as VS Code does. */
  readonly support: 'off' | 'on' | 'fallback' | 'override';
}

/** No proxy settings at all (VS Code's defaults). */
export const DEFAULT_PROXY_SETTINGS: ProxySettings = { proxy: '', strictSSL: true, noProxy: [], support: 'override' };

export type Environment = Readonly<Record<string, string | undefined>>;

/** Where a proxy came from, for messages: the setting or the environment variable's name. */
export type ProxySource = 'http.proxy' | 'https_proxy' | 'HTTPS_PROXY' | 'http_proxy' | 'HTTP_PROXY';

export type ProxyRoute =
  | { readonly kind: 'direct' }
  | {
      readonly kind: 'proxy';
      /** The proxy, credentials included (never shown: see `proxyLabel`). */
      readonly url: URL;
      readonly source: ProxySource;
      readonly strictSSL: boolean;
      /** `http.proxyAuthorization` (only with the setting's proxy). */
      readonly authorization?: string;
    };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const ENV_PROXIES: readonly Exclude<ProxySource, 'http.proxy'>[] = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

/** `host:port` of a proxy, without credentials, for messages and logs. */
export function proxyLabel(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '1080');
  return `${url.hostname}:${port}`;
}

/** A proxy URL from a setting or the environment; a bare `host:port` means http, as curl reads it. */
export function parseProxyUrl(raw: string | undefined): URL | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    return url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}

/** VS Code's `noProxy` matching: `.host` ends with `.entry`; an entry's port must match when given. */
function bypasses(entries: readonly string[], hostname: string, port: string): boolean {
  const filters = entries.map((e) => e.trim().toLowerCase()).filter(Boolean);
  if (filters.includes('*')) return true;
  const host = `.${hostname.toLowerCase().replace(/^\[|\]$/g, '')}`;
  return filters.some((entry) => {
    const [name, filterPort] = entry.split(':', 2);
    if (!name) return false;
    const domain = name.startsWith('.') ? name : `.${name}`;
    return host.endsWith(domain) && (!filterPort || filterPort === port);
  });
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** The route for one request to `target`. */
export function routeFor(target: URL, settings: ProxySettings, env: Environment): ProxyRoute {
  if (settings.support === 'off' || LOOPBACK.has(target.hostname.toLowerCase())) {
    return { kind: 'direct' };
  }
  const noProxy = settings.noProxy.length > 0 ? settings.noProxy : (env.no_proxy ?? env.NO_PROXY ?? '').split(',');
  if (bypasses(noProxy, target.hostname, defaultPort(target))) {
    return { kind: 'direct' };
  }
  const fromSetting = parseProxyUrl(settings.proxy);
  if (fromSetting) {
    return { kind: 'proxy', url: fromSetting, source: 'http.proxy', strictSSL: settings.strictSSL, authorization: settings.authorization || undefined };
  }
  for (const name of ENV_PROXIES) {
    const url = parseProxyUrl(env[name]);
    if (url) return { kind: 'proxy', url, source: name, strictSSL: settings.strictSSL };
  }
  return { kind: 'direct' };
}

/** "127.0.0.1:3128 (from http.proxy)": which proxy and where it was configured, never its credentials. */
export function describeProxy(route: Extract<ProxyRoute, { kind: 'proxy' }>): string {
  return `${proxyLabel(route.url)} (from ${route.source})`;
}

/** Where the user changes this proxy, for advice in messages. */
export function proxyFixHint(route: Extract<ProxyRoute, { kind: 'proxy' }>): string {
  return route.source === 'http.proxy' ? 'http.proxy' : `the ${route.source} environment variable (or set http.proxy, which wins over it)`;
}

/** The secrets in proxy settings (the password in `http.proxy`, `http.proxyAuthorization`), for redaction. */
export function proxySecrets(settings: ProxySettings): string[] {
  const url = parseProxyUrl(settings.proxy);
  const found: string[] = [];
  if (url?.password) {
    found.push(url.password, decodeURIComponent(url.password), `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`);
  }
  if (settings.authorization) {
    found.push(settings.authorization, settings.authorization.replace(/^\S+\s+/, ''));
  }
  return found;
}

/** One line for the log: which proxy requests to non-local hosts go through, and where it is set. */
export function proxySummary(settings: ProxySettings, env: Environment): string {
  if (settings.support === 'off') return 'none (http.proxySupport is off)';
  const route = routeFor(new URL('https://gateway.invalid/'), { ...settings, noProxy: [] }, { ...env, NO_PROXY: undefined, no_proxy: undefined });
  if (route.kind === 'direct') return 'none';
  const bypass = settings.noProxy.length > 0 ? `, bypassed for ${settings.noProxy.join(', ')} (http.noProxy)` : env.NO_PROXY || env.no_proxy ? `, bypassed for ${env.NO_PROXY ?? env.no_proxy} (NO_PROXY)` : '';
  return `${describeProxy(route)}${bypass}`;
}

/**
 * Reading the extension's settings into one validated object. Pure (no `vscode`), so the rules —
 * above all, that only user settings decide where keys are sent — are unit-tested.
 */
import type { ErrorContext } from '../gateway/errors';
import { DEFAULT_PROVIDER, defaultModelFor, isProviderId, PROVIDERS, providerById, providerLabel, ROUTING_MODEL, routesDisciplines, toolModelFor, type ProviderId, type ProviderSettings } from '../gateway/providers';
import { DEFAULT_PROXY_SETTINGS, type ProxySettings } from '../network/proxy';
import { withoutTrailingSlashes } from '../util/text';

/** A setting the extension refused, and why (shown as a warning with "Open Settings"). */
export interface SettingsProblem {
  /** The full id, e.g. `monsterGaming.moonshot.baseUrl`. */
  readonly setting: string;
  readonly message: string;
}

/** Every setting the extension reads, already validated. Nothing else calls getConfiguration. */
/** What `monsterGaming.agent.autoApprove` may list. */
export type AgentApprovalKind = 'read' | 'edit' | 'task' | 'command';
const APPROVAL_KINDS: readonly AgentApprovalKind[] = ['read', 'edit', 'task', 'command'];

/** The listed approval kinds we know; anything else (a typo, a hostile value) is ignored. */
function approvalKinds(value: unknown): readonly AgentApprovalKind[] {
  if (!Array.isArray(value)) return ['read'];
  return APPROVAL_KINDS.filter((kind) => value.includes(kind));
}

/** Command prefixes: non-empty strings, trimmed, at most 100 of them. */
function commandPrefixes(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((prefix): prefix is string => typeof prefix === 'string' && prefix.trim() !== '' && prefix.length <= 500).map((prefix) => prefix.trim()).slice(0, 100);
}

export interface Settings {
  /** The active provider (`monsterGaming.provider`) with its base URL, model and routing headers. */
  readonly provider: ProviderSettings;
  /** The active provider's base URL, ending in /v1 (`monsterGaming.baseUrl` for Monster Gaming). User settings only. */
  readonly baseUrl: string;
  /** The active provider's model (`monsterGaming.model` for Monster Gaming, `monsterGaming.<provider>.model` otherwise). */
  readonly model: string;
  /** The gateway picks the specialist (Monster Gaming with `monster-gpt`); otherwise the local router's prompt is sent. */
  readonly gatewayRoutes: boolean;
  /** Which gateway answers, for the header and for advice in error messages. */
  readonly errorContext: ErrorContext;
  /** `monsterGaming.discipline`: a pinned discipline id, or `auto`. */
  readonly discipline: string;
  /** `monsterGaming.telemetry.enabled`: can only turn telemetry off further than VS Code's own setting. */
  readonly telemetryEnabled: boolean;
  /** `monsterGaming.history.maxConversations`: past conversations kept per workspace. */
  readonly maxConversations: number;
  /** `monsterGaming.rateLimit.maxWaitSeconds`: longest `Retry-After` waited out automatically. */
  readonly rateLimitMaxWaitSeconds: number;
  /** `monsterGaming.chat.includeActiveEditor`: attach the active editor (its selection, or the visible lines) to sidebar questions. */
  readonly includeActiveEditor: boolean;
  /** `monsterGaming.fix.preview`: show a proposed fix as a diff before applying it. */
  readonly fixPreview: boolean;
  /** `monsterGaming.agent.autoApprove`: the kinds of agent tool calls run without asking. */
  readonly agentAutoApprove: readonly AgentApprovalKind[];
  /** `monsterGaming.agent.maxSteps`: requests one agent turn may make. */
  readonly agentMaxSteps: number;
  /** `monsterGaming.agent.allowedCommands`: command-line prefixes run_command runs without asking. */
  readonly agentAllowedCommands: readonly string[];
  /** `monsterGaming.request.idleTimeoutSeconds`: a stream silent this long is stopped (STALLED). */
  readonly idleTimeoutSeconds: number;
  /** `monsterGaming.account.lowCreditWarning`: warn once when the Monster Gaming credit balance falls under this many USD (0: never). */
  readonly lowCreditWarningUsd: number;
  /** `monsterGaming.baseUrl` whatever provider is active: the Monster Gaming key is only ever checked there. */
  readonly monsterGamingBaseUrl: string;
  /** VS Code's `http.proxy`, `http.proxyStrictSSL`, `http.noProxy`, `http.proxyAuthorization`, `http.proxySupport`. */
  readonly proxy: ProxySettings;
  /** Settings that were refused (a base URL with `user:pass@`, …); empty when all is well. */
  readonly problems: readonly SettingsProblem[];
}

export const SECTION = 'monsterGaming';
export const DEFAULT_BASE_URL = 'https://api.monstergaming.ai/v1';
export const DEFAULT_MODEL = ROUTING_MODEL;

/** The part of WorkspaceConfiguration the reader needs (so it can be tested without VS Code). */
export interface ConfigurationSource {
  get<T>(key: string): T | undefined;
  inspect?<T>(key: string): { globalValue?: T; defaultValue?: T } | undefined;
}

function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function nonEmpty(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}

/** A base URL we will send the key to: http(s) only, no trailing slash. Anything else falls back to the default. */
export function normalizeBaseUrl(raw: unknown, fallback: string = DEFAULT_BASE_URL): string {
  const text = nonEmpty(raw, fallback);
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return fallback;
    }
    return withoutTrailingSlashes(url.toString());
  } catch {
    return fallback;
  }
}

/** An optional http(s) URL (Portkey's custom host); anything else is dropped. */
function optionalUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? withoutTrailingSlashes(url.toString()) : undefined;
  } catch {
    return undefined;
  }
}

/** True when a URL setting carries `user[:pass]@`. */
function hasUserinfo(raw: unknown): boolean {
  if (typeof raw !== 'string' || !raw.trim()) return false;
  try {
    const url = new URL(raw.trim());
    return url.username !== '' || url.password !== '';
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(raw.trim());
  }
}

/**
 * Credentials in a URL would be sent along, and shown in logs, errors and the status bar: such a
 * URL is not used (the caller falls back as for an invalid one), and the user is told why.
 */
function userinfoProblem(setting: string): SettingsProblem {
  return {
    setting,
    message:
      `${setting} contains a user name or password (user:pass@ before the host), so it is not used: ` +
      'credentials in a URL would travel with every request and show up in logs. Remove them from the URL and store the key with "Monster Gaming: Set API Key".',
  };
}

/** A URL setting that decides where keys go, refused (undefined) when it carries credentials. */
function credentialFree(config: ConfigurationSource, key: string, problems: SettingsProblem[]): unknown {
  const raw = userValue<unknown>(config, key);
  if (!hasUserinfo(raw)) return raw;
  problems.push(userinfoProblem(`${SECTION}.${key}`));
  return undefined;
}

/** The part of VS Code's `http` section the extension honours. */
export function readProxySettings(http: ConfigurationSource | undefined): ProxySettings {
  if (!http) return DEFAULT_PROXY_SETTINGS;
  const proxy = http.get<unknown>('proxy');
  const noProxy = http.get<unknown>('noProxy');
  const authorization = http.get<unknown>('proxyAuthorization');
  const support = http.get<unknown>('proxySupport');
  return {
    proxy: typeof proxy === 'string' ? proxy.trim() : '',
    strictSSL: http.get<unknown>('proxyStrictSSL') !== false,
    noProxy: Array.isArray(noProxy) ? noProxy.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '') : [],
    authorization: typeof authorization === 'string' && authorization.trim() ? authorization.trim() : undefined,
    support: support === 'off' || support === 'on' || support === 'fallback' ? support : 'override',
  };
}

/** The setting that holds a provider's base URL. */
export function baseUrlKey(id: ProviderId): string {
  return id === 'monsterGaming' ? 'baseUrl' : `${id}.baseUrl`;
}

/** The setting that holds a provider's model (both Portkey presets share one). */
export function modelKey(id: ProviderId): string {
  if (id === 'monsterGaming') return 'model';
  return id === 'portkeySelfHosted' ? 'portkey.model' : `${id}.model`;
}
/** What VS Code's `inspect` gives for a whole section: the user's values and the defaults, as trees. */
export interface SectionInspection {
  readonly globalValue?: unknown;
  readonly defaultValue?: unknown;
}

/** The value at a dotted key in a settings tree (own properties only), as VS Code nests them. */
function valueAt(tree: unknown, key: string): unknown {
  let node = tree;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * A source whose `inspect` answers from one inspection of the whole section. VS Code merges its
 * configuration models again on every `inspect` (about 1 ms each in the extension host), and
 * reading the settings inspects a dozen keys: per-key calls took 10–25 ms of activate().
 */
export function inspectedOnce(config: ConfigurationSource, section: SectionInspection | undefined): ConfigurationSource {
  return {
    get: <T>(key: string): T | undefined => config.get<T>(key),
    inspect: <T>(key: string) => ({ globalValue: valueAt(section?.globalValue, key) as T | undefined, defaultValue: valueAt(section?.defaultValue, key) as T | undefined }),
  };
}

/**
 * A value from user settings only. Settings that decide where the key goes (provider, base URLs,
 * Portkey's custom host) are application-scoped; even if an older VS Code let a workspace set
 * them, a workspace must never redirect requests that carry the key.
 */
function userValue<T>(config: ConfigurationSource, key: string): T | undefined {
  const inspected = config.inspect?.<T>(key);
  return inspected ? inspected.globalValue ?? inspected.defaultValue : config.get<T>(key);
}

function readProvider(config: ConfigurationSource, baseUrls: ReadonlyMap<ProviderId, string>, customHost: unknown): ProviderSettings {
  const rawId = userValue<string>(config, 'provider');
  const id: ProviderId = isProviderId(rawId) ? rawId : DEFAULT_PROVIDER;
  const preset = providerById(id);
  const portkeyProvider = preset.portkey ? nonEmpty(config.get('portkey.provider'), 'openai') : undefined;
  const model = nonEmpty(config.get(modelKey(id)), defaultModelFor({ id, portkeyProvider }));
  return {
    id,
    baseUrl: baseUrls.get(id) ?? preset.defaultBaseUrl,
    model: id === 'monsterGaming' ? nonEmpty(model, DEFAULT_MODEL) : model,
    portkeyProvider,
    portkeyCustomHost: preset.portkey ? optionalUrl(customHost) : undefined,
    prxyPipe: id === 'prxy' ? nonEmpty(config.get('prxy.pipe'), '') || undefined : undefined,
  };
}

/**
 * Turns raw configuration into Settings. `baseUrl` is read from user settings only: even if an
 * older VS Code let a workspace set it, a workspace must never redirect requests that carry the key.
 * `http` is VS Code's `http` section (its proxy settings). Every preset's base URL and Portkey's
 * custom host are checked on every read, so a URL with credentials is reported before it is used.
 */
export function readSettings(config: ConfigurationSource, http?: ConfigurationSource): Settings {
  const problems: SettingsProblem[] = [];
  const baseUrls = new Map(PROVIDERS.map((preset) => [preset.id, normalizeBaseUrl(credentialFree(config, baseUrlKey(preset.id), problems), preset.defaultBaseUrl)] as const));
  const customHost = credentialFree(config, 'portkey.customHost', problems);
  const provider = readProvider(config, baseUrls, customHost);
  return {
    provider,
    baseUrl: provider.baseUrl,
    model: provider.model,
    gatewayRoutes: routesDisciplines(provider.id, provider.model),
    errorContext: { providerLabel: providerLabel(provider), monsterGaming: providerById(provider.id).isMonsterGaming, baseUrl: provider.baseUrl, toolModel: toolModelFor(provider) },
    discipline: nonEmpty(config.get('discipline'), 'auto'),
    telemetryEnabled: config.get<boolean>('telemetry.enabled') !== false,
    maxConversations: Math.round(clampNumber(config.get('history.maxConversations'), 1, 500, 50)),
    rateLimitMaxWaitSeconds: clampNumber(config.get('rateLimit.maxWaitSeconds'), 0, 600, 60),
    includeActiveEditor: config.get<boolean>('chat.includeActiveEditor') !== false,
    fixPreview: config.get<boolean>('fix.preview') !== false,
    agentAutoApprove: approvalKinds(config.get('agent.autoApprove')),
    agentMaxSteps: Math.round(clampNumber(config.get('agent.maxSteps'), 1, 200, 25)),
    agentAllowedCommands: commandPrefixes(config.get('agent.allowedCommands')),
    idleTimeoutSeconds: clampNumber(config.get('request.idleTimeoutSeconds'), 5, 600, 60),
    lowCreditWarningUsd: clampNumber(config.get('account.lowCreditWarning'), 0, 1_000_000, 1),
    monsterGamingBaseUrl: baseUrls.get('monsterGaming') ?? DEFAULT_BASE_URL,
    proxy: readProxySettings(http),
    problems,
  };
}


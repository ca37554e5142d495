import { english, type L10n } from '../answering/l10n';
import type { ActionView, ErrorView } from '../shared/protocol';
import { redact } from '../secrets/redact';
import { PORTKEY_PROVIDERS } from './providers';

/** The gateway's documented error codes (API reference, "Error Codes"). */
export type GatewayErrorCode =
  | 'INVALID_REQUEST'
  | 'INVALID_ROLE'
  | 'INVALID_MAX_TOKENS'
  | 'MODEL_NOT_FOUND'
  | 'CONTEXT_OVERFLOW'
  | 'INVALID_API_KEY'
  | 'CREDITS_EXHAUSTED'
  | 'TOS_REQUIRED'
  | 'TIER_RESTRICTED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'SPEND_CAP_EXCEEDED'
  | 'MONTHLY_CAP_EXCEEDED'
  | 'PROVIDER_UNAVAILABLE'
  | 'MAINTENANCE';

/** Failures the extension names itself (no gateway code to go by). */
export type LocalErrorCode =
  /** No API key stored or in the environment. */
  | 'NO_API_KEY'
  /** The gateway could not be reached (refused, DNS, TLS, reset before an answer). */
  | 'NETWORK'
  /** The connection ended in the middle of a streamed answer. */
  | 'STREAM_CUT'
  /** The stream carried something that is not the documented chunk format. */
  | 'MALFORMED_STREAM'
  /** The gateway answered with a status and body we cannot interpret. */
  | 'HTTP_ERROR'
  /** The gateway went silent longer than the idle timeout (monsterGaming.request.idleTimeoutSeconds). */
  | 'STALLED'
  /** The gateway answered with a redirect; redirects are never followed (they would carry the key elsewhere). */
  | 'REDIRECT_REFUSED'
  /** The proxy (http.proxy or HTTPS_PROXY) could not be reached, or refused to connect to the gateway. */
  | 'PROXY_UNREACHABLE'
  /** The proxy wants credentials it did not get, or rejected them (HTTP 407). */
  | 'PROXY_AUTH'
  /** The answer grew past the size any answer of its kind can have, so it was stopped (a runaway or hostile model). */
  | 'ANSWER_TOO_LONG'
  /** The model or gateway refused a request because it carried `tools` (no function calling there). */
  | 'TOOLS_UNSUPPORTED';

export type ErrorCode = GatewayErrorCode | LocalErrorCode;

export const PRICING_URL = 'https://monstergaming.ai/pricing';
export const SIGNUP_URL = 'https://monstergaming.ai/signup';

/** The HTML status page (`GET /status`) beside a Monster Gaming base URL (`…/v1` → `…/status`). */
export function statusPageUrl(baseUrl: string): string {
  return new URL('/status', baseUrl).href;
}

/** What else is known about a failure. */
export interface GatewayErrorDetails {
  readonly status?: number;
  readonly remediation?: string;
  readonly retryable?: boolean;
  /** Seconds to wait before retrying (from `Retry-After` or the body's `retry_after`). */
  readonly retryAfterSeconds?: number;
  readonly resetAt?: string;
}

/** A failed gateway request, with everything the UI needs to say what happened and what to do. */
export class GatewayError extends Error {
  readonly details: GatewayErrorDetails;

  constructor(
    /** An ErrorCode, or a code another gateway sent that has none of ours. */
    readonly code: string,
    message: string,
    details: GatewayErrorDetails = {},
  ) {
    // Messages come from gateways, proxies and the network: never let them carry a secret onward.
    super(redact(message));
    this.name = 'GatewayError';
    this.details = details.remediation === undefined ? details : { ...details, remediation: redact(details.remediation) };
  }
}

const STATUS_CODES: Readonly<Record<number, GatewayErrorCode>> = {
  400: 'INVALID_REQUEST',
  401: 'INVALID_API_KEY',
  402: 'CREDITS_EXHAUSTED',
  403: 'TIER_RESTRICTED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'PROVIDER_UNAVAILABLE',
};

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Parses `Retry-After`: delta seconds or an HTTP date. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) {
    return undefined;
  }
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Number(trimmed);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Codes and types other gateways use (OpenAI, prxy.monster, Moonshot, Portkey's pass-through),
 * mapped to ours so every gateway's failure reads the same way.
 */
const FOREIGN_CODES: Readonly<Record<string, GatewayErrorCode>> = {
  invalid_api_key: 'INVALID_API_KEY',
  invalid_authentication_error: 'INVALID_API_KEY',
  authentication_error: 'INVALID_API_KEY',
  unauthorized: 'INVALID_API_KEY',
  permission_denied: 'TIER_RESTRICTED',
  permission_denied_error: 'TIER_RESTRICTED',
  insufficient_quota: 'CREDITS_EXHAUSTED',
  exceeded_current_quota_error: 'CREDITS_EXHAUSTED',
  rate_limit_exceeded: 'RATE_LIMITED',
  rate_limit_reached_error: 'RATE_LIMITED',
  rate_limit_error: 'RATE_LIMITED',
  cost_limit_per_day: 'SPEND_CAP_EXCEEDED',
  cost_limit_per_month: 'MONTHLY_CAP_EXCEEDED',
  model_not_found: 'MODEL_NOT_FOUND',
  context_length_exceeded: 'CONTEXT_OVERFLOW',
  request_too_large: 'PAYLOAD_TOO_LARGE',
  overloaded_error: 'PROVIDER_UNAVAILABLE',
  engine_overloaded_error: 'PROVIDER_UNAVAILABLE',
};

const PORTKEY_PREFIX = new RegExp(`^(${PORTKEY_PROVIDERS.map((p) => p.slug).join('|')}) error: `);

/** Portkey wraps an upstream answer it could not use as "Invalid response received from <provider>: <body>". */
const PORTKEY_WRAPPED = /^Invalid response received from [\w.-]+:\s*(\{[\s\S]*\})\s*$/;

/** The error object, its message and its code, from any of the shapes gateways send. */
function readErrorBody(body: unknown): { error?: Record<string, unknown>; message?: string; code?: string } {
  const outer = asRecord(body);
  // Ollama and others: {"error": "message"}.
  if (typeof outer?.error === 'string') {
    return { message: outer.error };
  }
  // Monster Gaming, OpenAI, prxy.monster, Moonshot, Portkey: {"error": {...}}; Monster API and
  // Portkey's own failures: {"message": "..."} / {"status": "failure", "message": "..."}; FastAPI: {"detail": "..."}.
  const error = asRecord(outer?.error) ?? outer;
  let message = typeof error?.message === 'string' && error.message.trim() ? error.message.trim() : typeof error?.detail === 'string' ? error.detail : undefined;
  const wrapped = message ? PORTKEY_WRAPPED.exec(message) : null;
  if (wrapped) {
    try {
      const inner = readErrorBody(JSON.parse(wrapped[1]));
      if (inner.message || inner.code) return inner;
    } catch {
      // Not JSON after all: keep Portkey's sentence.
    }
  }
  const rawCode = [error?.code, error?.type].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  // Portkey prefixes a provider's message with "<provider> error: " (and names it in the body,
  // which the SDK does not keep): the provider's own words are the useful part.
  const provider = typeof outer?.provider === 'string' ? outer.provider : PORTKEY_PREFIX.exec(message ?? '')?.[1];
  if (message && provider && message.startsWith(`${provider} error: `)) {
    message = message.slice(provider.length + 8);
  }
  return { error, message, code: rawCode };
}

/** Our code for a gateway's code or type, if we know it. */
function knownCode(raw: string | undefined): GatewayErrorCode | undefined {
  if (!raw) return undefined;
  const upper = raw.toUpperCase();
  if (upper in DESCRIPTIONS && isGatewayErrorCode(upper)) return upper;
  return FOREIGN_CODES[raw.toLowerCase()];
}

/**
 * Turns an HTTP error answer into a GatewayError. `body` is the parsed JSON (the documented
 * `{"error": {...}}`, OpenAI's `{"error": {"message", "type", "code"}}`, Monster API's
 * `{"message"}`, Portkey's failures, or anything else).
 */
export function gatewayErrorFromResponse(status: number, body: unknown, retryAfterHeader?: string | null): GatewayError {
  const { error, message: bodyMessage, code: rawCode } = readErrorBody(body);
  const byStatus = STATUS_CODES[status] ?? (status >= 500 ? 'PROVIDER_UNAVAILABLE' : undefined);
  const notFoundModel = status === 404 && /model/i.test(bodyMessage ?? '') ? 'MODEL_NOT_FOUND' : undefined;
  const code = knownCode(rawCode) ?? notFoundModel ?? byStatus ?? 'HTTP_ERROR';
  const message = bodyMessage ?? (typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : `The gateway answered HTTP ${status}.`);
  const retryAfterBody = typeof error?.retry_after === 'number' ? error.retry_after : undefined;
  return new GatewayError(code, message, {
    status,
    remediation: typeof error?.remediation === 'string' ? error.remediation : undefined,
    retryable: typeof error?.is_retryable === 'boolean' ? error.is_retryable : status === 429 || status >= 500,
    retryAfterSeconds: parseRetryAfter(retryAfterHeader) ?? retryAfterBody,
    resetAt: typeof error?.reset_at === 'string' ? error.reset_at : undefined,
  });
}

/**
 * Marks a catalog string for the translation bundle (scripts/l10n.ts collects `l10nMessage('…')`
 * like `l10n.t('…')`); describeError translates it when it is shown.
 */
function l10nMessage(message: string): string {
  return message;
}

interface Description {
  readonly title: string;
  /** Used when the gateway sent no remediation. */
  readonly remediation: string;
  readonly actions: readonly ActionView[];
}

const SET_KEY: ActionView = { kind: 'setApiKey', label: l10nMessage('Set API key') };
const GET_KEY: ActionView = { kind: 'getApiKey', label: l10nMessage('Get a free key') };
const PRICING: ActionView = { kind: 'openPricing', label: l10nMessage('Open pricing') };
const RETRY: ActionView = { kind: 'retry', label: l10nMessage('Retry') };
const NEW_CHAT: ActionView = { kind: 'newChat', label: l10nMessage('New chat') };
const SETTINGS: ActionView = { kind: 'openSettings', label: l10nMessage('Open settings') };
const PROXY_SETTINGS: ActionView = { kind: 'openProxySettings', label: l10nMessage('Open proxy settings') };

/** Every code, what it means for the user, and the one-click way out. */
const DESCRIPTIONS: Readonly<Record<ErrorCode, Description>> = {
  INVALID_REQUEST: { title: l10nMessage('The gateway rejected the request'), remediation: l10nMessage('This is likely a bug in the extension; retry, or start a new chat.'), actions: [RETRY, NEW_CHAT] },
  INVALID_ROLE: { title: l10nMessage('The gateway rejected a message role'), remediation: l10nMessage('Start a new chat; if it happens again, please report it.'), actions: [NEW_CHAT] },
  INVALID_MAX_TOKENS: { title: l10nMessage('The answer length limit is out of range'), remediation: l10nMessage('max_tokens must be between 1 and 128,000.'), actions: [RETRY] },
  MODEL_NOT_FOUND: { title: l10nMessage('That model does not exist on this gateway'), remediation: l10nMessage('Pick another model in the "monsterGaming.model" setting (monster-gpt works everywhere).'), actions: [SETTINGS] },
  CONTEXT_OVERFLOW: { title: l10nMessage('The conversation is too long for this model'), remediation: l10nMessage('Start a new chat or switch to a model with a larger context window.'), actions: [NEW_CHAT, SETTINGS] },
  INVALID_API_KEY: { title: l10nMessage('Your API key was rejected'), remediation: l10nMessage('Check the key, or get a free key at monstergaming.ai/signup.'), actions: [SET_KEY, GET_KEY] },
  CREDITS_EXHAUSTED: { title: l10nMessage('Your credits are used up'), remediation: l10nMessage('Add credits or upgrade your tier.'), actions: [PRICING] },
  TOS_REQUIRED: { title: l10nMessage('Terms of Service not yet accepted'), remediation: l10nMessage('Accept the Terms of Service in the Monster Gaming portal, then retry.'), actions: [RETRY] },
  TIER_RESTRICTED: { title: l10nMessage('This needs a higher tier'), remediation: l10nMessage('Upgrade your plan, or use a free-tier model such as monster-gpt.'), actions: [PRICING, SETTINGS] },
  PAYLOAD_TOO_LARGE: { title: l10nMessage('The request is over the 64 KB limit'), remediation: l10nMessage('Ask about a smaller selection, or start a new chat.'), actions: [NEW_CHAT] },
  RATE_LIMITED: { title: l10nMessage('Rate limit reached'), remediation: l10nMessage('Wait for the limit to reset, or upgrade for a higher limit.'), actions: [RETRY, PRICING] },
  SPEND_CAP_EXCEEDED: { title: l10nMessage('Daily spend cap reached'), remediation: l10nMessage('The cap resets at midnight UTC; raise it in the portal to continue now.'), actions: [RETRY, PRICING] },
  MONTHLY_CAP_EXCEEDED: { title: l10nMessage('Monthly spend cap reached'), remediation: l10nMessage('Increase the cap in the portal or wait for the next billing cycle.'), actions: [PRICING] },
  PROVIDER_UNAVAILABLE: { title: l10nMessage('The model provider is temporarily down'), remediation: l10nMessage('Retry, or retry allowing a fallback model.'), actions: [RETRY, { kind: 'retryWithFallback', label: l10nMessage('Retry with fallback model') }] },
  MAINTENANCE: { title: l10nMessage('Monster Gaming is under maintenance'), remediation: l10nMessage('Check https://api.monstergaming.ai/status for the ETA, then retry.'), actions: [RETRY] },
  NO_API_KEY: { title: l10nMessage('No API key yet'), remediation: l10nMessage('Set your Monster Gaming API key, or get a free one with $5 credit.'), actions: [SET_KEY, GET_KEY] },
  NETWORK: { title: l10nMessage('Cannot reach the gateway'), remediation: l10nMessage('Check your connection and the "monsterGaming.baseUrl" setting, then retry.'), actions: [RETRY, SETTINGS] },
  STREAM_CUT: { title: l10nMessage('The connection dropped mid-answer'), remediation: l10nMessage('The partial answer is kept. Retry to ask again.'), actions: [RETRY] },
  MALFORMED_STREAM: { title: l10nMessage('The gateway sent an unreadable answer'), remediation: l10nMessage('The partial answer is kept. Retry to ask again.'), actions: [RETRY] },
  STALLED: { title: l10nMessage('The gateway stopped responding'), remediation: l10nMessage('The partial answer is kept. Retry, or raise "monsterGaming.request.idleTimeoutSeconds" for very slow models.'), actions: [RETRY, SETTINGS] },
  HTTP_ERROR: { title: l10nMessage('The gateway answered with an error'), remediation: l10nMessage('Retry; if it persists, check the "monsterGaming.baseUrl" setting.'), actions: [RETRY, SETTINGS] },
  REDIRECT_REFUSED: { title: l10nMessage('The gateway redirected the request'), remediation: l10nMessage('Redirects are never followed, so the key only goes where you pointed it. Set the base URL to the address the gateway really answers on.'), actions: [SETTINGS] },
  PROXY_UNREACHABLE: { title: l10nMessage('Cannot reach the gateway through the proxy'), remediation: l10nMessage('Check the proxy, or the http.proxy setting (and HTTPS_PROXY / NO_PROXY in the environment), then retry.'), actions: [RETRY, PROXY_SETTINGS] },
  ANSWER_TOO_LONG: { title: l10nMessage('The answer was too long'), remediation: l10nMessage('The part that arrived is kept. Ask for something shorter, or retry.'), actions: [RETRY] },
  TOOLS_UNSUPPORTED: { title: l10nMessage('This model cannot use tools'), remediation: l10nMessage('Agent mode needs a model with tool (function) calling: pick one in the "monsterGaming.model" setting, or switch to Ask mode, which works with every model.'), actions: [SETTINGS] },
  PROXY_AUTH: { title: l10nMessage('The proxy needs credentials'), remediation: l10nMessage('Give them in http.proxy (http://user:password@host:port) or http.proxyAuthorization, then retry.'), actions: [RETRY, PROXY_SETTINGS] },
};

/** True for codes the gateway documents (as opposed to local ones). */
export function isGatewayErrorCode(code: string): code is GatewayErrorCode {
  return code in DESCRIPTIONS && !['NO_API_KEY', 'NETWORK', 'STREAM_CUT', 'MALFORMED_STREAM', 'HTTP_ERROR', 'STALLED', 'REDIRECT_REFUSED', 'PROXY_UNREACHABLE', 'PROXY_AUTH', 'ANSWER_TOO_LONG', 'TOOLS_UNSUPPORTED'].includes(code);
}

/** Which gateway failed, so the advice fits it (keys, pricing and fallbacks are Monster Gaming's own). */
export interface ErrorContext {
  /** "Moonshot", "Portkey (self-hosted) → moonshot", … */
  readonly providerLabel: string;
  readonly monsterGaming: boolean;
  readonly baseUrl: string;
  /** A model of this provider's catalogue that takes tools (providers.ts toolModelFor), named when one refuses them. */
  readonly toolModel?: string;
}

const SELECT_MODEL: ActionView = { kind: 'selectModel', label: l10nMessage('Pick a model') };
const SELECT_PROVIDER: ActionView = { kind: 'selectProvider', label: l10nMessage('Switch provider') };

/** Advice for gateways other than Monster Gaming, where the Monster Gaming wording would mislead. */
function otherGateway(code: string, context: ErrorContext, l10n: L10n): Partial<Description> | undefined {
  const name = context.providerLabel;
  switch (code) {
    case 'NO_API_KEY':
      return { title: l10n.t('No {0} key yet', name), remediation: l10n.t('Set the {0} key; it is stored for {0} only.', name), actions: [SET_KEY, SELECT_PROVIDER] };
    case 'INVALID_API_KEY':
      return { remediation: l10n.t('Check the {0} key (Set API Key replaces it; it is sent to {0} only).', name), actions: [SET_KEY, SELECT_PROVIDER] };
    case 'MODEL_NOT_FOUND':
      return { title: l10n.t('That model does not exist on {0}', name), remediation: l10n.t('Pick one of the models this gateway offers.'), actions: [SELECT_MODEL] };
    case 'CREDITS_EXHAUSTED':
      return { remediation: l10n.t('Add credits or raise the quota with {0}.', name), actions: [RETRY, SELECT_PROVIDER] };
    case 'TIER_RESTRICTED':
      return { title: l10n.t('{0} refused the request', name), remediation: l10n.t("The key is not allowed to use this model or feature; pick another model or check the key's permissions."), actions: [SELECT_MODEL, SET_KEY] };
    case 'TOS_REQUIRED':
      return { title: l10n.t('{0} refused the request', name), remediation: l10n.t('Check the account with {0}, then retry.', name), actions: [RETRY] };
    case 'RATE_LIMITED':
      return { remediation: l10n.t("Wait for {0}'s limit to reset, then retry.", name), actions: [RETRY] };
    case 'SPEND_CAP_EXCEEDED':
    case 'MONTHLY_CAP_EXCEEDED':
      return { remediation: l10n.t('Raise the cap in your {0} dashboard, or wait for it to reset.', name), actions: [RETRY] };
    case 'PROVIDER_UNAVAILABLE':
      return { title: l10n.t('{0} or the model behind it is down', name), remediation: l10n.t('Retry in a moment, or switch provider.'), actions: [RETRY, SELECT_PROVIDER] };
    case 'MAINTENANCE':
      return { title: l10n.t('{0} is under maintenance', name), remediation: l10n.t('Retry later, or switch provider.'), actions: [RETRY, SELECT_PROVIDER] };
    case 'NETWORK':
      return { title: l10n.t('Cannot reach {0}', name), remediation: l10n.t('Check that {0} is running and reachable at {1} (Select Provider changes the address), then retry.', name, context.baseUrl), actions: [RETRY, SELECT_PROVIDER] };
    case 'PAYLOAD_TOO_LARGE':
      return { title: l10n.t('The request is too large for this gateway'), remediation: l10n.t('Ask about a smaller selection, or start a new chat.'), actions: [NEW_CHAT] };
    case 'TOOLS_UNSUPPORTED':
      return { remediation: l10n.t('Agent mode needs a model with tool (function) calling: pick another {0} model, or switch to Ask mode, which works with every model.', name), actions: [SELECT_MODEL] };
    case 'HTTP_ERROR':
      return { title: l10n.t('{0} answered with an error', name), remediation: l10n.t('Retry; if it persists, check the address ({0}) and the key.', context.baseUrl), actions: [RETRY, SELECT_PROVIDER] };
    default:
      return undefined;
  }
}

/**
 * The chat's view of an error: headline, what happened, what to do, and the buttons, in the
 * user's language (`l10n` is `vscode.l10n` in the extension). What the gateway itself said (its
 * message, its remediation) is shown as it came.
 */
export function describeError(error: GatewayError, context?: ErrorContext, l10n: L10n = english): ErrorView {
  const base = DESCRIPTIONS[error.code as ErrorCode] ?? DESCRIPTIONS.HTTP_ERROR;
  const ours: Description = { title: l10n.t(base.title), remediation: l10n.t(base.remediation), actions: base.actions };
  const general = context && !context.monsterGaming ? { ...ours, ...otherGateway(error.code, context, l10n) } : ours;
  const description = error.code === 'TOOLS_UNSUPPORTED' && context?.toolModel
    ? { ...general, remediation: l10n.t('Agent mode needs a model with tool (function) calling, such as {0}: pick it, or switch to Ask mode, which works with every model.', context.toolModel) }
    : general;
  let message = error.message;
  if (error.details.retryAfterSeconds !== undefined && error.details.status === 429) {
    message += ` ${l10n.t('Retry after {0} s.', Math.ceil(error.details.retryAfterSeconds))}`;
  }
  return {
    code: error.code,
    title: description.title,
    message,
    // A gateway's own remediation wins; Monster Gaming's wording is only used for Monster Gaming.
    remediation: error.details.remediation ?? description.remediation,
    actions: description.actions.map((action) => ({ ...action, label: l10n.t(action.label) })),
  };
}

/**
 * The error for a request refused because it carried `tools` (see refusesTools in toolCalls.ts),
 * naming the model; what to do next is in its description (a model with tool calling, or Ask mode).
 */
export function toolsUnsupported(error: GatewayError, model: string): GatewayError {
  return new GatewayError('TOOLS_UNSUPPORTED', `The model "${model}" does not accept tools, so it cannot run agent steps (the gateway said: ${error.message})`, { status: error.details.status, retryable: false });
}

/** Wraps anything thrown into a GatewayError (unknown throwables become NETWORK or HTTP_ERROR). */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError('NETWORK', message || 'The request failed.', { retryable: true });
}

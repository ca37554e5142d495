/**
 * The gateway's error catalogue, copied from the "Error Codes" table of the Monster Gaming API
 * reference, and the one function that turns a code into the documented JSON shape.
 *
 * Every error the development gateway sends goes through `errorBody`, so clients can rely on all
 * seven fields being present (`retry_after` / `reset_at` are `null` when they do not apply), just
 * like the real gateway.
 */

/** Every machine-readable code the reference documents. */
export type ErrorCode =
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

/** One row of the reference's error table. */
export interface ErrorCodeInfo {
  readonly status: number;
  readonly retryable: boolean;
  /** Default human message (the table's description). */
  readonly message: string;
  /** What the caller should do next. */
  readonly remediation: string;
}

export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = {
  INVALID_REQUEST: {
    status: 400,
    retryable: false,
    message: 'Malformed request body, missing required fields.',
    remediation: 'Check the request body against the API reference: model and messages are required.',
  },
  INVALID_ROLE: {
    status: 400,
    retryable: false,
    message: 'Message role not in allowed set (system, user, assistant, tool).',
    remediation: 'Use one of the roles system, user, assistant or tool for every message.',
  },
  INVALID_MAX_TOKENS: {
    status: 400,
    retryable: false,
    message: 'max_tokens out of range (1–128,000).',
    remediation: 'Send max_tokens as an integer between 1 and 128,000, or leave it out.',
  },
  MODEL_NOT_FOUND: {
    status: 400,
    retryable: false,
    message: 'Requested model does not exist.',
    remediation: 'Requested model does not exist. Use GET /v1/models for the full list.',
  },
  CONTEXT_OVERFLOW: {
    status: 400,
    retryable: false,
    message: 'Prompt exceeds model context window.',
    remediation: 'Prompt exceeds model context window. Trim history or switch to a larger model.',
  },
  INVALID_API_KEY: {
    status: 401,
    retryable: false,
    message: 'Missing or invalid API key.',
    remediation: 'Missing or invalid API key. Get a key at monstergaming.ai/signup.',
  },
  CREDITS_EXHAUSTED: {
    status: 402,
    retryable: false,
    message: 'Credit balance depleted.',
    remediation: 'Credit balance depleted. Add credits or upgrade tier at monstergaming.ai/pricing.',
  },
  TOS_REQUIRED: {
    status: 403,
    retryable: false,
    message: 'Terms of Service not yet accepted.',
    remediation: 'Terms of Service not yet accepted. Accept them in the portal at monstergaming.ai.',
  },
  TIER_RESTRICTED: {
    status: 403,
    retryable: false,
    message: 'Model requires a higher tier.',
    remediation: 'Model requires a higher tier. Upgrade at monstergaming.ai/pricing or use a free-tier model.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    retryable: false,
    message: 'Request body exceeds 64KB (completions) or 512KB (embeddings).',
    remediation: 'Request body exceeds 64KB. Send less context (shorter history or a smaller selection).',
  },
  RATE_LIMITED: {
    status: 429,
    retryable: true,
    message: 'Rate limit exceeded.',
    remediation: 'Implement exponential backoff. SDKs handle this automatically. Retry after Retry-After seconds.',
  },
  SPEND_CAP_EXCEEDED: {
    status: 429,
    retryable: true,
    message: 'Daily spend cap reached.',
    remediation: 'Daily spend cap reached. Resets at midnight UTC, or raise the cap with PUT /v1/billing/spend-limit.',
  },
  MONTHLY_CAP_EXCEEDED: {
    status: 429,
    retryable: true,
    message: 'Monthly spend cap reached.',
    remediation: 'Monthly spend cap reached. Increase cap or wait for next billing cycle.',
  },
  PROVIDER_UNAVAILABLE: {
    status: 503,
    retryable: true,
    message: 'LLM provider temporarily down.',
    remediation: 'LLM provider temporarily down. Retry, or set allow_fallback: true.',
  },
  MAINTENANCE: {
    status: 503,
    retryable: true,
    message: 'Platform under scheduled maintenance.',
    remediation: 'Platform under scheduled maintenance. Check /status for ETA.',
  },
};

/** True when `value` is one of the documented codes (used to validate fault specs). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/** True for codes that the reference answers with a `Retry-After` (429 and 503). */
export function carriesRetryAfter(code: ErrorCode): boolean {
  const status = ERROR_CODES[code].status;
  return status === 429 || status === 503;
}

/**
 * A failure on its way to the client. Handlers throw it; the dispatcher turns it into the
 * documented JSON with `errorBody`, so no handler formats errors by hand.
 */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  /** Seconds until a retry may succeed (429/503 only); also sent as `Retry-After`. */
  readonly retryAfter: number | undefined;
  /** When the limit resets; defaults to now + `retryAfter`. */
  readonly resetAt: Date | undefined;
  /** Extra headers, e.g. the rate-limit headers of a 429. */
  readonly headers: Readonly<Record<string, string>>;
  /** A 404/405 for an unknown route keeps the `INVALID_REQUEST` shape but not its 400. */
  readonly statusOverride: number | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    extra: {
      retryAfter?: number;
      resetAt?: Date;
      headers?: Record<string, string>;
      status?: number;
    } = {},
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'GatewayError';
    this.code = code;
    this.retryAfter = extra.retryAfter;
    this.resetAt = extra.resetAt;
    this.headers = extra.headers ?? {};
    this.statusOverride = extra.status;
  }

  get status(): number {
    return this.statusOverride ?? ERROR_CODES[this.code].status;
  }
}

/** The documented error object, exactly the fields of the reference's "Error Response". */
export interface ErrorBody {
  readonly error: {
    readonly type: string;
    readonly message: string;
    readonly code: ErrorCode;
    readonly is_retryable: boolean;
    readonly retry_after: number | null;
    readonly reset_at: string | null;
    readonly remediation: string;
  };
}

/** Builds the wire body for `error`; `now` is passed in so tests and callers agree on time. */
export function errorBody(error: GatewayError, now: number): ErrorBody {
  const info = ERROR_CODES[error.code];
  const retryAfter = error.retryAfter ?? null;
  const resetAt =
    error.resetAt ?? (retryAfter === null ? undefined : new Date(now + retryAfter * 1000));
  return {
    error: {
      type: error.code.toLowerCase(),
      message: error.message,
      code: error.code,
      is_retryable: info.retryable,
      retry_after: retryAfter,
      reset_at: resetAt === undefined ? null : resetAt.toISOString(),
      remediation: info.remediation,
    },
  };
}

/**
 * Per-key request counting with the reference's headers.
 *
 * A fixed window per key that starts with the key's first request: simple, deterministic for
 * tests, and it produces the same three headers (plus `Retry-After` on a 429) as the real gateway.
 */
import { GatewayError } from './errors';

export interface RateDecision {
  readonly allowed: boolean;
  /** `X-RateLimit-*` headers (and `Retry-After` when refused). */
  readonly headers: Readonly<Record<string, string>>;
}

interface Window {
  startedAt: number;
  used: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /**
   * @param windowMs length of a window (a minute unless a test wants a shorter one)
   * @param enforce false keeps the headers but never refuses (option `rateLimits: false`)
   */
  constructor(
    private readonly windowMs: number,
    private readonly enforce: boolean,
  ) {}

  /**
   * Counts one request for `key` when `consume` is true (whoami and telemetry do not consume),
   * and says whether it may proceed.
   */
  take(key: string, limit: number, consume: boolean, now: number): RateDecision {
    let window = this.windows.get(key);
    if (!window || now >= window.startedAt + this.windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(key, window);
    }
    const resetMs = window.startedAt + this.windowMs;
    const resetEpoch = Math.ceil(resetMs / 1000);
    const refused = consume && this.enforce && window.used >= limit;
    if (consume && !refused) window.used += 1;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - window.used)),
      'X-RateLimit-Reset': String(resetEpoch),
    };
    if (refused) headers['Retry-After'] = String(Math.max(1, Math.ceil((resetMs - now) / 1000)));
    return { allowed: !refused, headers };
  }

  /** The 429 for a refused decision, with `retry_after`/`reset_at` matching the headers. */
  refusal(decision: RateDecision, tierLabel: string, limit: number): GatewayError {
    const retryAfter = Number(decision.headers['Retry-After']);
    return new GatewayError('RATE_LIMITED', `Rate limit exceeded for ${tierLabel} (${limit} req/min).`, {
      retryAfter,
      resetAt: new Date(Number(decision.headers['X-RateLimit-Reset']) * 1000),
      headers: decision.headers,
    });
  }

  reset(): void {
    this.windows.clear();
  }
}

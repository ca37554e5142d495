import { GatewayError } from './errors';

/** Sleeps that a test can replace, and that end early when the signal aborts. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

export interface RateLimitPolicy {
  /** Longest single wait we accept; a longer `Retry-After` is shown, not waited out. 0 = never wait. */
  readonly maxWaitSeconds: number;
  /** How many automatic retries at most. */
  readonly maxRetries: number;
}

/** 429 codes worth waiting for: the per-minute limit. Spend caps reset at midnight, not in seconds. */
const WAITABLE = new Set(['RATE_LIMITED']);

/**
 * Runs `attempt`, and when the gateway answers 429 RATE_LIMITED with a `Retry-After` within the
 * policy, waits it out (telling `onWait` when the retry will start) and tries again. Anything
 * else, an over-long wait, or running out of retries rethrows the error as it came.
 */
export async function withRateLimitRetry<T>(
  attempt: () => Promise<T>,
  policy: RateLimitPolicy,
  signal: AbortSignal,
  onWait: (retryAt: number, error: GatewayError) => void,
  clock: Clock = systemClock,
): Promise<T> {
  for (let retries = 0; ; retries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof GatewayError) || !WAITABLE.has(error.code) || signal.aborted) {
        throw error;
      }
      const seconds = error.details.retryAfterSeconds;
      if (seconds === undefined || seconds > policy.maxWaitSeconds || retries >= policy.maxRetries) {
        throw error;
      }
      const waitMs = Math.max(0, Math.ceil(seconds * 1000));
      onWait(clock.now() + waitMs, error);
      await clock.sleep(waitMs, signal);
      if (signal.aborted) {
        throw error;
      }
    }
  }
}

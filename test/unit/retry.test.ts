import * as assert from 'node:assert/strict';
import { GatewayError } from '../../src/gateway/errors';
import { withRateLimitRetry, type Clock } from '../../src/gateway/retry';

/** A clock whose sleeps complete at once but are recorded. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const rateLimited = (seconds?: number): GatewayError =>
  new GatewayError('RATE_LIMITED', 'Rate limit exceeded.', { status: 429, retryable: true, retryAfterSeconds: seconds });

describe('waiting out 429 Retry-After', () => {
  it('waits the given seconds, tells when the retry starts, then succeeds', async () => {
    const clock = fakeClock();
    const waits: number[] = [];
    let calls = 0;
    const result = await withRateLimitRetry(
      () => (calls++ === 0 ? Promise.reject(rateLimited(3)) : Promise.resolve('ok')),
      { maxWaitSeconds: 60, maxRetries: 3 },
      new AbortController().signal,
      (retryAt) => waits.push(retryAt),
      clock,
    );
    assert.equal(result, 'ok');
    assert.deepEqual(clock.slept, [3000]);
    assert.deepEqual(waits, [1_000_000 + 3000]);
  });

  it('gives up after maxRetries and rethrows the 429', async () => {
    const clock = fakeClock();
    await assert.rejects(
      withRateLimitRetry(() => Promise.reject(rateLimited(1)), { maxWaitSeconds: 60, maxRetries: 2 }, new AbortController().signal, () => undefined, clock),
      (e: unknown) => e instanceof GatewayError && e.code === 'RATE_LIMITED',
    );
    assert.equal(clock.slept.length, 2);
  });

  it('does not wait longer than the policy allows, nor without Retry-After', async () => {
    for (const seconds of [120, undefined]) {
      const clock = fakeClock();
      await assert.rejects(withRateLimitRetry(() => Promise.reject(rateLimited(seconds)), { maxWaitSeconds: 60, maxRetries: 3 }, new AbortController().signal, () => undefined, clock));
      assert.deepEqual(clock.slept, []);
    }
  });

  it('never retries spend caps or other errors', async () => {
    const clock = fakeClock();
    let calls = 0;
    await assert.rejects(
      withRateLimitRetry(() => { calls++; return Promise.reject(new GatewayError('SPEND_CAP_EXCEEDED', 'cap', { status: 429, retryAfterSeconds: 1 })); }, { maxWaitSeconds: 60, maxRetries: 3 }, new AbortController().signal, () => undefined, clock),
    );
    assert.equal(calls, 1);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const clock: Clock = { now: () => 0, sleep: () => Promise.resolve(controller.abort()) };
    let calls = 0;
    await assert.rejects(withRateLimitRetry(() => { calls++; return Promise.reject(rateLimited(1)); }, { maxWaitSeconds: 60, maxRetries: 3 }, controller.signal, () => undefined, clock));
    assert.equal(calls, 1);
  });
});

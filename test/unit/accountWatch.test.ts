import * as assert from 'node:assert/strict';
import type { AccountSnapshot, KeyHealth } from '../../src/account/accountClient';
import { AccountWatch, keyId, REFRESH_AFTER_MS, type AccountMemory, type AccountSource } from '../../src/account/accountWatch';
import { GatewayError } from '../../src/gateway/errors';

function memory(): AccountMemory & { readonly values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string): T | undefined => values.get(key) as T | undefined,
    update: (key: string, value: unknown): Promise<void> => {
      values.set(key, structuredClone(value));
      return Promise.resolve();
    },
  };
}

class FakeSource implements AccountSource {
  snapshots = 0;
  healthChecks = 0;
  balance = 5;
  health: KeyHealth['status'] = 'healthy';
  failure: Error | undefined;
  snapshot(): Promise<AccountSnapshot> {
    this.snapshots++;
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve({ balanceUsd: this.balance, spentTodayUsd: 0.12, dailyCapUsd: 10, monthlyCapUsd: null });
  }
  keyHealth(): Promise<KeyHealth> {
    this.healthChecks++;
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve({ status: this.health, ageDays: this.health === 'healthy' ? 10 : this.health === 'aging' ? 120 : 200 });
  }
}

interface Harness {
  readonly watch: AccountWatch;
  readonly source: FakeSource;
  readonly lowCredit: number[];
  readonly keyNotices: string[];
  readonly logs: string[];
  readonly clock: { now: number };
  key: string | undefined;
}

function harness(options: { memory?: AccountMemory; source?: FakeSource; threshold?: number } = {}): Harness {
  const source = options.source ?? new FakeSource();
  const clock = { now: 1_000_000 };
  const h: Harness = {
    source,
    clock,
    lowCredit: [],
    keyNotices: [],
    logs: [],
    key: 'key-a',
    watch: undefined as unknown as AccountWatch,
  };
  (h as { watch: AccountWatch }).watch = new AccountWatch({
    account: () => (h.key ? { source, keyId: h.key } : undefined),
    memory: options.memory ?? memory(),
    now: () => clock.now,
    lowCreditThreshold: () => options.threshold ?? 1,
    onLowCredit: (balance) => h.lowCredit.push(balance),
    onKeyHealth: (health) => h.keyNotices.push(health.status),
    log: (line) => h.logs.push(line),
  });
  return h;
}

describe('AccountWatch: the account behind the tooltip, and its one-time notices', () => {
  it('asks nothing when there is no Monster Gaming account (another provider, or no key)', async () => {
    const h = harness();
    h.key = undefined;
    await h.watch.afterAnswer();
    assert.equal(h.source.snapshots + h.source.healthChecks, 0);
    assert.equal(h.watch.reading.kind, 'none');
  });

  it('reads after an answer, then reuses the reading until it is REFRESH_AFTER_MS old', async () => {
    const h = harness();
    await h.watch.afterAnswer();
    assert.equal(h.watch.reading.kind, 'ok');
    await h.watch.afterAnswer();
    assert.equal(h.source.snapshots, 1, 'a burst of answers costs one reading');
    h.clock.now += REFRESH_AFTER_MS + 1;
    await h.watch.afterAnswer();
    assert.equal(h.source.snapshots, 2);
  });

  it('answers arriving together share one reading in flight', async () => {
    const h = harness();
    await Promise.all([h.watch.afterAnswer(), h.watch.afterAnswer(), h.watch.afterAnswer()]);
    assert.equal(h.source.snapshots, 1);
  });

  it('warns once when the balance falls under the threshold, not on every answer, and not again after a reload', async () => {
    const store = memory();
    const source = new FakeSource();
    const h = harness({ memory: store, source });
    await h.watch.afterAnswer();
    assert.deepEqual(h.lowCredit, [], '$5 is above $1');
    source.balance = 0.5;
    for (let i = 0; i < 3; i++) {
      h.clock.now += REFRESH_AFTER_MS + 1;
      await h.watch.afterAnswer();
    }
    assert.deepEqual(h.lowCredit, [0.5]);
    const reloaded = harness({ memory: store, source });
    await reloaded.watch.afterAnswer();
    assert.deepEqual(reloaded.lowCredit, [], 'remembered in globalState');
  });

  it('warns again after the balance was topped up and fell again (a new crossing), and per key', async () => {
    const source = new FakeSource();
    const h = harness({ source });
    source.balance = 0.5;
    await h.watch.afterAnswer();
    source.balance = 20;
    h.clock.now += REFRESH_AFTER_MS + 1;
    await h.watch.afterAnswer();
    source.balance = 0.75;
    h.clock.now += REFRESH_AFTER_MS + 1;
    await h.watch.afterAnswer();
    assert.deepEqual(h.lowCredit, [0.5, 0.75]);
    h.key = 'key-b';
    h.watch.reset();
    await h.watch.afterAnswer();
    assert.deepEqual(h.lowCredit, [0.5, 0.75, 0.75], 'another key has its own state');
  });

  it('follows the threshold setting (0 turns the warning off)', async () => {
    const source = new FakeSource();
    source.balance = 0.5;
    const off = harness({ source, threshold: 0 });
    await off.watch.afterAnswer();
    assert.deepEqual(off.lowCredit, []);
    const high = harness({ source: Object.assign(new FakeSource(), { balance: 9 }), threshold: 10 });
    await high.watch.afterAnswer();
    assert.deepEqual(high.lowCredit, [9]);
  });

  it('an aging, then a stale key gets one notice per state, remembered across reloads', async () => {
    const store = memory();
    const source = new FakeSource();
    const h = harness({ memory: store, source });
    await h.watch.afterAnswer();
    assert.deepEqual(h.keyNotices, [], 'a healthy key says nothing');
    source.health = 'aging';
    h.watch.reset();
    await h.watch.afterAnswer();
    h.watch.reset();
    await h.watch.afterAnswer();
    assert.deepEqual(h.keyNotices, ['aging']);
    source.health = 'stale';
    const reloaded = harness({ memory: store, source });
    await reloaded.watch.afterAnswer();
    await reloaded.watch.afterAnswer();
    assert.deepEqual(reloaded.keyNotices, ['stale']);
    const again = harness({ memory: store, source });
    await again.watch.afterAnswer();
    assert.deepEqual(again.keyNotices, []);
  });

  it('checks key health once per key per session, not after every answer', async () => {
    const h = harness();
    for (let i = 0; i < 3; i++) {
      h.clock.now += REFRESH_AFTER_MS + 1;
      await h.watch.afterAnswer();
    }
    assert.equal(h.source.healthChecks, 1);
  });

  it('failures are quiet: logged, the reading says it failed, no notice, nothing thrown', async () => {
    const source = new FakeSource();
    source.failure = new GatewayError('NETWORK', 'Could not reach the gateway: ECONNREFUSED');
    const h = harness({ source });
    await h.watch.afterAnswer();
    assert.equal(h.watch.reading.kind, 'failed');
    assert.deepEqual(h.lowCredit, []);
    assert.deepEqual(h.keyNotices, []);
    assert.ok(h.logs.some((line) => /ECONNREFUSED/.test(line)), h.logs.join('\n'));
  });

  it('keeps its memory by a hash of the key, never the key', async () => {
    const store = memory();
    const source = new FakeSource();
    source.balance = 0.5;
    const h = harness({ memory: store, source });
    h.key = keyId('mg_live_starter_secretkey123');
    await h.watch.afterAnswer();
    const stored = JSON.stringify([...store.values]);
    assert.ok(stored.includes(h.key), stored);
    assert.ok(!stored.includes('secretkey123'));
    assert.equal(keyId('mg_live_starter_secretkey123'), h.key, 'stable across sessions');
    assert.notEqual(keyId('mg_live_starter_otherkey456'), h.key);
  });
});

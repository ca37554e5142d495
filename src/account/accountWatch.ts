/**
 * The Monster Gaming account behind the status-bar tooltip, and its one-time notices (low
 * credit, an aging or stale key). No `vscode` here: the clock, the memory (globalState), the
 * source (AccountClient) and the notices are passed in.
 *
 * When it reads: after an answer, not at activation. VS Code's stable API has no "tooltip about
 * to show" callback for status-bar items, and an answer is what changes the balance and today's
 * spend, so the tooltip is fresh when the user looks after asking. A reading younger than
 * REFRESH_AFTER_MS is reused: a burst of answers costs one set of requests (the account GETs
 * count against the per-minute rate limit), and answers arriving together share one in flight.
 * Key health changes over months: it is read once per key per session (and when the key is set again).
 */
import { createHash } from 'node:crypto';
import type { AccountSnapshot, KeyHealth } from './accountClient';

/** What the notices' memory is keyed by: a short hash of the key, never the key. */
export function keyId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A reading this young is reused after an answer. */
export const REFRESH_AFTER_MS = 60_000;

/** globalState keys: by key id, whether the low-credit warning was shown for the current crossing. */
const LOW_CREDIT_STATE = 'monsterGaming.account.lowCreditWarned';
/** globalState key: by key id, the key-health state last notified (`aging`, `stale`). */
const KEY_HEALTH_STATE = 'monsterGaming.account.keyHealthNotified';

/** The part of vscode.Memento used (globalState). */
export interface AccountMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface AccountSource {
  snapshot(signal?: AbortSignal): Promise<AccountSnapshot>;
  keyHealth(signal?: AbortSignal): Promise<KeyHealth>;
}

export type AccountReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly snapshot: AccountSnapshot; readonly at: number }
  | { readonly kind: 'failed'; readonly at: number };

export interface AccountTarget {
  readonly source: AccountSource;
  /** keyId() of the key the source uses. */
  readonly keyId: string;
}

export interface AccountWatchOptions {
  /** The source and a non-secret id of the key (a hash), or undefined when Monster Gaming is not the provider or there is no key. */
  readonly account: () => AccountTarget | undefined | Promise<AccountTarget | undefined>;
  readonly memory: AccountMemory;
  readonly now: () => number;
  /** `monsterGaming.account.lowCreditWarning` in USD (0: never warn). */
  readonly lowCreditThreshold: () => number;
  readonly onLowCredit: (balanceUsd: number, thresholdUsd: number) => void;
  readonly onKeyHealth: (health: KeyHealth) => void;
  /** The reading changed (the tooltip re-renders). */
  readonly onChange?: (reading: AccountReading) => void;
  readonly log: (line: string) => void;
}

export class AccountWatch {
  private current: AccountReading = { kind: 'none' };
  private inFlight: Promise<void> | undefined;
  /** Key ids whose health was read this session. */
  private readonly healthRead = new Set<string>();
  /** Bumped by reset, so a reading of the previous key is dropped when it lands. */
  private generation = 0;

  constructor(private readonly options: AccountWatchOptions) {}

  get reading(): AccountReading {
    return this.current;
  }

  /** The key or the provider changed: forget the reading and read key health again (the notices' memory stays). */
  reset(): void {
    this.generation++;
    this.healthRead.clear();
    this.inFlight = undefined;
    this.set({ kind: 'none' });
  }

  /** After an answer: read the account unless a recent reading is there. Never throws. */
  afterAnswer(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.current.kind !== 'none' && this.options.now() - this.current.at < REFRESH_AFTER_MS) return Promise.resolve();
    const generation = this.generation;
    const read = (async (): Promise<void> => {
      const account = await this.options.account();
      if (generation !== this.generation) return;
      if (!account) {
        if (this.current.kind !== 'none') this.set({ kind: 'none' });
        return;
      }
      await this.read(account.source, account.keyId, generation);
    })()
      .catch((error: unknown) => this.options.log(`Account: ${describe(error)}`))
      .finally(() => {
        if (this.inFlight === read) this.inFlight = undefined;
      });
    this.inFlight = read;
    return read;
  }

  private async read(source: AccountSource, keyId: string, generation: number): Promise<void> {
    const checkHealth = !this.healthRead.has(keyId);
    if (checkHealth) this.healthRead.add(keyId);
    const [snapshot, health] = await Promise.allSettled([source.snapshot(), checkHealth ? source.keyHealth() : Promise.resolve(undefined)]);
    if (generation !== this.generation) return;
    if (snapshot.status === 'fulfilled') {
      this.set({ kind: 'ok', snapshot: snapshot.value, at: this.options.now() });
      await this.checkCredit(keyId, snapshot.value.balanceUsd);
    } else {
      this.options.log(`Account: could not read the credit balance: ${describe(snapshot.reason)}`);
      this.set({ kind: 'failed', at: this.options.now() });
    }
    if (health.status === 'fulfilled') {
      if (health.value) await this.checkHealth(keyId, health.value);
    } else {
      // Tried again in the next session (or after the key changes).
      this.options.log(`Account: could not read the key's health: ${describe(health.reason)}`);
    }
  }

  /** Warns once per crossing: when the balance is back at or over the threshold, the next fall warns again. */
  private async checkCredit(keyId: string, balance: number): Promise<void> {
    const threshold = this.options.lowCreditThreshold();
    const warned = this.options.memory.get<Record<string, boolean>>(LOW_CREDIT_STATE) ?? {};
    const low = balance < threshold;
    if (low === (warned[keyId] === true)) return;
    await this.options.memory.update(LOW_CREDIT_STATE, { ...warned, [keyId]: low });
    if (low) this.options.onLowCredit(balance, threshold);
  }

  /** One notice per key state: aging once, stale once; a healthy (new) key says nothing. */
  private async checkHealth(keyId: string, health: KeyHealth): Promise<void> {
    if (health.status === 'healthy') return;
    const notified = this.options.memory.get<Record<string, string>>(KEY_HEALTH_STATE) ?? {};
    if (notified[keyId] === health.status) return;
    await this.options.memory.update(KEY_HEALTH_STATE, { ...notified, [keyId]: health.status });
    this.options.onKeyHealth(health);
  }

  private set(reading: AccountReading): void {
    this.current = reading;
    this.options.onChange?.(reading);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

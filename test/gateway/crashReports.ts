/**
 * The crash reports of the development gateway (reference: "Crash Reports"): a seeded store of
 * crashes whose frames point into the e2e sample project (demo/sample-game), listed with the
 * documented filters (`game_id`, `status`) in pages of at most 100, grouped into trends by
 * fingerprint, summed into stats, and patched to one of the four statuses.
 *
 * The reference names the fields it reports but prints no bodies; the shapes here use its words
 * in snake_case. Paging follows the reference's other lists ("paginate with limit and before"):
 * newest first, `before` the id of the last crash seen, `has_more` when more remain.
 */
import { createHash } from 'node:crypto';
import { CRASH_SEEDS } from './crashSeeds';
import { GatewayError } from './errors';

export const CRASH_STATUSES = ['new', 'investigating', 'resolved', 'wont_fix'] as const;
export type CrashStatus = (typeof CRASH_STATUSES)[number];
/** "Limit up to 100 per page." */
export const MAX_CRASH_PAGE = 100;
export const DEFAULT_CRASH_PAGE = 50;
export const SEED_GAME = 'game_dev_local';

export interface StoredCrash {
  readonly id: string;
  readonly game_id: string;
  readonly fingerprint: string;
  status: CrashStatus;
  readonly platform: string;
  readonly engine: string;
  readonly app_version: string;
  readonly message: string;
  readonly stack_trace: readonly string[];
  readonly created_at: string;
  updated_at: string;
}

/** "Auto-generates a fingerprint from the top-3 stack frames (SHA-256)." */
export function fingerprintOf(stack: readonly string[]): string {
  return createHash('sha256').update(stack.slice(0, 3).join('\n')).digest('hex');
}

const HOUR_MS = 60 * 60 * 1000;

/** The seeded crashes, newest first: one an hour back from `now`, the groups interleaved. */
function seed(now: number): StoredCrash[] {
  const queue = CRASH_SEEDS.map((s) => ({ s, left: s.count, n: 0 }));
  const crashes: StoredCrash[] = [];
  let hour = 0;
  while (queue.some((q) => q.left > 0)) {
    for (const q of queue) {
      if (q.left === 0) continue;
      q.left -= 1;
      // Half an hour off the hour, so "the last 24 hours" does not hinge on milliseconds.
      const at = new Date(now - (hour += 1) * HOUR_MS + HOUR_MS / 2).toISOString();
      // Oldest crashes carry the oldest versions: the version index falls as the crash ages.
      const version = q.s.versions[q.s.versions.length - 1 - Math.floor((q.n * q.s.versions.length) / q.s.count)];
      crashes.push({
        id: `crash_${String(crashes.length + 1).padStart(4, '0')}`,
        game_id: SEED_GAME,
        fingerprint: fingerprintOf(q.s.stack),
        status: 'new',
        platform: q.s.platforms[q.n % q.s.platforms.length],
        engine: 'unity',
        app_version: version,
        message: q.s.message,
        stack_trace: q.s.stack,
        created_at: at,
        updated_at: at,
      });
      q.n += 1;
    }
  }
  return crashes;
}

function integer(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) throw new GatewayError('INVALID_REQUEST', `${name} must be an integer from 1 to ${max}, got "${raw}".`);
  return value;
}

function statusOf(value: unknown, field: string): CrashStatus {
  if (typeof value !== 'string' || !(CRASH_STATUSES as readonly string[]).includes(value)) {
    throw new GatewayError('INVALID_REQUEST', `${field} must be one of ${CRASH_STATUSES.join(', ')}; got ${JSON.stringify(value)}.`);
  }
  return value as CrashStatus;
}

function time(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) throw new GatewayError('INVALID_REQUEST', `${name} must be an ISO 8601 time, got "${raw}".`);
  return at;
}

const versionOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

export class CrashStore {
  private crashes: StoredCrash[];
  private added = 0;

  constructor(private readonly now: () => number) {
    this.crashes = seed(now());
  }

  reset(): void {
    this.crashes = seed(this.now());
    this.added = 0;
  }

  /** No crashes at all, as a new game's account has. */
  clear(): void {
    this.crashes = [];
  }

  find(id: string): StoredCrash {
    const crash = this.crashes.find((c) => c.id === id);
    if (!crash) throw new GatewayError('INVALID_REQUEST', `No crash ${JSON.stringify(id)}.`, { status: 404 });
    return crash;
  }

  /** `GET /v1/debug/crashes?game_id&status&limit&before`. */
  list(query: URLSearchParams): Record<string, unknown> {
    const limit = integer(query, 'limit', DEFAULT_CRASH_PAGE, MAX_CRASH_PAGE);
    const game = query.get('game_id');
    const status = query.has('status') ? statusOf(query.get('status'), 'status') : undefined;
    const before = query.get('before');
    let matching = this.crashes.filter((c) => (game === null || c.game_id === game) && (status === undefined || c.status === status));
    if (before !== null) {
      const at = matching.findIndex((c) => c.id === before);
      if (at < 0 && !this.crashes.some((c) => c.id === before)) throw new GatewayError('INVALID_REQUEST', `before names no crash: "${before}".`);
      // A cursor that no longer matches the filter (its status changed) still places the page by time.
      const cursor = this.find(before).created_at;
      matching = at >= 0 ? matching.slice(at + 1) : matching.filter((c) => c.created_at < cursor);
    }
    const data = matching.slice(0, limit);
    return { object: 'list', data, has_more: matching.length > limit, ...(matching.length > limit ? { next_before: data[data.length - 1].id } : {}) };
  }

  /** `GET /v1/debug/crashes/trends?game_id&since&until`: by fingerprint, most frequent first. */
  trends(query: URLSearchParams): Record<string, unknown> {
    const game = query.get('game_id');
    const since = time(query, 'since');
    const until = time(query, 'until');
    const within = this.crashes.filter((c) => {
      const at = Date.parse(c.created_at);
      return (game === null || c.game_id === game) && (since === undefined || at >= since) && (until === undefined || at <= until);
    });
    const allVersions = [...new Set(this.crashes.map((c) => c.app_version))].sort(versionOrder);
    const groups = new Map<string, StoredCrash[]>();
    for (const crash of within) groups.set(crash.fingerprint, [...(groups.get(crash.fingerprint) ?? []), crash]);
    const data = [...groups.values()].map((group) => {
      const versions = [...new Set(group.map((c) => c.app_version))].sort(versionOrder);
      // A regression: seen in the latest version after being absent from one after its first.
      const first = allVersions.indexOf(versions[0]);
      const regression = versions.includes(allVersions[allVersions.length - 1]) && allVersions.slice(first).some((v) => !versions.includes(v));
      const newest = group[0];
      return {
        fingerprint: newest.fingerprint,
        top_frame: newest.stack_trace[0],
        message: newest.message,
        count: group.length,
        first_seen: group[group.length - 1].created_at,
        last_seen: newest.created_at,
        is_regression: regression,
        platforms: [...new Set(group.map((c) => c.platform))].sort(),
        versions,
      };
    });
    data.sort((a, b) => b.count - a.count || a.fingerprint.localeCompare(b.fingerprint));
    return { object: 'list', data };
  }

  /** `GET /v1/debug/crashes/stats`. */
  stats(): Record<string, unknown> {
    const now = this.now();
    const count = (key: (c: StoredCrash) => string): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const crash of this.crashes) counts[key(crash)] = (counts[key(crash)] ?? 0) + 1;
      return counts;
    };
    const byStatus = Object.fromEntries(CRASH_STATUSES.map((s) => [s, this.crashes.filter((c) => c.status === s).length]));
    const within = (hours: number): number => this.crashes.filter((c) => now - Date.parse(c.created_at) <= hours * HOUR_MS).length;
    const unique = new Set(this.crashes.map((c) => c.fingerprint)).size;
    return {
      total_crashes: this.crashes.length,
      unique_fingerprints: unique,
      by_status: byStatus,
      velocity: { last_24h: within(24), last_7d: within(24 * 7) },
      platforms: count((c) => c.platform),
      games: count((c) => c.game_id),
      dedup_savings: { duplicate_reports: this.crashes.length - unique },
    };
  }

  /** `PATCH /v1/debug/crashes/:id` with `{status}`. */
  patch(id: string, body: unknown): StoredCrash {
    const crash = this.find(id);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GatewayError('INVALID_REQUEST', 'The request body must be a JSON object.');
    crash.status = statusOf((body as Record<string, unknown>).status, 'status');
    crash.updated_at = new Date(this.now()).toISOString();
    return crash;
  }

  /** `POST /v1/debug/crashes` (JSON metadata; this gateway stores no minidumps). */
  add(body: unknown): Record<string, unknown> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GatewayError('INVALID_REQUEST', 'The request body must be a JSON object.');
    const b = body as Record<string, unknown>;
    const stack = b.stack_trace;
    if (!Array.isArray(stack) || stack.length === 0 || !stack.every((f) => typeof f === 'string')) throw new GatewayError('INVALID_REQUEST', 'stack_trace must be a non-empty array of strings (one per frame).');
    const text = (name: string, fallback: string): string => {
      const value = b[name];
      if (value === undefined) return fallback;
      if (typeof value !== 'string') throw new GatewayError('INVALID_REQUEST', `${name} must be a string.`);
      return value;
    };
    const at = new Date(this.now()).toISOString();
    this.added += 1;
    const crash: StoredCrash = {
      id: `crash_new_${String(this.added).padStart(4, '0')}`,
      game_id: text('game_id', SEED_GAME),
      fingerprint: fingerprintOf(stack),
      status: 'new',
      platform: text('platform', 'unknown'),
      engine: text('engine', 'unknown'),
      app_version: text('app_version', 'unknown'),
      message: text('message', ''),
      stack_trace: stack,
      created_at: at,
      updated_at: at,
    };
    this.crashes.unshift(crash);
    return { id: crash.id, fingerprint: crash.fingerprint, status: crash.status, created_at: crash.created_at };
  }
}

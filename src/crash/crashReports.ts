/**
 * The Monster Gaming crash reports (`/debug/crashes…`): trends, stats, pages of crashes and the
 * status PATCH, through the REST caller the account uses (auth, Wire, bounded body,
 * GatewayError). Answers are hostile: only what the guards allow is believed, and a stored
 * crash's frames are bounded before they become a ParsedCrash. Pure (no `vscode`).
 */
import type { GatewayRest } from '../account/gatewayRest';
import type { CrashEngine, CrashFrame, CrashPlatform, ParsedCrash } from './crashTypes';

export const CRASH_STATUSES = ['new', 'investigating', 'resolved', 'wont_fix'] as const;
export type CrashStatus = (typeof CRASH_STATUSES)[number];
/** "Limit up to 100 per page." */
export const CRASH_PAGE = 100;
/**
 * The read limit for the crash lists: a page of 100 crashes with real 20–60-frame stacks is a few
 * hundred KB (far over the account answers' 64 KB), and trends carry a frame and a message per
 * group. Still a bound: a hostile or broken gateway cannot make the view read without end.
 */
export const MAX_CRASH_LIST_BYTES = 4 * 1024 * 1024;
/** Frames believed from one stored crash, and characters of each. */
const MAX_STORED_FRAMES = 256;
const MAX_FRAME_CHARS = 1000;

/**
 * One fingerprint's group (`GET /debug/crashes/trends`). The reference names "occurrence count,
 * first/last seen, regression detection, platform/version aggregation" but prints no body: the
 * grouping (fingerprint, count, first/last seen) must be there; the regression flag and the
 * platform and version lists are our reading of its words, so a gateway that leaves them out
 * gets "not a regression" and empty lists rather than a failed view.
 */
export interface CrashTrend {
  readonly fingerprint: string;
  readonly top_frame?: string;
  readonly message?: string;
  readonly count: number;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly is_regression: boolean;
  readonly platforms: readonly string[];
  readonly versions: readonly string[];
}

/** A trend as the gateway may send it: the undocumented fields optional. */
type CrashTrendAnswer = Omit<CrashTrend, 'is_regression' | 'platforms' | 'versions'> & {
  readonly is_regression?: boolean | null;
  readonly platforms?: readonly string[] | null;
  readonly versions?: readonly string[] | null;
};

/** One stored crash (`GET /debug/crashes`). */
export interface StoredCrash {
  readonly id: string;
  readonly fingerprint: string;
  readonly status: CrashStatus;
  readonly platform?: string;
  readonly engine?: string;
  readonly app_version?: string;
  readonly message?: string;
  readonly stack_trace: readonly string[];
  readonly created_at: string;
}

export interface CrashStats {
  readonly total_crashes: number;
  readonly unique_fingerprints: number;
  readonly velocity?: { readonly last_24h?: number; readonly last_7d?: number };
}

export interface CrashPage {
  readonly data: readonly StoredCrash[];
  readonly has_more: boolean;
}

/** A page as the gateway may send it: the reference documents `limit` but not `has_more`. */
type CrashPageAnswer = Omit<CrashPage, 'has_more'> & { readonly has_more?: boolean | null };

type Guard<T> = (value: unknown) => value is T;

const record = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((s) => typeof s === 'string');
const optional = (value: unknown, type: 'string' | 'number' | 'boolean'): boolean => value === undefined || value === null || typeof value === type;
const optionalStrings = (value: unknown): boolean => value === undefined || value === null || strings(value);
const listOf = <T>(item: Guard<T>) => (value: unknown): value is { data: T[] } => record(value) && Array.isArray(value.data) && value.data.every(item);

export function isCrashStatus(value: unknown): value is CrashStatus {
  return typeof value === 'string' && (CRASH_STATUSES as readonly string[]).includes(value);
}

function isCrashTrend(value: unknown): value is CrashTrendAnswer {
  return (
    record(value) && typeof value.fingerprint === 'string' && typeof value.count === 'number' && typeof value.first_seen === 'string' && typeof value.last_seen === 'string' &&
    optional(value.is_regression, 'boolean') && optionalStrings(value.platforms) && optionalStrings(value.versions) && optional(value.top_frame, 'string') && optional(value.message, 'string')
  );
}

export function isStoredCrash(value: unknown): value is StoredCrash {
  return (
    record(value) && typeof value.id === 'string' && typeof value.fingerprint === 'string' && isCrashStatus(value.status) && strings(value.stack_trace) &&
    typeof value.created_at === 'string' && ['platform', 'engine', 'app_version', 'message'].every((name) => optional(value[name], 'string'))
  );
}

export function isCrashStats(value: unknown): value is CrashStats {
  return record(value) && typeof value.total_crashes === 'number' && typeof value.unique_fingerprints === 'number' && (value.velocity === undefined || record(value.velocity));
}

const isPage = (value: unknown): value is CrashPageAnswer => listOf(isStoredCrash)(value) && optional((value as Record<string, unknown>).has_more, 'boolean');

/** The calls the Crash Reports view makes. */
export class CrashReportsClient {
  constructor(private readonly rest: Pick<GatewayRest, 'call'>) {}

  async trends(signal?: AbortSignal): Promise<readonly CrashTrend[]> {
    const { data } = await this.rest.call({ method: 'GET', path: '/debug/crashes/trends', valid: listOf(isCrashTrend), maxBytes: MAX_CRASH_LIST_BYTES, ...(signal ? { signal } : {}) });
    return data.map((trend) => ({ ...trend, is_regression: trend.is_regression ?? false, platforms: trend.platforms ?? [], versions: trend.versions ?? [] }));
  }

  stats(signal?: AbortSignal): Promise<CrashStats> {
    return this.rest.call({ method: 'GET', path: '/debug/crashes/stats', valid: isCrashStats, ...(signal ? { signal } : {}) });
  }

  /** A page of crashes, newest first; `before` is the last id of the previous page. Without `has_more`, a full page may have more. */
  async page(before: string | undefined, signal?: AbortSignal): Promise<CrashPage> {
    const query = `?limit=${CRASH_PAGE}${before !== undefined ? `&before=${encodeURIComponent(before)}` : ''}`;
    const { data, has_more } = await this.rest.call({ method: 'GET', path: `/debug/crashes${query}`, valid: isPage, maxBytes: MAX_CRASH_LIST_BYTES, ...(signal ? { signal } : {}) });
    return { data, has_more: has_more ?? data.length >= CRASH_PAGE };
  }

  setStatus(id: string, status: CrashStatus): Promise<StoredCrash> {
    return this.rest.call({ method: 'PATCH', path: `/debug/crashes/${encodeURIComponent(id)}`, valid: isStoredCrash, body: { status } });
  }
}

/** `Name (path:line)`, as stack_trace entries are written (crashParsers' frameText); otherwise the text is the function. */
const FRAME = /^([^()]{1,500}) \(([^()]{1,500}?)(?::(\d{1,7}))?\)$/;
const ENGINES: readonly string[] = ['unity', 'unreal', 'godot'];
const PLATFORMS: readonly string[] = ['windows', 'linux', 'macos', 'android', 'ios'];

export function storedFrame(text: string): CrashFrame {
  const cut = text.slice(0, MAX_FRAME_CHARS);
  const match = FRAME.exec(cut);
  if (!match) return { function: cut };
  return { function: match[1], file: match[2], ...(match[3] ? { line: Number(match[3]) } : {}) };
}

/** A stored crash as the crash pipeline reads crashes: bounded frames, the gateway's engine and platform where known. */
export function storedCrash(crash: StoredCrash): ParsedCrash {
  const frames = crash.stack_trace.slice(0, MAX_STORED_FRAMES).map(storedFrame);
  return {
    format: 'stored',
    ...(crash.message ? { message: crash.message.slice(0, MAX_FRAME_CHARS) } : {}),
    frames,
    ...(ENGINES.includes(crash.engine ?? '') ? { engine: crash.engine as CrashEngine } : {}),
    ...(PLATFORMS.includes(crash.platform ?? '') ? { platform: crash.platform as CrashPlatform } : {}),
    read: 0,
    total: 0,
    droppedFrames: Math.max(0, crash.stack_trace.length - MAX_STORED_FRAMES),
  };
}

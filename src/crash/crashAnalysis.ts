/**
 * From a parsed crash to what is asked: the sidebar question (the crash and the source around
 * its top workspace frames attached, so follow-ups keep them), the frame links shown under the
 * answer, and the two requests — `POST /debug/analyze` for Monster Gaming, a chat question with
 * a crash-specialist prompt for other gateways. Pure (no `vscode`): the collectors (crash text,
 * a stopped debug session: debugCrash.ts) hand in a ParsedCrash and located frames.
 */
import type { GatewayRest } from '../account/gatewayRest';
import type { ContextItem } from '../answering/contextTypes';
import type { ProvidedAnswer } from '../chat/chatController';
import type { ErrorView, FrameLinkView } from '../shared/protocol';
import type { LocatedFrame } from './crashFrames';
import { frameText } from './crashParsers';
import type { CrashEngine, CrashPlatform, ParsedCrash } from './crashTypes';
import { withoutUserNames } from './userPaths';

/** "Optional question field (max 500 chars)" of `POST /debug/analyze`. */
export const MAX_CRASH_QUESTION_CHARS = 500;
/** An AI analysis takes longer than an account reading. */
export const ANALYZE_TIMEOUT_MS = 120_000;
/** Source attached for this many top workspace frames, this many lines either side. */
export const SOURCE_FRAMES = 3;
export const SOURCE_RADIUS_LINES = 12;
/** The gateway refuses bodies over 64 KB (PAYLOAD_TOO_LARGE); an analyze request keeps 2 KB of room under that. */
export const ANALYZE_BODY_LIMIT_BYTES = 62 * 1024;
/** A stack entry longer than this is shortened when the body does not fit (names of 512 characters, and a path). */
const MAX_STACK_ENTRY_CHARS = 240;

/** The body of `POST /debug/analyze` for an inline stack, as the reference names its fields. */
export interface AnalyzeRequestBody {
  readonly stack_trace: readonly string[];
  readonly platform?: CrashPlatform;
  readonly engine?: CrashEngine;
  readonly question?: string;
}

/** The body for a crash the gateway stores (the Crash Reports view): it reads the frames itself. */
export interface StoredAnalyzeRequestBody {
  readonly crash_id: string;
  readonly question?: string;
}

/** `{crash_id, analysis, model, analyzed_at}`. */
export interface CrashAnalysis {
  readonly crash_id: string | null;
  readonly analysis: string;
  readonly model: string;
  readonly analyzed_at: string;
}

/** Where the crash text came from, for the question's label (`report`: the Crash Reports view). */
export type CrashSource = 'selection' | 'clipboard' | 'file' | 'report' | 'debugger';

/** The lines around a frame, read by the caller (confined to the workspace, bounded). */
export interface FrameSource {
  /** Workspace-relative path (forward slashes). */
  readonly path: string;
  readonly language: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
}

/** Everything a collector found: the crash, its frames placed, and how to show their paths. */
export interface CollectedCrash {
  readonly crash: ParsedCrash;
  readonly located: readonly LocatedFrame[];
  /** Workspace-relative path of a located frame's file. */
  readonly relative: (file: string) => string;
  readonly source: CrashSource;
  /** The name shown for the source: `Player.log`, `the selection`. */
  readonly sourceName: string;
  /** The engine of the workspace's profile, which wins over the text's guess. */
  readonly profileEngine?: CrashEngine;
  readonly sources?: readonly FrameSource[];
}

export function isCrashAnalysis(value: unknown): value is CrashAnalysis {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    (body.crash_id === null || typeof body.crash_id === 'string') &&
    typeof body.analysis === 'string' &&
    body.analysis.trim() !== '' &&
    typeof body.model === 'string' &&
    typeof body.analyzed_at === 'string'
  );
}

/** The profile's engine name as the gateway's `engine` field spells it. */
export function crashEngine(engine: 'Unity' | 'Unreal Engine' | 'Godot' | undefined): CrashEngine | undefined {
  if (engine === 'Unity') return 'unity';
  if (engine === 'Unreal Engine') return 'unreal';
  return engine === 'Godot' ? 'godot' : undefined;
}

/** Each frame as one `stack_trace` entry: workspace frames with their workspace-relative path, others without the user's name. */
export function stackTrace(collected: Pick<CollectedCrash, 'located' | 'relative'>): string[] {
  return collected.located.map(({ frame, file }) => (file !== undefined ? frameText(frame, collected.relative(file)) : withoutUserNames(frameText(frame))));
}

/** The request for `POST /debug/analyze`, fitted under the body limit (fitAnalyzeRequest). */
export function analyzeRequest(collected: CollectedCrash, question: string | undefined): AnalyzeRequestBody {
  return fitAnalyzeRequest(collected, question).body;
}

/** The request as sent, and what was changed to fit it: entries shortened, bottom frames left out. */
export interface FittedAnalyzeRequest {
  readonly body: AnalyzeRequestBody;
  readonly shortened: number;
  readonly left: number;
}

const bodyBytes = (body: AnalyzeRequestBody): number => new TextEncoder().encode(JSON.stringify(body)).length;

/** An entry cut in its middle: the function's start and the location at its end stay. */
function shortenEntry(entry: string): string {
  if (entry.length <= MAX_STACK_ENTRY_CHARS) return entry;
  const half = Math.floor((MAX_STACK_ENTRY_CHARS - 1) / 2);
  return `${entry.slice(0, half)}…${entry.slice(-half)}`;
}

/**
 * The request for `POST /debug/analyze`, at most ANALYZE_BODY_LIMIT_BYTES: the question is cut to
 * the documented 500 characters; a body still over the limit (long names and paths, JSON escapes)
 * gets its long entries shortened, then its bottom frames left out, the top ones kept.
 */
export function fitAnalyzeRequest(collected: CollectedCrash, question: string | undefined, limitBytes: number = ANALYZE_BODY_LIMIT_BYTES): FittedAnalyzeRequest {
  const engine = collected.profileEngine ?? collected.crash.engine;
  const asked = question?.trim().slice(0, MAX_CRASH_QUESTION_CHARS);
  const make = (entries: readonly string[]): AnalyzeRequestBody => ({
    stack_trace: entries,
    ...(collected.crash.platform ? { platform: collected.crash.platform } : {}),
    ...(engine ? { engine } : {}),
    ...(asked ? { question: asked } : {}),
  });
  const whole = stackTrace(collected);
  let body = make(whole);
  if (bodyBytes(body) <= limitBytes) return { body, shortened: 0, left: 0 };
  const short = whole.map(shortenEntry);
  let kept = short.length;
  body = make(short);
  // One frame always goes (the gateway needs one); an entry is at most a few KB escaped, so it fits.
  while (kept > 1 && bodyBytes(body) > limitBytes) body = make(short.slice(0, --kept));
  const shortened = short.slice(0, kept).filter((entry, i) => entry !== whole[i]).length;
  return { body, shortened, left: whole.length - kept };
}

/** The frames that are in the workspace, once each, as links under the answer. */
export function frameLinks(collected: Pick<CollectedCrash, 'located' | 'relative'>): FrameLinkView[] {
  const seen = new Set<string>();
  const links: FrameLinkView[] = [];
  for (const { frame, file } of collected.located) {
    if (file === undefined || frame.line === undefined) continue;
    const path = collected.relative(file);
    const key = `${path}:${frame.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({ ...(frame.function ? { function: frame.function } : {}), path, line: frame.line });
  }
  return links;
}

/** The crash as the attached item shows it: what threw, then the frames as the gateway gets them. */
export function crashText(collected: CollectedCrash): string {
  const { crash } = collected;
  const lines = [
    ...(crash.message ? [withoutUserNames(crash.message)] : []),
    ...stackTrace(collected).map((frame) => `  at ${frame}`),
    ...(crash.droppedFrames > 0 ? [`  … ${crash.droppedFrames} more frames`] : []),
  ];
  return lines.join('\n');
}

/** What the user's message says: the exception, and their question. */
export function questionText(collected: CollectedCrash, question: string | undefined): string {
  const what = withoutUserNames(collected.crash.message ?? frameText(collected.crash.frames[0] ?? {}));
  const asked = question?.trim();
  return `Analyze this crash from ${collected.sourceName}: ${what}${asked ? `\n\n${asked}` : ''}`;
}

/**
 * What other gateways are asked (no `/debug/analyze`): the same crash and question, with the
 * specialist's brief and the sections the analysis endpoint answers in.
 */
export function chatPrompt(collected: CollectedCrash, question: string | undefined): string {
  const { crash } = collected;
  const engine = collected.profileEngine ?? crash.engine;
  const facts = [engine ? `engine ${engine}` : undefined, crash.platform ? `platform ${crash.platform}` : undefined].filter(Boolean).join(', ');
  return [
    questionText(collected, question),
    '',
    `You are a game crash analyst. Read the attached crash${facts ? ` (${facts})` : ''} and the source around its top frames, then answer in markdown with these sections: ` +
      '**Root Cause:** (which frame and why), **Severity:** (critical, high, medium or low, and who it hits), **Fix Suggestion:** (code where it helps), ' +
      '**Prevention:** and **Related Patterns:**. Name files and lines as they appear in the attached source.',
  ].join('\n');
}

/** The crash and the source around its top frames, as context items (they stay with the conversation). */
export function crashItems(collected: CollectedCrash): ContextItem[] {
  const crash: ContextItem = {
    kind: collected.source === 'selection' ? 'selection' : 'file',
    label: `crash (${collected.crash.format}, ${collected.crash.frames.length} frames)`,
    language: 'text',
    text: crashText(collected),
    explicit: true,
  };
  const sources = (collected.sources ?? []).map(
    (source): ContextItem => ({
      kind: 'file',
      label: `#file:${source.path}`,
      path: source.path,
      span: { startLine: source.startLine, endLine: source.endLine },
      language: source.language,
      text: source.text,
      explicit: true,
    }),
  );
  return [crash, ...sources];
}

/** `POST /debug/analyze` through the REST caller the account uses (auth, Wire, bounded body, GatewayError). */
export function requestAnalysis(rest: Pick<GatewayRest, 'call'>, body: AnalyzeRequestBody | StoredAnalyzeRequestBody, signal: AbortSignal): Promise<CrashAnalysis> {
  return rest.call({ method: 'POST', path: '/debug/analyze', valid: isCrashAnalysis, body, signal, timeoutMs: ANALYZE_TIMEOUT_MS });
}

/**
 * The sidebar's answer made by `POST /debug/analyze`: the analysis, or the failure as the engine
 * describes a run's own (`describe`: with the status and ETA on a 503 or MAINTENANCE). Called again
 * by Retry, so a retried analysis is asked of the same endpoint with the same body.
 */
export function analysisAnswer(
  rest: Pick<GatewayRest, 'call'>,
  body: AnalyzeRequestBody | StoredAnalyzeRequestBody,
  describe: (error: unknown) => Promise<ErrorView>,
): (signal: AbortSignal) => Promise<ProvidedAnswer> {
  return async (signal) => {
    try {
      const analysis = await requestAnalysis(rest, body, signal);
      return { text: analysis.analysis, model: analysis.model };
    } catch (error) {
      return { error: await describe(error) };
    }
  };
}

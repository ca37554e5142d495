/**
 * `POST /v1/debug/analyze` of the development gateway (reference: "Crash Analysis"): a crash given
 * inline (`stack_trace`, `platform`, `engine`, an optional `question` of at most 500 characters)
 * or by `crash_id`, answered with `{crash_id, analysis, model, analyzed_at}`. The analysis is
 * markdown in the documented sections (root cause, severity, fix, prevention, related patterns)
 * and names the top frame, so tests can tell it was made from the frames they sent.
 */
import { GatewayError } from './errors';

/** "Optional question field (max 500 chars)". */
export const MAX_QUESTION_CHARS = 500;
/** More frames than any analysis reads; a longer stack is refused, not cut silently. */
export const MAX_STACK_FRAMES = 256;
/** The model the reference names ("AI-powered crash analysis using DeepSeek Chat"). */
export const ANALYSIS_MODEL = 'deepseek-chat';

/** A request that passed validation. */
export interface AnalyzeRequest {
  readonly stackTrace?: readonly string[];
  readonly crashId?: string;
  readonly platform?: string;
  readonly engine?: string;
  readonly question?: string;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new GatewayError('INVALID_REQUEST', `${name} must be a string.`);
  return value;
}

/** Checks a body as the gateway does; every refusal is a 400 INVALID_REQUEST naming the field. */
export function validateAnalyze(value: unknown): AnalyzeRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GatewayError('INVALID_REQUEST', 'The request body must be a JSON object.');
  const body = value as Record<string, unknown>;
  const crashId = optionalString(body, 'crash_id');
  const platform = optionalString(body, 'platform');
  const engine = optionalString(body, 'engine');
  const question = optionalString(body, 'question');
  let stackTrace: string[] | undefined;
  if (body.stack_trace !== undefined && body.stack_trace !== null) {
    if (!Array.isArray(body.stack_trace) || !body.stack_trace.every((frame) => typeof frame === 'string')) {
      throw new GatewayError('INVALID_REQUEST', 'stack_trace must be an array of strings (one per frame).');
    }
    stackTrace = body.stack_trace;
    if (stackTrace.length === 0) throw new GatewayError('INVALID_REQUEST', 'stack_trace must hold at least one frame.');
    if (stackTrace.length > MAX_STACK_FRAMES) throw new GatewayError('INVALID_REQUEST', `stack_trace holds ${stackTrace.length} frames; at most ${MAX_STACK_FRAMES} are accepted.`);
  }
  if (stackTrace === undefined && crashId === undefined) throw new GatewayError('INVALID_REQUEST', 'Provide crash_id for a stored crash or stack_trace for inline analysis.');
  if (question !== undefined && question.length > MAX_QUESTION_CHARS) {
    throw new GatewayError('INVALID_REQUEST', `question is ${question.length} characters; the maximum is ${MAX_QUESTION_CHARS}.`);
  }
  return {
    ...(stackTrace ? { stackTrace } : {}),
    ...(crashId !== undefined ? { crashId } : {}),
    ...(platform !== undefined ? { platform } : {}),
    ...(engine !== undefined ? { engine } : {}),
    ...(question !== undefined ? { question } : {}),
  };
}

/** The documented answer for a stack (a stored crash's is filled in by the caller, crashReports.ts). */
export function analyzeCrash(request: AnalyzeRequest, now: number): Record<string, unknown> {
  if (!request.stackTrace) {
    throw new GatewayError('INVALID_REQUEST', `No stored crash ${JSON.stringify(request.crashId)}: the development gateway analyzes inline stack traces only.`, { status: 404 });
  }
  const top = request.stackTrace[0];
  const where = [request.engine, request.platform].filter((s) => s !== undefined && s !== '').join(' on ') || 'an unknown engine and platform';
  const lines = [
    `**Root Cause:** The crash happens in \`${top}\`, the top of a ${request.stackTrace.length}-frame stack (${where}). The most likely cause is a null or freed object used there.`,
    '',
    '**Severity:** High — the process stops; every player who reaches this code path loses their session.',
    '',
    `**Fix Suggestion:** Check the object used in \`${top}\` before using it, and find out why it is not set on this path${request.stackTrace.length > 1 ? ` (called from \`${request.stackTrace[1]}\`)` : ''}.`,
    '',
    '**Prevention:** Assert the invariant where the object is created, and add a test that runs this path.',
    '',
    '**Related Patterns:** Use after destroy; initialization order between frames.',
  ];
  if (request.question) lines.push('', `**Your Question:** ${request.question}`, '', 'Look first at the top frame above: it is where the invalid access happens.');
  return { crash_id: null, analysis: lines.join('\n'), model: ANALYSIS_MODEL, analyzed_at: new Date(now).toISOString() };
}

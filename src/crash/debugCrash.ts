/**
 * A stopped debug session's crash, from any debug adapter (C#, C++, GDScript, Node…): what threw
 * through DAP `exceptionInfo` when the stop was an exception (else the stopped event's own words),
 * and the stack through `stackTrace`, bounded like a crash text (MAX_FRAMES). The result is a
 * ParsedCrash, so the analysis is the text path's (crashAnalysis.ts). Everything an adapter says
 * is hostile: checked and cut. Pure (no `vscode`): the session and the words are passed in.
 */
import type { L10n } from '../answering/l10n';
import { MAX_FRAMES } from './crashParsers';
import type { CrashEngine, CrashFrame, CrashPlatform, ParsedCrash } from './crashTypes';

/** Longest exception message and frame field kept from an adapter. */
const MAX_MESSAGE_CHARS = 1000;
const MAX_FIELD_CHARS = 512;

/** The `stopped` event's body, as debugStops.ts remembered it. */
export interface StoppedDetails {
  readonly reason?: string;
  readonly description?: string;
  readonly text?: string;
}

/** What is used of a `vscode.DebugSession`. */
export interface DebugSessionLike {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly configuration: { readonly request?: unknown };
  customRequest(command: string, args?: unknown): Thenable<unknown>;
}

export interface CollectOptions {
  readonly threadId: number;
  readonly stopped?: StoppedDetails;
  /** Where the extension host runs: a launched program runs there too. */
  readonly hostPlatform: NodeJS.Platform;
  /** Whether the session has ended since collection began. */
  readonly ended: () => boolean;
  readonly l10n: L10n;
}

/** A failure whose message the user reads as is. */
export class DebugCrashError extends Error {}

const record = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined);
const text = (value: unknown, max = MAX_FIELD_CHARS): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined);
const positive = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);

const PLATFORMS: Partial<Record<NodeJS.Platform, CrashPlatform>> = { win32: 'windows', linux: 'linux', darwin: 'macos', android: 'android' };
/** Debugger types that say the engine (the workspace's engine profile wins over this). */
const ENGINES: Record<string, CrashEngine> = { godot: 'godot', unity: 'unity', vstuc: 'unity' };

/** A source path as a file path: a remote window's adapter may give `vscode-remote://host/abs/path` (or `file:` URIs). */
function filePath(written: string | undefined): string | undefined {
  if (written === undefined || !/^(file|vscode-remote):\/\//i.test(written)) return written;
  try {
    return decodeURIComponent(new URL(written).pathname);
  } catch {
    return written;
  }
}

const FUNCTION_RECEIVER = /^(?:async\s+)?function\b\*?\s*/;

/**
 * js-debug names a method by its receiver, and a function receiver by its source: Node's
 * `Module.runMain` comes as "function Module(id = '', parent) {.executeUserEntryPoint". The
 * function's name stands for it, as a person writes the frame, and no source text goes out.
 */
function frameName(name: string): string {
  const marker = ') {.';
  const end = name.indexOf(marker);
  const open = name.indexOf('(');
  if (end < 0 || open < 0 || !FUNCTION_RECEIVER.test(name)) return name;
  const receiver = name.slice(0, open).replace(FUNCTION_RECEIVER, '').trim() || '<anonymous>';
  return `${receiver}.${name.slice(end + marker.length)}`;
}

/** One DAP StackFrame as a crash frame; a `label` frame (an async separator) is none. */
function crashFrame(value: unknown): CrashFrame | undefined {
  const frame = record(value);
  if (!frame || frame.presentationHint === 'label') return undefined;
  const written = text(frame.name);
  const name = written === undefined ? undefined : frameName(written);
  const file = filePath(text(record(frame.source)?.path));
  const line = positive(frame.line);
  const column = positive(frame.column);
  if (!name && !file) return undefined;
  return { ...(name ? { function: name } : {}), ...(file ? { file } : {}), ...(line ? { line } : {}), ...(line && column ? { column } : {}) };
}

/** `Error: message` from an `exceptionInfo` answer (its description's first line: js-debug puts the stack after it). */
function exceptionMessage(value: unknown): string | undefined {
  const info = record(value);
  if (!info) return undefined;
  const id = text(info.exceptionId);
  const described = text(info.description, MAX_MESSAGE_CHARS)?.split(/\r?\n/)[0] ?? text(record(info.details)?.message, MAX_MESSAGE_CHARS);
  if (!described) return id;
  return id && !described.startsWith(id) ? `${id}: ${described}`.slice(0, MAX_MESSAGE_CHARS) : described;
}

/** Asks the adapter; a failure after the session ended is said as such. */
async function ask(session: DebugSessionLike, command: string, args: unknown, options: CollectOptions): Promise<unknown> {
  const ended = (): DebugCrashError =>
    new DebugCrashError(options.l10n.t('The debug session ended before its stack was read. Run it again and use Analyze Crash while it is stopped.'));
  if (options.ended()) throw ended();
  try {
    return await session.customRequest(command, args);
  } catch (error) {
    if (options.ended()) throw ended();
    throw error;
  }
}

/** The stopped thread's crash; throws DebugCrashError with what to do when it cannot be read. */
export async function collectDebugCrash(session: DebugSessionLike, options: CollectOptions): Promise<ParsedCrash> {
  const { threadId, stopped, l10n } = options;
  let message: string | undefined;
  // exceptionInfo only means something at an exception; adapters without it refuse it.
  if (stopped?.reason === undefined || stopped.reason === 'exception') {
    try {
      message = exceptionMessage(await ask(session, 'exceptionInfo', { threadId }, options));
    } catch (error) {
      if (error instanceof DebugCrashError) throw error;
    }
  }
  message ??= text(stopped?.text, MAX_MESSAGE_CHARS) ?? text(stopped?.description, MAX_MESSAGE_CHARS) ?? (stopped?.reason ? `Stopped: ${text(stopped.reason)}` : undefined);
  let answer: unknown;
  try {
    answer = await ask(session, 'stackTrace', { threadId, startFrame: 0, levels: MAX_FRAMES }, options);
  } catch (error) {
    if (error instanceof DebugCrashError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new DebugCrashError(l10n.t('The {0} debugger did not give the stack ({1}). Select the crash text (the debug console, a log) and analyze it instead.', session.type, why.slice(0, 200)));
  }
  const body = record(answer);
  const raw = Array.isArray(body?.stackFrames) ? (body.stackFrames as unknown[]) : [];
  const frames = raw.slice(0, MAX_FRAMES).map(crashFrame).filter((frame): frame is CrashFrame => frame !== undefined);
  if (frames.length === 0) throw new DebugCrashError(l10n.t('The stopped thread has no stack frames to analyze. Select another thread in the Call Stack view, or stop where the crash happens.'));
  const total = Math.max(positive(body?.totalFrames) ?? 0, raw.length);
  const platform = session.configuration.request === 'launch' ? PLATFORMS[options.hostPlatform] : undefined;
  const engine = ENGINES[session.type];
  return {
    format: 'debugger',
    ...(message ? { message } : {}),
    frames,
    ...(platform ? { platform } : {}),
    ...(engine ? { engine } : {}),
    read: 0,
    total: 0,
    droppedFrames: Math.max(0, total - Math.min(raw.length, MAX_FRAMES)),
  };
}

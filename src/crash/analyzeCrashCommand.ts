/**
 * Monster Gaming: Analyze Crash (`monsterGaming.analyzeCrash`) from a stopped debug session (the
 * thread right-clicked in the Call Stack, else the focused one: debugTarget.ts), or from text: the
 * selection, else the clipboard or a file. The crash is parsed, its frames placed in the workspace (the resolver log
 * import uses), the source around the top ones read, and the analysis asked for — through
 * `POST /debug/analyze` with Monster Gaming, through the answering engine otherwise — into the
 * sidebar, where follow-ups continue from it. Loaded in the lazy crash bundle on first use.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GatewayRest } from '../account/gatewayRest';
import type { ChatController } from '../chat/chatController';
import type { EngineDetector } from '../engine/workspaceEngine';
import type { workspaceResolver } from '../fix/workspaceResolver';
import type { ErrorView } from '../shared/protocol';
import { analysisAnswer, chatPrompt, fitAnalyzeRequest, crashEngine, crashItems, frameLinks, MAX_CRASH_QUESTION_CHARS, questionText, SOURCE_FRAMES, SOURCE_RADIUS_LINES, type AnalyzeRequestBody, type CollectedCrash, type CrashSource, type FrameSource, type StoredAnalyzeRequestBody } from './crashAnalysis';
import { locateFrames } from './crashFrames';
import { parseCrashText } from './crashParsers';
import type { ParsedCrash } from './crashTypes';
import type { DebugStops } from './debugStops';
import { findDebugCrash } from './debugTarget';

/** Largest crash file read whole (the parser then reads 256 KB around its newest stack). */
export const MAX_CRASH_FILE_BYTES = 32 * 1024 * 1024;
/** Largest source file read for the lines around a frame. */
const MAX_SOURCE_FILE_BYTES = 2 * 1024 * 1024;

/** What the command needs (passed in by the extension: the sidebar, the engine's error wording, the REST caller). */
export interface AnalyzeCrashServices {
  readonly controller: Pick<ChatController, 'present' | 'send'>;
  readonly reveal: () => Promise<void>;
  readonly engines: Pick<EngineDetector, 'profileFor'>;
  readonly rest: Pick<GatewayRest, 'call'>;
  /** Whether the active provider is Monster Gaming (which has `/debug/analyze`). */
  readonly monsterGaming: () => boolean;
  readonly describe: (error: unknown) => ErrorView;
  /** The engine's card for a failed analysis (a 503 or MAINTENANCE with the status and ETA, as chat's). */
  readonly failureView: (error: unknown) => Promise<ErrorView>;
  /** Log import's confined resolver (in the main bundle already; passed in so this bundle does not carry a copy). */
  readonly resolver: typeof workspaceResolver;
  readonly log: (line: string) => void;
  /** The debug sessions' last stops (registered at activation). */
  readonly debug: Pick<DebugStops, 'session' | 'stoppedSessions'>;
}

/** Arguments from code (tests, later the debugger): the crash text and the question, asked for when absent. */
export interface AnalyzeCrashArgs {
  readonly text?: string;
  readonly question?: string;
}

const understood = (): string => vscode.l10n.t('Monster Gaming reads Unity and Unreal crash logs, Godot backtraces, gdb/lldb, MSVC/WinDbg, .NET and JavaScript stack traces.');

function isArgs(value: unknown): value is AnalyzeCrashArgs {
  if (typeof value !== 'object' || value === null) return false;
  const args = value as Record<string, unknown>;
  return (args.text === undefined || typeof args.text === 'string') && (args.question === undefined || typeof args.question === 'string');
}

/** Decodes a file read whole: UTF-8, or UTF-16 with a byte order mark (PowerShell's `>`). */
function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder().decode(bytes);
}

/** A crash file's text, when it is not too big to read whole. */
export async function readCrashFile(uri: vscode.Uri): Promise<string> {
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > MAX_CRASH_FILE_BYTES) throw new Error(vscode.l10n.t('it is {0} MB; select the crash in it and analyze the selection.', Math.round(size / (1024 * 1024))));
  return decode(await vscode.workspace.fs.readFile(uri));
}

/** A crash to analyze; `crashId` when the gateway stores it (asked for by id, frames still linked here). */
export interface FoundCrash {
  readonly crash: ParsedCrash;
  readonly source: CrashSource;
  readonly name: string;
  readonly crashId?: string;
  /** The frame the user picked in the Call Stack: its source is read first. */
  readonly focus?: number;
}
type Found = FoundCrash;

/** A one-line summary of a crash for a picker: the exception, or the top frame. */
function summary(crash: ParsedCrash): string {
  const what = crash.message ?? crash.frames[0]?.function ?? '';
  return vscode.l10n.t('{0} ({1} frames)', what.length > 80 ? `${what.slice(0, 79)}…` : what, crash.frames.length);
}

interface SourcePick extends vscode.QuickPickItem {
  readonly from: 'clipboard' | 'file';
}

/**
 * The crash to analyze: given, selected, in the file given (a URI from code or a menu, when that
 * file has no selection open), or from the clipboard or a file the user picks.
 */
async function findCrash(args: AnalyzeCrashArgs, file: vscode.Uri | undefined, log: (line: string) => void): Promise<Found | undefined> {
  if (args.text !== undefined) {
    const crash = parseCrashText(args.text);
    return crash ? { crash, source: 'selection', name: vscode.l10n.t('the given text') } : nothing(vscode.l10n.t('the given text'));
  }
  const editor = vscode.window.activeTextEditor;
  if (file && !(editor && !editor.selection.isEmpty && editor.document.uri.toString() === file.toString())) return fromFile(file, log);
  if (editor && !editor.selection.isEmpty) {
    const crash = parseCrashText(editor.document.getText(editor.selection));
    return crash ? { crash, source: 'selection', name: vscode.l10n.t('the selection') } : nothing(vscode.l10n.t('the selection'));
  }
  const clipboard = parseCrashText(await vscode.env.clipboard.readText());
  const picks: SourcePick[] = [
    {
      from: 'clipboard',
      label: `$(clippy) ${vscode.l10n.t('From the clipboard')}`,
      description: clipboard ? summary(clipboard) : vscode.l10n.t('no stack trace on the clipboard'),
    },
    { from: 'file', label: `$(file) ${vscode.l10n.t('From a file…')}`, description: vscode.l10n.t('Player.log, CrashContext.runtime-xml, a backtrace') },
  ];
  // The clipboard first when it holds a crash; the file first when it does not.
  if (!clipboard) picks.reverse();
  const pick = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Monster Gaming: Analyze Crash'), placeHolder: vscode.l10n.t('Where is the crash? (Or select its text in an editor first.)') });
  if (!pick) return undefined;
  if (pick.from === 'clipboard') return clipboard ? { crash: clipboard, source: 'clipboard', name: vscode.l10n.t('the clipboard') } : nothing(vscode.l10n.t('the clipboard'));
  const [uri] =
    (await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Analyze Crash'),
      openLabel: vscode.l10n.t('Analyze'),
      canSelectMany: false,
      filters: { [vscode.l10n.t('All files')]: ['*'] },
    })) ?? [];
  return uri ? fromFile(uri, log) : undefined;
}

/** The crash in a file, read whole when it is not too big; a failure is said (and logged), never thrown. */
async function fromFile(uri: vscode.Uri, log: (line: string) => void): Promise<Found | undefined> {
  const name = path.posix.basename(uri.path);
  let text: string;
  try {
    text = await readCrashFile(uri);
  } catch (error) {
    const message = vscode.l10n.t('Could not read {0}: {1}', name, error instanceof Error ? error.message : String(error));
    log(`Analyze Crash: ${message}`);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
  const crash = parseCrashText(text);
  return crash ? { crash, source: 'file', name } : nothing(name);
}

function nothing(name: string): undefined {
  void vscode.window.showWarningMessage(`${vscode.l10n.t('No stack trace found in {0}.', name)} ${understood()}`);
  return undefined;
}

/** The lines around the top workspace frames, each file read once and only when small enough. */
async function frameSources(collected: Pick<CollectedCrash, 'located' | 'relative'>, focus?: number): Promise<FrameSource[]> {
  const sources: FrameSource[] = [];
  const seen = new Set<string>();
  const picked = focus === undefined ? undefined : collected.located[focus];
  for (const { frame, file } of picked ? [picked, ...collected.located] : collected.located) {
    if (sources.length >= SOURCE_FRAMES) break;
    if (file === undefined || frame.line === undefined || seen.has(`${file}:${frame.line}`)) continue;
    seen.add(`${file}:${frame.line}`);
    try {
      const uri = vscode.Uri.file(file);
      if ((await vscode.workspace.fs.stat(uri)).size > MAX_SOURCE_FILE_BYTES) continue;
      const lines = decode(await vscode.workspace.fs.readFile(uri)).split(/\r?\n/);
      const startLine = Math.max(1, frame.line - SOURCE_RADIUS_LINES);
      const endLine = Math.min(lines.length, frame.line + SOURCE_RADIUS_LINES);
      if (startLine > endLine) continue;
      const relative = collected.relative(file);
      sources.push({ path: relative, language: path.extname(relative).slice(1) || 'text', startLine, endLine, text: lines.slice(startLine - 1, endLine).join('\n') });
    } catch {
      // A frame whose file cannot be read still links; it just brings no source.
    }
  }
  return sources;
}

/** The optional question (≤ 500 characters, as the endpoint takes); undefined when the user cancelled. */
async function askQuestion(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Monster Gaming: Analyze Crash'),
    prompt: vscode.l10n.t('Anything to ask about this crash? (Optional; Enter alone analyzes it.)'),
    placeHolder: vscode.l10n.t('Why does this crash only on level 3?'),
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.length > MAX_CRASH_QUESTION_CHARS ? vscode.l10n.t('At most {0} characters ({1} now).', MAX_CRASH_QUESTION_CHARS, value.length) : undefined,
  });
}

/** Runs Analyze Crash; resolves once the analysis is in the sidebar (or the user cancelled). */
export async function analyzeCrash(services: AnalyzeCrashServices, ...rawArgs: unknown[]): Promise<boolean> {
  const [first] = rawArgs;
  const args: AnalyzeCrashArgs = isArgs(first) ? first : {};
  // Text given by code, the editor's context menu (its URI first: the selection) or a file's URI
  // (its text): read even while debugging. Otherwise a stopped debug session wins; with none, the
  // text path as before.
  const fromText = args.text !== undefined || first instanceof vscode.Uri;
  const stopped = fromText ? undefined : await findDebugCrash(services.debug, rawArgs);
  if (stopped === null) return false;
  const found: Found | undefined = stopped ? { ...stopped, source: 'debugger' } : await findCrash(args, first instanceof vscode.Uri ? first : undefined, services.log);
  return found ? analyzeFound(services, found, args.question) : false;
}

/** The analyze request: a stored crash by id, else its frames fitted under the 64 KB limit, with a note saying how when they were. */
export function requestBody(found: Pick<FoundCrash, 'crashId'>, collected: CollectedCrash, question: string): { body: AnalyzeRequestBody | StoredAnalyzeRequestBody; fitNote?: string } {
  if (found.crashId !== undefined) {
    const trimmed = question.trim().slice(0, MAX_CRASH_QUESTION_CHARS);
    return { body: { crash_id: found.crashId, ...(trimmed ? { question: trimmed } : {}) } };
  }
  const { body, left, shortened } = fitAnalyzeRequest(collected, question);
  if (left === 0 && shortened === 0) return { body };
  const fitNote =
    left > 0
      ? vscode.l10n.t('{0} bottom frames left out and {1} shortened to fit the 64 KB request limit', left, shortened)
      : vscode.l10n.t('{0} long frames shortened to fit the 64 KB request limit', shortened);
  return { body, fitNote };
}

/** A found crash with its frames placed in the workspace (confined), the profile's engine and the source around its top frames: what every analysis reads. */
export async function collectCrash(services: Pick<AnalyzeCrashServices, 'resolver' | 'engines'>, found: FoundCrash): Promise<CollectedCrash> {
  const { crash } = found;
  const resolve = await services.resolver(crash.frames.map((f) => f.file), { uniqueTail: true });
  const located = await locateFrames(crash.frames, resolve);
  const relative = (file: string): string => vscode.workspace.asRelativePath(file).replace(/\\/g, '/');
  const profile = await services.engines.profileFor().catch(() => undefined);
  const profileEngine = crashEngine(profile?.engine);
  const base = { crash, located, relative, source: found.source, sourceName: found.name, ...(profileEngine ? { profileEngine } : {}) };
  return { ...base, sources: await frameSources(base, found.focus) };
}

/** Analyzes a crash already found (from text, a stopped debug session, or a stored crash of the Crash Reports view). */
export async function analyzeFound(services: AnalyzeCrashServices, found: FoundCrash, asked: string | undefined): Promise<boolean> {
  const question = asked ?? (await askQuestion());
  if (question === undefined) return false;
  const { crash } = found;
  const collected = await collectCrash(services, found);
  const { located } = collected;
  const inWorkspace = located.filter((l) => l.file).length;
  services.log(`Analyze Crash: ${crash.format} from ${found.name}, ${crash.frames.length} frames (${inWorkspace} in the workspace).`);
  if (inWorkspace === 0 && found.source === 'debugger') {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('None of the {0} frames is in this workspace: the analysis gets the stack without source, and no frame links. Open the folder of the program\'s source to have them.', crash.frames.length),
    );
  }
  const frames = frameLinks(collected);
  const items = crashItems(collected);
  const contextLabel = vscode.l10n.t('crash · {0} frames · {1} in the workspace', crash.frames.length, frames.length);
  await services.reveal();
  if (!services.monsterGaming()) {
    // The transcript shows the short question; the model gets the crash analyst's brief with it.
    return services.controller.send({ text: questionText(collected, question), prompt: chatPrompt(collected, question), items, frames, contextLabel });
  }
  const { body, fitNote } = requestBody(found, collected, question);
  if (fitNote) services.log(`Analyze Crash: ${fitNote}.`);
  const label = fitNote ? `${contextLabel} · ${fitNote}` : contextLabel;
  return services.controller.present({ text: questionText(collected, question), items, frames, contextLabel: label }, analysisAnswer(services.rest, body, services.failureView));
}

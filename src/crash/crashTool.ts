/**
 * Analyze Crash as a language-model tool (`monsterGaming_analyzeCrash`) for other agents: the
 * crash given as text or as a workspace file, parsed and placed in the workspace as Analyze Crash
 * does (collectCrash), then analyzed by the gateway's `POST /debug/analyze`; answered as text for
 * the calling model. Other gateways have no analysis endpoint: the tool answers with the crash,
 * its frames and their source and the analyst's brief, for the calling model to analyze. The
 * input is the model's, so it is bounded and its path confined to the workspace; failures are
 * `Error:` texts the model reads (English, like the rest of the tool protocol).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { collectCrash, readCrashFile, type AnalyzeCrashServices } from './analyzeCrashCommand';
import { analyzeRequest, chatPrompt, crashItems, frameLinks, MAX_CRASH_QUESTION_CHARS, requestAnalysis } from './crashAnalysis';
import { MAX_CRASH_CHARS, parseCrashText } from './crashParsers';

/** Longest path read from the input (a workspace path is far shorter). */
const MAX_PATH_CHARS = 1_000;
/** Longest crash text taken inline: what the parser reads at most; a longer log is passed by path. */
const MAX_TEXT_CHARS = MAX_CRASH_CHARS;

type Input = { readonly text?: string; readonly path?: string; readonly question?: string };

/** The input checked, or the `Error:` text saying what to send instead. */
function checkInput(input: unknown): Input | string {
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const { text, path: file, question } = given;
  if (text !== undefined && typeof text !== 'string') return 'Error: `text` must be a string (the crash log or stack trace).';
  if (file !== undefined && typeof file !== 'string') return 'Error: `path` must be a string (a workspace-relative file path).';
  if (question !== undefined && typeof question !== 'string') return 'Error: `question` must be a string.';
  if (!text?.trim() && !file?.trim()) return 'Error: give the crash as `text` or a workspace `path` of a crash log (e.g. Logs/Player.log).';
  if (text && text.length > MAX_TEXT_CHARS) return `Error: \`text\` is ${text.length} characters; at most ${MAX_TEXT_CHARS} are read. Pass the log by \`path\` instead.`;
  if (file && file.length > MAX_PATH_CHARS) return `Error: \`path\` is ${file.length} characters; at most ${MAX_PATH_CHARS}.`;
  if (question && question.length > MAX_CRASH_QUESTION_CHARS) return `Error: \`question\` is ${question.length} characters; at most ${MAX_CRASH_QUESTION_CHARS}. Ask it shorter.`;
  return { ...(text?.trim() ? { text } : {}), ...(file?.trim() ? { path: file.trim() } : {}), ...(question ? { question } : {}) };
}

/** The crash text and its name: the given text, else the workspace file (confined by Analyze Crash's resolver). */
async function crashSource(services: Pick<AnalyzeCrashServices, 'resolver'>, input: Input): Promise<{ text: string; name: string } | string> {
  if (input.text !== undefined) return { text: input.text, name: 'the given text' };
  const written = input.path ?? '';
  const outside = `Error: ${written} is outside the workspace; give a path relative to the workspace folder (no "..", "~", absolute paths or links that lead out). Nothing was read.`;
  // A path that climbs out is refused as written (the resolver answers one that leaves with `missing`).
  if (/^~|(?:^|[\\/])\.\.(?:[\\/]|$)/.test(written)) return outside;
  const found = await (await services.resolver([written]))(written);
  if (found.kind === 'outside') return outside;
  if (found.kind === 'missing') return `Error: there is no file ${written} in the workspace. Paths are relative to the workspace folder.`;
  try {
    return { text: await readCrashFile(vscode.Uri.file(found.file)), name: written };
  } catch (error) {
    return `Error: could not read ${written}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Runs the tool; resolves to the text the calling model gets. */
export async function analyzeCrashTool(services: AnalyzeCrashServices, input: unknown, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
  const answer = (text: string): vscode.LanguageModelToolResult => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
  const checked = checkInput(input);
  if (typeof checked === 'string') return answer(checked);
  const source = await crashSource(services, checked);
  if (typeof source === 'string') return answer(source);
  const crash = parseCrashText(source.text);
  if (!crash) return answer(`Error: no stack trace found in ${source.name}. Unity and Unreal crash logs, Godot backtraces, gdb/lldb, MSVC/WinDbg, .NET and JavaScript stack traces are read.`);
  const fromText = checked.text !== undefined;
  const collected = await collectCrash(services, { crash, source: fromText ? 'selection' : 'file', name: fromText ? source.name : path.posix.basename(source.name) });
  const frames = frameLinks(collected).map((f) => `${f.function ? `${f.function} at ` : ''}${f.path}:${f.line}`);
  services.log(`Analyze Crash tool: ${crash.format} from ${source.name}, ${crash.frames.length} frames (${frames.length} in the workspace).`);
  const header = [`Crash: ${crash.format}, ${crash.frames.length} frames${frames.length ? `; in the workspace: ${frames.join(', ')}` : '; none in the workspace'}.`, ''];
  if (!services.monsterGaming()) {
    const attached = crashItems(collected).map((item) => `${item.label}:\n${item.text}`);
    return answer([...header, chatPrompt(collected, checked.question), '', ...attached].join('\n'));
  }
  const stop = new AbortController();
  const listener = token.onCancellationRequested(() => stop.abort());
  if (token.isCancellationRequested) stop.abort();
  try {
    const analysis = await requestAnalysis(services.rest, analyzeRequest(collected, checked.question), stop.signal);
    return answer([...header, analysis.analysis, '', `(Analysis by ${analysis.model} on the Monster Gaming gateway.)`].join('\n'));
  } catch (error) {
    const view = services.describe(error);
    return answer(`Error: the crash analysis failed: ${view.title}: ${view.message}`);
  } finally {
    listener.dispose();
  }
}

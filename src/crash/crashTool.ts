/**
 * Analyze Crash as a language-model tool (`monsterGaming_analyzeCrash`) for other agents: the
 * crash given as text or as a workspace file, parsed and placed in the workspace as Analyze Crash
 * does (collectCrash), then analyzed by the gateway's `POST /debug/analyze` with the command's
 * request (requestBody: fitted under 64 KB); the analysis names the frames with their workspace
 * paths. Other gateways have no analysis endpoint: the tool answers with the crash, the source
 * around its top frames and the analyst's brief, for the calling model to analyze. The
 * input is the model's, so it is bounded and its path confined to the workspace; failures are
 * `Error:` texts the model reads (English, like the rest of the tool protocol).
 */
import * as vscode from 'vscode';
import { collectCrash, readCrashFile, requestBody, type AnalyzeCrashServices } from './analyzeCrashCommand';
import { analysisAnswer, chatPrompt, crashItems, MAX_CRASH_QUESTION_CHARS } from './crashAnalysis';
import { MAX_CRASH_CHARS, parseCrashText } from './crashParsers';

/** Each input's bound: the text as much as the parser reads, a path far longer than any, the question as the endpoint takes it. */
const LIMITS = { text: MAX_CRASH_CHARS, path: 1_000, question: MAX_CRASH_QUESTION_CHARS } as const;

type Input = { readonly text?: string; readonly path?: string; readonly question?: string };

/** The input checked, or the `Error:` text saying what to send instead. */
function checkInput(input: unknown): Input | string {
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  for (const [key, max] of Object.entries(LIMITS)) {
    const value = given[key];
    if (value !== undefined && typeof value !== 'string') return `Error: \`${key}\` must be a string.`;
    if (typeof value === 'string' && value.length > max) return `Error: \`${key}\` is ${value.length} characters; at most ${max}.`;
  }
  const { text, path: file, question } = given as Input;
  if (!text?.trim() && !file?.trim()) return 'Error: give the crash as `text` or a workspace `path` of a crash log.';
  return { ...(text?.trim() ? { text } : {}), ...(file?.trim() ? { path: file.trim() } : {}), ...(question ? { question } : {}) };
}

/** The crash text and its name: the given text, else the workspace file (confined by Analyze Crash's resolver). */
async function crashSource(services: Pick<AnalyzeCrashServices, 'resolver'>, input: Input): Promise<{ text: string; name: string } | string> {
  if (input.text !== undefined) return { text: input.text, name: 'the given text' };
  const written = input.path ?? '';
  const outside = `Error: ${written} is outside the workspace; use a workspace-relative path. Nothing was read.`;
  // A path that climbs out is refused as written (the resolver answers one that leaves with `missing`).
  if (/^~|(?:^|[\\/])\.\.(?:[\\/]|$)/.test(written)) return outside;
  const found = await (await services.resolver([written]))(written);
  if (found.kind === 'outside') return outside;
  if (found.kind === 'missing') return `Error: there is no file ${written} in the workspace.`;
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
  if (!crash) return answer(`Error: no stack trace found in ${source.name}.`);
  const collected = await collectCrash(services, { crash, source: checked.text !== undefined ? 'selection' : 'file', name: source.name });
  services.log(`Analyze Crash tool: ${crash.frames.length} frames from ${source.name}.`);
  // The crash, the source around its top frames and the analyst's brief, for the calling model to analyze.
  if (!services.monsterGaming()) return answer([chatPrompt(collected, checked.question), ...crashItems(collected).map((item) => item.text)].join('\n\n'));
  // The command's request: the frames fitted under the 64 KB limit, and its note when they were.
  const { body, fitNote } = requestBody({}, collected, checked.question ?? '');
  const stop = new AbortController();
  const listener = token.onCancellationRequested(() => stop.abort());
  if (token.isCancellationRequested) stop.abort();
  try {
    const analysis = await analysisAnswer(services.rest, body, services.failureView)(stop.signal);
    if ('error' in analysis) return answer(`Error: the crash analysis failed: ${analysis.error.title}: ${analysis.error.message}`);
    return answer(fitNote ? `${analysis.text}\n\n(${fitNote}.)` : analysis.text);
  } finally {
    listener.dispose();
  }
}

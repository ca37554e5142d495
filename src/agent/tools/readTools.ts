/**
 * The tools that only look: read_file (an open editor's text, unsaved changes included, else the
 * file on disk), list_files (VS Code's file search, honouring files.exclude) and get_problems
 * (the Problems panel's diagnostics). All confined to the workspace folders, all bounded.
 */
import * as vscode from 'vscode';
import { MAX_READ_BYTES, PROBLEMS_BUDGET } from '../../context/budgets';
import { problemEntry } from '../../context/editorGatherers';
import { readFileText } from '../../context/fileGatherers';
import { ContextRefusal } from '../../context/gatherTypes';
import { problemsText, type ProblemEntry } from '../../context/problemLines';
import { confinedFile, globRefusal } from './toolPaths';
import type { WorkspaceToolArgs } from './toolSchemas';
import { readLines } from './toolText';
import { done, fail, type ToolEnv, type ToolResult } from './toolTypes';

const DEFAULT_LIST_RESULTS = 200;

/** read_file {path, start_line?, end_line?} */
export async function readFile(args: WorkspaceToolArgs['read_file'], env: ToolEnv): Promise<ToolResult> {
  const file = await confinedFile(env.paths, args.path);
  if (!file.ok) return fail(file.error);
  let text: string;
  let readNote: string | undefined;
  try {
    ({ text, readNote } = await readFileText(file.absolute, file.relative, MAX_READ_BYTES));
  } catch (error) {
    if (error instanceof ContextRefusal) return fail(`${file.relative} is a binary file; read_file reads text files only.`);
    return fail(`could not read ${file.relative} (${error instanceof Error ? error.message : String(error)}).`);
  }
  const read = readLines(file.relative, text, args.start_line, args.end_line);
  if (!read.ok) return fail(read.error);
  return done(readNote ? `${read.text}\n… ${readNote}: the lines after that cannot be read.` : read.text);
}

function tokenFor(signal: AbortSignal): vscode.CancellationTokenSource {
  const source = new vscode.CancellationTokenSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source;
}

/** list_files {glob, max_results?} */
export async function listFiles(args: WorkspaceToolArgs['list_files'], env: ToolEnv): Promise<ToolResult> {
  const refused = globRefusal(args.glob);
  if (refused) return fail(refused);
  const max = args.max_results ?? DEFAULT_LIST_RESULTS;
  const source = tokenFor(env.signal);
  try {
    const found = new Set<string>();
    let more = false;
    let linkedOut = 0;
    for (const folder of env.folders) {
      // Exclude undefined: VS Code applies files.exclude. One more than wanted tells whether there are more.
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(folder.path), args.glob.trim()), undefined, max + 1, source.token);
      for (const uri of uris) {
        const relative = env.paths.relative(uri.fsPath);
        if (relative === undefined) continue;
        // A link inside the workspace may lead out of it: its target is not listed.
        if (!(await env.paths.isInsideFile(uri.fsPath))) {
          linkedOut++;
          continue;
        }
        found.add(relative);
      }
      if (uris.length > max) more = true;
    }
    if (env.signal.aborted) return fail('stopped.');
    const sorted = [...found].sort((a, b) => a.localeCompare(b, 'en'));
    if (sorted.length > max) more = true;
    const lines = sorted.slice(0, max);
    if (lines.length === 0) return done(`No files match ${args.glob}${linkedOut ? ` (${linkedOut} links that lead out of the workspace left out)` : ''}.`);
    if (more) lines.push(`… more files match; only ${max.toLocaleString('en-US')} listed. Narrow the glob, or raise max_results (up to 1,000).`);
    if (linkedOut) lines.push(`… ${linkedOut} links that lead out of the workspace left out.`);
    return done(lines.join('\n'));
  } finally {
    source.dispose();
  }
}

/** get_problems {path?} */
export async function getProblems(args: WorkspaceToolArgs['get_problems'], env: ToolEnv): Promise<ToolResult> {
  const entries: ProblemEntry[] = [];
  let where: string;
  if (args.path !== undefined) {
    const file = await confinedFile(env.paths, args.path);
    if (!file.ok) return fail(file.error);
    where = file.relative;
    for (const diagnostic of vscode.languages.getDiagnostics(vscode.Uri.file(file.absolute))) entries.push(problemEntry(file.relative, diagnostic));
  } else {
    where = 'the workspace';
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      const relative = uri.scheme === 'file' ? env.paths.relative(uri.fsPath) : undefined;
      if (relative === undefined) continue;
      for (const diagnostic of diagnostics) entries.push(problemEntry(relative, diagnostic));
    }
  }
  const listed = problemsText(entries, PROBLEMS_BUDGET);
  return done(listed.total ? listed.text : `No problems reported in ${where}.`);
}

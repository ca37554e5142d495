/**
 * What the editor shows: `#selection`, the implicit active editor (its selection, or the lines
 * visible around the cursor), and `#problems` / `#problems:all` in the line format CONTRACT.md
 * gives the agent's `get_problems`.
 *
 * The implicit active editor is attached only for workspace files and untitled documents: an
 * editor showing a file from elsewhere (user settings, a file opened from outside) is not read
 * unless the user asks for it with `#selection`, which is their explicit pick.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContextItem } from '../answering/contextTypes';
import type { Mention } from '../shared/mentions';
import type { AttachmentView } from '../shared/protocol';
import { ACTIVE_EDITOR_BUDGET, PROBLEMS_BUDGET, SELECTION_BUDGET } from './budgets';
import { fenceLanguage, linesLabel, windowAround, splitLines } from './fileText';
import { ContextRefusal, type GatherEnv, type Gathered } from './gatherTypes';
import { countsLabel, problemsText, type ProblemEntry, type Severity } from './problemLines';
import type { WorkspacePaths } from './workspacePaths';

/** How a document is named in items and chips: workspace-relative, else its file name. */
function displayPath(document: vscode.TextDocument, paths: WorkspacePaths): { path: string; inWorkspace: boolean } {
  if (document.uri.scheme === 'file') {
    const relative = paths.relative(document.uri.fsPath);
    if (relative !== undefined) return { path: relative, inWorkspace: true };
    return { path: path.basename(document.uri.fsPath), inWorkspace: false };
  }
  return { path: path.posix.basename(document.uri.path) || document.uri.toString(), inWorkspace: document.isUntitled };
}

/** The editor to read: the active text editor, if it holds a document (not output or a webview). */
function activeEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && ['file', 'untitled', 'vscode-notebook-cell'].includes(editor.document.uri.scheme) ? editor : undefined;
}

/** The selection's text, cut to `budget` around the cursor when larger. */
function selectionItem(editor: vscode.TextEditor, shown: string, budget: number): { text: string; startLine: number; endLine: number; cut?: string } {
  const { selection, document } = editor;
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  const text = document.getText(new vscode.Range(selection.start, selection.end));
  const { lines } = splitLines(text);
  const first = selection.start.line + 1;
  if (text.length <= budget) return { text: lines.join('\n'), startLine: first, endLine: endLine + 1 };
  const cursor = Math.min(Math.max(selection.active.line - selection.start.line, 0), lines.length - 1);
  const { from, to } = windowAround(lines, cursor, budget);
  return {
    text: lines.slice(from, to + 1).join('\n'),
    startLine: first + from,
    endLine: first + to,
    cut: `lines ${(first + from).toLocaleString('en-US')}–${(first + to).toLocaleString('en-US')} of the ${lines.length.toLocaleString('en-US')} selected in ${shown} (around the cursor)`,
  };
}

/** `#selection`: the active editor's selection. */
export function gatherSelection(mention: Mention, env: GatherEnv): Gathered {
  const editor = activeEditor();
  if (!editor) throw new ContextRefusal(vscode.l10n.t('#selection needs an editor: open a file, select the code, then send again.'));
  if (editor.selection.isEmpty) throw new ContextRefusal(vscode.l10n.t('Nothing is selected in {0}: select the code, then send again.', displayPath(editor.document, env.paths).path));
  const shown = displayPath(editor.document, env.paths).path;
  const part = selectionItem(editor, shown, SELECTION_BUDGET);
  const span = { startLine: part.startLine, endLine: part.endLine };
  const item: ContextItem = {
    kind: 'selection',
    label: mention.label,
    path: shown,
    span,
    language: fenceLanguage(editor.document.languageId),
    text: part.text,
    explicit: true,
    ...(part.cut ? { cut: part.cut } : {}),
  };
  return { items: [item], attachment: { kind: 'selection', label: mention.label, detail: `${shown}, ${linesLabel(span)}` } };
}

/** The lines visible around the cursor (or the middle of what is visible when the cursor is scrolled away). */
function visibleItem(editor: vscode.TextEditor, budget: number): { text: string; startLine: number; endLine: number } {
  const { document } = editor;
  const visible = editor.visibleRanges[0] ?? new vscode.Range(0, 0, Math.min(document.lineCount - 1, 60), 0);
  const first = visible.start.line;
  const last = Math.min(visible.end.line, document.lineCount - 1);
  const lines: string[] = [];
  for (let line = first; line <= last; line++) lines.push(document.lineAt(line).text);
  const { lines: bounded } = splitLines(lines.join('\n'));
  const cursor = editor.selection.active.line;
  const center = cursor >= first && cursor <= last ? cursor - first : Math.floor(bounded.length / 2);
  const { from, to } = windowAround(bounded, center, budget);
  return { text: bounded.slice(from, to + 1).join('\n'), startLine: first + from + 1, endLine: first + to + 1 };
}

/** The active editor's chip, or null when it would not be attached. */
export function activeEditorChip(paths: WorkspacePaths): AttachmentView | null {
  const editor = activeEditor();
  if (!editor) return null;
  const shown = displayPath(editor.document, paths);
  if (!shown.inWorkspace) return null;
  const name = shown.path.slice(shown.path.lastIndexOf('/') + 1);
  const { selection } = editor;
  if (!selection.isEmpty) {
    const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
    return { kind: 'activeEditor', label: name, detail: `${shown.path}, selection, ${linesLabel({ startLine: selection.start.line + 1, endLine })}` };
  }
  const visible = editor.visibleRanges[0];
  const detail = visible ? `${shown.path}, visible ${linesLabel({ startLine: visible.start.line + 1, endLine: visible.end.line + 1 })}` : shown.path;
  return { kind: 'activeEditor', label: name, detail };
}

/** The implicit active editor: its selection, else the visible lines around the cursor; undefined when none would be attached. */
export function gatherActiveEditor(paths: WorkspacePaths): Gathered | undefined {
  const editor = activeEditor();
  const chip = activeEditorChip(paths);
  if (!editor || !chip) return undefined;
  const shown = displayPath(editor.document, paths).path;
  const part = editor.selection.isEmpty ? visibleItem(editor, ACTIVE_EDITOR_BUDGET) : selectionItem(editor, shown, ACTIVE_EDITOR_BUDGET);
  const span = { startLine: part.startLine, endLine: part.endLine };
  const item: ContextItem = {
    kind: 'activeEditor',
    label: 'active editor',
    path: shown,
    span,
    language: fenceLanguage(editor.document.languageId),
    text: part.text,
    explicit: false,
    cut: editor.selection.isEmpty ? `${linesLabel(span)} of ${editor.document.lineCount.toLocaleString('en-US')}, visible around the cursor` : `the selection, ${linesLabel(span)}`,
  };
  return { items: [item], attachment: chip };
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** One diagnostic as a problem line's parts (also get_problems's). */
export function problemEntry(relative: string, diagnostic: vscode.Diagnostic): ProblemEntry {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return {
    path: relative,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    severity: SEVERITIES[diagnostic.severity] ?? 'error',
    message: diagnostic.message,
    ...(diagnostic.source ? { source: diagnostic.source } : {}),
    ...(code !== undefined ? { code: String(code) } : {}),
  };
}

/** `#problems` (the active file's diagnostics) and `#problems:all` (the workspace's). */
export function gatherProblems(mention: Mention, env: GatherEnv): Gathered {
  const all = mention.argument === 'all';
  const entries: ProblemEntry[] = [];
  let outside = 0;
  let where: string;
  if (all) {
    where = 'the workspace';
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      const relative = uri.scheme === 'file' ? env.paths.relative(uri.fsPath) : undefined;
      if (relative === undefined) {
        outside += diagnostics.length;
        continue;
      }
      for (const diagnostic of diagnostics) entries.push(problemEntry(relative, diagnostic));
    }
  } else {
    const editor = activeEditor();
    if (!editor) throw new ContextRefusal(vscode.l10n.t('#problems lists the active file\'s problems, and no file is open. Open the file, or use #problems:all for the whole workspace.'));
    where = displayPath(editor.document, env.paths).path;
    for (const diagnostic of vscode.languages.getDiagnostics(editor.document.uri)) entries.push(problemEntry(where, diagnostic));
  }
  const listed = problemsText(entries, PROBLEMS_BUDGET);
  const notes = [listed.shown < listed.total ? `${listed.shown} of ${listed.total} problems listed` : undefined, outside ? `${outside} in files outside the workspace left out` : undefined].filter(Boolean);
  const item: ContextItem = {
    kind: 'problems',
    label: mention.label,
    ...(all ? {} : { path: where }),
    language: 'text',
    text: listed.total ? listed.text : `No problems reported in ${where}.`,
    explicit: true,
    ...(notes.length ? { cut: notes.join('; ') } : {}),
  };
  return { items: [item], attachment: { kind: 'problems', label: mention.label, detail: `${countsLabel(listed.counts)} in ${where}` } };
}

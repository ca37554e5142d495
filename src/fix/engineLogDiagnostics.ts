/**
 * The problems of an imported log in the Problems panel: each path the log names is resolved to a
 * workspace file (confined to the workspace folders: see problemPaths.ts), and only those files
 * get diagnostics or are opened (to place a problem on its line's text).
 */
import * as vscode from 'vscode';
import type { ParsedLog } from './logReader';
import { SOURCE_LABELS, type ParsedProblem, type ProblemSeverity } from './logParsers';
import type { OutsideReason } from './problemPaths';
import { workspaceResolver } from './workspaceResolver';

/** A path a log named outside the workspace folders: listed, never opened, given no problem. */
export interface SkippedPath {
  /** As the log wrote it. */
  readonly path: string;
  readonly reason: OutsideReason;
}

/** What one import placed: diagnostics set, the files they are in, what was left out and how much of the log was read. */
export interface ImportSummary {
  readonly files: number;
  readonly problems: number;
  /** Problems whose file is not in the workspace (or named no file). */
  readonly unresolved: number;
  /** Problems skipped because their file is outside the workspace folders. */
  readonly outside: number;
  /** Every path outside the workspace folders the log named (problems and notes), once each. */
  readonly skipped: readonly SkippedPath[];
  readonly log: Omit<ParsedLog, 'problems'>;
}

const SEVERITIES: Record<ProblemSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

// Past the end of any real line: VS Code clamps a diagnostic's range to the line it is on.
const LINE_END = 1_000_000;
// Reading a line opens its document (and wakes its language server): only for so many files per import.
const MAX_OPENED_DOCUMENTS = 50;
/** How long the import works before letting the extension host's thread do something else. */
const SLICE_MS = 8;

/** Text of one line of a file, reading each file at most once per import. */
class LineReader {
  private readonly documents = new Map<string, Promise<vscode.TextDocument | undefined>>();

  async lineText(file: string, line: number): Promise<string | undefined> {
    let document = this.documents.get(file);
    if (!document) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
      if (!open && this.documents.size >= MAX_OPENED_DOCUMENTS) {
        return undefined;
      }
      document = open ? Promise.resolve(open) : Promise.resolve(vscode.workspace.openTextDocument(vscode.Uri.file(file))).catch(() => undefined);
      this.documents.set(file, document);
    }
    const doc = await document;
    return doc && line < doc.lineCount ? doc.lineAt(line).text : undefined;
  }
}

/** The problem's range: its columns when the tool gave them, else the line's text without its indentation. */
async function rangeOf(problem: ParsedProblem, file: string, lines: LineReader): Promise<vscode.Range> {
  const line = problem.line - 1;
  if (problem.column !== undefined) {
    const start = problem.column - 1;
    return new vscode.Range(line, start, line, problem.endColumn !== undefined ? Math.max(problem.endColumn, start + 1) : LINE_END);
  }
  const text = await lines.lineText(file, line);
  if (text === undefined) {
    return new vscode.Range(line, 0, line, LINE_END);
  }
  return new vscode.Range(line, text.length - text.trimStart().length, line, text.length);
}

/** Lets the extension host's thread run other work when this import has held it for a while. */
function pacer(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    }
  };
}

/**
 * Compiler and engine problems imported from a log, shown in the Problems panel (and so offered
 * the "Fix with Monster Gaming" quick fix) even for files no language server checks, like HLSL.
 * Only files inside the workspace folders get problems or are opened.
 */
export class EngineLogDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('monsterGaming.engineLog');
  private shown = 0;
  /** A log describes the file as it was built: once the file is edited, its imported problems are stale. */
  private readonly staleOnEdit = vscode.workspace.onDidChangeTextDocument((e) => {
    const stale = e.contentChanges.length > 0 ? this.collection.get(e.document.uri) : undefined;
    if (stale?.length) {
      this.shown -= stale.length;
      this.collection.delete(e.document.uri);
    }
  });

  constructor(
    /** Writes a line to the extension's output channel. */
    readonly log: (line: string) => void,
    /** Brings the output channel forward. */
    readonly showLog: () => void,
  ) {}

  /** How many imported problems are showing. */
  get problemCount(): number {
    return this.shown;
  }

  /**
   * Shows a parsed log's problems, replacing the previous import. A log with nothing
   * recognisable leaves the previous import in place (all counts are 0).
   */
  async show(parsed: ParsedLog): Promise<ImportSummary> {
    const { problems: found, ...log } = parsed;
    if (found.length === 0) {
      return { files: 0, problems: 0, unresolved: 0, outside: 0, skipped: [], log };
    }
    const resolve = await workspaceResolver(found.flatMap((p) => [p.file, ...(p.related ?? []).map((r) => r.file)]));
    const lines = new LineReader();
    const pace = pacer();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const skipped = new Map<string, SkippedPath>();
    const confined = async (written: string): Promise<string | undefined> => {
      const where = await resolve(written);
      if (where.kind === 'outside' && !skipped.has(written)) {
        skipped.set(written, { path: written, reason: where.reason });
      }
      return where.kind === 'inside' ? where.file : undefined;
    };
    let unresolved = 0;
    let outside = 0;
    for (const problem of found) {
      await pace();
      const file = problem.file === undefined ? undefined : await confined(problem.file);
      if (!file) {
        if (problem.file !== undefined && skipped.has(problem.file)) outside++;
        else unresolved++;
        continue;
      }
      const diagnostic = new vscode.Diagnostic(await rangeOf(problem, file, lines), problem.message, SEVERITIES[problem.severity]);
      diagnostic.source = SOURCE_LABELS[problem.source];
      if (problem.code !== undefined) {
        diagnostic.code = problem.code;
      }
      const related: vscode.DiagnosticRelatedInformation[] = [];
      for (const note of problem.related ?? []) {
        const noteFile = await confined(note.file);
        if (noteFile) {
          const at = new vscode.Position(note.line - 1, (note.column ?? 1) - 1);
          related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(noteFile), at), note.message));
        }
      }
      if (related.length) {
        diagnostic.relatedInformation = related;
      }
      const list = byFile.get(file) ?? [];
      list.push(diagnostic);
      byFile.set(file, list);
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) {
      this.collection.set(vscode.Uri.file(file), diagnostics);
    }
    this.shown = found.length - unresolved - outside;
    return { files: byFile.size, problems: this.shown, unresolved, outside, skipped: [...skipped.values()], log };
  }

  /** Removes every imported problem. */
  clear(): void {
    this.collection.clear();
    this.shown = 0;
  }

  dispose(): void {
    this.staleOnEdit.dispose();
    this.collection.dispose();
  }
}

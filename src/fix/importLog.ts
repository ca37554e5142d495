import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseBuildLog, resolveProblemPath, type ParsedProblem, type ProblemPathOptions, type ProblemSeverity, type ProblemSource } from './logParsers';

/** What one import placed: diagnostics set, the files they are in, and problems whose file is not in the workspace. */
export interface ImportSummary {
  readonly files: number;
  readonly problems: number;
  readonly unresolved: number;
}

const SOURCE_LABELS: Record<ProblemSource, string> = {
  unity: 'Unity',
  msvc: 'MSVC',
  clang: 'Clang',
  godot: 'Godot',
  dxc: 'DXC',
  fxc: 'FXC',
  glslang: 'glslang',
};

const SEVERITIES: Record<ProblemSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const UNDERSTOOD =
  'Monster Gaming reads Unity (console and Editor.log), MSVC and Unreal Build Tool, Clang/GCC, Godot, DXC/FXC and glslang output.';

// Past the end of any real line: VS Code clamps a diagnostic's range to the line it is on.
const LINE_END = 1_000_000;
// Reading a line opens its document (and wakes its language server): only for so many files per import.
const MAX_OPENED_DOCUMENTS = 50;
const EXCLUDE = '**/{node_modules,Library,Intermediate,Binaries,.godot,.git}/**';

/** Folders holding a file matching `glob`, `up` levels above it. */
async function foldersOf(glob: string, up: number): Promise<string[]> {
  const found = await vscode.workspace.findFiles(glob, '**/node_modules/**', 20);
  return found
    .filter((uri) => uri.scheme === 'file')
    .map((uri) => {
      let folder = path.dirname(uri.fsPath);
      for (let i = 0; i < up; i++) folder = path.dirname(folder);
      return folder;
    });
}

/** Resolves log paths to workspace files: by path first, then (relative paths only) by a file name found once in the workspace. */
async function workspaceResolver(problems: readonly ParsedProblem[]): Promise<(file: string) => Promise<string | undefined>> {
  const names = problems.flatMap((p) => [p.file, ...(p.related ?? []).map((r) => r.file)]);
  const [godotRoots, unityRoots, unrealRoots] = await Promise.all([
    names.some((f) => f?.startsWith('res://')) ? foldersOf('**/project.godot', 0) : Promise.resolve([]),
    foldersOf('**/ProjectSettings/ProjectVersion.txt', 1),
    foldersOf('**/*.uproject', 0),
  ]);
  const options: ProblemPathOptions = {
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    godotRoots,
    projectRoots: [...unityRoots, ...unrealRoots],
    exists: (p) => fs.existsSync(p),
  };
  const cache = new Map<string, Promise<string | undefined>>();
  const resolve = async (file: string): Promise<string | undefined> => {
    const direct = resolveProblemPath(file, options);
    const name = path.basename(file.replace(/\\/g, '/'));
    // A shader compiler run from its own folder writes `water.hlsl:14:9`; an absolute path is too specific to guess at.
    if (direct || /^(?:[A-Za-z]:)?[\\/]|^res:\/\//.test(file) || !name || /[*?{}[\]]/.test(name)) {
      return direct;
    }
    const found = await vscode.workspace.findFiles(`**/${name}`, EXCLUDE, 2);
    return found.length === 1 && found[0].scheme === 'file' ? found[0].fsPath : undefined;
  };
  return (file) => {
    let result = cache.get(file);
    if (!result) {
      result = resolve(file);
      cache.set(file, result);
    }
    return result;
  };
}

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

/**
 * Compiler and engine problems imported from a log, shown in the Problems panel (and so offered
 * the "Fix with Monster Gaming" quick fix) even for files no language server checks, like HLSL.
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

  /** How many imported problems are showing. */
  get problemCount(): number {
    return this.shown;
  }

  /**
   * Parses a log and shows its problems, replacing the previous import. A log with nothing
   * recognisable leaves the previous import in place (all counts are 0).
   */
  async importText(text: string): Promise<ImportSummary> {
    const parsed = parseBuildLog(text);
    if (parsed.length === 0) {
      return { files: 0, problems: 0, unresolved: 0 };
    }
    const resolve = await workspaceResolver(parsed);
    const lines = new LineReader();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    let unresolved = 0;
    for (const problem of parsed) {
      const file = problem.file === undefined ? undefined : await resolve(problem.file);
      if (!file) {
        unresolved++;
        continue;
      }
      const diagnostic = new vscode.Diagnostic(await rangeOf(problem, file, lines), problem.message, SEVERITIES[problem.severity]);
      diagnostic.source = SOURCE_LABELS[problem.source];
      if (problem.code !== undefined) {
        diagnostic.code = problem.code;
      }
      const related: vscode.DiagnosticRelatedInformation[] = [];
      for (const note of problem.related ?? []) {
        const noteFile = await resolve(note.file);
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
    this.shown = parsed.length - unresolved;
    return { files: byFile.size, problems: this.shown, unresolved };
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

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Decodes a log file: UTF-8, or UTF-16 when it starts with a byte order mark (PowerShell's `>` writes UTF-16LE). */
function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder().decode(bytes);
}

interface LogInput {
  readonly text: string;
  /** How the message names it: `Editor.log`, `the clipboard`. */
  readonly name: string;
}

async function readLogFile(): Promise<LogInput | undefined> {
  const [uri] =
    (await vscode.window.showOpenDialog({
      title: 'Import Engine Log',
      openLabel: 'Import',
      canSelectMany: false,
      filters: { 'Log files': ['log', 'txt'], 'All files': ['*'] },
    })) ?? [];
  if (!uri) {
    return undefined;
  }
  const name = path.posix.basename(uri.path);
  try {
    return { text: decode(await vscode.workspace.fs.readFile(uri)), name };
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not read ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

interface SourcePick extends vscode.QuickPickItem {
  readonly from: 'file' | 'clipboard' | 'clear';
}

/**
 * Monster Gaming: Import Engine Log (`monsterGaming.importEngineLog`): reads a Unity, Unreal,
 * Godot or shader compiler log from a file or the clipboard and shows its problems in place.
 */
export async function importEngineLog(diagnostics: EngineLogDiagnostics): Promise<void> {
  const picks: SourcePick[] = [
    { from: 'file', label: '$(file) From a file…', description: 'Editor.log, a build log, saved compiler output' },
    { from: 'clipboard', label: '$(clippy) From the clipboard', description: 'Output copied from the console or a terminal' },
  ];
  if (diagnostics.problemCount > 0) {
    picks.push({ from: 'clear', label: '$(clear-all) Clear Imported Problems', description: plural(diagnostics.problemCount, 'problem') });
  }
  const pick = await vscode.window.showQuickPick(picks, { title: 'Monster Gaming: Import Engine Log', placeHolder: 'Where is the log?' });
  if (!pick) {
    return;
  }
  if (pick.from === 'clear') {
    diagnostics.clear();
    return;
  }
  const input = pick.from === 'file' ? await readLogFile() : { text: await vscode.env.clipboard.readText(), name: 'the clipboard' };
  if (!input) {
    return;
  }
  const title = input.name.charAt(0).toUpperCase() + input.name.slice(1);
  if (!input.text.trim()) {
    void vscode.window.showWarningMessage(`${title} is empty. ${UNDERSTOOD}`);
    return;
  }
  const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Importing engine log' }, () =>
    diagnostics.importText(input.text),
  );
  if (summary.problems === 0 && summary.unresolved === 0) {
    void vscode.window.showWarningMessage(`No compiler or engine errors found in ${input.name}. ${UNDERSTOOD}`);
    return;
  }
  if (summary.problems === 0) {
    void vscode.window.showWarningMessage(
      `Found ${plural(summary.unresolved, 'problem')} in ${input.name}, but none could be matched to a workspace file. Open the project folder the log was built from.`,
    );
    return;
  }
  const unmatched = summary.unresolved ? `; ${summary.unresolved} could not be matched to a workspace file` : '';
  const message = `Imported ${plural(summary.problems, 'problem')} in ${plural(summary.files, 'file')} from ${input.name}${unmatched}.`;
  if ((await vscode.window.showInformationMessage(message, 'Show Problems')) === 'Show Problems') {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
}

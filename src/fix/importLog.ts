/**
 * Monster Gaming: Import Engine Log: where the log comes from (a file, streamed; the clipboard),
 * and what the user is told afterwards: what was imported, what was skipped as outside the
 * workspace and what of the log was left out (the details go to the output channel).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineLogDiagnostics, ImportSummary } from './engineLogDiagnostics';
import { MAX_LINE_CHARS, MAX_PROBLEMS } from './logParsers';
import { MAX_LOG_BYTES, parseLogFile, parseLogText, type ParsedLog } from './logReader';
import type { OutsideReason } from './problemPaths';

const understood = (): string =>
  vscode.l10n.t('Monster Gaming reads Unity (console and Editor.log), MSVC and Unreal Build Tool, Clang/GCC, Godot, DXC/FXC and glslang output.');

function problems(count: number): string {
  return count === 1 ? vscode.l10n.t('1 problem') : vscode.l10n.t('{0} problems', count.toLocaleString('en-US'));
}

function files(count: number): string {
  return count === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', count.toLocaleString('en-US'));
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}

const REASONS: Record<OutsideReason, () => string> = {
  network: () => vscode.l10n.t('a network path'),
  device: () => vscode.l10n.t('a device'),
  'leaves-godot-project': () => vscode.l10n.t('leaves the Godot project'),
  elsewhere: () => vscode.l10n.t('outside the workspace folders'),
  'link-outside': () => vscode.l10n.t('a link to a file outside the workspace folders'),
};

/** Sentences saying what of the log was left out: its start, long lines' ends, old problems. */
function cutNotes(log: ImportSummary['log'], name: string, unit: 'bytes' | 'characters'): string[] {
  const notes: string[] = [];
  if (log.read < log.total) {
    notes.push(
      unit === 'bytes'
        ? vscode.l10n.t('Read the last {0} MB of {1} MB of {2} (the newest output).', megabytes(log.read), megabytes(log.total), name)
        : vscode.l10n.t('Read the last {0} of {1} characters of {2} (the newest output).', log.read.toLocaleString('en-US'), log.total.toLocaleString('en-US'), name),
    );
  }
  if (log.cutLines > 0) {
    notes.push(vscode.l10n.t('{0} lines longer than {1} characters were cut.', log.cutLines.toLocaleString('en-US'), MAX_LINE_CHARS.toLocaleString('en-US')));
  }
  if (log.droppedProblems > 0) {
    notes.push(vscode.l10n.t('Only the newest {0} problems were kept.', MAX_PROBLEMS.toLocaleString('en-US')));
  }
  return notes;
}

/** Lists what was skipped and cut in the output channel; returns the sentences for the summary message (Show Details opens the list). */
function report(diagnostics: EngineLogDiagnostics, summary: ImportSummary, name: string, unit: 'bytes' | 'characters'): string[] {
  const notes = cutNotes(summary.log, name, unit);
  for (const note of notes) {
    diagnostics.log(`Import Engine Log (${name}): ${note}`);
  }
  if (summary.skipped.length === 0) {
    return notes;
  }
  diagnostics.log(
    `Import Engine Log (${name}): skipped ${summary.skipped.length} path(s) outside the workspace folders; they were not opened and got no problems:`,
  );
  for (const skipped of summary.skipped) {
    diagnostics.log(`  ${skipped.path} (${REASONS[skipped.reason]()})`);
  }
  const sentence =
    summary.outside === 1
      ? vscode.l10n.t('1 problem was skipped: its file is outside the workspace (not opened).')
      : summary.outside > 1
        ? vscode.l10n.t('{0} problems were skipped: their files are outside the workspace (not opened).', summary.outside)
        : vscode.l10n.t('Notes naming files outside the workspace were skipped (not opened).');
  return [sentence, ...notes];
}

/** Decodes a log file read whole: UTF-8, or UTF-16 when it starts with a byte order mark (PowerShell's `>` writes UTF-16LE). */
function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder().decode(bytes);
}

/** A log file: streamed from disk; on other file systems read whole, when it is not too big for that. */
async function parseFile(uri: vscode.Uri): Promise<ParsedLog> {
  if (uri.scheme === 'file') {
    return parseLogFile(uri.fsPath);
  }
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > MAX_LOG_BYTES) {
    throw new Error(vscode.l10n.t('it is {0} MB; save it to a local disk to import it.', megabytes(size)));
  }
  const parsed = await parseLogText(decode(await vscode.workspace.fs.readFile(uri)));
  return { ...parsed, total: size, read: size };
}

async function pickLogFile(): Promise<vscode.Uri | undefined> {
  const [uri] =
    (await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Import Engine Log'),
      openLabel: vscode.l10n.t('Import'),
      canSelectMany: false,
      filters: { [vscode.l10n.t('Log files')]: ['log', 'txt'], [vscode.l10n.t('All files')]: ['*'] },
    })) ?? [];
  return uri;
}

interface SourcePick extends vscode.QuickPickItem {
  readonly from: 'file' | 'clipboard' | 'clear';
}

/** Where the log comes from, as the user picked it; undefined when they cleared or cancelled. */
async function pickSource(diagnostics: EngineLogDiagnostics): Promise<'file' | 'clipboard' | undefined> {
  const picks: SourcePick[] = [
    { from: 'file', label: `$(file) ${vscode.l10n.t('From a file…')}`, description: vscode.l10n.t('Editor.log, a build log, saved compiler output') },
    { from: 'clipboard', label: `$(clippy) ${vscode.l10n.t('From the clipboard')}`, description: vscode.l10n.t('Output copied from the console or a terminal') },
  ];
  if (diagnostics.problemCount > 0) {
    picks.push({ from: 'clear', label: `$(clear-all) ${vscode.l10n.t('Clear Imported Problems')}`, description: problems(diagnostics.problemCount) });
  }
  const pick = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Monster Gaming: Import Engine Log'), placeHolder: vscode.l10n.t('Where is the log?') });
  if (pick?.from === 'clear') {
    diagnostics.clear();
    return undefined;
  }
  return pick?.from;
}

/**
 * Monster Gaming: Import Engine Log (`monsterGaming.importEngineLog`): reads a Unity, Unreal,
 * Godot or shader compiler log from a file or the clipboard and shows its problems in place.
 * Given a log file's URI (the agent's `import_engine_log`, tests), it imports that file without
 * asking. Resolves to what was imported once the problems show (the message does not wait for a click).
 */
export async function importEngineLog(diagnostics: EngineLogDiagnostics, logFile?: vscode.Uri): Promise<ImportSummary | undefined> {
  const from = logFile ? 'file' : await pickSource(diagnostics);
  const uri = from === 'file' ? (logFile ?? (await pickLogFile())) : undefined;
  if (!from || (from === 'file' && !uri)) {
    return undefined;
  }
  const name = uri ? path.posix.basename(uri.path) : vscode.l10n.t('the clipboard');
  let parsed: ParsedLog | undefined;
  try {
    parsed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Importing engine log') }, async () => {
      if (uri) return parseFile(uri);
      const text = await vscode.env.clipboard.readText();
      return text.trim() ? parseLogText(text) : undefined;
    });
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read {0}: {1}', name, error instanceof Error ? error.message : String(error)));
    return undefined;
  }
  if (!parsed || parsed.total === 0) {
    void vscode.window.showWarningMessage(`${vscode.l10n.t('{0} is empty.', name.charAt(0).toUpperCase() + name.slice(1))} ${understood()}`);
    return undefined;
  }
  const summary = await diagnostics.show(parsed);
  const notes = report(diagnostics, summary, name, uri ? 'bytes' : 'characters');
  const withNotes = (first: string): string => [first, ...notes].join(' ');
  const showDetails = vscode.l10n.t('Show Details');
  const detailsAction = notes.length > 0 ? [showDetails] : [];
  if (summary.problems === 0 && summary.unresolved === 0 && summary.outside === 0) {
    void vscode.window.showWarningMessage(withNotes(`${vscode.l10n.t('No compiler or engine errors found in {0}.', name)} ${understood()}`));
    return summary;
  }
  if (summary.problems === 0) {
    const found = vscode.l10n.t('Found {0} in {1}, but none could be matched to a workspace file. Open the project folder the log was built from.', problems(summary.unresolved + summary.outside), name);
    void vscode.window.showWarningMessage(withNotes(found), ...detailsAction).then((choice) => choice === showDetails && diagnostics.showLog());
    return summary;
  }
  const imported = vscode.l10n.t('Imported {0} in {1} from {2}.', problems(summary.problems), files(summary.files), name);
  const unmatched = summary.unresolved ? ` ${vscode.l10n.t('{0} could not be matched to a workspace file.', summary.unresolved)}` : '';
  const showProblems = vscode.l10n.t('Show Problems');
  void vscode.window.showInformationMessage(withNotes(`${imported}${unmatched}`), showProblems, ...detailsAction).then((choice) => {
    if (choice === showProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === showDetails) diagnostics.showLog();
  });
  return summary;
}

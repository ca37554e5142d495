/**
 * `#file:` and `#folder:`: workspace files, confined to the workspace folders (symlinks
 * resolved), binaries refused, each bounded and cut around what matters (fileText.ts says what
 * that is). An open document is read from its editor, unsaved changes included.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContextItem } from '../answering/contextTypes';
import type { Mention } from '../shared/mentions';
import { FILE_BUDGET, FOLDER_FILE_BUDGET, FOLDER_FILES_BUDGET, FOLDER_TREE_BUDGET, MAX_READ_BYTES } from './budgets';
import { cutFile, decodeFile, fenceLanguage, languageForPath, splitLines, type Focus, type OutlineEntry } from './fileText';
import { chooseFiles, outerGitignores, renderTree, walkFolder } from './folderWalk';
import { ContextRefusal, type GatherEnv, type Gathered } from './gatherTypes';
import type { WorkspacePath } from './workspacePaths';

/** A file's text as the user sees it now. */
interface FileText {
  readonly text: string;
  readonly language: string;
  /** Said when only the first MAX_READ_BYTES were read. */
  readonly readNote?: string;
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

/** The open document for `absolute`, if an editor has it (its text may be unsaved). */
function openDocument(absolute: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolute);
}

/** Reads at most `limit` bytes of a file (binaries refused). `shown` is how the user wrote it. */
export async function readFileText(absolute: string, shown: string, limit: number = MAX_READ_BYTES): Promise<FileText> {
  const open = openDocument(absolute);
  if (open) return { text: open.getText(), language: fenceLanguage(open.languageId) };
  const handle = await fs.promises.open(absolute, 'r');
  try {
    const { size } = await handle.stat();
    const want = Math.min(size, limit);
    const buffer = Buffer.alloc(want);
    const { bytesRead } = await handle.read(buffer, 0, want, 0);
    const decoded = decodeFile(buffer.subarray(0, bytesRead));
    if (decoded.kind === 'binary') {
      throw new ContextRefusal(vscode.l10n.t('{0} is a binary file: only text files can be attached.', shown));
    }
    return { text: decoded.text, language: languageForPath(absolute), ...(size > limit ? { readNote: `only the first ${mb(limit)} of ${mb(size)} read` } : {}) };
  } finally {
    await handle.close();
  }
}

/** Says why a path is not attached; every refusal names the path as written. */
export function pathRefusal(resolved: Exclude<WorkspacePath, { kind: 'inside' }>, written: string, want: 'file' | 'folder'): ContextRefusal {
  if (resolved.kind === 'missing') {
    return new ContextRefusal(
      want === 'file'
        ? vscode.l10n.t('There is no file {0} in the workspace. Paths are relative to the workspace folder; type # to pick one.', written)
        : vscode.l10n.t('There is no folder {0} in the workspace. Paths are relative to the workspace folder; type # to pick one.', written),
    );
  }
  if (resolved.reason === 'network') return new ContextRefusal(vscode.l10n.t('{0} is a network path: only files inside the workspace folders can be attached.', written));
  if (resolved.reason === 'device') return new ContextRefusal(vscode.l10n.t('{0} names a device: only files inside the workspace folders can be attached.', written));
  return new ContextRefusal(vscode.l10n.t('{0} is outside the workspace: only files inside the workspace folders can be attached. Nothing was read.', written));
}

const severityRank = (severity: vscode.DiagnosticSeverity): number => severity;

/** Where to cut a large file: the cursor of its editor, else its most severe diagnostic. */
function focusFor(uri: vscode.Uri): Focus | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.toString() === uri.toString()) {
    return { line: editor.selection.active.line + 1, reason: 'the cursor' };
  }
  const worst = [...vscode.languages.getDiagnostics(uri)].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.range.start.line - b.range.start.line)[0];
  if (!worst) return undefined;
  const word = ['error', 'warning', 'info', 'hint'][worst.severity] ?? 'problem';
  return { line: worst.range.start.line + 1, reason: `the first ${word}` };
}

/** The document's symbols, flattened (names, kinds, lines), for the outline of a file cut to its head. */
async function outlineOf(uri: vscode.Uri): Promise<OutlineEntry[]> {
  const symbols = await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined>('vscode.executeDocumentSymbolProvider', uri).then(
    (result) => result ?? [],
    () => [],
  );
  const out: OutlineEntry[] = [];
  const visit = (list: ReadonlyArray<vscode.DocumentSymbol | vscode.SymbolInformation>, depth: number): void => {
    for (const symbol of list) {
      if (out.length >= 2000) return;
      const range = 'range' in symbol ? symbol.range : symbol.location.range;
      out.push({ name: symbol.name, kind: vscode.SymbolKind[symbol.kind].toLowerCase(), line: range.start.line + 1, depth });
      if ('children' in symbol) visit(symbol.children, depth + 1);
    }
  };
  visit(symbols, 0);
  return out.sort((a, b) => a.line - b.line);
}

function lineCount(text: string): number {
  return splitLines(text).lines.length;
}

/** `#file:<path>` */
export async function gatherFile(mention: Mention, env: GatherEnv): Promise<Gathered> {
  const written = mention.argument ?? '';
  const resolved = await env.paths.resolve(written, 'file');
  if (resolved.kind !== 'inside') {
    if (resolved.kind === 'missing' && (await env.paths.resolve(written, 'folder')).kind === 'inside') {
      throw new ContextRefusal(vscode.l10n.t('{0} is a folder: mention it as #folder:{1}.', written, written));
    }
    throw pathRefusal(resolved, written, 'file');
  }
  const file = await readFileText(resolved.absolute, written);
  const uri = vscode.Uri.file(resolved.absolute);
  const focus = focusFor(uri);
  const needsOutline = !focus && file.text.length > FILE_BUDGET;
  const outline = needsOutline ? await outlineOf(uri) : [];
  const cut = cutFile(file.text, FILE_BUDGET, focus, outline, file.readNote);
  const item: ContextItem = {
    kind: 'file',
    label: mention.label,
    path: resolved.relative,
    language: file.language,
    text: cut.text,
    explicit: true,
    ...(cut.span ? { span: cut.span } : {}),
    ...(cut.cut ? { cut: cut.cut } : {}),
  };
  const lines = lineCount(file.text);
  return { items: [item], attachment: { kind: 'file', label: mention.label, detail: cut.cut ?? `${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'}` } };
}

/** `#folder:<path>`: its tree, then the files that fit the folder's budget, each its own item. */
export async function gatherFolder(mention: Mention, env: GatherEnv): Promise<Gathered> {
  const written = mention.argument ?? '';
  const resolved = await env.paths.resolve(written, 'folder');
  if (resolved.kind !== 'inside') {
    if (resolved.kind === 'missing' && (await env.paths.resolve(written, 'file')).kind === 'inside') {
      throw new ContextRefusal(vscode.l10n.t('{0} is a file: mention it as #file:{1}.', written, written));
    }
    throw pathRefusal(resolved, written, 'folder');
  }
  const folder = env.folders.find((f) => resolved.absolute === f.path || resolved.absolute.startsWith(f.path + path.sep));
  const outer = folder ? await outerGitignores(folder.path, resolved.absolute) : [];
  const walk = await walkFolder(resolved.absolute, env.deadline, outer);
  const { chosen, leftOut } = chooseFiles(walk, FOLDER_FILES_BUDGET, FOLDER_FILE_BUDGET);
  const prefix = resolved.relative === '.' ? '' : `${resolved.relative}/`;
  const items: ContextItem[] = [];
  let skipped = leftOut;
  for (const entry of chosen) {
    if (env.signal.aborted) {
      skipped++;
      continue;
    }
    const absolute = path.join(resolved.absolute, ...entry.path.split('/'));
    // Each file is confined again: a link inside the folder may point out of the workspace.
    if (!(await env.paths.isInsideFile(absolute))) {
      skipped++;
      continue;
    }
    try {
      const file = await readFileText(absolute, `${prefix}${entry.path}`, FOLDER_FILE_BUDGET * 4);
      const cut = cutFile(file.text, FOLDER_FILE_BUDGET, undefined, [], file.readNote);
      items.push({
        kind: 'folder',
        label: `${mention.label} › ${entry.path}`,
        path: `${prefix}${entry.path}`,
        language: file.language,
        text: cut.text,
        explicit: true,
        ...(cut.span ? { span: cut.span } : {}),
        ...(cut.cut ? { cut: cut.cut } : {}),
      });
    } catch {
      skipped++; // Binary, or gone since the walk: the tree still lists it.
    }
  }
  const tree = renderTree(walk, FOLDER_TREE_BUDGET);
  const treeItem: ContextItem = {
    kind: 'folder',
    label: mention.label,
    path: resolved.relative,
    language: 'text',
    text: tree || '(empty folder)',
    explicit: true,
    ...(skipped > 0 ? { cut: `the tree; ${items.length} of its files attached, ${skipped} not (over the budget, binary or unreadable)` } : {}),
  };
  const entries = walk.entries.length;
  return {
    items: [treeItem, ...items],
    attachment: {
      kind: 'folder',
      label: mention.label,
      detail: `a tree of ${entries.toLocaleString('en-US')} entr${entries === 1 ? 'y' : 'ies'} and ${items.length} file${items.length === 1 ? '' : 's'}${skipped ? ` (${skipped} more not attached)` : ''}`,
    },
  };
}

/**
 * Context the user controls, for the sidebar: reads the `#` mentions of a question and turns each
 * into bounded items through its gatherer (each bounded in time too), adds the active editor
 * unless the user removed its chip, and says plainly what could not be attached. Also offers the
 * picker its completions and tells the view which active-editor chip to show.
 */
import * as vscode from 'vscode';
import type { ContextItem } from '../answering/contextTypes';
import { fuzzyFilter } from '../shared/fuzzy';
import { parseMentions, type Mention, type MentionProblem } from '../shared/mentions';
import type { AttachmentView, CandidateKind, CandidateView, ContextProblemView, MentionView } from '../shared/protocol';
import { Disposable } from '../util/lifecycle';
import { GATHER_TIMEOUT_MS, MAX_CANDIDATE_FILES, MAX_CANDIDATES } from './budgets';
import { gatherChanges } from './changesGatherer';
import { activeEditorChip, gatherActiveEditor, gatherProblems, gatherSelection } from './editorGatherers';
import { gatherFile, gatherFolder } from './fileGatherers';
import { ALWAYS_SKIPPED } from './folderWalk';
import { pathRefusal } from './fileGatherers';
import { ContextRefusal, type GatherEnv, type Gathered } from './gatherTypes';
import { symbolCandidates, gatherSymbol } from './symbolGatherer';
import type { TerminalRecorder } from './terminalRecorder';
import { WorkspacePaths, type WorkspaceFolderPath } from './workspacePaths';

/** What a question carries, or why it cannot be sent as written. */
export interface ResolvedContext {
  readonly items: readonly ContextItem[];
  /** The chips listed on the sent message, in the order of the text (the active editor last). */
  readonly attachments: readonly AttachmentView[];
  /** Mentions that could not be attached: the question is not sent while there are any. */
  readonly problems: readonly ContextProblemView[];
}

export interface ContextServiceDeps {
  readonly includeActiveEditor: () => boolean;
  readonly terminal: TerminalRecorder;
  /** The workspace folders (file system ones); defaults to VS Code's. Tests pass a temp folder. */
  readonly folders?: () => readonly WorkspaceFolderPath[];
  readonly log?: (line: string) => void;
}

/** The message for a mention the parser could not use. */
function parserProblem(problem: MentionProblem): ContextProblemView {
  const label = problem.text;
  switch (problem.code) {
    case 'missing-argument':
      return { label, message: problem.kind === 'symbol' ? vscode.l10n.t('{0} needs a symbol name after the colon, e.g. #symbol:PlayerController.', label) : vscode.l10n.t('{0} needs a workspace-relative path after the colon, e.g. #file:Assets/Scripts/Player.cs.', label) };
    case 'unknown-argument':
      return { label, message: problem.kind === 'problems' ? vscode.l10n.t('{0}: write #problems for the active file or #problems:all for the whole workspace.', label) : vscode.l10n.t('{0}: #{1} takes nothing after it.', label, problem.kind) };
    case 'unclosed-quote':
      return { label, message: vscode.l10n.t('{0}: the quote is not closed. Write a path with spaces as #file:"My Folder/My File.cs".', label) };
    case 'not-available':
      return { label, message: vscode.l10n.t('#codebase is not available yet: it comes with the codebase index. Remove it to send, or attach files with #file: and #folder:.') };
    case 'too-many':
      return { label: `+${problem.text}`, message: vscode.l10n.t('One question can attach at most 20 items; {0} more were mentioned. Remove some, or mention a #folder: instead of its files.', problem.text) };
  }
}

/** Builds glob excludes from the folders a walk always skips. */
const EXCLUDE = `**/{${[...ALWAYS_SKIPPED].join(',')}}/**`;

export class ContextService extends Disposable {
  private readonly chipChanged = this.register(new vscode.EventEmitter<AttachmentView | null>());
  /** The active editor's chip changed (another editor, selection, scrolling, the setting). */
  readonly onDidChangeActiveEditorChip = this.chipChanged.event;
  private lastChip = 'null';
  private chipTimer: ReturnType<typeof setTimeout> | undefined;
  private files: { list: readonly string[]; at: number } | undefined;

  constructor(private readonly deps: ContextServiceDeps) {
    super();
    const changed = (): void => this.scheduleChip();
    this.register(vscode.window.onDidChangeActiveTextEditor(changed));
    this.register(vscode.window.onDidChangeTextEditorSelection(changed));
    this.register(vscode.window.onDidChangeTextEditorVisibleRanges(changed));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => (this.files = undefined)));
    this.register({ dispose: () => clearTimeout(this.chipTimer) });
  }

  private folders(): readonly WorkspaceFolderPath[] {
    if (this.deps.folders) return this.deps.folders();
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ path: f.uri.fsPath, name: f.name }));
  }

  private paths(): WorkspacePaths {
    return new WorkspacePaths(this.folders());
  }

  /** The chip the view should show for the active editor now. */
  activeEditorChip(): AttachmentView | null {
    return this.deps.includeActiveEditor() ? activeEditorChip(this.paths()) : null;
  }

  /** Re-reads the chip soon (selection and scrolling fire often) and fires when it changed. */
  scheduleChip(): void {
    clearTimeout(this.chipTimer);
    this.chipTimer = setTimeout(() => {
      const chip = this.activeEditorChip();
      const key = JSON.stringify(chip);
      if (key === this.lastChip) return;
      this.lastChip = key;
      this.chipChanged.fire(chip);
    }, 150);
  }

  /**
   * The mentions of a draft, for the chips: each with what is wrong with it, if anything can be
   * told without reading (the parser's problems; a path outside the workspace or not there).
   */
  async mentions(text: string): Promise<MentionView[]> {
    const parsed = parseMentions(text);
    const paths = this.paths();
    const views: MentionView[] = await Promise.all(
      parsed.mentions.map(async (m): Promise<MentionView> => {
        const view = { kind: m.kind, label: m.label, start: m.start, end: m.end };
        if ((m.kind !== 'file' && m.kind !== 'folder') || m.argument === undefined) return view;
        const want = m.kind;
        const resolved = await paths.resolve(m.argument, want).catch(() => undefined);
        return resolved && resolved.kind !== 'inside' ? { ...view, problem: pathRefusal(resolved, m.argument, want).message } : view;
      }),
    );
    for (const problem of parsed.problems) {
      if (problem.code !== 'too-many') views.push({ kind: problem.kind, label: problem.text, start: problem.start, end: problem.end, problem: parserProblem(problem).message });
    }
    return views.sort((a, b) => a.start - b.start);
  }

  /** Everything `text` attaches, with the active editor unless `includeActiveEditor` is false. */
  async resolve(text: string, options: { readonly includeActiveEditor: boolean }): Promise<ResolvedContext> {
    const parsed = parseMentions(text);
    const problems: ContextProblemView[] = parsed.problems.map(parserProblem);
    const folders = this.folders();
    const paths = new WorkspacePaths(folders);
    const results = await Promise.all(parsed.mentions.map((mention) => this.gatherOne(mention, folders, paths)));
    const items: ContextItem[] = [];
    const attachments: AttachmentView[] = [];
    for (const [index, result] of results.entries()) {
      if ('message' in result) problems.push({ label: parsed.mentions[index].label, message: result.message });
      else {
        items.push(...result.items);
        attachments.push(result.attachment);
      }
    }
    if (options.includeActiveEditor && this.deps.includeActiveEditor()) {
      const editor = this.safely(() => gatherActiveEditor(paths));
      // Not twice: a file or selection the question mentions already carries it.
      if (editor && !items.some((item) => item.path === editor.items[0]?.path && (item.kind === 'file' || item.kind === 'selection'))) {
        items.push(...editor.items);
        attachments.push(editor.attachment);
      }
    }
    return { items, attachments, problems };
  }

  private safely<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      this.deps.log?.(`Could not read the active editor: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** One mention's items, or the message saying why not; never throws, never takes longer than GATHER_TIMEOUT_MS. */
  private async gatherOne(mention: Mention, folders: readonly WorkspaceFolderPath[], paths: WorkspacePaths): Promise<Gathered | { message: string }> {
    const controller = new AbortController();
    const env: GatherEnv = { folders, paths, deadline: Date.now() + GATHER_TIMEOUT_MS, signal: controller.signal };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<{ message: string }>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ message: vscode.l10n.t('{0} took longer than {1} seconds to read and was left out. Try a smaller folder or file.', mention.label, String(GATHER_TIMEOUT_MS / 1000)) });
      }, GATHER_TIMEOUT_MS + 500);
    });
    try {
      return await Promise.race([this.gather(mention, env), timeout]);
    } catch (error) {
      if (error instanceof ContextRefusal) return { message: error.message };
      const detail = error instanceof Error ? error.message : String(error);
      this.deps.log?.(`Attaching ${mention.label} failed: ${detail}`);
      return { message: vscode.l10n.t('{0} could not be attached: {1}', mention.label, detail) };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  private async gather(mention: Mention, env: GatherEnv): Promise<Gathered> {
    if (needsWorkspace(mention) && env.folders.length === 0) {
      throw new ContextRefusal(vscode.l10n.t('{0} needs a workspace: open the folder of your project (File: Open Folder…), then send again.', mention.label));
    }
    switch (mention.kind) {
      case 'file':
        return gatherFile(mention, env);
      case 'folder':
        return gatherFolder(mention, env);
      case 'selection':
        return gatherSelection(mention, env);
      case 'problems':
        return gatherProblems(mention, env);
      case 'terminal':
        return this.deps.terminal.gather(mention);
      case 'changes':
        return gatherChanges(mention, env);
      case 'symbol':
        return gatherSymbol(mention, env);
      case 'codebase':
        throw new ContextRefusal(vscode.l10n.t('#codebase is not available yet: it comes with the codebase index. Remove it to send, or attach files with #file: and #folder:.'));
    }
  }

  /** The picker's completions for `#file:`, `#folder:` or `#symbol:` and what has been typed after it. */
  async candidates(kind: CandidateKind, query: string): Promise<CandidateView[]> {
    try {
      if (kind === 'symbol') return await symbolCandidates(query, this.paths());
      const files = await this.workspaceFiles();
      const list = kind === 'file' ? files : folderList(files);
      return fuzzyFilter(query, list, (p) => p, MAX_CANDIDATES).map((p) => {
        const slash = p.lastIndexOf('/');
        return { value: p, label: slash >= 0 ? p.slice(slash + 1) : p, ...(slash > 0 ? { description: p.slice(0, slash) } : {}) };
      });
    } catch (error) {
      this.deps.log?.(`Could not list ${kind} candidates: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  /** Workspace files (relative paths), listed at most every 10 s, at most MAX_CANDIDATE_FILES. */
  private async workspaceFiles(): Promise<readonly string[]> {
    if (this.files && Date.now() - this.files.at < 10_000) return this.files.list;
    const paths = this.paths();
    const uris = this.deps.folders
      ? [] // Tests with their own folders list nothing through VS Code.
      : await vscode.workspace.findFiles('**/*', EXCLUDE, MAX_CANDIDATE_FILES);
    const list = uris.map((u) => paths.relative(u.fsPath)).filter((p): p is string => p !== undefined).sort();
    this.files = { list, at: Date.now() };
    return list;
  }
}

/** Kinds that read the workspace and mean nothing without one. */
function needsWorkspace(mention: Mention): boolean {
  return mention.kind === 'file' || mention.kind === 'folder' || mention.kind === 'symbol' || mention.kind === 'changes' || (mention.kind === 'problems' && mention.argument === 'all');
}

/** The folders that hold the listed files, each once. */
function folderList(files: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    for (let at = file.indexOf('/'); at > 0; at = file.indexOf('/', at + 1)) folders.add(file.slice(0, at));
  }
  return [...folders].sort();
}


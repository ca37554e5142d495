/**
 * Project rules per workspace folder, for the answering engine: read through
 * vscode.workspace.fs (local, remote and web alike), kept until a file watcher reports a change
 * that concerns them, and chosen per question by the pure core (selectRules.ts).
 */
import * as vscode from 'vscode';
import type { ProjectRule } from '../answering/contextTypes';
import { questionFolder, workspaceProfileFiles } from '../engine/workspaceEngine';
import { Disposable } from '../util/lifecycle';
import { withoutTrailingSlashes } from '../util/text';
import { RuleReader } from './ruleReader';
import { selectRules, type RulesSelection } from './selectRules';
import type { RuleFile } from './ruleTypes';

/**
 * A file a question carries: a URI (mapped to its workspace folder; ignored when it is in another
 * folder or none), or a path relative to the question's folder (`Assets/Shaders/Foam.hlsl`,
 * '/'-separated, as `ContextItem.path`).
 */
export type QuestionFile = vscode.Uri | string;

interface FolderRules {
  readonly folder: vscode.Uri;
  readonly reader: RuleReader;
  readonly watcher: vscode.Disposable;
}

/** `uri`'s path relative to `folder`, or undefined when it is not inside it. */
export function relativeTo(folder: vscode.Uri, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== folder.scheme || uri.authority !== folder.authority) return undefined;
  const base = withoutTrailingSlashes(folder.path);
  return uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : undefined;
}

export class ProjectRules extends Disposable {
  private readonly folders = new Map<string, FolderRules>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  /** A folder's rules files changed (its URI): what `rulesFor` answers may have changed. */
  readonly onDidChange = this.changed.event;

  /**
   * @param folderOf VS Code's answer to "which workspace folder is this question about" (the one
   *   holding the URI, else the first); passed in so tests can give folders of their own.
   */
  constructor(private readonly folderOf: (uri?: vscode.Uri) => vscode.Uri | undefined = questionFolder) {
    super();
    this.register({
      dispose: () => {
        for (const entry of this.folders.values()) entry.watcher.dispose();
        this.folders.clear();
      },
    });
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) this.forget(removed.uri);
      }),
    );
  }

  /**
   * The rules that apply to a question carrying `files` (mentions, the selection's file, the
   * active editor), in sending order and bounded. The folder is `folder`, else the one holding the
   * first URI among `files`, else the first workspace folder; none (no folder open): no rules.
   */
  async rulesFor(files: readonly QuestionFile[], folder?: vscode.Uri): Promise<ProjectRule[]> {
    return [...(await this.selectionFor(files, folder)).rules];
  }

  /** Like `rulesFor`, with the files not sent (or cut) and why: for logs and the header's tooltip. */
  async selectionFor(files: readonly QuestionFile[], folder?: vscode.Uri): Promise<RulesSelection & { readonly folder?: vscode.Uri }> {
    const target = folder ?? this.folderOf(files.find((f): f is vscode.Uri => typeof f !== 'string'));
    if (!target || this.isDisposed) return { rules: [], problems: [] };
    const paths = files.flatMap((file) => {
      if (typeof file === 'string') return [file];
      const relative = relativeTo(target, file);
      return relative === undefined ? [] : [relative];
    });
    return { ...selectRules(await this.filesOf(target, paths), paths), folder: target };
  }

  /** Every rules file of a folder that applies without a file to match (and those that could not be read). */
  async folderFiles(folder?: vscode.Uri): Promise<RuleFile[]> {
    const target = folder ?? this.folderOf();
    return target && !this.isDisposed ? this.filesOf(target, []) : [];
  }

  private filesOf(folder: vscode.Uri, paths: readonly string[]): Promise<RuleFile[]> {
    return this.entry(folder).reader.read(paths);
  }

  private entry(folder: vscode.Uri): FolderRules {
    const key = folder.toString();
    let entry = this.folders.get(key);
    if (!entry) {
      const reader = new RuleReader(workspaceProfileFiles(folder));
      entry = { folder, reader, watcher: this.watch(folder, reader) };
      this.folders.set(key, entry);
    }
    return entry;
  }

  /**
   * One watcher per folder read: any created, changed or deleted path that concerns what the
   * reader read (a rules file, a folder it listed, an entry of one) drops the folder's cache. A
   * `**` watcher, because a rules file can also appear by a folder being moved or checked out.
   */
  private watch(folder: vscode.Uri, reader: RuleReader): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**'));
    const changed = (kind: 'changed' | 'created' | 'deleted') => (uri: vscode.Uri): void => {
      const path = relativeTo(folder, uri);
      if (path !== undefined && reader.concerns(path, kind)) {
        reader.clear();
        this.changed.fire(folder);
      }
    };
    const subscriptions = [watcher, watcher.onDidChange(changed('changed')), watcher.onDidCreate(changed('created')), watcher.onDidDelete(changed('deleted'))];
    return {
      dispose: () => {
        for (const subscription of subscriptions) subscription.dispose();
      },
    };
  }

  private forget(folder: vscode.Uri): void {
    const key = folder.toString();
    this.folders.get(key)?.watcher.dispose();
    this.folders.delete(key);
  }
}

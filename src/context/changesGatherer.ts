/**
 * `#changes`: the working-tree diff (staged and not staged) of the workspace's Git repositories,
 * through the built-in Git extension's API (`vscode.git`, `getAPI(1)`), so it works wherever
 * VS Code's Source Control does, with no git process of our own. Bounded; files outside the
 * workspace folders are left out (a repository can be larger than the workspace).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContextItem } from '../answering/contextTypes';
import { isInside } from '../fix/problemPaths';
import type { Mention } from '../shared/mentions';
import { CHANGES_BUDGET } from './budgets';
import { boundDiff, splitDiff, type FileDiff } from './diffText';
import { ContextRefusal, type GatherEnv, type Gathered } from './gatherTypes';

/** The part of the Git extension's API (extensions/git/src/api/git.d.ts) used here. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  /** Refreshes `state` (a repository just opened may not have read its status yet). */
  status(): Promise<void>;
  readonly state: { readonly untrackedChanges?: ReadonlyArray<{ readonly uri: vscode.Uri }>; readonly workingTreeChanges: ReadonlyArray<{ readonly uri: vscode.Uri; readonly status: number }> };
  diff(cached?: boolean): Promise<string>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly repositories: readonly GitRepository[];
  onDidChangeState(listener: (state: 'uninitialized' | 'initialized') => void): vscode.Disposable;
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** Status of an untracked file in `workingTreeChanges` (older Git APIs have no `untrackedChanges`). */
const UNTRACKED = 7;

/** The Git API once it has finished starting, or a refusal that says why there is none. */
async function gitApi(deadline: number): Promise<GitApi> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) throw new ContextRefusal(vscode.l10n.t('#changes needs VS Code\'s built-in Git extension, which is not installed or is disabled.'));
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports.enabled) throw new ContextRefusal(vscode.l10n.t('#changes needs Git, and Git is turned off in VS Code (the setting git.enabled). Turn it on, then send again.'));
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      const listener = api.onDidChangeState((state) => {
        if (state === 'initialized') {
          clearTimeout(timer);
          listener.dispose();
          resolve();
        }
      });
    });
  }
  return api;
}

/**
 * The repositories that hold each workspace folder. A folder that is itself a repository's root is
 * opened if Source Control has not yet; a repository in a parent folder is used only when Source
 * Control already opened it (VS Code asks the user before opening those: git.openRepositoryInParentFolders).
 */
async function repositoriesFor(api: GitApi, folders: GatherEnv['folders']): Promise<GitRepository[]> {
  const found: GitRepository[] = [];
  for (const folder of folders) {
    const uri = vscode.Uri.file(folder.path);
    const isRoot = fs.existsSync(path.join(folder.path, '.git'));
    const repository = api.getRepository(uri) ?? (isRoot ? await api.openRepository?.(uri).catch(() => null) : null) ?? null;
    if (repository) found.push(repository);
  }
  // Repositories nested inside a folder (a game in a subfolder of the workspace) that Source Control found.
  for (const repository of api.repositories) {
    if (folders.some((f) => isInside(repository.rootUri.fsPath, f.path))) found.push(repository);
  }
  // The API hands out a new wrapper object per call: one repository is one root.
  return found.filter((repository, index) => found.findIndex((other) => other.rootUri.fsPath === repository.rootUri.fsPath) === index);
}

/** A diff's files, with paths made workspace-relative; files outside the workspace folders dropped. */
function workspaceFiles(diff: string, repository: GitRepository, env: GatherEnv): { files: FileDiff[]; outside: number } {
  const files: FileDiff[] = [];
  let outside = 0;
  for (const file of splitDiff(diff)) {
    const relative = env.paths.relative(path.join(repository.rootUri.fsPath, ...file.path.split('/')));
    if (relative === undefined) outside++;
    else files.push({ path: relative, text: file.text });
  }
  return { files, outside };
}

/** `#changes` */
export async function gatherChanges(mention: Mention, env: GatherEnv): Promise<Gathered> {
  const api = await gitApi(env.deadline);
  const repositories = await repositoriesFor(api, env.folders);
  if (repositories.length === 0) {
    throw new ContextRefusal(vscode.l10n.t('#changes needs a Git repository, and none holds this workspace. Run git init (or open the repository\'s folder), then send again.'));
  }
  const files: FileDiff[] = [];
  const untracked: string[] = [];
  let outside = 0;
  for (const repository of repositories) {
    await repository.status();
    for (const cached of [true, false]) {
      const part = workspaceFiles(await repository.diff(cached), repository, env);
      files.push(...part.files.map((f) => ({ path: `${f.path}${cached ? ' (staged)' : ''}`, text: f.text })));
      outside += part.outside;
    }
    // With git.untrackedChanges "mixed" (the default) they are among the working-tree changes.
    const newFiles = [...(repository.state.untrackedChanges ?? []), ...repository.state.workingTreeChanges.filter((c) => c.status === UNTRACKED)];
    for (const change of newFiles) {
      const relative = env.paths.relative(change.uri.fsPath);
      if (relative !== undefined && !untracked.includes(relative)) untracked.push(relative);
    }
  }
  if (files.length === 0 && untracked.length === 0) {
    const item: ContextItem = { kind: 'changes', label: mention.label, language: 'diff', text: '(no changes: the working tree matches HEAD)', explicit: true };
    return { items: [item], attachment: { kind: 'changes', label: mention.label, detail: 'no changes' } };
  }
  const bounded = boundDiff(files, CHANGES_BUDGET - Math.min(2_000, untracked.join('\n').length + 40));
  const untrackedText = untracked.length ? `\n# Untracked files (content not included):\n${untracked.slice(0, 100).map((u) => `#   ${u}`).join('\n')}${untracked.length > 100 ? `\n#   … ${untracked.length - 100} more` : ''}` : '';
  const notes = [
    bounded.leftOut.length ? `${bounded.leftOut.length} of ${files.length} file diffs left out: ${bounded.leftOut.slice(0, 10).join(', ')}${bounded.leftOut.length > 10 ? ', …' : ''}` : undefined,
    bounded.cutFile ? `the diff of ${bounded.cutFile} cut` : undefined,
    outside ? `${outside} changed files outside the workspace left out` : undefined,
  ].filter(Boolean);
  const item: ContextItem = {
    kind: 'changes',
    label: mention.label,
    language: 'diff',
    text: `${bounded.text}${untrackedText}`.trim(),
    explicit: true,
    ...(notes.length ? { cut: notes.join('; ') } : {}),
  };
  const changed = new Set(files.map((f) => f.path.replace(/ \(staged\)$/, ''))).size;
  return {
    items: [item],
    attachment: { kind: 'changes', label: mention.label, detail: `${changed} changed file${changed === 1 ? '' : 's'}${untracked.length ? `, ${untracked.length} untracked` : ''}` },
  };
}

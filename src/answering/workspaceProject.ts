/**
 * The engine's ProjectContext over the open workspace: the engine profile of the folder a question
 * is about, and the rules that apply to its files. (The one file of src/answering/ that knows
 * VS Code; the engine itself does not.)
 */
import * as vscode from 'vscode';
import type { EngineInfo } from '../engine/detect';
import type { ProjectRule } from './contextTypes';
import type { ProjectContext } from './types';

/** The rules that apply to a question carrying these workspace-relative files (src/rules/ implements it). */
export type RulesFor = (files: readonly string[]) => Promise<readonly ProjectRule[]>;

/**
 * The file a workspace-relative path names. In a multi-root workspace paths start with the
 * folder's name (as `asRelativePath` writes them); elsewhere they are relative to the one folder.
 */
export function workspaceUri(path: string): vscode.Uri | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return undefined;
  const [first, ...rest] = path.split('/');
  const named = folders.length > 1 ? folders.find((folder) => folder.name === first) : undefined;
  return named ? vscode.Uri.joinPath(named.uri, ...rest) : vscode.Uri.joinPath(folders[0].uri, ...path.split('/'));
}

export function workspaceProject(profileFor: (uri?: vscode.Uri) => Promise<EngineInfo | undefined>, rulesFor: RulesFor): ProjectContext {
  return {
    // No file named: the folder of the active editor, else the first (EngineDetector decides).
    profileFor: (path) => profileFor(path ? workspaceUri(path) : vscode.window.activeTextEditor?.document.uri),
    rulesFor,
  };
}

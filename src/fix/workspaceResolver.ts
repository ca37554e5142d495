/**
 * Which workspace file a path from a log or a crash means, in the open workspace: the Godot and
 * engine project roots are found with findFiles, then every path goes through the one confined
 * resolver (problemPaths.ts). Shared by Import Engine Log and Analyze Crash, so both follow the
 * same rules.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ProblemPathResolver, type ProblemPath } from './problemPaths';

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

/**
 * Resolves log paths to workspace files, confined to the workspace folders: by path first, then
 * (relative paths only) by a file name found once in the workspace, which must also resolve inside.
 */
export async function workspaceResolver(names: readonly (string | undefined)[], options: { readonly uniqueTail?: boolean } = {}): Promise<(file: string) => Promise<ProblemPath>> {
  const [godotRoots, unityRoots, unrealRoots] = await Promise.all([
    names.some((f) => f?.startsWith('res://')) ? foldersOf('**/project.godot', 0) : Promise.resolve([]),
    foldersOf('**/ProjectSettings/ProjectVersion.txt', 1),
    foldersOf('**/*.uproject', 0),
  ]);
  const paths = new ProblemPathResolver({
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    godotRoots,
    projectRoots: [...unityRoots, ...unrealRoots],
    ...(options.uniqueTail ? { uniqueTail: true } : {}),
  });
  const cache = new Map<string, Promise<ProblemPath>>();
  const resolve = async (file: string): Promise<ProblemPath> => {
    const direct = await paths.resolve(file);
    const name = path.basename(file.replace(/\\/g, '/'));
    // A shader compiler run from its own folder writes `water.hlsl:14:9`; an absolute path is too specific to guess at.
    if (direct.kind !== 'missing' || /^(?:[A-Za-z]:)?[\\/]|^res:\/\//.test(file) || !name || /[*?{}[\]]/.test(name)) {
      return direct;
    }
    const found = await vscode.workspace.findFiles(`**/${name}`, EXCLUDE, 2);
    return found.length === 1 && found[0].scheme === 'file' ? paths.confine(found[0].fsPath) : direct;
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

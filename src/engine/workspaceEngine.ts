import * as vscode from 'vscode';
import { Disposable } from '../util/lifecycle';
import { withoutTrailingSlashes } from '../util/text';
import type { EngineInfo } from './detect';
import { detectProfile } from './profile';
import type { EngineProfile } from './profileTypes';
import { confinedPath, type DirEntry, type FileRead, type ProfileFiles } from './projectFiles';

/**
 * Every file the profile reads (and the Assets/ folders netcode SDKs create): a change to any of
 * them re-reads the profile of its folder.
 */
export const PROFILE_FILES_GLOB = `{${[
  '**/ProjectSettings/ProjectVersion.txt',
  '**/ProjectSettings/ProjectSettings.asset',
  '**/Packages/manifest.json',
  '**/Packages/packages-lock.json',
  '**/Assets/Mirror',
  '**/Assets/FishNet',
  '**/Assets/Photon',
  '**/Assets/Photon/*',
  '**/*.uproject',
  '**/*.Build.cs',
  '**/project.godot',
  '**/*.csproj',
  '**/addons/*/plugin.cfg',
].join(',')}}`;

function isNotFound(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'FileNotADirectory');
}

/**
 * ProfileFiles over a workspace folder through vscode.workspace.fs (local, remote and web alike):
 * the size is checked before a file is read, symbolic links are reported and never followed.
 */
export function workspaceProfileFiles(folder: vscode.Uri): ProfileFiles {
  const base = withoutTrailingSlashes(folder.path);
  const uriOf = (relativePath: string): vscode.Uri => {
    // ProfileReader refuses unsafe paths already; this keeps the promise where the file system is touched.
    if (confinedPath(relativePath) !== relativePath) throw new Error(`Refused path ${relativePath}`);
    const uri = relativePath === '' ? folder : vscode.Uri.joinPath(folder, ...relativePath.split('/'));
    if (uri.path !== base && !uri.path.startsWith(`${base}/`)) throw new Error(`Refused path ${relativePath}`);
    return uri;
  };
  return {
    async read(relativePath: string, maxBytes: number): Promise<FileRead> {
      const uri = uriOf(relativePath);
      let stat: vscode.FileStat;
      try {
        stat = await vscode.workspace.fs.stat(uri);
      } catch (error) {
        return isNotFound(error) ? { status: 'missing' } : { status: 'error', message: error instanceof Error ? error.message : String(error) };
      }
      if (stat.type & vscode.FileType.SymbolicLink) return { status: 'refused', reason: 'symlink' };
      if (!(stat.type & vscode.FileType.File)) return { status: 'refused', reason: 'notFile' };
      if (stat.size > maxBytes) return { status: 'refused', reason: 'tooBig', size: stat.size };
      try {
        return { status: 'ok', bytes: await vscode.workspace.fs.readFile(uri) };
      } catch (error) {
        return isNotFound(error) ? { status: 'missing' } : { status: 'error', message: error instanceof Error ? error.message : String(error) };
      }
    },
    async list(relativePath: string): Promise<readonly DirEntry[] | undefined> {
      try {
        const entries = await vscode.workspace.fs.readDirectory(uriOf(relativePath));
        return entries.map(([name, type]) => ({
          name,
          kind: type & vscode.FileType.SymbolicLink ? 'link' : type & vscode.FileType.Directory ? 'dir' : type & vscode.FileType.File ? 'file' : 'other',
        }));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
  };
}

/** The workspace folder a question about `uri` is about: the one holding it, else the first. */
export function questionFolder(uri?: vscode.Uri): vscode.Uri | undefined {
  return ((uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0])?.uri;
}

/**
 * The engine profile per workspace folder: read once, and again when any file it is read from
 * changes (one watcher per folder profiled, created with its first profile: nothing is watched
 * before a question needs it). In a multi-root workspace the folder is the one the question is
 * about; `folderOf` is VS Code's answer to that, passed in so tests can give folders of their own.
 */
export class EngineDetector extends Disposable {
  private readonly profiles = new Map<string, Promise<EngineProfile | undefined>>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  /** A folder's profile was dropped because a file it is read from changed: the folder's URI. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly folderOf: (uri?: vscode.Uri) => vscode.Uri | undefined = questionFolder) {
    super();
    this.register({
      dispose: () => {
        for (const watcher of this.watchers.values()) watcher.dispose();
      },
    });
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) {
          const key = folder.uri.toString();
          this.watchers.get(key)?.dispose();
          this.watchers.delete(key);
          this.profiles.delete(key);
        }
      }),
    );
  }

  private watch(folder: vscode.Uri, key: string): void {
    if (this.watchers.has(key)) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, PROFILE_FILES_GLOB));
    const forget = (): void => {
      if (this.profiles.delete(key)) this.changed.fire(folder);
    };
    const subscriptions = [watcher, watcher.onDidChange(forget), watcher.onDidCreate(forget), watcher.onDidDelete(forget)];
    this.watchers.set(key, {
      dispose: () => {
        for (const subscription of subscriptions) subscription.dispose();
      },
    });
  }

  /** The engine profile of the folder a question about `uri` is about; undefined when no engine is detected. */
  profileFor(uri?: vscode.Uri): Promise<EngineProfile | undefined> {
    const folder = this.folderOf(uri);
    if (!folder || this.isDisposed) {
      return Promise.resolve(undefined);
    }
    const key = folder.toString();
    let result = this.profiles.get(key);
    if (!result) {
      this.watch(folder, key);
      result = detectProfile(workspaceProfileFiles(folder)).catch(() => undefined);
      this.profiles.set(key, result);
    }
    return result;
  }

  /** The engine of the folder holding `uri`: the profile, which is an EngineInfo, so callers keep working. */
  engineFor(uri?: vscode.Uri): Promise<EngineInfo | undefined> {
    return this.profileFor(uri);
  }
}

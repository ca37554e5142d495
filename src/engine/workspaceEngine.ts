import * as vscode from 'vscode';
import { detectEngine, type EngineInfo, type ProjectFiles } from './detect';
import { withoutTrailingSlashes } from '../util/text';

/** ProjectFiles over a workspace folder, through vscode.workspace.fs (works in remote and web too). */
function folderFiles(folder: vscode.Uri): ProjectFiles {
  return {
    async readText(relativePath) {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, relativePath)));
      } catch {
        return undefined;
      }
    },
    async find(glob) {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), '**/node_modules/**', 5);
      const base = withoutTrailingSlashes(folder.path) + '/';
      return found.filter((uri) => uri.path.startsWith(base)).map((uri) => uri.path.slice(base.length));
    },
  };
}

/** Detects the engine per workspace folder once, and again when project files change. */
export class EngineDetector implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<EngineInfo | undefined>>();
  /** Created with the first detection: until something is cached there is nothing to forget. */
  private watcher: vscode.FileSystemWatcher | undefined;

  private watch(): void {
    if (this.watcher) return;
    this.watcher = vscode.workspace.createFileSystemWatcher('{**/ProjectSettings/ProjectVersion.txt,**/*.uproject,**/project.godot}');
    const forget = (): void => this.cache.clear();
    this.watcher.onDidChange(forget);
    this.watcher.onDidCreate(forget);
    this.watcher.onDidDelete(forget);
  }

  /** The engine of the folder holding `uri` (or of the first folder). */
  engineFor(uri?: vscode.Uri): Promise<EngineInfo | undefined> {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      return Promise.resolve(undefined);
    }
    const key = folder.uri.toString();
    let result = this.cache.get(key);
    if (!result) {
      this.watch();
      result = detectEngine(folderFiles(folder.uri)).catch(() => undefined);
      this.cache.set(key, result);
    }
    return result;
  }

  dispose(): void {
    this.watcher?.dispose();
  }
}

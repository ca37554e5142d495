/**
 * The engine detectors' file access over node's fs, for the corpus tests and the bench: the same
 * contract as the extension's vscode.workspace.fs implementation (sizes checked before reading,
 * symbolic links never followed, nothing outside the folder).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectFiles } from '../../src/engine/detect';
import type { DirEntry, FileRead, ProfileFiles } from '../../src/engine/projectFiles';

function inside(root: string, relativePath: string): string {
  const full = path.resolve(root, relativePath);
  if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`${relativePath} is outside ${root}`);
  return full;
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export function nodeProfileFiles(folder: string): ProfileFiles {
  const root = path.resolve(folder);
  return {
    async read(relativePath: string, maxBytes: number): Promise<FileRead> {
      const full = inside(root, relativePath);
      let stat: fs.Stats;
      try {
        stat = await fs.promises.lstat(full);
      } catch (error) {
        return code(error) === 'ENOENT' || code(error) === 'ENOTDIR' ? { status: 'missing' } : { status: 'error', message: String(error) };
      }
      if (stat.isSymbolicLink()) return { status: 'refused', reason: 'symlink' };
      if (!stat.isFile()) return { status: 'refused', reason: 'notFile' };
      if (stat.size > maxBytes) return { status: 'refused', reason: 'tooBig', size: stat.size };
      return { status: 'ok', bytes: await fs.promises.readFile(full) };
    },
    async list(relativePath: string): Promise<readonly DirEntry[] | undefined> {
      try {
        const entries = await fs.promises.readdir(inside(root, relativePath), { withFileTypes: true });
        return entries.map((e) => ({ name: e.name, kind: e.isSymbolicLink() ? 'link' : e.isDirectory() ? 'dir' : e.isFile() ? 'file' : 'other' }));
      } catch (error) {
        if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return undefined;
        throw error;
      }
    },
  };
}

/** The first detector's ProjectFiles (read whole files; find one- or two-segment globs), as the bench baseline. */
export function nodeProjectFiles(folder: string): ProjectFiles {
  const root = path.resolve(folder);
  const matches = (pattern: string, name: string): boolean => {
    const [before, after] = pattern.split('*');
    return pattern.includes('*') ? name.length >= before.length + after.length && name.startsWith(before) && name.endsWith(after) : name === pattern;
  };
  return {
    async readText(relativePath) {
      try {
        return await fs.promises.readFile(inside(root, relativePath), 'utf8');
      } catch {
        return undefined;
      }
    },
    async find(glob) {
      let found = [''];
      for (const segment of glob.split('/')) {
        const next: string[] = [];
        for (const dir of found) {
          let names: string[];
          try {
            names = await fs.promises.readdir(path.join(root, dir));
          } catch {
            continue;
          }
          for (const name of names.sort()) if (matches(segment, name)) next.push(dir ? `${dir}/${name}` : name);
        }
        found = next;
      }
      return found.slice(0, 5);
    },
  };
}

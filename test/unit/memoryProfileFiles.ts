/** An in-memory project folder for the engine profile's unit tests, recording every path asked for. */
import type { DirEntry, FileRead, ProfileFiles } from '../../src/engine/projectFiles';

/** A file's content (text is UTF-8 encoded), or a symbolic link. */
export type MemoryEntry = string | Uint8Array | { readonly link: string };

export interface MemoryFiles extends ProfileFiles {
  /** Every path passed to read() or list(), in order. */
  readonly asked: string[];
  /** How many bytes read() actually handed out. */
  readonly bytesRead: () => number;
}

export function memoryFiles(files: Record<string, MemoryEntry>): MemoryFiles {
  const asked: string[] = [];
  let handedOut = 0;
  const paths = Object.keys(files);
  return {
    asked,
    bytesRead: () => handedOut,
    read(relativePath: string, maxBytes: number): Promise<FileRead> {
      return Promise.resolve(readNow(relativePath, maxBytes));
    },
    list(relativePath: string): Promise<readonly DirEntry[] | undefined> {
      return Promise.resolve(listNow(relativePath));
    },
  };

  function readNow(relativePath: string, maxBytes: number): FileRead {
    asked.push(relativePath);
    if (!Object.prototype.hasOwnProperty.call(files, relativePath)) {
      return paths.some((p) => p.startsWith(`${relativePath}/`)) ? { status: 'refused', reason: 'notFile' } : { status: 'missing' };
    }
    const entry = files[relativePath];
    if (typeof entry === 'object' && 'link' in entry) return { status: 'refused', reason: 'symlink' };
    const bytes = typeof entry === 'string' ? new TextEncoder().encode(entry) : entry;
    if (bytes.length > maxBytes) return { status: 'refused', reason: 'tooBig', size: bytes.length };
    handedOut += bytes.length;
    return { status: 'ok', bytes };
  }

  function listNow(relativePath: string): readonly DirEntry[] | undefined {
    asked.push(relativePath);
    const prefix = relativePath === '' ? '' : `${relativePath}/`;
    const below = paths.filter((p) => p.startsWith(prefix));
    if (below.length === 0) return undefined;
    const entries = new Map<string, DirEntry>();
    for (const path of below) {
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      const entry = files[path];
      const kind = slash >= 0 ? 'dir' : typeof entry === 'object' && 'link' in entry ? 'link' : 'file';
      if (!entries.has(name)) entries.set(name, { name, kind });
    }
    return [...entries.values()];
  }
}

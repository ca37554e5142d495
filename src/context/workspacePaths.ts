/**
 * Which workspace file or folder a mention's path means. Mentions are typed or pasted, so they
 * are input like any other: `../../.ssh/id_rsa`, `/etc/passwd`, `~/.aws/credentials`,
 * `\\host\share`, `C:\Windows`, a device name, or a link inside the workspace that points out of
 * it. Only what lies inside a workspace folder once symlinks are resolved is found, through the
 * same confinement the log import uses (`ProblemPathResolver.confine`); everything else is refused
 * from the text alone, before the file system is asked anything.
 * Pure (no `vscode`): unit-tested on real folders and real symlinks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside, namesDevice, ProblemPathResolver } from '../fix/problemPaths';

/** Why a mention's path is refused. */
export type RefusedReason =
  /** An absolute path, `~`, a drive, a URI, `..` out of the folder, or a link out of the workspace. */
  | 'outside'
  /** `\\host\share` or `//host/share`: even asking about it makes Windows contact the host. */
  | 'network'
  /** `CON`, `NUL`, `\\.\PhysicalDrive0`… */
  | 'device';

export type WorkspacePath =
  | {
      readonly kind: 'inside';
      /** The path as written under its workspace folder (not the link target: that is what the user named). */
      readonly absolute: string;
      /** Forward slashes, relative to its folder, prefixed with the folder's name in a multi-root workspace. */
      readonly relative: string;
    }
  | { readonly kind: 'refused'; readonly reason: RefusedReason }
  | { readonly kind: 'missing' };

/** Where a new file would go (`resolveNew`). */
export type NewWorkspacePath =
  | { readonly kind: 'new'; readonly absolute: string; readonly relative: string }
  | { readonly kind: 'exists'; readonly relative: string }
  | { readonly kind: 'refused'; readonly reason: RefusedReason };

export interface WorkspaceFolderPath {
  /** Absolute path of the folder. */
  readonly path: string;
  /** Its name in the workspace (what multi-root paths start with). */
  readonly name: string;
}

type Want = 'file' | 'folder';

/** The real path of `p` when it is a `want` (links resolved), else undefined. */
async function realEntry(p: string, want: Want): Promise<string | undefined> {
  try {
    const real = await fs.promises.realpath(p);
    const stat = await fs.promises.stat(real);
    return (want === 'file' ? stat.isFile() : stat.isDirectory()) ? real : undefined;
  } catch {
    return undefined;
  }
}

const DRIVE = /^[A-Za-z]:/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;
const DEVICE_NAMESPACE = /^[\\/]{2}[.?][\\/]/;

/** The display path of `absolute` under `folder`. */
export function relativeTo(folder: WorkspaceFolderPath, absolute: string, multiRoot: boolean): string {
  const inFolder = path.relative(folder.path, absolute).split(path.sep).join('/');
  return multiRoot ? (inFolder ? `${folder.name}/${inFolder}` : folder.name) : inFolder || '.';
}

/** Resolves mention paths against the workspace folders. */
export class WorkspacePaths {
  private readonly resolvers: Record<Want, ProblemPathResolver>;

  constructor(
    private readonly folders: readonly WorkspaceFolderPath[],
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    const options = { workspaceFolders: folders.map((f) => f.path), godotRoots: [], platform };
    this.resolvers = {
      file: new ProblemPathResolver({ ...options, realFile: (p) => realEntry(p, 'file') }),
      folder: new ProblemPathResolver({ ...options, realFile: (p) => realEntry(p, 'folder') }),
    };
  }

  /** The workspace file (or folder) `written` names. */
  async resolve(written: string, want: Want): Promise<WorkspacePath> {
    const candidates = this.candidates(written);
    if (!Array.isArray(candidates)) return candidates;
    let refused = false;
    for (const candidate of candidates) {
      const folder = this.folders.find((f) => isInside(candidate, f.path));
      if (!folder) {
        refused = true;
        continue;
      }
      const found = await this.resolvers[want].confine(candidate);
      if (found.kind === 'inside') return { kind: 'inside', absolute: candidate, relative: relativeTo(folder, candidate, this.folders.length > 1) };
      refused ||= found.kind === 'outside';
    }
    return refused ? { kind: 'refused', reason: 'outside' } : { kind: 'missing' };
  }

  /**
   * Where a file that does not exist yet, named `written`, would be created: refused by the same
   * rules as `resolve`, and only when its nearest existing folder is inside a workspace folder
   * once links are resolved (a link to a folder outside cannot smuggle the new file out).
   * `exists` when anything (even a dangling link) is there already.
   */
  async resolveNew(written: string): Promise<NewWorkspacePath> {
    const candidates = this.candidates(written);
    if (!Array.isArray(candidates)) return candidates.kind === 'missing' ? { kind: 'refused', reason: 'outside' } : candidates;
    const candidate = candidates[0];
    const folder = candidate === undefined ? undefined : this.folders.find((f) => isInside(candidate, f.path));
    if (candidate === undefined || !folder || candidate === folder.path) return { kind: 'refused', reason: 'outside' };
    const relative = relativeTo(folder, candidate, this.folders.length > 1);
    const exists = (p: string): Promise<boolean> => fs.promises.lstat(p).then(() => true, () => false);
    if (await exists(candidate)) return { kind: 'exists', relative };
    let parent = path.dirname(candidate);
    while (!(await exists(parent)) && isInside(path.dirname(parent), folder.path)) parent = path.dirname(parent);
    const confined = await this.resolvers.folder.confine(parent);
    return confined.kind === 'inside' ? { kind: 'new', absolute: candidate, relative } : { kind: 'refused', reason: 'outside' };
  }

  /** The absolute paths `written` may mean, in order; or why it means none, from its text alone. */
  private candidates(written: string): string[] | { readonly kind: 'refused'; readonly reason: RefusedReason } | { readonly kind: 'missing' } {
    const text = written.trim();
    if (text === '' || text.includes('\u0000')) return { kind: 'missing' };
    if (/^[\\/]{2}/.test(text)) return { kind: 'refused', reason: DEVICE_NAMESPACE.test(text) ? 'device' : 'network' };
    const slashed = text.replace(/\\/g, '/');
    if (namesDevice(slashed, this.platform)) return { kind: 'refused', reason: 'device' };
    if (slashed.startsWith('~') || (SCHEME.test(slashed) && !DRIVE.test(slashed))) return { kind: 'refused', reason: 'outside' };

    const candidates: string[] = [];
    if (path.isAbsolute(slashed) || DRIVE.test(slashed)) {
      // A full path is accepted only when it is inside a workspace folder as written.
      const absolute = path.normalize(slashed);
      if (!path.isAbsolute(absolute) || !this.folders.some((f) => isInside(absolute, f.path))) return { kind: 'refused', reason: 'outside' };
      candidates.push(absolute);
    } else {
      const normal = path.posix.normalize(slashed);
      if (normal === '..' || normal.startsWith('../')) return { kind: 'refused', reason: 'outside' };
      const [first, ...rest] = normal.split('/');
      // `Game/Assets/x.cs` in a multi-root workspace whose folder is named `Game`.
      for (const folder of this.folders) if (folder.name === first && this.folders.length > 1) candidates.push(path.join(folder.path, ...rest));
      for (const folder of this.folders) candidates.push(path.join(folder.path, ...normal.split('/')));
    }
    return candidates;
  }

  /** The workspace-relative display path of an absolute path, or undefined when it is outside every folder (by its text). */
  relative(absolute: string): string | undefined {
    const folder = this.folders.find((f) => isInside(absolute, f.path));
    return folder ? relativeTo(folder, absolute, this.folders.length > 1) : undefined;
  }

  /** Whether an absolute path is inside a workspace folder once links are resolved (for files found by other means: diagnostics, symbols). */
  async isInsideFile(absolute: string): Promise<boolean> {
    return (await this.resolvers.file.confine(absolute)).kind === 'inside';
  }
}

/**
 * Which workspace file a path written in a log means. A log is hostile: it can name
 * `res://../../secret.gd`, `/etc/passwd`, a network share (`\\host\share\…`: even a stat makes
 * Windows contact the host) or a device (`\\.\PhysicalDrive0`, `CON`). Only files inside a
 * workspace folder, symlinks resolved, are found; everything else is told apart from the text
 * alone, and the file system is only ever asked about paths inside a workspace folder.
 * Pure (no `vscode`): unit-tested against real folders and real symlinks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Why a path is not followed. */
export type OutsideReason = 'network' | 'device' | 'leaves-godot-project' | 'elsewhere' | 'link-outside';

/** What a path in a log comes to. */
export type ProblemPath =
  | { readonly kind: 'inside'; readonly file: string }
  | { readonly kind: 'outside'; readonly reason: OutsideReason }
  | { readonly kind: 'missing' };

/** Where to look for the files a log names. */
export interface ProblemPathOptions {
  /** Absolute paths of the workspace folders: nothing outside them is followed. */
  readonly workspaceFolders: readonly string[];
  /** Folders holding a `project.godot`: what `res://` means. */
  readonly godotRoots: readonly string[];
  /** Engine projects below a workspace folder (a Unity or Unreal project in a subfolder), tried after the workspace folders. */
  readonly projectRoots?: readonly string[];
  /** The real path of a file, undefined when there is no file there. Only ever asked about paths inside a workspace folder. */
  readonly realFile?: (p: string) => Promise<string | undefined>;
  /** Whose device names apply (`CON`, `NUL`, `COM1`…: Windows opens a device for them in any folder). */
  readonly platform?: NodeJS.Platform;
  /**
   * A tail found under more than one root (the same `Source/Game/Weapon.cpp` in two folders) is
   * followed only when it is the only one: a crash frame must not open the wrong file.
   */
  readonly uniqueTail?: boolean;
}

/** `realFile` on the real file system: symlinks resolved, files only. */
export async function realFile(p: string): Promise<string | undefined> {
  try {
    const real = await fs.promises.realpath(p);
    return (await fs.promises.stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

// `\\host\share\…` and `//host/share/…`; with `.` or `?` next, Windows' device namespaces.
const DOUBLE_SLASH = /^[\\/]{2}/;
const DEVICE_NAMESPACE = /^[\\/]{2}[.?][\\/]/;
const DOS_DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:[. ][^\\/]*)?$/i;
const RES = /^res:\/\//i;
const DRIVE = /^[A-Za-z]:(?:\/|$)/;

const MISSING: ProblemPath = { kind: 'missing' };
const outside = (reason: OutsideReason): ProblemPath => ({ kind: 'outside', reason });

/** Whether a path names a Windows device in any segment (`CON`, `NUL`, `COM1`…); false on other platforms. */
export function namesDevice(slashed: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' && slashed.split('/').some((segment) => DOS_DEVICE.test(segment));
}

/** Whether `child` is `parent` or below it, by the text of the paths. */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** Resolves paths from one log; remembers the workspace folders' real paths between calls. */
export class ProblemPathResolver {
  private readonly realFile: (p: string) => Promise<string | undefined>;
  private realFolders: Promise<string[]> | undefined;

  constructor(private readonly options: ProblemPathOptions) {
    this.realFile = options.realFile ?? realFile;
  }

  /**
   * The workspace file a log's path means. Absolute paths inside a workspace folder are used as
   * they are; otherwise (a log from another machine, a Windows path seen from macOS) the longest
   * tail of the path found under a root wins: `C:\Projects\Shooter\Source\Shooter\Weapon.cpp` →
   * `<folder>/Source/Shooter/Weapon.cpp`. Relative paths are tried against each workspace folder
   * and project root, then by the same tail matching; `res://` paths only against the Godot roots.
   */
  async resolve(written: string): Promise<ProblemPath> {
    const text = written.trim().replace(/^"(.*)"$/, '$1');
    if (RES.test(text)) {
      return this.resolveGodot(text.slice('res://'.length).replace(/\\/g, '/'));
    }
    if (DOUBLE_SLASH.test(text)) {
      return outside(DEVICE_NAMESPACE.test(text) ? 'device' : 'network');
    }
    const slashed = text.replace(/\\/g, '/');
    if (this.namesDevice(slashed)) {
      return outside('device');
    }
    let linkOutside = false;
    const absolute = path.isAbsolute(slashed) || DRIVE.test(slashed);
    const here = path.isAbsolute(slashed) ? path.normalize(slashed) : undefined;
    const inFolder = here !== undefined && this.options.workspaceFolders.some((folder) => isInside(here, folder));
    if (here !== undefined && inFolder) {
      const found = await this.confine(here);
      if (found.kind === 'inside') return found;
      linkOutside = found.kind === 'outside';
    }
    const roots = [...this.options.workspaceFolders, ...(this.options.projectRoots ?? [])];
    const segments = slashed.split('/').filter((s, i) => s !== '' && s !== '.' && s !== '..' && !(i === 0 && /^[A-Za-z]:$/.test(s)));
    for (let start = 0; start < segments.length; start++) {
      const matches = new Set<string>();
      for (const root of roots) {
        const found = await this.confine(path.join(root, ...segments.slice(start)));
        if (found.kind === 'inside' && !this.options.uniqueTail) return found;
        if (found.kind === 'inside') matches.add(found.file);
        linkOutside ||= found.kind === 'outside';
      }
      // The longest tail found decides: once, it is the file; under several roots, none is.
      if (matches.size === 1) return { kind: 'inside', file: [...matches][0] };
      if (matches.size > 1) return MISSING;
    }
    if (linkOutside) return outside('link-outside');
    return absolute && !inFolder ? outside('elsewhere') : MISSING;
  }

  /**
   * `candidate` if it is a file inside a workspace folder once symlinks are resolved. The file
   * system is only asked when the path itself is inside one.
   */
  async confine(candidate: string): Promise<ProblemPath> {
    if (!this.options.workspaceFolders.some((folder) => isInside(candidate, folder))) {
      return outside('elsewhere');
    }
    const real = await this.realFile(candidate);
    if (real === undefined) {
      return MISSING;
    }
    const folders = await (this.realFolders ??= Promise.all(this.options.workspaceFolders.map((f) => fs.promises.realpath(f).catch(() => f))));
    return folders.some((folder) => isInside(real, folder)) ? { kind: 'inside', file: candidate } : outside('link-outside');
  }

  private async resolveGodot(relative: string): Promise<ProblemPath> {
    // Judged on the text first: `res://../..` leaves every project, whichever root it is joined to.
    const joined = path.posix.join('/project', relative);
    if (joined !== '/project' && !joined.startsWith('/project/')) {
      return outside('leaves-godot-project');
    }
    if (this.namesDevice(relative)) {
      return outside('device');
    }
    let linkOutside = false;
    for (const root of this.options.godotRoots) {
      const candidate = path.join(root, ...relative.split('/'));
      if (!isInside(candidate, root)) {
        return outside('leaves-godot-project');
      }
      const found = await this.confine(candidate);
      if (found.kind === 'inside') return found;
      linkOutside ||= found.kind === 'outside';
    }
    return linkOutside ? outside('link-outside') : MISSING;
  }

  private namesDevice(slashed: string): boolean {
    return namesDevice(slashed, this.options.platform);
  }
}

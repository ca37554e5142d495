/**
 * Bounded, confined reading of a project's own files for the engine profile. Everything in a
 * workspace is hostile: a file may be huge, binary, UTF-16, or a symbolic link to somewhere else,
 * and paths taken from project files (`file:` packages, `res://` plugins) may point outside the
 * project. The profile never throws on any of that; it records what it could not read and why.
 * Pure: the actual file system comes in through `ProfileFiles` (VS Code's in the extension,
 * node's in tests and the bench).
 */

/** One file read by `ProfileFiles.read`. */
export type FileRead =
  | { readonly status: 'ok'; readonly bytes: Uint8Array }
  | { readonly status: 'missing' }
  /** Not read: larger than the cap (`size` in bytes), a symbolic link, or not a regular file. */
  | { readonly status: 'refused'; readonly reason: 'tooBig' | 'symlink' | 'notFile'; readonly size?: number }
  | { readonly status: 'error'; readonly message: string };

export interface DirEntry {
  readonly name: string;
  /** Symbolic links are 'link' and never followed. */
  readonly kind: 'file' | 'dir' | 'link' | 'other';
}

/** A workspace folder's files by folder-relative path ('/'-separated, no leading slash). */
export interface ProfileFiles {
  /** The bytes of a file, or why not; files over `maxBytes` are refused before they are read. */
  read(relativePath: string, maxBytes: number): Promise<FileRead>;
  /** The entries of a directory ('' is the folder itself); undefined when it does not exist. */
  list(relativePath: string): Promise<readonly DirEntry[] | undefined>;
}

/** Why a file of the profile could not be used. */
export type ProblemReason = 'tooBig' | 'binary' | 'notText' | 'badJson' | 'badFormat' | 'symlink' | 'unsafePath' | 'readError' | 'missing' | 'limit';

export interface ProfileProblem {
  /** Folder-relative path, or the reference as the project file wrote it (for `unsafePath`). */
  readonly path: string;
  readonly reason: ProblemReason;
  /** A short detail: the JSON error, the size, the file that referenced it. */
  readonly detail?: string;
}

/** Caps on what one profile reads: each read is bounded, and so is their number. */
export interface ProfileLimits {
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  readonly maxDirectories: number;
  /** Entries of one directory looked at (sorted by name first). */
  readonly maxEntries: number;
}

export const DEFAULT_LIMITS: ProfileLimits = { maxFileBytes: 1024 * 1024, maxFiles: 160, maxDirectories: 160, maxEntries: 2000 };

/** Bytes git looks at to call a file binary; a NUL byte in them means binary. */
const BINARY_SNIFF_BYTES = 8000;

export type DecodedText = { readonly text: string } | { readonly problem: 'binary' | 'notText' };

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * Text of a file as the parsers want it: BOM removed (UTF-8, or UTF-16 as Windows tools write
 * it), line ends as `\n`. Binary content (a NUL byte in the first 8,000 bytes) and invalid
 * UTF-8 are reported, never guessed.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  let text: string;
  try {
    if (startsWith(bytes, [0xff, 0xfe])) {
      text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    } else if (startsWith(bytes, [0xfe, 0xff])) {
      text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    } else {
      if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
        return { problem: 'binary' };
      }
      // TextDecoder drops a UTF-8 BOM itself (ignoreBOM defaults to false).
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
  } catch {
    return { problem: 'notText' };
  }
  if (text.includes('\0')) {
    return { problem: 'binary' };
  }
  return { text: text.replace(/\r\n?/g, '\n') };
}

/**
 * The path when it is a plain relative path inside the folder: '/'-separated segments, none
 * empty, `.` or `..`, no backslash, colon or NUL (Windows drives and streams). Anything else is
 * refused, so a path from a project file can never leave the project.
 */
export function confinedPath(path: string): string | undefined {
  if (path === '') {
    return path;
  }
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || /[\\:\0]/.test(segment)) {
      return undefined;
    }
  }
  return path;
}

/** `root` + `relative`, both folder-relative ('' is the folder). */
export function joinPath(root: string, relative: string): string {
  return root === '' ? relative : relative === '' ? root : `${root}/${relative}`;
}

/** Codepoint order: the same on every machine and locale. */
export function byName(a: DirEntry, b: DirEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Reads for one profile: enforces the limits and the confinement, and keeps the evidence (files
 * read and used) and the problems (files that could not be). Never throws.
 */
export class ProfileReader {
  readonly evidence: string[] = [];
  readonly problems: ProfileProblem[] = [];
  private filesRead = 0;
  private directoriesListed = 0;
  private limitReported = false;

  constructor(
    private readonly files: ProfileFiles,
    readonly limits: ProfileLimits = DEFAULT_LIMITS,
  ) {}

  problem(path: string, reason: ProblemReason, detail?: string): void {
    if (!this.problems.some((p) => p.path === path && p.reason === reason)) {
      this.problems.push(detail === undefined ? { path, reason } : { path, reason, detail });
    }
  }

  /** Records a file as evidence once it has been parsed (a file that failed to parse is a problem instead). */
  used(path: string): void {
    if (!this.evidence.includes(path)) {
      this.evidence.push(path);
    }
  }

  private overLimit(path: string, what: 'files' | 'directories'): boolean {
    const over = what === 'files' ? this.filesRead >= this.limits.maxFiles : this.directoriesListed >= this.limits.maxDirectories;
    if (over && !this.limitReported) {
      this.limitReported = true;
      this.problem(path, 'limit', what === 'files' ? `${this.limits.maxFiles} files` : `${this.limits.maxDirectories} directories`);
    }
    return over;
  }

  /**
   * The text of a file, or undefined: missing (a problem only when `required`), refused, binary,
   * not text. A file that is read is not yet evidence: the caller says `used()` once it parsed.
   */
  async text(path: string, options: { readonly required?: boolean } = {}): Promise<string | undefined> {
    return (await this.read(path, options)).text;
  }

  /** Like `text()`, and also whether the file exists: one that exists but could not be read is still evidence of a project. */
  async read(path: string, options: { readonly required?: boolean } = {}): Promise<{ readonly text?: string; readonly exists: boolean }> {
    const text = await this.readText(path, options);
    return typeof text === 'string' ? { text, exists: true } : { exists: text.exists };
  }

  private async readText(path: string, options: { readonly required?: boolean }): Promise<string | { readonly exists: boolean }> {
    const unread = { exists: true };
    if (confinedPath(path) === undefined) {
      this.problem(path, 'unsafePath');
      return { exists: false };
    }
    if (this.overLimit(path, 'files')) {
      return { exists: false };
    }
    this.filesRead++;
    let read: FileRead;
    try {
      read = await this.files.read(path, this.limits.maxFileBytes);
    } catch (error) {
      read = { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    switch (read.status) {
      case 'missing':
        if (options.required) this.problem(path, 'missing');
        return { exists: false };
      case 'refused':
        if (read.reason === 'tooBig') this.problem(path, 'tooBig', read.size === undefined ? undefined : `${read.size} bytes`);
        else if (read.reason === 'symlink') this.problem(path, 'symlink');
        else this.problem(path, 'readError', 'not a file');
        return unread;
      case 'error':
        this.problem(path, 'readError', read.message.slice(0, 200));
        return unread;
      case 'ok': {
        if (read.bytes.length > this.limits.maxFileBytes) {
          // The file grew between the size check and the read.
          this.problem(path, 'tooBig', `${read.bytes.length} bytes`);
          return unread;
        }
        const decoded = decodeText(read.bytes);
        if ('problem' in decoded) {
          this.problem(path, decoded.problem);
          return unread;
        }
        return decoded.text;
      }
    }
  }

  /** The entries of a directory, sorted by name and capped; undefined when missing or refused. */
  async list(path: string): Promise<readonly DirEntry[] | undefined> {
    if (confinedPath(path) === undefined) {
      this.problem(path, 'unsafePath');
      return undefined;
    }
    if (this.overLimit(path, 'directories')) {
      return undefined;
    }
    this.directoriesListed++;
    let entries: readonly DirEntry[] | undefined;
    try {
      entries = await this.files.list(path);
    } catch (error) {
      this.problem(path, 'readError', error instanceof Error ? error.message.slice(0, 200) : String(error));
      return undefined;
    }
    // Names with a separator cannot be joined safely; a real directory never lists one.
    return entries?.filter((e) => confinedPath(e.name) === e.name).sort(byName).slice(0, this.limits.maxEntries);
  }
}

/**
 * Parses JSON text, reporting (not throwing) what is wrong: bad JSON, or a top level that is not
 * an object.
 */
export function parseJsonObject(text: string): { readonly value: Readonly<Record<string, unknown>> } | { readonly error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: error instanceof Error ? error.message.slice(0, 160) : 'invalid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'the top level is not an object' };
  }
  return { value: value as Record<string, unknown> };
}

/** An own property that is an object (not an array), else undefined. */
export function objectAt(value: Readonly<Record<string, unknown>>, key: string): Readonly<Record<string, unknown>> | undefined {
  const found = Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
  return typeof found === 'object' && found !== null && !Array.isArray(found) ? (found as Record<string, unknown>) : undefined;
}

/** An own property that is a string, else undefined. */
export function stringAt(value: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const found = Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
  return typeof found === 'string' ? found : undefined;
}

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type * as FileSafety from './fileSafety';
import { lazyModule } from '../util/lazyModule';

/** write-file-atomic and proper-lockfile, on first use (their own bundle, see esbuild.js). */
const fileSafety = lazyModule(() => require('./fileSafety') as typeof FileSafety);

/**
 * The files of one history folder. History is kept in files (the extension's storage folder), not
 * in Memento: the extension host writes them itself, so a reload right after an answer cannot lose
 * it, and a 20 MB conversation does not bloat VS Code's state database.
 *
 * Windows without a folder all share one storage folder, and several VS Code processes may write
 * it at once: whatever reads, changes and writes back holds the folder's lock.
 */
export interface HistoryFiles {
  /** The folder, for messages that tell the user where to look. */
  readonly location: string;
  /** The file's text, or undefined when there is no such file; any other failure throws. */
  read(name: string): Promise<string | undefined>;
  /** Replaces a file whole: a reader sees the old or the new content, even after a crash. */
  write(name: string, content: string): Promise<void>;
  /** Appends to a file (creating it), on disk when this resolves. */
  append(name: string, content: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** The file's size in bytes, or undefined when there is no such file. */
  size(name: string): Promise<number | undefined>;
  /** The names of the files in the folder (none when it does not exist yet). */
  list(): Promise<string[]>;
  /** Runs `work` holding the folder's lock, waiting for another window or process that holds it. */
  locked<T>(work: () => Promise<T>): Promise<T>;
}

/** Held locks are refreshed this often; one not refreshed for STALE_MS belonged to a process that died. */
const LOCK_UPDATE_MS = 2_000;
const LOCK_STALE_MS = 10_000;
/**
 * How long to wait for another holder: a read-modify-write takes milliseconds, folding a huge
 * conversation's journal about a second; beyond this the save fails (and is retried by the next).
 */
const LOCK_WAIT_MS = 15_000;

const CANNOT_WRITE: ReadonlySet<string> = new Set(['EROFS', 'EACCES', 'EPERM']);

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/** HistoryFiles on the local file system: atomic writes with fsync, fsync'd appends, a lock directory. */
export class FolderHistoryFiles implements HistoryFiles {
  constructor(readonly location: string) {}

  async read(name: string): Promise<string | undefined> {
    try {
      return await fs.readFile(path.join(this.location, name), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async write(name: string, content: string): Promise<void> {
    await this.ensureFolder();
    // A temporary file, fsync, then rename: never a half-written file, even on power loss.
    await fileSafety().writeFileAtomic(path.join(this.location, name), content, { fsync: true });
  }

  async append(name: string, content: string): Promise<void> {
    await this.ensureFolder();
    const file = await fs.open(path.join(this.location, name), 'a');
    try {
      await file.writeFile(content, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
  }

  async delete(name: string): Promise<void> {
    await fs.rm(path.join(this.location, name), { force: true });
  }

  async size(name: string): Promise<number | undefined> {
    try {
      return (await fs.stat(path.join(this.location, name))).size;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(): Promise<string[]> {
    try {
      return await fs.readdir(this.location);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  async locked<T>(work: () => Promise<T>): Promise<T> {
    let release: () => Promise<void>;
    try {
      await this.ensureFolder();
      release = await this.lock();
    } catch (error) {
      // Storage nobody here can write (read-only, no permission): there is nothing to guard, and
      // reading must still work. A write in `work` fails with the real reason.
      if (CANNOT_WRITE.has((error as NodeJS.ErrnoException).code ?? '')) return work();
      throw error;
    }
    try {
      return await work();
    } finally {
      await release().catch(() => undefined);
    }
  }

  private async ensureFolder(): Promise<void> {
    try {
      await fs.mkdir(this.location, { recursive: true });
    } catch (error) {
      // Node says EEXIST when a file stands where the folder should be: say what it means.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      throw Object.assign(new Error(`ENOTDIR: ${this.location} is a file, not a folder`), { code: 'ENOTDIR' });
    }
  }

  /** Takes the lock, waiting while another process holds it (only then: any other failure is thrown at once). */
  private async lock(): Promise<() => Promise<void>> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fileSafety().lock(this.location, {
          lockfilePath: path.join(this.location, '.lock'),
          realpath: false,
          stale: LOCK_STALE_MS,
          update: LOCK_UPDATE_MS,
          retries: 0,
          // The lock went stale under us (the machine slept mid-write): nothing to undo, the next write takes it again.
          onCompromised: () => undefined,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, 5 * 1.3 ** attempt)));
      }
    }
  }
}

/**
 * History folders that fail for real: a regular file where the folder should be (ENOTDIR, which
 * fails even for root, unlike a read-only folder), a read-only file system (a tmpfs mounted
 * read-only, where the machine lets the tests mount), and a disk layer whose writes fail with a
 * given code (ENOSPC cannot be produced on demand on the test machine's disk).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderHistoryFiles } from '../../src/chat/historyStore';

/** A history folder below a regular file: every mkdir/write in it fails with ENOTDIR. */
export function fileInTheWay(): { folder: string; clear(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-history-blocked-'));
  const file = path.join(root, 'storage');
  fs.writeFileSync(file, 'not a folder');
  return { folder: path.join(file, 'history'), clear: () => fs.rmSync(file) };
}

function failure(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated failure, write`), { code, errno: -28, syscall: 'write' });
}

/** Real files in `folder`, except that writes and appends fail with `code` until `heal()`. */
export function failingWrites(folder: string, code: string): { files: FolderHistoryFiles; heal(): void } {
  let failing = true;
  class FailingFiles extends FolderHistoryFiles {
    override async write(name: string, content: string): Promise<void> {
      if (failing) throw failure(code);
      return super.write(name, content);
    }
    override async append(name: string, content: string): Promise<void> {
      if (failing) throw failure(code);
      return super.append(name, content);
    }
  }
  return { files: new FailingFiles(folder), heal: () => (failing = false) };
}

/**
 * A read-only file system (EROFS) holding what `fill` wrote while it was writable, or undefined
 * where mounting is not allowed (not root, no CAP_SYS_ADMIN). `unmount()` removes it.
 */
export function readOnlyStorage(fill: (folder: string) => void): { folder: string; unmount(): void } | undefined {
  const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-history-ro-'));
  const run = (...args: string[]): boolean => spawnSync(args[0], args.slice(1), { stdio: 'ignore' }).status === 0;
  if (!run('mount', '-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint)) {
    fs.rmdirSync(mountPoint);
    return undefined;
  }
  const unmount = (): void => {
    run('umount', mountPoint);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  };
  const folder = path.join(mountPoint, 'history');
  fs.mkdirSync(folder);
  fill(folder);
  if (!run('mount', '-o', 'remount,ro', mountPoint)) {
    unmount();
    return undefined;
  }
  return { folder, unmount };
}

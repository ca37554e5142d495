import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderHistoryFiles } from '../../src/chat/historyStore';

/** A fresh history folder in the OS temp dir (real files, like the extension's storage folder). */
export function tempHistory(): { folder: string; files: FolderHistoryFiles; names(): string[] } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-history-'));
  return { folder, files: new FolderHistoryFiles(folder), names: () => fs.readdirSync(folder).sort() };
}

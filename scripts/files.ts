import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file below a folder (to search what VS Code wrote, e.g. for a leaked key or logged errors). */
export function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesBelow(full) : entry.isFile() ? [full] : [];
  });
}

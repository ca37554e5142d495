/** Item 1 of issue 7: what ships, as built by `npm run package` (minified bundles, the .vsix). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Row } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

export interface FileSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** The one .vsix `scripts/package.js` leaves in dist/. */
export function findVsix(): string {
  const vsix = fs.existsSync(DIST) ? fs.readdirSync(DIST).find((f) => f.endsWith('.vsix')) : undefined;
  if (!vsix) throw new Error('No .vsix in dist/: npm run bench packages the extension first.');
  return path.join(DIST, vsix);
}

function size(file: string): FileSize {
  const content = fs.readFileSync(file);
  return { file: path.relative(ROOT, file), bytes: content.length, gzipBytes: gzipSync(content).length };
}

export function measureSizes(): { extension: FileSize; webview: FileSize; vsix: FileSize } {
  return { extension: size(path.join(DIST, 'extension.js')), webview: size(path.join(DIST, 'webview.js')), vsix: size(findVsix()) };
}

export function sizeRows(sizes: ReturnType<typeof measureSizes>): Row[] {
  const kb = (s: FileSize): number => s.bytes / 1024;
  const gz = (s: FileSize): string => `gzip ${(s.gzipBytes / 1024).toFixed(1)} KB`;
  return [
    { item: 1, figure: 'extension bundle (dist/extension.js)', value: kb(sizes.extension), unit: 'KB', goal: { max: 300 }, runs: 1, note: gz(sizes.extension) },
    { item: 1, figure: 'webview bundle (dist/webview.js)', value: kb(sizes.webview), unit: 'KB', goal: { max: 200 }, runs: 1, note: gz(sizes.webview) },
    { item: 1, figure: `.vsix (${path.basename(sizes.vsix.file)})`, value: kb(sizes.vsix), unit: 'KB', goal: { max: 500 }, runs: 1 },
  ];
}

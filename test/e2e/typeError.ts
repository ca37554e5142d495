import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';

/** The sample's real TypeScript error (TS2322 on `warnings: '3'`), fixed by several suites. */
export const TYPE_ERROR_FILE = 'Tools/buildReport.ts';

export function onDisk(relative: string): string {
  return fs.readFileSync(path.join(env().workspace, relative), 'utf8');
}

/**
 * Opens the file as it is on disk (an earlier suite may have left the buffer edited), waits for
 * TypeScript's squiggle and puts the cursor on the error, found by its text rather than a line
 * number. Resolves with the file's text before the fix.
 */
export async function cursorOnTypeError(): Promise<string> {
  const { workbench, page } = env();
  await workbench.openFile(TYPE_ERROR_FILE);
  await workbench.runCommand('File: Revert File');
  const before = onDisk(TYPE_ERROR_FILE);
  const lines = before.split('\n');
  const line = lines.findIndex((l) => l.includes("warnings: '3'"));
  if (line < 0) throw new Error(`No type error left in ${TYPE_ERROR_FILE}:\n${before}`);
  await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
  await workbench.goToLine(line + 1, lines[line].indexOf("'3'") + 2);
  return before;
}

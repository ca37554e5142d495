import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';
import { waitUntil } from './wait';

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

/**
 * After a fix was applied and saved: one undo in the editor restores the broken line, and saving
 * writes the file back exactly as it was before the fix.
 */
export async function undoFixAndSaveBack(relative: string, before: string): Promise<void> {
  const { workbench, page } = env();
  await workbench.openFile(relative);
  await workbench.editor().click();
  await page.keyboard.press('Control+Z');
  await waitUntil(async () => (await workbench.editorText()).includes("warnings: '3'"), 'one undo restores the line');
  await page.keyboard.press('Control+S');
  await waitUntil(() => onDisk(relative) === before, 'saved back to the original');
}

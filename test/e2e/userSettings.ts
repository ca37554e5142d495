/**
 * The user's settings.json in the real editor, read from disk and edited as a user does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';
import { waitUntil } from './wait';

/** The user settings file of the running code-server. */
export function settingsFile(): string {
  return path.join(env().server.userDataDir, 'User', 'settings.json');
}

/**
 * Edits the user settings as a user does: Preferences: Open User Settings (JSON), replace the text
 * (pasted: typing JSON into the editor would get auto-closed brackets), save, close.
 */
export async function editUserSettings(change: Record<string, unknown>, screenshot?: string): Promise<void> {
  const { workbench, page } = env();
  const current = JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) delete current[key];
    else current[key] = value;
  }
  await workbench.runCommand('View: Close All Editors');
  await workbench.runCommand('Preferences: Open User Settings (JSON)');
  // VS Code 1.139 opens settings.json in a modal editor over the workbench; older ones in a tab.
  const modal = page.locator('.modal-editor-part').filter({ visible: true });
  const inModal = modal.locator('.monaco-editor').filter({ visible: true }).first();
  const editor = (await inModal.waitFor({ timeout: 10_000 }).then(() => true, () => false)) ? inModal : workbench.editor();
  await editor.waitFor({ timeout: 10_000 });
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(JSON.stringify(current, null, 2))})`);
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.keyboard.press('Control+S');
  await waitUntil(() => {
    let saved: Record<string, unknown>;
    try {
      saved = JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
    } catch {
      return false; // Caught mid-save: VS Code truncates settings.json, then writes it.
    }
    return Object.entries(change).every(([key, value]) => JSON.stringify(saved[key]) === JSON.stringify(value));
  }, 'the user settings are saved');
  if (screenshot) await workbench.screenshot(screenshot);
  await closeSettingsEditor();
}

/** Closes the settings editor: VS Code 1.139 shows it as a modal over the workbench (its X), older ones as a tab. */
export async function closeSettingsEditor(): Promise<void> {
  const { workbench, page } = env();
  const modal = page.locator('.modal-editor-part').filter({ visible: true });
  if (await modal.count()) {
    const close = modal.locator('.modal-editor-header .action-label[aria-label^="Close"], .modal-editor-header .codicon-close').filter({ visible: true }).last();
    if (!(await close.click({ timeout: 5_000 }).then(() => true, () => false))) await page.keyboard.press('Escape');
    await modal.first().waitFor({ state: 'hidden', timeout: 10_000 });
  } else {
    await workbench.runCommand('View: Close All Editors');
  }
}

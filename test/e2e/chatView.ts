/**
 * Drives VS Code's own Chat view (not the extension's sidebar) like a person: open it in Ask
 * mode, pick a model in its model picker, type into its input, read its responses.
 */
import type { Locator, Page } from 'playwright-core';
import type { Workbench } from './workbench';

export class ChatView {
  constructor(private readonly workbench: Workbench) {}

  private get page(): Page {
    return this.workbench.page;
  }

  /** Opens the Chat view in Ask mode (participants answer there) and waits for its input. */
  async open(): Promise<void> {
    await this.workbench.runCommand('Chat: Open Chat (Ask)');
    await this.input().waitFor({ timeout: 20_000 });
  }

  /** Starts an empty conversation with the Chat view's own New Chat button. */
  async newChat(): Promise<void> {
    await this.page.locator('.part.auxiliarybar .action-label[aria-label^="New Chat ("]').filter({ visible: true }).first().click();
    await this.page.locator('.part.auxiliarybar .interactive-item-container').first().waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** Picks a model in the Chat view's model picker by its name (the picker has a search box). */
  async pickModel(name: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.modelPicker().click();
      // Type only once the picker is open: typed earlier, the letters land in the chat input.
      const widget = this.page.locator('.action-widget').filter({ visible: true }).first();
      await widget.waitFor({ timeout: 10_000 });
      const row = this.page.locator('.action-widget .monaco-list-row.focused').filter({ hasText: name }).first();
      if (await widget.locator('input').isVisible()) {
        await this.page.keyboard.type(name);
      } else {
        // 1.116's picker has no search box: its other models sit in a folded "Other Models" group.
        const rows = widget.locator('.monaco-list-row');
        const target = rows.filter({ hasText: new RegExp(`^\\s*${name}\\b`) }).first();
        const other = rows.filter({ hasText: /^\s*Other Models\s*$/ }).first();
        if (!(await target.isVisible()) && (await other.isVisible())) await other.click();
        const clicked = await target.click({ timeout: 10_000 }).then(() => true, () => false);
        if (clicked) break;
      }
      // Enter on the filtered, focused row: the widget re-renders while filtering, so clicks can miss.
      // The picker closes by itself when the model list changes while it is open (models arrive late): open it again.
      const shown = await row.waitFor({ timeout: 10_000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) throw new Error(`The model picker did not offer "${name}" (tried 3 times).`);
      await this.page.keyboard.press('Escape');
      await this.input().locator('.native-edit-context').focus();
      await this.page.keyboard.press('Control+A');
      await this.page.keyboard.press('Delete');
    }
    if (await this.page.locator('.action-widget').filter({ visible: true }).first().isVisible()) await this.page.keyboard.press('Enter');
    await this.modelPicker().filter({ hasText: name }).waitFor({ timeout: 10_000 });
  }

  /** The model picker's button: its name (1.139) or the whole "Pick Model, <name>" action (1.116). */
  private modelPicker(): Locator {
    const input = this.page.locator('.interactive-input-part');
    return input.locator('.model-picker-name').or(input.locator('.action-label[aria-label^="Pick Model"]')).first();
  }

  /** The input editor. */
  input(): Locator {
    return this.page.locator('.interactive-input-part .monaco-editor').first();
  }

  /** Replaces the input with `text` (a sticky `@monster` too) and sends it. */
  async send(text: string): Promise<void> {
    const question = text.replace(/^@\w+\s*/, '').replace(/\s+/g, ' ');
    for (let attempt = 1; ; attempt++) {
      // Focus Monaco's edit context directly: the placeholder decoration covers the editor for clicks.
      await this.input().locator('.native-edit-context').focus();
      await this.page.keyboard.press('Control+A');
      await this.page.keyboard.press('Delete');
      await this.page.keyboard.type(text);
      // Close the @/slash suggestions, so Enter sends instead of accepting one.
      await this.page.keyboard.press('Escape');
      // On a busy machine the Chat input has swallowed a typed space ("Howdo I…"): type it again.
      const typed = (await this.input().locator('.view-lines').innerText()).replace(/\s+/g, ' ');
      if (typed.includes(question) || attempt === 3) break;
    }
    await this.page.keyboard.press('Enter');
  }

  /**
   * Sends `text` and resolves with its response once it has finished. The list is virtualized (old
   * rows leave the DOM), so the response is found as the most recent one once the request shows.
   */
  async ask(text: string, timeout = 30_000): Promise<Locator> {
    await this.send(text);
    const shown = text.replace(/^@\w+\s*/, '');
    await this.page.locator('.interactive-item-container.interactive-request').filter({ hasText: shown }).last().waitFor({ timeout });
    const response = this.page.locator('.interactive-item-container.interactive-response.chat-most-recent-response');
    await response.and(this.page.locator(':not(.chat-response-loading)')).waitFor({ timeout });
    return response;
  }

  /** Hides the secondary side bar the Chat view lives in, so later suites see the usual layout. */
  async close(): Promise<void> {
    await this.workbench.runCommand('View: Hide Secondary Side Bar');
    await this.input().waitFor({ state: 'hidden', timeout: 10_000 });
  }
}

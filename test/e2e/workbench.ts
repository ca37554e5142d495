/**
 * Drives the VS Code workbench the way a person does: command palette, quick inputs,
 * notifications, the editor, and the Monster Gaming sidebar webview.
 */
import * as path from 'node:path';
import { waitUntil } from './wait';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { RESULTS_DIR } from './environment';

const WORKBENCH_TIMEOUT = 60_000;

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly url: string,
  ) {}

  /** Loads the workbench and waits until our extension has activated (its status-bar item shows). */
  async open(): Promise<void> {
    await this.page.goto(this.url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_TIMEOUT });
    await this.statusItem().waitFor({ timeout: WORKBENCH_TIMEOUT });
  }

  /** Reloads the window (Developer: Reload Window), as a user does after an update. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_TIMEOUT });
    await this.statusItem().waitFor({ timeout: WORKBENCH_TIMEOUT });
  }

  /** The extension's account item in the status bar. */
  statusItem(): Locator {
    return this.page.locator('.statusbar-item').filter({ hasText: 'Monster Gaming' }).first();
  }

  /**
   * Runs a command from the palette by its full title ("Monster Gaming: Set API Key"). Opens the
   * palette from the title bar's command center, which works wherever focus is (a webview too).
   */
  async runCommand(title: string): Promise<void> {
    // Escape closes a stale quick input; pressed in an editor it would drop the selection.
    const widget = this.page.locator('.quick-input-widget');
    if (await widget.isVisible()) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 5_000 });
    }
    await this.typeInQuickInput(`>${title}`, async (input) => {
      // The title bar's quick-access box works wherever focus is (a webview too); F1 is the fallback.
      // Right after a reload the title bar is still settling, so try a few times.
      for (let attempt = 0; attempt < 5 && !(await input.isVisible()); attempt++) {
        const quickAccess = this.page.locator('.command-center [aria-label="Open Quick Access"], .command-center .search-label').filter({ visible: true }).first();
        const clicked = await quickAccess.click({ timeout: 2_000 }).then(() => true, () => false);
        if (!clicked) {
          await this.page.keyboard.press('F1');
        }
        await input.waitFor({ timeout: 2_000 }).catch(() => undefined);
      }
    });
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}( \\(.*\\))?$`) }) }).first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
  }

  /**
   * Opens the quick input with `open` and types `text` into it. The quick input closes when
   * something else takes the focus (an editor that finishes opening, a view revealing itself), and
   * on a loaded machine that can land between its opening and the typing: then it opens again.
   */
  private async typeInQuickInput(text: string, open: (input: Locator) => Promise<void>): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    for (let attempt = 1; ; attempt++) {
      await open(input);
      await input.waitFor({ timeout: 10_000 });
      const typed = await input.fill(text, { timeout: 5_000 }).then(() => true, (error: unknown) => {
        if (attempt >= 3) throw error;
        return false;
      });
      if (typed && ((await input.inputValue().catch(() => '')) === text || attempt >= 3)) return input;
    }
  }

  /** Waits for the quick input titled `title` (the palette reuses the same widget, so the title tells them apart). */
  async waitForQuickInput(title: string): Promise<void> {
    await this.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: title }).waitFor({ timeout: 10_000 });
  }

  /** Types into the quick input titled `title` and accepts. */
  async answerQuickInput(title: string, text: string): Promise<void> {
    await this.waitForQuickInput(title);
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(text);
    await input.press('Enter');
  }

  /** Picks an item of the open quick pick: filters by `filter`, then clicks the row matching `label`. */
  async pickQuickItem(title: string, filter: string, label: string | RegExp = filter): Promise<void> {
    await this.waitForQuickInput(title);
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(filter);
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
  }

  /** A notification toast containing `text`. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast').filter({ hasText: text }).first();
  }

  /** Clicks a button of the newest toast matching `text`. */
  async clickNotificationButton(text: string | RegExp, button: string | RegExp): Promise<void> {
    const toast = this.page.locator('.notification-toast').filter({ hasText: text }).last();
    await toast.waitFor({ timeout: 15_000 });
    await toast.getByRole('button', { name: button }).click();
  }

  /** The modal dialog (showWarningMessage with `modal: true`) whose message contains `text`. */
  dialog(text: string | RegExp): Locator {
    return this.page.locator('.monaco-dialog-box').filter({ hasText: text }).first();
  }

  /** Clicks a button of the modal dialog containing `text`, and waits for it to close. */
  async clickDialogButton(text: string | RegExp, button: string): Promise<void> {
    const dialog = this.dialog(text);
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: button, exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Clicks an action of the active editor's title bar by its name (e.g. "Accept Fix"). */
  async clickEditorTitleAction(name: string): Promise<void> {
    const action = this.page.locator(`.action-label[aria-label*="${name}"]`).filter({ visible: true }).first();
    try {
      await action.waitFor({ timeout: 10_000 });
    } catch (error) {
      const labels = await this.page.locator(".editor-actions .action-label").evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label')}|${e.className}`));
      throw new Error(`No title action "${name}"; there are: ${labels.join(', ')}`, { cause: error });
    }
    await action.click();
  }

  /**
   * What the status bar's Problems item says, as a screen reader hears it ("No Problems",
   * "1 error", …): the count a user sees at a glance.
   */
  async problemsSummary(): Promise<string> {
    return (await this.page.locator('[id="status.problems"]').first().getAttribute('aria-label')) ?? '';
  }

  /** The Problems view's rows as text (files and their problems), opened from the status bar as a user does; poll it, rows come as the view draws. */
  async problems(): Promise<string[]> {
    const panel = this.page.locator('.markers-panel').filter({ visible: true });
    if (!(await panel.isVisible())) await this.page.locator('[id="status.problems"] a, [id="status.problems"]').first().click();
    await panel.first().waitFor({ timeout: 10_000 });
    return (await panel.first().locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Closes the visible toasts, newest first; a toast that went away by itself is skipped at once. */
  async dismissNotifications(): Promise<void> {
    const close = this.page.locator('.notification-toast .codicon-notifications-clear');
    for (let i = 0; i < 10 && (await close.count()) > 0; i++) {
      await close.first().click({ timeout: 2_000 }).catch(() => undefined);
    }
  }

  /** The Monster Gaming sidebar webview (outer frame keyed by extension id, inner active frame). */
  chat(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready[src*="extensionId=monstergaming.monster-gaming"]').frameLocator('iframe#active-frame');
  }

  /** Opens the sidebar chat from the palette and waits for its prompt box. */
  async openChat(): Promise<FrameLocator> {
    await this.runCommand('Monster Gaming: Open Chat');
    const chat = this.chat();
    await chat.locator('textarea').waitFor({ timeout: 20_000 });
    return chat;
  }

  /** Types a question into the chat and presses Enter. */
  async ask(question: string): Promise<void> {
    const box = this.chat().locator('textarea');
    await box.fill(question);
    await box.press('Enter');
  }

  /** All assistant answers in the transcript. */
  answers(): Locator {
    return this.chat().locator('article.mg-msg--assistant');
  }

  /** Asks a question and resolves with the new answer once it has appeared (it may still stream). */
  async askForAnswer(question: string): Promise<Locator> {
    // By id, not by position: older pages of a long conversation are drawn above as they arrive.
    const newest = async (): Promise<string | null> => ((await this.answers().count()) > 0 ? this.answers().last().getAttribute('data-message-id') : null);
    const before = await newest();
    await this.ask(question);
    let id: string | null = null;
    await waitUntil(async () => {
      id = await newest();
      return id !== null && id !== before;
    }, 'the answer to appear', 30_000);
    return this.chat().locator(`article.mg-msg--assistant[data-message-id="${id ?? ''}"]`);
  }

  /** Waits until an answer has stopped streaming (complete, stopped, incomplete or failed). */
  async waitForDone(answer: Locator, timeout = 30_000): Promise<Locator> {
    await answer.and(this.chat().locator('[aria-busy="false"]')).waitFor({ timeout });
    return answer;
  }

  /** Asks and waits for the whole answer. */
  async askAndWait(question: string): Promise<Locator> {
    return this.waitForDone(await this.askForAnswer(question));
  }

  /** Sets the API key through the palette, as a user does, and waits for the status bar to show the account. */
  async setApiKey(key: string, accountLabel: string): Promise<void> {
    await this.runCommand('Monster Gaming: Set API Key');
    await this.answerQuickInput('Monster Gaming: Set API Key', key);
    await this.statusItem().filter({ hasText: accountLabel }).waitFor({ timeout: 15_000 });
  }

  /** Moves the cursor to a line (and column) of the active editor with Go to Line. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.editor().click();
    await this.page.keyboard.press('Control+G');
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) and runs the action whose title starts with `title`. */
  async quickFix(title: string): Promise<void> {
    const item = this.page.locator('.action-widget .monaco-list-row').filter({ hasText: title }).first();
    // Code actions are computed after the diagnostics arrive; a menu opened too early lacks ours, so reopen it.
    for (let attempt = 0; attempt < 4; attempt++) {
      await this.page.keyboard.press('Control+.');
      if (await item.waitFor({ timeout: 4_000 }).then(() => true, () => false)) {
        // VS Code 1.96 lays a pointer blocker over the menu until the mouse moves: move it there first.
        await item.hover({ force: true });
        await item.click();
        return;
      }
      await this.page.keyboard.press('Escape');
    }
    throw new Error(`The quick-fix menu never offered "${title}".`);
  }

  /**
   * Opens a workspace file by its relative path with Quick Open. Quick Open closes when something
   * takes the focus (an editor closing, the Welcome page navigating), so a second try follows.
   */
  async openFile(relativePath: string): Promise<void> {
    // The file's own tab is active (not a diff of it, whose title also starts with its name).
    const tab = this.page.locator(`.tab.active[aria-label^="${path.basename(relativePath)}"]:not([aria-label*="↔"])`).first();
    for (let attempt = 1; ; attempt++) {
      const input = await this.typeInQuickInput(relativePath, async () => {
        await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('Control+P');
      });
      // The focused row, not any row: until the filter applies, the list still shows recently opened
      // files, and Enter would open whichever of those is first (or keep the active one).
      const row = this.page.locator('.quick-input-list .monaco-list-row.focused').filter({ hasText: path.basename(relativePath) }).first();
      await row.waitFor({ timeout: 10_000 });
      await input.press('Enter');
      const opened = await tab.waitFor({ timeout: 20_000 }).then(() => true, (error: unknown) => {
        if (attempt > 1) throw error;
        return false;
      });
      if (opened) break;
    }
    await this.editor().waitFor({ timeout: 10_000 });
  }

  /** The active text editor's content area. */
  editor(): Locator {
    // The active group's visible text editor (a diff editor's gutter is also a .monaco-editor).
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor:not(.gutter)').filter({ visible: true }).last();
  }

  /** Selects whole lines [from, to] (1-based) in the active editor with Go to Line and Shift+Down. */
  async selectLines(from: number, to: number): Promise<void> {
    await this.editor().click();
    await this.page.keyboard.press('Control+G');
    await this.page.keyboard.type(String(from));
    await this.page.keyboard.press('Enter');
    // Typing before Go to Line has handed focus back would land in the closing quick input.
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Home');
    for (let line = from; line <= to; line++) {
      await this.page.keyboard.press('Shift+ArrowDown');
    }
    await this.page.locator('.statusbar-item').filter({ hasText: /selected/ }).first().waitFor({ timeout: 5_000 });
  }

  /** The text of the active editor's visible lines (see `renderedText`). */
  async editorText(): Promise<string> {
    return renderedText(this.editor().locator('.view-lines .view-line'));
  }

  /**
   * One side of the active diff editor as text: its rendered lines in order (a deleted line shows
   * on the original side only), joined with \n. Exact for small LF files without tabs.
   */
  async diffSide(side: 'original' | 'modified'): Promise<string> {
    return renderedText(this.page.locator(`.editor-group-container.active .monaco-diff-editor .editor.${side} .view-lines .view-line`));
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
  }

  /** A screenshot of one part of the workbench (what overlays it included): the README's small pictures. */
  async screenshotOf(selector: string, name: string): Promise<void> {
    await this.page.locator(selector).first().screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
  }
}

/**
 * Monaco's rendered lines as text, in order of their position, joined with \n. Line by line,
 * since `innerText` of the whole `.view-lines` drops empty lines (an empty block has no text).
 */
async function renderedText(lines: Locator): Promise<string> {
  await lines.first().waitFor({ timeout: 10_000 });
  const rows = await lines.evaluateAll((els) => els.map((el) => [parseFloat((el as unknown as { style: { top: string } }).style.top) || 0, el.textContent ?? ''] as const));
  return rows
    .sort((a, b) => a[0] - b[0])
    .map(([, text]) => text.replace(/\u00a0/g, ' '))
    .join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The first-run walkthrough in a real VS Code: it opened by itself when the packaged extension
 * was first installed (environment.ts records that start), never again after, and each step
 * checks itself off when the user has done the thing.
 */
import * as assert from 'node:assert/strict';
import { env, WALKTHROUGH } from './environment';
import { cursorOnTypeError, onDisk, TYPE_ERROR_FILE, undoFixAndSaveBack } from './typeError';
import { waitUntil } from './wait';

const KEY = 'mg_live_studio_e2e_walkthrough';

describe('First-run walkthrough in a real VS Code', function () {
  this.timeout(120_000);

  const step = (id: string) => env().page.locator(`.gettingStartedContainer .codicon-getting-started-step-checked[data-done-step-id="${WALKTHROUGH}#${id}"]`);

  async function openWalkthrough(): Promise<void> {
    const { workbench, page } = env();
    await workbench.runCommand('Welcome: Open Walkthrough...');
    // This quick pick has a placeholder, no title.
    await page.locator('.quick-input-widget .quick-input-box input').fill('Monster Gaming');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Get started with Monster Gaming' }).first().click();
    await page.locator(`.gettingStartedContainer h2.category-title[x-category-title-for="${WALKTHROUGH}"]`).waitFor({ timeout: 10_000 });
  }

  it('opened by itself on first install, with every step still to do', () => {
    assert.deepEqual(env().firstStart, { walkthroughOpened: true, stepsDone: 0 });
  });

  it('does not open again after a reload', async () => {
    const { workbench, page } = env();
    await workbench.reload();
    await page.waitForTimeout(5_000);
    assert.equal(await page.locator('.gettingStartedContainer').count(), 0);
  });

  it('checks off each step when the user has done it', async () => {
    const { workbench } = env();
    // The walkthrough is only open while it is looked at: on Escape it navigates and takes the
    // focus back, which would close a Quick Open typed into meanwhile.
    const expectChecked = async (ids: readonly string[]): Promise<void> => {
      await openWalkthrough();
      for (const id of ids) await step(id).waitFor({ timeout: 10_000 });
      await workbench.runCommand('View: Close All Editors');
    };
    await workbench.setApiKey(KEY, 'Studio · production');
    await expectChecked(['setKey']);

    await workbench.openChat();
    await workbench.askAndWait('How do I pool bullets in Unity?');
    await expectChecked(['askQuestion']);

    await workbench.runCommand('Monster Gaming: Select Discipline');
    await workbench.pickQuickItem('Monster Gaming: Select Discipline', 'Auto', /Auto/);
    await expectChecked(['pickDiscipline']);

    const before = await cursorOnTypeError();
    await workbench.quickFix('Fix with Monster Gaming');
    await workbench.clickNotificationButton(/Monster Gaming fix for 2322/, 'Accept');
    await workbench.notification(/fix applied/).waitFor({ timeout: 15_000 });
    await waitUntil(() => onDisk(TYPE_ERROR_FILE) !== before, 'the fix is saved');
    await undoFixAndSaveBack(TYPE_ERROR_FILE, before);

    await openWalkthrough();
    for (const id of ['setKey', 'askQuestion', 'fixError', 'pickDiscipline']) {
      await step(id).waitFor({ timeout: 10_000 });
    }
    await workbench.screenshot('50-walkthrough-done');
    await workbench.runCommand('View: Close All Editors');
    await workbench.dismissNotifications();
  });
});

/**
 * The account in a real VS Code: after an answer, hovering the Monster Gaming status-bar item shows
 * the credit balance, today's spend and the spend caps; a balance under the warning level shows
 * the low-credit warning with Add Credits. Leaves the Studio key and the gateway's default account.
 */
import * as assert from 'node:assert/strict';
import type { Request } from 'playwright-core';
import { env } from './environment';

/** A key of its own: setting it starts the account reading afresh (an earlier suite's answer may have read it less than a minute ago). */
const ACCOUNT_KEY = 'mg_live_starter_e2e_account';
const STUDIO_KEY = 'mg_live_studio_e2e_key';

describe('The account in a real VS Code', function () {
  this.timeout(120_000);

  after(async () => {
    const { workbench, gateway } = env();
    await workbench.dismissNotifications();
    gateway.reset();
    await workbench.setApiKey(STUDIO_KEY, 'Studio · production');
  });

  it('hovering the status-bar item after an answer shows balance, today\'s spend and the caps; a low balance warns with Add Credits', async () => {
    const { workbench, gateway } = env();
    gateway.reset();
    gateway.setAccount({ balanceUsd: 0.5, spentTodayUsd: 0.37 });
    await workbench.dismissNotifications();
    await workbench.setApiKey(ACCOUNT_KEY, 'Starter · production');
    // The "key saved" toast would cover the warning in the screenshot.
    await workbench.dismissNotifications();
    await workbench.openChat();
    await workbench.askAndWait('How do I pool bullets in Unity?');

    const warning = workbench.page.locator('.notification-toast').filter({ hasText: /credit balance is \$0\.50, under \$1\.00/ });
    await warning.waitFor({ timeout: 15_000 });
    assert.equal(await warning.getByRole('button', { name: 'Add Credits' }).count(), 1);
    await workbench.screenshot('70-account-low-credit');
    // Add Credits opens the account's own Stripe page, as GET /billing/manage names it: VS Code
    // either asks before opening the external site (the dialog shows the address) or opens it.
    const opened: string[] = [];
    const context = workbench.page.context();
    const onRequest = (request: Request): void => void (request.url().includes('stripe.com') && opened.push(request.url()));
    context.on('request', onRequest);
    await warning.getByRole('button', { name: 'Add Credits' }).click();
    const ask = workbench.page.locator('.monaco-dialog-box').filter({ hasText: 'billing.stripe.com' });
    for (let i = 0; i < 40 && opened.length === 0 && !(await ask.isVisible()); i++) await workbench.page.waitForTimeout(250);
    context.off('request', onRequest);
    assert.ok(gateway.requests.some((r) => r.path === '/v1/billing/manage'), 'Add Credits asked GET /billing/manage');
    if (await ask.isVisible()) {
      await workbench.screenshot('70b-account-add-credits');
      await ask.getByRole('button', { name: 'Cancel' }).click();
    } else {
      assert.match(opened.join(' '), /https:\/\/billing\.stripe\.com\/p\/session\/test_mg_dev_starter/);
      for (const tab of context.pages()) if (tab !== workbench.page) await tab.close();
    }
    await workbench.dismissNotifications();

    const hover = workbench.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Credit balance' });
    // The reading lands just after the answer; hover again until the tooltip has it.
    for (let i = 0; i < 20 && !(await hover.isVisible()); i++) {
      await workbench.page.mouse.move(0, 0);
      await workbench.statusItem().hover();
      await hover.waitFor({ timeout: 1_500 }).catch(() => undefined);
    }
    const text = await hover.innerText();
    assert.match(text, /Credit balance: \$0\.50/);
    assert.match(text, /Spent today: \$0\.37/);
    assert.match(text, /Spend caps: \$10\.00 a day, none a month/);
    await workbench.screenshot('71-account-tooltip');
    await workbench.page.mouse.move(0, 0);
    assert.equal(gateway.requests.filter((r) => r.path === '/v1/credits/balance').length, 1);
  });

  it('Select Model marks the model the gateway reports degraded, with its success rate (GET /models/health)', async () => {
    const { workbench, gateway, page } = env();
    gateway.setAccount({ degradedModel: 'deepseek-chat' });
    await workbench.runCommand('Monster Gaming: Select Model');
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'deepseek-chat' }).first();
    await row.filter({ hasText: 'degraded' }).waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), /62% of requests succeeded in the last 24 hours/);
    assert.match(await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'monster-gpt' }).first().innerText(), /99\.8% success \(24 h\)/);
    await workbench.screenshot('72-select-model-health');
    await page.keyboard.press('Escape');
    assert.ok(gateway.requests.some((r) => r.path === '/v1/models/health'));
  });
});

/**
 * The Crash Reports view in a real VS Code: opened in the Monster Gaming container, it shows the
 * development gateway's seeded trends; a trend expands to its recent crashes, Set Crash Status
 * PATCHes one, and Analyze Crash Report asks `POST /v1/debug/analyze` by `crash_id` and shows
 * the analysis in the sidebar with the crash's workspace frame linked.
 */
import * as assert from 'node:assert/strict';
import { env } from './environment';

const KEY = 'mg_live_studio_e2e_crash_reports';

describe('Crash Reports view, in a real VS Code', function () {
  this.timeout(150_000);

  before(async () => {
    const { workbench, gateway } = env();
    gateway.reset();
    await workbench.setApiKey(KEY, 'Studio · production');
    await workbench.dismissNotifications();
  });

  it('shows the trends, expands one, sets a crash\'s status and analyzes it into the sidebar', async () => {
    const { workbench, page, gateway } = env();
    await workbench.openChat();
    const header = page.locator('.pane-header').filter({ hasText: 'Crash Reports' }).first();
    await header.waitFor({ timeout: 15_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const pane = page.locator('.pane').filter({ has: header });
    const rows = pane.locator('.monaco-list-row');
    const regression = rows.filter({ hasText: 'Inventory.TryAdd (Assets/Scripts/Inventory.cs:17)' });
    await regression.waitFor({ timeout: 20_000 });
    await rows.filter({ hasText: '×64' }).filter({ hasText: 'PlayerController.FixedUpdate' }).waitFor({ timeout: 5_000 });
    assert.match(await regression.innerText(), /×41 · regression · macos, windows/);
    await header.locator('.monaco-icon-label, .title-description, .description').filter({ hasText: '130 crashes · 4 groups · 24 in 24 h' }).first().waitFor({ timeout: 5_000 });
    const read = gateway.requests.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);
    for (const call of ['GET /v1/debug/crashes/trends', 'GET /v1/debug/crashes/stats', 'GET /v1/debug/crashes?limit=100']) assert.ok(read.includes(call), call);
    await workbench.screenshot('72-crash-reports-trends');

    await regression.click();
    const crash = rows.and(page.locator('[aria-level="2"]')).first();
    await crash.waitFor({ timeout: 10_000 });
    assert.match(await crash.innerText(), /new · windows · 1\.2\.0/);

    await crash.click({ button: 'right' });
    // The menu ignores a click that comes right after it opened; click until the quick pick shows.
    const setStatus = page.getByRole('menuitem', { name: /Set Crash Status/ });
    const title = page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Set Crash Status' });
    for (let attempt = 0; attempt < 5 && !(await title.isVisible()); attempt++) {
      await setStatus.click({ timeout: 5_000 }).catch(() => undefined);
      await title.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
    await workbench.pickQuickItem('Set Crash Status', 'resolved');
    await rows.and(page.locator('[aria-level="2"]')).filter({ hasText: /resolved · windows · 1\.2\.0/ }).first().waitFor({ timeout: 10_000 });
    const patch = gateway.requests.find((r) => r.method === 'PATCH');
    assert.equal(patch?.path, '/v1/debug/crashes/crash_0002');
    assert.deepEqual(patch.body, { status: 'resolved' });
    await workbench.screenshot('73-crash-reports-status');

    // The row's inline action (the context menu offers the same command).
    const analyzed = rows.and(page.locator('[aria-level="2"]')).first();
    await analyzed.hover();
    await analyzed.locator('.action-label[aria-label="Analyze Crash Report"]').click();
    await workbench.answerQuickInput('Monster Gaming: Analyze Crash', '');
    const answer = workbench.answers().filter({ has: workbench.chat().locator('.mg-msg__frames') }).last();
    await answer.waitFor({ timeout: 30_000 });
    await workbench.waitForDone(answer);
    await answer.getByText('Root Cause:').waitFor({ timeout: 10_000 });
    await answer.locator('.mg-msg__frames button').filter({ hasText: 'Assets/Scripts/Inventory.cs:17' }).waitFor({ timeout: 10_000 });
    const analyze = gateway.requests.find((r) => r.path === '/v1/debug/analyze');
    assert.deepEqual(analyze?.body, { crash_id: 'crash_0002' });
    // The gateway moved the analyzed crash to investigating; the view read it again.
    await rows.and(page.locator('[aria-level="2"]')).filter({ hasText: /investigating · windows · 1\.2\.0/ }).first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('74-crash-reports-analyzed');
  });

  it('a failed read shows an error row that retries; without a key the view says to set one', async () => {
    const { workbench, page, gateway } = env();
    const header = page.locator('.pane-header').filter({ hasText: 'Crash Reports' }).first();
    const pane = page.locator('.pane').filter({ has: header });
    await page.keyboard.press('Escape');
    gateway.setFault({ kind: 'error', code: 'PROVIDER_UNAVAILABLE' });
    await workbench.runCommand('Monster Gaming: Refresh Crash Reports');
    const failed = pane.locator('.monaco-list-row').filter({ hasText: 'Could not read the crash reports' });
    await failed.waitFor({ timeout: 15_000 });
    await workbench.screenshot('75-crash-reports-error');
    await failed.click();
    await pane.locator('.monaco-list-row').filter({ hasText: 'PlayerController.FixedUpdate' }).waitFor({ timeout: 15_000 });

    await workbench.runCommand('Monster Gaming: Clear API Key');
    await pane.getByText('Crash reports need a Monster Gaming API key.').waitFor({ timeout: 15_000 });
    await pane.getByRole('button', { name: 'Set API Key' }).waitFor({ timeout: 5_000 });
    await workbench.screenshot('76-crash-reports-no-key');
    await workbench.setApiKey(KEY, 'Studio · production');
    await pane.locator('.monaco-list-row').filter({ hasText: 'PlayerController.FixedUpdate' }).waitFor({ timeout: 15_000 });
  });
});

/**
 * The Crash Reports view in a real VS Code: opened in the Monster Gaming container, it shows the
 * development gateway's seeded trends; a trend expands to its recent crashes, Set Crash Status
 * PATCHes one, and Analyze Crash Report asks `POST /v1/debug/analyze` by `crash_id` and shows
 * the analysis in the sidebar with the crash's workspace frame linked.
 */
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { submitCrashes } from '../support/submitCrashes';
import { env } from './environment';

const KEY = 'mg_live_studio_e2e_crash_reports';

/** The Crash Reports pane, expanded, with its rows and every group collapsed. */
async function crashPane(): Promise<{ pane: Locator; rows: Locator }> {
  const { page } = env();
  const header = page.locator('.pane-header').filter({ hasText: 'Crash Reports' }).first();
  await header.waitFor({ timeout: 15_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const pane = page.locator('.pane').filter({ has: header });
  return { pane, rows: pane.locator('.monaco-list-row') };
}

/** Folds or unfolds the sidebar's Chat pane: folded, the Crash Reports pane has the sidebar's height for its rows. */
async function foldChat(fold: boolean): Promise<void> {
  const { page } = env();
  const header = page.locator('.pane-header').filter({ has: page.locator('h3.title', { hasText: /^Chat$/ }) }).first();
  if ((await header.getAttribute('aria-expanded')) === String(fold)) await header.click();
}

async function collapseAll(pane: Locator): Promise<void> {
  await pane.locator('.pane-header').hover();
  await pane.locator('.pane-header .action-label[aria-label="Collapse All"]').click({ timeout: 5_000 }).catch(() => undefined);
}

/** Opens a row's context menu and clicks one item (the menu ignores a click right after it opened). */
async function contextMenu(row: Locator, item: RegExp, done: () => Promise<boolean>): Promise<void> {
  const { page } = env();
  await row.click({ button: 'right' });
  for (let attempt = 0; attempt < 5 && !(await done()); attempt++) {
    await page.getByRole('menuitem', { name: item }).click({ timeout: 5_000 }).catch(() => undefined);
    await page.waitForTimeout(500);
  }
}

describe('Crash Reports view, in a real VS Code', function () {
  this.timeout(150_000);

  before(async () => {
    const { workbench, gateway } = env();
    gateway.reset();
    await workbench.setApiKey(KEY, 'Studio · production');
    await workbench.dismissNotifications();
  });
  after(() => foldChat(false));

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

  it('Load more… reads the second page into the view; Open Top Frame opens the first workspace frame', async () => {
    const { workbench, page, gateway } = env();
    gateway.reset();
    await foldChat(true);
    await workbench.runCommand('Monster Gaming: Refresh Crash Reports');
    const { pane, rows } = await crashPane();
    await rows.filter({ hasText: '×64' }).waitFor({ timeout: 20_000 });
    await collapseAll(pane);
    // The smallest group: six crashes, all on the first page, then "Load more…" while a second page remains.
    const segfault = rows.filter({ hasText: 'PhysX_64.dll!physx::Gu::contactConvexMesh' });
    await segfault.click();
    const more = rows.filter({ hasText: 'Load more…' });
    await more.waitFor({ timeout: 10_000 });
    assert.equal(await rows.and(page.locator('[aria-level="2"]')).filter({ hasText: /new · windows · 1\.2\.0/ }).count(), 6);
    await workbench.screenshot('77-crash-reports-load-more');
    await more.click();
    await more.waitFor({ state: 'detached', timeout: 15_000 });
    const pages = gateway.requests.filter((r) => r.method === 'GET' && r.path === '/v1/debug/crashes').map((r) => r.query);
    assert.deepEqual(pages, ['limit=100', 'limit=100&before=crash_0100'], 'the second page, from where the first ended');

    // Netcode's guard is the top frame; the first frame in the workspace is NetworkPlayer.cs:21.
    await collapseAll(pane);
    const network = rows.filter({ hasText: 'Unity.Netcode.NetworkBehaviour.__beginSendServerRpc' });
    const tab = page.locator('.tab.active[aria-label^="NetworkPlayer.cs"]');
    await contextMenu(network, /Open Top Frame/, () => tab.isVisible());
    await tab.waitFor({ timeout: 15_000 });
    await page.locator('.statusbar-item').filter({ hasText: /Ln 21, Col 1/ }).first().waitFor({ timeout: 10_000 });
    await workbench.screenshot('78-crash-reports-open-top-frame');
    await workbench.runCommand('View: Close All Editors');
  });

  it('a group whose crashes are older than the first page is read further when expanded', async () => {
    const { workbench, page, gateway } = env();
    gateway.reset();
    // 250 newer crashes of another group: the seeded ones start on the third page.
    await submitCrashes(gateway.url, KEY, 250);
    await workbench.runCommand('Monster Gaming: Refresh Crash Reports');
    const { pane, rows } = await crashPane();
    await rows.filter({ hasText: '×250' }).waitFor({ timeout: 20_000 });
    await collapseAll(pane);
    await rows.filter({ hasText: '×64' }).filter({ hasText: 'PlayerController.FixedUpdate' }).click();
    await rows.and(page.locator('[aria-level="2"]')).filter({ hasText: /new · (windows|android) · 1\.2\.0/ }).first().waitFor({ timeout: 15_000 });
    const pages = gateway.requests.filter((r) => r.method === 'GET' && r.path === '/v1/debug/crashes').map((r) => r.query);
    assert.equal(pages.length, 3, `read until the group's crashes were found: ${pages.join(', ')}`);
    await workbench.screenshot('79-crash-reports-older-group');

    // 650 newer crashes: the segfaults are on page 7, past the five pages a group is sought.
    await submitCrashes(gateway.url, KEY, 400);
    // Folded first: a group still open when the view reads again is sought at once.
    await collapseAll(pane);
    await workbench.runCommand('Monster Gaming: Refresh Crash Reports');
    await rows.filter({ hasText: '×650' }).waitFor({ timeout: 20_000 });
    await collapseAll(pane);
    await rows.filter({ hasText: 'PhysX_64.dll!physx::Gu::contactConvexMesh' }).click();
    await rows.filter({ hasText: 'No crash of this group among the newest 600 read' }).waitFor({ timeout: 20_000 });
    await workbench.screenshot('79b-crash-reports-not-found');
    await rows.filter({ hasText: 'Load more…' }).click();
    await rows.and(page.locator('[aria-level="2"]')).filter({ hasText: /new · windows · 1\.2\.0/ }).first().waitFor({ timeout: 15_000 });
    assert.equal(await rows.filter({ hasText: 'No crash of this group' }).count(), 0);
  });

  it('says when there are no crashes yet, and when the provider is not Monster Gaming', async () => {
    const { workbench, gateway } = env();
    gateway.clearCrashes();
    await workbench.runCommand('Monster Gaming: Refresh Crash Reports');
    const { pane } = await crashPane();
    await pane.getByText('No crash reports yet: crashes your game sends to POST /v1/debug/crashes show here.').waitFor({ timeout: 15_000 });
    await pane.getByRole('button', { name: 'Refresh' }).waitFor({ timeout: 5_000 });
    await workbench.screenshot('80-crash-reports-empty');
    gateway.reset();

    await workbench.runCommand('Monster Gaming: Select Provider');
    await workbench.pickQuickItem('Monster Gaming: Select Provider', 'Portkey (self-hosted)');
    await workbench.pickQuickItem('Monster Gaming: Portkey (self-hosted) provider', 'moonshot');
    await pane.getByText('Crash reports come from the Monster Gaming API; the active provider is another gateway.').waitFor({ timeout: 15_000 });
    await pane.getByRole('button', { name: 'Select Provider' }).waitFor({ timeout: 5_000 });
    assert.doesNotMatch(await pane.locator('.pane-header').innerText(), /crashes/, 'no counts from the last reading');
    await workbench.screenshot('81-crash-reports-not-monster-gaming');
    await workbench.dismissNotifications();
    await workbench.runCommand('Monster Gaming: Select Provider');
    await workbench.pickQuickItem('Monster Gaming: Select Provider', 'Monster Gaming', /^Monster Gaming/);
    await pane.locator('.monaco-list-row').filter({ hasText: 'PlayerController.FixedUpdate' }).waitFor({ timeout: 15_000 });
  });
});

/**
 * Analyze Crash as a user meets it, in a real VS Code: a Unity crash from a player log selected in
 * the editor, Analyze Crash from the palette (Enter alone at the question), the analysis in the
 * sidebar from the development gateway's `POST /v1/debug/analyze`, and its frame link opening
 * the script at the crashing line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';

const KEY = 'mg_live_studio_e2e_crash';
const LOG = 'Logs/Player-crash.log';

describe('Analyze Crash, in a real VS Code', function () {
  this.timeout(120_000);

  before(async () => {
    const { workbench, workspace } = env();
    fs.writeFileSync(
      path.join(workspace, LOG),
      [
        'Initialize engine version: 2022.3.10f1 (ff3792e53c62)',
        'NullReferenceException: Object reference not set to an instance of an object',
        '  at PlayerController.FixedUpdate () [0x0001c] in C:\\Users\\dev\\SampleGame\\Assets\\Scripts\\PlayerController.cs:30 ',
        '  at UnityEngine.Internal.$MethodUtility.InvokeMethod (System.Object target, System.Void* method) [0x00000] in <a1b2c3>:0 ',
        '',
      ].join('\n'),
    );
    await workbench.setApiKey(KEY, 'Studio · production');
  });

  it('selected crash text → Analyze Crash → the analysis in the sidebar, and its frame link opens the line', async () => {
    const { workbench, page, gateway } = env();
    // The editor first: Quick Open's keys would go to the chat's webview if it had the focus.
    await workbench.openFile(LOG);
    await workbench.selectLines(2, 4);
    gateway.reset();

    await workbench.runCommand('Monster Gaming: Analyze Crash');
    await workbench.answerQuickInput('Monster Gaming: Analyze Crash', '');
    // The command opens the sidebar itself; the crash's answer is the one with frame links.
    const answer = workbench.answers().filter({ has: workbench.chat().locator('.mg-msg__frames') }).last();
    await answer.waitFor({ timeout: 30_000 });
    await workbench.waitForDone(answer);

    const request = gateway.requests.find((r) => r.path === '/v1/debug/analyze');
    assert.ok(request, 'the crash reached POST /v1/debug/analyze');
    assert.deepEqual(request.body, {
      stack_trace: ['PlayerController.FixedUpdate (Assets/Scripts/PlayerController.cs:30)', 'UnityEngine.Internal.$MethodUtility.InvokeMethod'],
      platform: 'windows',
      engine: 'unity',
    });
    await answer.getByText('Root Cause:').waitFor({ timeout: 10_000 });
    const link = answer.locator('.mg-msg__frames button').filter({ hasText: 'Assets/Scripts/PlayerController.cs:30' });
    await link.waitFor({ timeout: 10_000 });
    await workbench.chat().locator('article.mg-msg--user').last().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('70-analyze-crash');

    await link.click();
    await page.locator('.tab.active[aria-label^="PlayerController.cs"]').waitFor({ timeout: 15_000 });
    await page.locator('.statusbar-item').filter({ hasText: /Ln 30, Col 1/ }).first().waitFor({ timeout: 10_000 });
    await workbench.screenshot('71-analyze-crash-frame-opened');
  });
});

/**
 * Analyze Crash as a user meets it, in a real VS Code: a Unity crash from a player log selected in
 * the editor, Analyze Crash from the palette (Enter alone at the question), the analysis in the
 * sidebar from the development gateway's `POST /v1/debug/analyze`, and its frame link opening
 * the script at the crashing line. Then from the debugger: a real Node script that throws, run
 * under VS Code's built-in JavaScript debugger (js-debug) until it stops on the uncaught
 * exception, and Analyze Crash from the debug toolbar.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';

const KEY = 'mg_live_studio_e2e_crash';
const LOG = 'Logs/Player-crash.log';
const SCRIPT = 'Tools/reactor.js';
/** The throw, and the frames below it, by line in SCRIPT. */
const THROW_LINE = 9;
const TICK_LINE = 13;
const TOP_LINE = 15;

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
    fs.writeFileSync(
      path.join(workspace, SCRIPT),
      [
        '// A build tool that crashes: the e2e suite debugs it (test/e2e/crash.test.ts).',
        'function coolant(level) {',
        "  debugger; // paused here, the test turns on 'Uncaught Exceptions' (js-debug's default is off)",
        '  return level - 3;',
        '}',
        'function overheat(core) {',
        '  const left = coolant(core.level);',
        '  if (left < 0) {',
        '    throw new Error(`Reactor core ${core.id} overheated`);',
        '  }',
        '}',
        'function tick() {',
        '  overheat({ id: 7, level: 2 });',
        '}',
        'tick();',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(workspace, '.vscode', 'launch.json'),
      JSON.stringify({ version: '0.2.0', configurations: [{ type: 'node', request: 'launch', name: 'Reactor', program: `\${workspaceFolder}/${SCRIPT}`, skipFiles: ['<node_internals>/**'] }] }, null, 2),
    );
    await workbench.setApiKey(KEY, 'Studio · production');
  });

  after(async () => {
    const { page } = env();
    // Nothing left running for the next suite: Stop while a session is up.
    if (await page.locator('.debug-toolbar').isVisible()) await page.keyboard.press('Shift+F5');
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

  it('a Node script stopped on its uncaught exception → Analyze Crash in the debug toolbar → the real frames sent, and a frame link opens its line', async () => {
    const { workbench, page, gateway, workspace } = env();
    assert.equal(fs.readFileSync(path.join(workspace, SCRIPT), 'utf8').split('\n')[THROW_LINE - 1]?.trim().startsWith('throw'), true);
    await workbench.openFile(SCRIPT);
    await workbench.runCommand('Debug: Start Debugging');
    const toolbar = page.locator('.debug-toolbar');
    // Offered only while stopped: here, at the debugger statement.
    const analyze = toolbar.locator('.action-label[aria-label="Analyze Crash"]');
    await analyze.waitFor({ timeout: 60_000 });
    // Turn on Uncaught Exceptions in the Breakpoints view, then continue to the throw.
    await workbench.runCommand('View: Show Run and Debug');
    const uncaught = page.locator('.debug-breakpoints .monaco-list-row').filter({ hasText: 'Uncaught Exceptions' }).getByRole('checkbox');
    await uncaught.click({ timeout: 15_000 });
    await toolbar.locator('.action-label[aria-label^="Continue"]').click();
    await page.locator('.exception-widget').filter({ hasText: 'Reactor core 7 overheated' }).waitFor({ timeout: 30_000 });
    gateway.reset();

    await analyze.waitFor({ timeout: 10_000 });
    await workbench.screenshot('72-analyze-crash-debug-toolbar');
    await analyze.click();
    await workbench.answerQuickInput('Monster Gaming: Analyze Crash', '');
    const answer = workbench.answers().filter({ has: workbench.chat().locator('.mg-msg__frames') }).last();
    await answer.waitFor({ timeout: 30_000 });
    await workbench.waitForDone(answer);

    const request = gateway.requests.find((r) => r.path === '/v1/debug/analyze');
    assert.ok(request, 'the stopped thread reached POST /v1/debug/analyze');
    // The real frames js-debug gave (its names, the workspace-relative file, the lines), then Node's
    // own frames (outside the workspace: as the adapter named them); the platform of the launched
    // process (it runs where the extension host does) and the engine of the workspace's profile.
    const body = request.body as { stack_trace: string[]; platform?: string; engine?: string; question?: string };
    assert.deepEqual(body.stack_trace.slice(0, 4), [
      `global.overheat (${SCRIPT}:${THROW_LINE})`,
      `global.tick (${SCRIPT}:${TICK_LINE})`,
      `<anonymous> (${SCRIPT}:${TOP_LINE})`,
      body.stack_trace[3]?.includes('<node_internals>') ? body.stack_trace[3] : 'a Node frame next',
    ], JSON.stringify(body));
    assert.deepEqual({ ...body, stack_trace: undefined }, { stack_trace: undefined, platform: 'linux', engine: 'unity' });
    await workbench.chat().locator('article.mg-msg--user').last().getByText('Error: Reactor core 7 overheated').waitFor({ timeout: 10_000 });
    const link = answer.locator('.mg-msg__frames button').filter({ hasText: `${SCRIPT}:${TICK_LINE}` });
    await link.waitFor({ timeout: 10_000 });
    await workbench.chat().locator('article.mg-msg--user').last().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('73-analyze-crash-from-debugger');

    // The caller's line, not the throw the debugger already shows.
    await link.click();
    await page.locator('.tab.active[aria-label^="reactor.js"]').waitFor({ timeout: 15_000 });
    await page.locator('.statusbar-item').filter({ hasText: new RegExp(`Ln ${TICK_LINE}, Col 1`) }).first().waitFor({ timeout: 10_000 });
    await workbench.screenshot('74-analyze-crash-debug-frame-opened');
  });
});

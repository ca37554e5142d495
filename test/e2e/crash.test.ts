/**
 * Analyze Crash as a user meets it, in a real VS Code: a Unity crash from a player log selected in
 * the editor, Analyze Crash from the palette (Enter alone at the question), the analysis in the
 * sidebar from the development gateway's `POST /v1/debug/analyze`, and its frame link opening
 * the script at the crashing line. Then from the debugger: a real Node script that throws, run
 * under VS Code's built-in JavaScript debugger (js-debug) until it stops on the uncaught
 * exception, and Analyze Crash from the debug toolbar and the Call Stack's context menu. A
 * maintenance answered by `/debug/analyze` shows the ETA and the status page, Retry analyzes again,
 * and a follow-up question carries the analysis.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { env, RESULTS_DIR } from './environment';

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

  it('maintenance on /debug/analyze: the crash card has the ETA and Open status page; Retry analyzes again; a follow-up carries the analysis', async () => {
    const { workbench, gateway } = env();
    await workbench.openFile(LOG);
    await workbench.selectLines(2, 4);
    gateway.reset();
    gateway.setAccount({ maintenance: { eta: '2099-01-01T06:30:00Z', message: 'Database upgrade' } });
    try {
      await workbench.runCommand('Monster Gaming: Analyze Crash');
      await workbench.answerQuickInput('Monster Gaming: Analyze Crash', '');
      const failed = workbench.answers().filter({ has: workbench.chat().locator('.mg-msg__frames') }).last();
      await failed.waitFor({ timeout: 30_000 });
      await workbench.waitForDone(failed);
      const card = failed.locator('.mg-error');
      await card.getByText(/Database upgrade: expected back at 2099-01-01 06:30 UTC/).waitFor({ timeout: 10_000 });
      await card.getByRole('button', { name: 'Open status page' }).waitFor();
      assert.ok(gateway.requests.some((r) => r.path === '/v1/status'), 'the card read GET /v1/status');
      await workbench.screenshot('75-analyze-crash-maintenance');
    } finally {
      gateway.reset();
    }

    // Maintenance over: Retry asks /debug/analyze again (not chat), and the analysis replaces the card.
    await workbench.answers().last().locator('.mg-error').getByRole('button', { name: 'Retry' }).click();
    const answer = workbench.answers().last();
    await answer.getByText('Root Cause:').waitFor({ timeout: 30_000 });
    await workbench.waitForDone(answer);
    assert.deepEqual(gateway.requests.map((r) => r.path).filter((p) => p !== '/v1/status'), ['/v1/debug/analyze']);
    await answer.locator('.mg-msg__frames button').filter({ hasText: 'Assets/Scripts/PlayerController.cs:30' }).waitFor({ timeout: 10_000 });

    // A follow-up is a chat question whose history holds the crash and its analysis.
    await workbench.askAndWait('How do I guard against it?');
    const followUp = gateway.requests.find((r) => r.path === '/v1/chat/completions' || r.path === '/v1/stream');
    assert.ok(followUp, 'the follow-up was asked');
    const sent = (followUp.body as { messages: Array<{ content: string }> }).messages.map((m) => m.content).join('\n');
    assert.ok(sent.includes('PlayerController.FixedUpdate (Assets/Scripts/PlayerController.cs:30)'), 'the crash');
    assert.ok(sent.includes('**Root Cause:**'), 'the analysis');
    assert.ok(sent.includes('How do I guard against it?'));
    await workbench.screenshot('76-analyze-crash-follow-up');
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
    // The request and the status the gateway answered, as it recorded them (quoted in closing notes).
    fs.writeFileSync(path.join(RESULTS_DIR, 'analyze-request.json'), `${JSON.stringify({ path: request.path, status: request.status, body }, null, 2)}\n`);
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

  it('still stopped: right-click a frame in the Call Stack → Analyze Crash → the same real frames sent', async () => {
    const { workbench, page, gateway } = env();
    await workbench.runCommand('View: Show Run and Debug');
    const frame = page.locator('.debug-call-stack .monaco-list-row').filter({ hasText: 'tick' }).first();
    await frame.waitFor({ timeout: 15_000 });
    gateway.reset();
    await frame.click({ button: 'right' });
    // The menu ignores a click that comes right after it opened; click until the question shows.
    const item = page.getByRole('menuitem', { name: /^Analyze Crash/ });
    const title = page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Monster Gaming: Analyze Crash' });
    await item.waitFor({ timeout: 10_000 });
    await workbench.screenshot('77-analyze-crash-call-stack-menu');
    for (let attempt = 0; attempt < 5 && !(await title.isVisible()); attempt++) {
      await item.click({ timeout: 5_000 }).catch(() => undefined);
      await title.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
    await workbench.answerQuickInput('Monster Gaming: Analyze Crash', '');
    const answer = workbench.answers().filter({ has: workbench.chat().locator('.mg-msg__frames') }).last();
    await answer.getByText('Root Cause:').waitFor({ timeout: 30_000 });
    await workbench.waitForDone(answer);
    const analyze = gateway.requests.filter((r) => r.path === '/v1/debug/analyze');
    assert.equal(analyze.length, 1, 'one analysis from the menu');
    const body = analyze[0].body as { stack_trace: string[] };
    assert.deepEqual(body.stack_trace.slice(0, 3), [`global.overheat (${SCRIPT}:${THROW_LINE})`, `global.tick (${SCRIPT}:${TICK_LINE})`, `<anonymous> (${SCRIPT}:${TOP_LINE})`]);
    await workbench.chat().locator('article.mg-msg--user').last().getByText('Error: Reactor core 7 overheated').waitFor({ timeout: 10_000 });
    await workbench.screenshot('78-analyze-crash-from-call-stack');
  });
});

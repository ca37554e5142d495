/**
 * Agent mode's view in real Chromium: the Ask / Agent control, step rows, the approval and review
 * cards, tokens, restoring all of it from `init`, and the agent bundle (dist/webview-agent.js)
 * loaded only on first need, with the messages that arrived meanwhile applied in order.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { AgentStepView, ApprovalView, HostToWebview, ReviewView } from '../../src/shared/protocol';
import { assistantMessage, type Theme, useWebviewSuite, userMessage, viewState, type WebviewPage } from './harness';

const resultsDir = path.resolve(__dirname, '..', '..', '..', 'test-results', 'webview');
const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

const step = (id: string, extra: Partial<AgentStepView> = {}): AgentStepView => ({ id, tool: 'read_file', brief: 'Assets/Shaders/Water.shader:1-80', status: 'running', ...extra });
const editApproval: ApprovalView = { id: 'call2', kind: 'edit', subject: 'Assets/Shaders/Water.shader', detail: 'replace 3 lines', added: 4, removed: 2 };
const commandApproval: ApprovalView = { id: 'call3', kind: 'command', subject: 'bash', detail: 'glslangValidator -V water.frag && rm -rf /tmp/x' };
const review = (states: Partial<Record<string, ReviewView['files'][number]['state']>> = {}): ReviewView => ({
  files: [
    { path: 'Assets/Shaders/Water.shader', added: 4, removed: 2, created: false, state: states['Assets/Shaders/Water.shader'] ?? 'pending' },
    { path: 'Assets/Shaders/Foam.hlsl', added: 30, removed: 0, created: true, state: states['Assets/Shaders/Foam.hlsl'] ?? 'pending' },
  ],
});

/** An agent turn in progress: the question and the empty answer `a1`. */
const turn = (): HostToWebview[] => [
  { type: 'messageAdded', message: userMessage('u1', 'Make the water shader compile') },
  { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) },
];

/** Whether the page asked for the agent bundle. */
async function agentRequested(view: WebviewPage): Promise<boolean> {
  return view.page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/webview-agent.js')));
}

describe('chat webview: agent mode', function () {
  const suite = useWebviewSuite();
  let view: WebviewPage;

  it('Ask / Agent control: name and pressed state, posts setAgentMode, follows init and agentMode', async () => {
    view = await suite.open({ init: viewState({ agentMode: false }) });
    const { page } = view;
    const control = page.locator('.mg-composer__mode');
    assert.strictEqual(await control.getAttribute('aria-pressed'), 'false');
    assert.doesNotMatch((await control.getAttribute('aria-label')) ?? '', /Agent/, 'off: the name does not say Agent');
    assert.strictEqual(await page.getByRole('button', { name: /Agent/ }).count(), 0);
    await view.clearPosted();
    await control.click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'setAgentMode', on: true }]);
    // The host decides: nothing changes until it says so.
    assert.strictEqual(await control.getAttribute('aria-pressed'), 'false');
    await view.send({ type: 'agentMode', on: true });
    const on = page.getByRole('button', { name: /Agent/, pressed: true });
    assert.strictEqual(await on.count(), 1);
    assert.match((await page.getByRole('textbox').getAttribute('placeholder')) ?? '', /agent/i);
    await view.clearPosted();
    await on.click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'setAgentMode', on: false }]);
    await view.send({ type: 'agentMode', on: false });
    assert.strictEqual(await control.getAttribute('aria-pressed'), 'false');
    assert.doesNotMatch((await page.getByRole('textbox').getAttribute('placeholder')) ?? '', /agent/i);
  });

  it('restores agent mode from init', async () => {
    view = await suite.open({ init: viewState({ agentMode: true }) });
    assert.strictEqual(await view.page.getByRole('button', { name: /Agent/, pressed: true }).count(), 1);
  });

  it('does not load the agent bundle in ask mode', async () => {
    view = await suite.open({ init: viewState({ messages: [userMessage('u1', 'hi'), assistantMessage('a1', 'Hello', { tokens: { prompt: 1000, completion: 234 } })] }) });
    await view.send(...turn(), { type: 'delta', id: 'a1', text: 'An answer' }, { type: 'done', id: 'a1', status: 'complete' });
    await view.frame();
    assert.strictEqual(await agentRequested(view), false);
    assert.strictEqual(await view.page.locator('script').count(), 1);
  });

  it('loads the agent bundle on the first step and applies the messages queued meanwhile, in order', async () => {
    view = await suite.open();
    assert.strictEqual(await agentRequested(view), false);
    // One batch: the bundle cannot have loaded before the later ones arrive.
    await view.send(
      ...turn(),
      { type: 'step', id: 'a1', step: step('call1') },
      { type: 'step', id: 'a1', step: step('call2', { tool: 'edit_file', brief: 'Assets/Shaders/Water.shader', status: 'waiting' }) },
      { type: 'step', id: 'a1', step: step('call1', { status: 'done', result: 'line 1\nline 2', ms: 12 }) },
      { type: 'approval', id: 'a1', approval: editApproval },
    );
    const rows = view.message('a1').locator('.mg-step');
    await rows.nth(1).waitFor();
    assert.strictEqual(await rows.count(), 2, 'call1 was upserted, not added twice');
    assert.match(await rows.nth(0).locator('summary').innerText(), /read_file[\s\S]*Water\.shader:1-80[\s\S]*12 ms/);
    assert.ok(await rows.nth(0).evaluate((el) => el.classList.contains('mg-step--done')));
    assert.ok(await rows.nth(1).evaluate((el) => el.classList.contains('mg-step--waiting')));
    await view.page.getByRole('group', { name: /Water\.shader/ }).waitFor();
    assert.strictEqual(await agentRequested(view), true);
    assert.strictEqual(await view.page.locator('script').count(), 1, 'the loader script element is gone once it ran');
    // Steps stand above the answer's text.
    await view.send({ type: 'delta', id: 'a1', text: 'Done.' });
    assert.ok(await view.message('a1').evaluate((el) => {
      const steps = el.querySelector('.mg-msg__steps');
      const body = el.querySelector('.mg-msg__body');
      return !!steps && !!body && (steps.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    }));
  });

  it('a view drawn anew (init) shows the card of the approval its streaming answer waits on, and Accept posts it', async () => {
    const waiting = assistantMessage('a1', '', { status: 'streaming', steps: [step('call2', { tool: 'edit_file', brief: 'Assets/Shaders/Water.shader', status: 'waiting' })], approval: editApproval });
    view = await suite.open({ init: viewState({ agentMode: true, messages: [userMessage('u1', 'Make the water shader compile'), waiting] }) });
    const card = view.page.getByRole('group', { name: /Water\.shader/ });
    await card.waitFor();
    await view.clearPosted();
    await card.getByRole('button', { name: /^Accept/ }).click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'approve', id: 'a1', approvalId: editApproval.id, decision: 'accept' }]);
  });

  it('loads the agent bundle when agent mode is turned on', async () => {
    view = await suite.open();
    await view.send({ type: 'agentMode', on: true });
    await view.page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/webview-agent.js')));
  });

  it('step rows expand to the result, and hostile results stay text', async () => {
    view = await suite.open({ init: viewState({ agentMode: true }) });
    await view.send(...turn(), { type: 'step', id: 'a1', step: step('call1', { tool: 'run_command', brief: hostile, status: 'failed', result: `Error: ${hostile}\nexit 1`, ms: 1500 }) });
    const row = view.message('a1').locator('.mg-step').first();
    await row.waitFor();
    assert.strictEqual(await row.evaluate((el) => (el as HTMLDetailsElement).open), false);
    await row.locator('summary').click();
    assert.strictEqual(await row.evaluate((el) => (el as HTMLDetailsElement).open), true);
    const result = row.locator('pre');
    assert.strictEqual(await result.innerText(), `Error: ${hostile}\nexit 1`);
    assert.strictEqual(await result.locator('*').count(), 0, 'no elements in the result');
    assert.match(await row.locator('summary').innerText(), /run_command[\s\S]*<img src=x[\s\S]*Failed[\s\S]*1\.5 s/);
    assert.strictEqual(await view.message('a1').locator('img, script').count(), 0);
    // An update keeps the row open and in place.
    await view.send({ type: 'step', id: 'a1', step: step('call1', { tool: 'run_command', brief: 'make', status: 'failed', result: 'exit 2', ms: 1500 }) });
    assert.strictEqual(await row.evaluate((el) => (el as HTMLDetailsElement).open), true);
    assert.strictEqual(await result.innerText(), 'exit 2');
    for (const status of ['running', 'waiting', 'done', 'rejected', 'stopped'] as const) {
      await view.send({ type: 'step', id: 'a1', step: step('call1', { status }) });
      assert.ok(await row.evaluate((el, s) => el.classList.contains(`mg-step--${s}`), status), status);
    }
    assert.strictEqual(await view.page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined);
  });

  it('edit approval: focus on the card, Open Diff, Accept, Reject with a reason, removal', async () => {
    view = await suite.open({ init: viewState({ agentMode: true }) });
    const { page } = view;
    await view.send(...turn(), { type: 'step', id: 'a1', step: step('call2', { tool: 'edit_file', status: 'waiting' }) }, { type: 'approval', id: 'a1', approval: editApproval });
    const card = page.getByRole('group', { name: /Water\.shader/ });
    await card.waitFor();
    assert.ok(await card.evaluate((el) => el.contains(document.activeElement)), 'focus moved to the card');
    assert.match(await card.innerText(), /\+4[\s\S]*−2/);
    await view.clearPosted();
    await card.getByRole('button', { name: 'Open diff of Assets/Shaders/Water.shader' }).click();
    await card.getByRole('button', { name: 'Accept edit of Assets/Shaders/Water.shader' }).click();
    assert.deepStrictEqual(await view.posted(), [
      { type: 'openApproval', id: 'a1', approvalId: 'call2' },
      { type: 'approve', id: 'a1', approvalId: 'call2', decision: 'accept' },
    ]);
    await view.send({ type: 'approval', id: 'a1', approval: null });
    assert.strictEqual(await page.locator('.mg-approval').count(), 0, 'null removes the card');

    // The next one: Reject with a reason, by keyboard (Enter in the reason field).
    await view.send({ type: 'approval', id: 'a1', approval: { ...editApproval, id: 'call4', kind: 'create', subject: 'Assets/New.cs', added: 10, removed: 0 } });
    const next = page.getByRole('group', { name: /Assets\/New\.cs/ });
    await next.waitFor();
    await view.clearPosted();
    const reason = next.getByRole('textbox', { name: /reason/i });
    await reason.fill('Keep the old file name');
    await reason.press('Enter');
    assert.deepStrictEqual(await view.posted(), [{ type: 'approve', id: 'a1', approvalId: 'call4', decision: 'reject', reason: 'Keep the old file name' }]);
    assert.strictEqual(await next.getByRole('button', { name: 'Reject creation of Assets/New.cs' }).count(), 1);
  });

  it('command approval: the exact command as text, Run and Skip', async () => {
    view = await suite.open({ init: viewState({ agentMode: true }) });
    const { page } = view;
    await view.send(...turn(), { type: 'approval', id: 'a1', approval: { ...commandApproval, detail: `${commandApproval.detail} ${hostile}` } });
    const card = page.getByRole('group', { name: /command/i });
    await card.waitFor();
    assert.strictEqual(await card.locator('pre').innerText(), `${commandApproval.detail} ${hostile}`);
    assert.strictEqual(await card.locator('pre *').count(), 0);
    await view.clearPosted();
    await card.getByRole('button', { name: 'Run command' }).click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'approve', id: 'a1', approvalId: 'call3', decision: 'accept' }]);
    await view.send({ type: 'approval', id: 'a1', approval: { ...commandApproval, id: 'call5', kind: 'task', subject: 'build', detail: '{"type":"shell","command":"make"}' } });
    const task = page.getByRole('group', { name: /task build/i });
    await task.waitFor();
    await view.clearPosted();
    await task.getByRole('textbox', { name: /reason/i }).fill('not now');
    await task.getByRole('button', { name: 'Skip task build' }).click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'approve', id: 'a1', approvalId: 'call5', decision: 'reject', reason: 'not now' }]);
  });

  it('review card: open, keep, undo per file and for all; kept and undone files lose their buttons', async () => {
    view = await suite.open({ init: viewState({ agentMode: true }) });
    const { page } = view;
    await view.send(...turn(), { type: 'done', id: 'a1', status: 'complete', text: 'I fixed the shader.' }, { type: 'review', id: 'a1', review: review() });
    const card = page.getByRole('region', { name: /Changed files/ });
    await card.waitFor();
    assert.match(await card.innerText(), /Water\.shader[\s\S]*\+4[\s\S]*−2/);
    assert.match(await card.innerText(), /Foam\.hlsl[\s\S]*new/i);
    // The icons render from the shipped (subset) font: Keep's check glyph, set as text in the same
    // place, has a width, while a code point the font lacks measures 0 (nothing drawn).
    const [glyph, missing] = await card.getByRole('button', { name: 'Keep Assets/Shaders/Water.shader' }).locator('.codicon-check').evaluate(async (el) => {
      await document.fonts.ready;
      const width = (text: string): number => {
        const probe = document.createElement('span');
        probe.className = 'codicon codicon-probe';
        probe.textContent = text;
        el.after(probe);
        const w = probe.getBoundingClientRect().width;
        probe.remove();
        return w;
      };
      return [width(JSON.parse(getComputedStyle(el, '::before').content) as string), width('\u{e000}')];
    });
    assert.ok(glyph > 0 && glyph !== missing, `codicon-check's glyph is ${glyph}px wide, a missing glyph ${missing}px: is it in dist/codicon.ttf?`);
    await view.clearPosted();
    await card.getByRole('button', { name: 'Open diff of Assets/Shaders/Water.shader' }).click();
    await card.getByRole('button', { name: 'Keep Assets/Shaders/Water.shader' }).click();
    await card.getByRole('button', { name: 'Undo Assets/Shaders/Foam.hlsl' }).click();
    await card.getByRole('button', { name: 'Keep All' }).click();
    await card.getByRole('button', { name: 'Undo All' }).click();
    assert.deepStrictEqual(await view.posted(), [
      { type: 'reviewAction', id: 'a1', action: 'open', path: 'Assets/Shaders/Water.shader' },
      { type: 'reviewAction', id: 'a1', action: 'keep', path: 'Assets/Shaders/Water.shader' },
      { type: 'reviewAction', id: 'a1', action: 'undo', path: 'Assets/Shaders/Foam.hlsl' },
      { type: 'reviewAction', id: 'a1', action: 'keep' },
      { type: 'reviewAction', id: 'a1', action: 'undo' },
    ]);
    await view.send({ type: 'review', id: 'a1', review: review({ 'Assets/Shaders/Water.shader': 'kept' }) });
    assert.strictEqual(await card.getByRole('button', { name: 'Keep Assets/Shaders/Water.shader' }).count(), 0);
    assert.strictEqual(await card.getByRole('button', { name: 'Keep Assets/Shaders/Foam.hlsl' }).count(), 1);
    assert.match(await card.innerText(), /Kept/);
    await view.send({ type: 'review', id: 'a1', review: review({ 'Assets/Shaders/Water.shader': 'kept', 'Assets/Shaders/Foam.hlsl': 'undone' }) });
    assert.match(await card.innerText(), /Undone/);
    assert.strictEqual(await card.getByRole('button', { name: /^(Keep|Undo)/ }).count(), 0, 'nothing left to keep or undo');
    assert.strictEqual(await card.getByRole('button', { name: /Open diff/ }).count(), 2, 'the diffs still open');
  });

  it('tokens: from the message and from tokens messages, with each part in the tooltip', async () => {
    view = await suite.open({ init: viewState({ messages: [userMessage('u1', 'q'), assistantMessage('a0', 'old', { tokens: { prompt: 1000, completion: 234 } })] }) });
    const old = view.message('a0').locator('.mg-msg__tokens');
    assert.strictEqual(await old.innerText(), '1,234 tokens');
    assert.match((await old.getAttribute('title')) ?? '', /1,000 prompt[\s\S]*234 completion/);
    await view.send(...turn(), { type: 'tokens', id: 'a1', tokens: { prompt: 5000, completion: 20 } });
    assert.strictEqual(await view.message('a1').locator('.mg-msg__tokens').innerText(), '5,020 tokens');
    await view.send({ type: 'tokens', id: 'a1', tokens: { prompt: 9000, completion: 120 } });
    assert.strictEqual(await view.message('a1').locator('.mg-msg__tokens').innerText(), '9,120 tokens');
  });

  it('restores steps, review and tokens from init (a reload of the view)', async () => {
    view = await suite.open({
      init: viewState({
        messages: [
          userMessage('u1', 'Make the water shader compile'),
          assistantMessage('a1', 'I fixed it.', {
            steps: [step('call1', { status: 'done', result: 'ok', ms: 3 }), step('call2', { tool: 'edit_file', status: 'done' })],
            review: review({ 'Assets/Shaders/Water.shader': 'kept' }),
            tokens: { prompt: 10, completion: 5 },
          }),
        ],
      }),
    });
    const rows = view.message('a1').locator('.mg-step');
    await rows.nth(1).waitFor();
    assert.strictEqual(await rows.count(), 2);
    assert.match(await view.message('a1').getByRole('region', { name: /Changed files/ }).innerText(), /Kept/);
    assert.strictEqual(await view.message('a1').locator('.mg-msg__tokens').innerText(), '15 tokens');
    // And again from a conversation reopened from history.
    await view.send({ type: 'conversation', conversationId: 'c2', earlier: 0, messages: [assistantMessage('b1', 'x', { steps: [step('s1', { status: 'stopped' })] })] });
    await view.message('b1').locator('.mg-step--stopped').waitFor();
  });

  for (const theme of ['dark', 'light'] as const satisfies readonly Theme[]) {
    it(`screenshot: steps, approval and review cards (${theme})`, async () => {
      view = await suite.open({ theme, width: 420, height: 900, init: viewState({ agentMode: true, messages: [
        userMessage('u0', 'Make the water shader compile'),
        assistantMessage('a0', 'The shader compiles now: `_Time` was misspelled.', {
          steps: [
            step('c1', { status: 'done', ms: 4 }),
            step('c2', { tool: 'compile_shader', brief: 'Water.shader', status: 'failed', ms: 310, result: 'Error: Water.shader:12: undeclared identifier _Tme' }),
            step('c3', { tool: 'edit_file', brief: 'Water.shader', status: 'done', ms: 8 }),
            step('c4', { tool: 'run_command', brief: 'rm -rf Library', status: 'rejected' }),
          ],
          review: review({ 'Assets/Shaders/Foam.hlsl': 'kept' }),
          tokens: { prompt: 12_400, completion: 830 },
        }),
      ] }) });
      await view.send(...turn(), { type: 'step', id: 'a1', step: step('c5', { status: 'done', ms: 2 }) }, { type: 'step', id: 'a1', step: step('c6', { tool: 'run_command', brief: 'glslangValidator -V water.frag', status: 'waiting' }) }, { type: 'approval', id: 'a1', approval: commandApproval });
      await view.page.getByRole('group', { name: /command/i }).waitFor();
      await view.message('a0').locator('.mg-step').nth(1).locator('summary').click();
      await view.page.evaluate(() => document.fonts.ready);
      fs.mkdirSync(resultsDir, { recursive: true });
      const out = path.join(resultsDir, `agent-${theme}.png`);
      // caret: 'initial': hiding the caret would put a style attribute on the card's reason field.
      await view.page.screenshot({ path: out, caret: 'initial' });
      assert.ok(fs.statSync(out).size > 10_000);
    });
  }
});

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { isRequestId, type MentionView, type WebviewToHost } from '../../src/shared/protocol';
import { assistantMessage, type Theme, useWebviewSuite, userMessage, viewState, type WebviewPage } from './harness';

const resultsDir = path.resolve(__dirname, '..', '..', '..', 'test-results', 'webview');

/** The `draft` the view posted last (after typing settles), to answer it like the host does. */
async function lastDraft(view: WebviewPage, text: string): Promise<Extract<WebviewToHost, { type: 'draft' }>> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const drafts = (await view.posted()).filter((m): m is Extract<WebviewToHost, { type: 'draft' }> => m.type === 'draft');
    const last = drafts.at(-1);
    if (last && last.text === text) return last;
    if (Date.now() > deadline) throw new Error(`no draft for ${JSON.stringify(text)}; drafts: ${JSON.stringify(drafts.map((d) => d.text))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Answers the latest draft with the mentions the host would find in it. */
async function answerDraft(view: WebviewPage, text: string, mentions: (text: string) => MentionView[]): Promise<void> {
  const draft = await lastDraft(view, text);
  await view.send({ type: 'mentions', version: draft.version, mentions: mentions(text) });
}

/** A mention of `label` where it is in `text`. */
const at = (text: string, label: string, extra: Partial<MentionView> = {}): MentionView => {
  const start = text.indexOf(label);
  assert.ok(start >= 0, `${label} in ${text}`);
  return { kind: label.startsWith('#file') ? 'file' : label.startsWith('#folder') ? 'folder' : label.startsWith('#problems') ? 'problems' : 'selection', label, start, end: start + label.length, ...extra };
};

describe('chat webview: # mentions, chips and the context meter', function () {
  const suite = useWebviewSuite();
  let view: WebviewPage;

  const prompt = (): ReturnType<WebviewPage['page']['getByRole']> => view.page.getByRole('textbox', { name: 'Message Monster Gaming' });
  const options = async (): Promise<string[]> => view.page.getByRole('option').evaluateAll((els) => els.map((el) => `${el.getAttribute('aria-selected') === 'true' ? '>' : ' '}${el.querySelector('.mg-picker__text')?.textContent ?? ''}`));

  it('opens the picker on #, filters the kinds as you type, and moves and chooses with the keyboard', async () => {
    view = await suite.open();
    await prompt().click();
    await view.page.keyboard.type('Why does #');
    const listbox = view.page.getByRole('listbox', { name: 'Attach context' });
    await listbox.waitFor();
    assert.deepStrictEqual(await options(), ['>#file', ' #folder', ' #selection', ' #problems', ' #problems:all', ' #terminal', ' #changes', ' #symbol']);
    // The prompt keeps the focus and points at the active option.
    assert.strictEqual(await prompt().getAttribute('aria-activedescendant'), 'mg-picker-0');
    assert.strictEqual(await prompt().getAttribute('aria-expanded'), 'true');
    await view.page.keyboard.type('pro');
    assert.deepStrictEqual(await options(), ['>#problems', ' #problems:all']);
    await view.page.keyboard.press('ArrowDown');
    assert.deepStrictEqual(await options(), [' #problems', '>#problems:all']);
    assert.strictEqual(await prompt().getAttribute('aria-activedescendant'), 'mg-picker-1');
    await view.page.keyboard.press('Enter');
    assert.strictEqual(await prompt().inputValue(), 'Why does #problems:all ');
    assert.ok(await listbox.isHidden(), 'closed after choosing');
    assert.ok(!(await view.posted()).some((m) => m.type === 'send'), 'Enter chose; it did not send');
  });

  it('completes #file: with the host\'s candidates (Tab chooses), quoting paths with spaces', async () => {
    view = await suite.open();
    await prompt().click();
    await view.page.keyboard.type('#fi');
    await view.page.keyboard.press('Tab');
    assert.strictEqual(await prompt().inputValue(), '#file:');
    await view.page.keyboard.type('pla');
    const request = await view.waitForPosted('candidates');
    assert.deepStrictEqual({ kind: request.kind, query: request.query }, { kind: 'file', query: 'pla' });
    await view.send({
      type: 'candidates',
      requestId: request.requestId,
      candidates: [
        { value: 'Assets/My Scripts/Player Controller.cs', label: 'Player Controller.cs', description: 'Assets/My Scripts' },
        { value: 'Assets/Scripts/Player.cs', label: 'Player.cs', description: 'Assets/Scripts' },
      ],
    });
    assert.deepStrictEqual(await options(), ['>Player Controller.cs', ' Player.cs']);
    await view.page.keyboard.press('Tab');
    assert.strictEqual(await prompt().inputValue(), '#file:"Assets/My Scripts/Player Controller.cs" ');
  });

  it('ignores a late answer for an older query, and says when nothing matches', async () => {
    view = await suite.open();
    await prompt().click();
    await view.page.keyboard.type('#symbol:Mov');
    const first = await view.waitForPosted('candidates');
    await view.clearPosted();
    await view.page.keyboard.type('e');
    const second = await view.waitForPosted('candidates');
    assert.strictEqual(second.query, 'Move');
    await view.send({ type: 'candidates', requestId: first.requestId, candidates: [{ value: 'MoveTowards', label: 'MoveTowards' }] });
    assert.deepStrictEqual(await options(), [], 'the answer to "Mov" is not shown for "Move"');
    await view.send({ type: 'candidates', requestId: second.requestId, candidates: [] });
    await view.page.getByRole('listbox').getByText('No symbol matches').waitFor();
  });

  it('closes on Escape and stays closed while the caret is in that mention; Enter then sends', async () => {
    view = await suite.open();
    await prompt().click();
    await view.page.keyboard.type('Explain #sel');
    await view.page.getByRole('listbox').waitFor();
    await view.page.keyboard.press('Escape');
    assert.ok(await view.page.getByRole('listbox').isHidden());
    await view.page.keyboard.type('ection');
    assert.ok(await view.page.getByRole('listbox').isHidden(), 'not reopened by typing on in the same mention');
    await view.page.keyboard.press('Enter');
    const send = await view.waitForPosted('send');
    assert.ok(send.type === 'send' && isRequestId(send.id), 'with a request id of its own');
    assert.deepStrictEqual({ ...send, id: undefined }, { type: 'send', id: undefined, text: 'Explain #selection' });
  });

  it('shows the host\'s mentions as chips (a refused one says why) and removes them by mouse and keyboard', async () => {
    view = await suite.open();
    const text = 'Compare #file:Assets/A.cs with #file:../secret.txt and #selection';
    await prompt().fill(text);
    // The caret ends in `#selection`, so the picker offers it; Escape closes it, uncovering the chips.
    await view.page.getByRole('listbox').waitFor();
    await prompt().press('Escape');
    await answerDraft(view, text, (t) => [at(t, '#file:Assets/A.cs'), at(t, '#file:../secret.txt', { problem: '../secret.txt is outside the workspace' }), at(t, '#selection')]);
    const chips = view.page.getByRole('list', { name: 'Attached context' }).first().getByRole('listitem');
    assert.deepStrictEqual(await chips.allInnerTexts(), ['#file:Assets/A.cs', '#file:../secret.txt', '#selection']);
    assert.strictEqual(await chips.nth(1).getAttribute('title'), '#file:../secret.txt — ../secret.txt is outside the workspace');
    assert.match((await chips.nth(1).getAttribute('class')) ?? '', /mg-chip--problem/);

    await view.page.getByRole('button', { name: 'Remove #file:../secret.txt' }).click();
    assert.strictEqual(await prompt().inputValue(), 'Compare #file:Assets/A.cs with and #selection');
    const after = 'Compare #file:Assets/A.cs with and #selection';
    await answerDraft(view, after, (t) => [at(t, '#file:Assets/A.cs'), at(t, '#selection')]);
    const remove = view.page.getByRole('button', { name: 'Remove #selection' });
    await remove.focus();
    await view.page.keyboard.press('Delete');
    assert.strictEqual(await prompt().inputValue(), 'Compare #file:Assets/A.cs with and');
    // The focus stays in the row (the next chip's button), so the keyboard can go on.
    assert.strictEqual(await view.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Remove #file:Assets/A.cs');
  });

  it('never draws chips from an answer about an older text', async () => {
    view = await suite.open();
    await prompt().fill('see #selection');
    const old = await lastDraft(view, 'see #selection');
    await prompt().fill('see #selection and #file:A.cs');
    await lastDraft(view, 'see #selection and #file:A.cs');
    await view.send({ type: 'mentions', version: old.version, mentions: [at('see #selection', '#selection')] });
    assert.strictEqual(await view.page.locator('.mg-context .mg-chip').count(), 0);
  });

  it('attaches the active editor through a removable chip; removed, it stays off for that question only', async () => {
    view = await suite.open();
    await view.send({ type: 'activeEditor', editor: { kind: 'activeEditor', label: 'PlayerController.cs', detail: 'Assets/Scripts/PlayerController.cs, visible lines 1–40' } });
    const chip = view.page.locator('.mg-chip--implicit');
    assert.strictEqual(await chip.locator('.mg-chip__label').innerText(), 'PlayerController.cs');
    assert.strictEqual(await chip.locator('.mg-chip__note').innerText(), 'active editor');
    assert.strictEqual(await chip.getAttribute('title'), 'PlayerController.cs — Assets/Scripts/PlayerController.cs, visible lines 1–40');
    await view.page.getByRole('button', { name: 'Remove the active editor, PlayerController.cs' }).click();
    const add = view.page.getByRole('button', { name: 'Attach the active editor, PlayerController.cs' });
    await add.waitFor();
    await prompt().fill('Why?');
    await prompt().press('Enter');
    assert.deepStrictEqual({ ...(await view.waitForPosted('send')), id: undefined }, { type: 'send', id: undefined, text: 'Why?', includeActiveEditor: false });
    // Sent: the next question has the active editor again.
    await view.send({ type: 'messageAdded', message: userMessage('u1', 'Why?') });
    await chip.waitFor();
    await view.clearPosted();
    await prompt().fill('And now?');
    await prompt().press('Enter');
    assert.deepStrictEqual({ ...(await view.waitForPosted('send')), id: undefined }, { type: 'send', id: undefined, text: 'And now?' });
    await view.send({ type: 'activeEditor', editor: null });
    assert.strictEqual(await view.page.locator('.mg-chip--implicit').count(), 0, 'no editor, or the setting is off: no chip');
  });

  it('gets the question back with the reasons when the host refuses its context, and sends nothing twice meanwhile', async () => {
    view = await suite.open();
    await prompt().fill('Read #file:/etc/passwd');
    await prompt().press('Enter');
    await view.waitForPosted('send');
    assert.strictEqual(await prompt().inputValue(), '');
    await prompt().fill('again');
    await prompt().press('Enter');
    assert.strictEqual((await view.posted()).filter((m) => m.type === 'send').length, 1, 'no second send while the first is being attached');
    await prompt().fill('');
    await view.send({ type: 'contextRefused', text: 'Read #file:/etc/passwd', problems: [{ label: '#file:/etc/passwd', message: '/etc/passwd is outside the workspace: only files inside the workspace folders can be attached. Nothing was read.' }] });
    assert.strictEqual(await prompt().inputValue(), 'Read #file:/etc/passwd');
    const alert = view.page.getByRole('alert');
    assert.match(await alert.innerText(), /#file:\/etc\/passwd\s+\/etc\/passwd is outside the workspace/);
    assert.strictEqual(await view.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Message Monster Gaming', 'the prompt has the focus back');
    // The reason stays while its mention does, and goes with it (seen stale in the real editor).
    await prompt().fill('Read #file:/etc/passwd now');
    assert.ok(await alert.isVisible(), 'the mention is still there');
    await prompt().fill('Read #file:Assets/A.cs instead');
    assert.ok(await alert.isHidden(), 'the refused mention is gone, and so is its reason');
  });

  it('lists the attachments on the sent question, and what was cut; the meter shows the request\'s size with sent and cut in its tooltip', async () => {
    view = await suite.open({
      init: viewState({
        messages: [
          userMessage('u1', 'Why is #file:Assets/A.cs slow?', {
            attachments: [
              { kind: 'file', label: '#file:Assets/A.cs', detail: 'lines 1–300 of 2,400 (the head)' },
              { kind: 'activeEditor', label: 'PlayerController.cs', detail: 'Assets/Scripts/PlayerController.cs, selection, lines 28–38' },
            ],
          }),
          assistantMessage('a1', 'Because.'),
        ],
      }),
    });
    const sent = view.message('u1').getByRole('list', { name: 'Attached context' }).getByRole('listitem');
    assert.deepStrictEqual(await sent.allInnerTexts(), ['#file:Assets/A.cs', 'PlayerController.cs']);
    assert.strictEqual(await sent.first().getAttribute('title'), '#file:Assets/A.cs — lines 1–300 of 2,400 (the head)');
    const meter = view.page.getByRole('meter', { name: 'Context used' });
    assert.ok(await meter.isHidden(), 'no report yet');

    await view.send({ type: 'context', id: 'a1', messageId: 'u1', report: { usedBytes: 61_000, limitBytes: 65_536, sent: ['#file:Assets/A.cs', 'active editor'], cut: ['2 older messages'] } });
    assert.strictEqual(await meter.innerText(), '60 KB / 64 KB');
    assert.strictEqual(await meter.getAttribute('aria-valuenow'), '61000');
    assert.strictEqual(await meter.getAttribute('aria-valuemax'), '65536');
    assert.strictEqual(await meter.getAttribute('title'), 'Context of the last question: 60 KB / 64 KB\nSent: #file:Assets/A.cs, active editor\nCut to fit: 2 older messages');
    assert.match((await meter.getAttribute('class')) ?? '', /mg-meter--full/);
    assert.strictEqual(await view.message('u1').locator('.mg-msg__cut').innerText(), 'Cut to fit the 64 KB limit: 2 older messages');
  });

  it('lists the project rules that applied as chips on the sent question, once its request is known', async () => {
    view = await suite.open({ init: viewState({ messages: [userMessage('u1', 'Why?', { attachments: [{ kind: 'activeEditor', label: 'Foam.hlsl' }] })] }) });
    const rules = view.message('u1').getByRole('list', { name: 'Project rules applied' }).getByRole('listitem');
    assert.strictEqual(await rules.count(), 0, 'none before the request is known');
    const report = { usedBytes: 4096, limitBytes: 65_536, sent: ['AGENTS.md', '.monster/rules/shaders.md', 'active editor'], rules: ['AGENTS.md', '.monster/rules/shaders.md'], cut: [] };
    await view.send({ type: 'context', id: 'a1', messageId: 'u1', report });
    assert.deepStrictEqual(await rules.allInnerTexts(), ['AGENTS.md', '.monster/rules/shaders.md']);
    assert.strictEqual(await rules.first().getAttribute('title'), 'Project rule applied: AGENTS.md');
    // Reopened from history, the chips come back from the stored report.
    view = await suite.open({ init: viewState({ messages: [userMessage('u1', 'Why?', { context: report })] }) });
    assert.deepStrictEqual(await view.message('u1').getByRole('list', { name: 'Project rules applied' }).getByRole('listitem').allInnerTexts(), ['AGENTS.md', '.monster/rules/shaders.md']);
  });

  it('restores the meter from the conversation\'s last report when the view opens', async () => {
    view = await suite.open({ init: viewState({ messages: [userMessage('u1', 'hi', { context: { usedBytes: 2048, limitBytes: 65_536, sent: [], cut: [] } })] }) });
    assert.strictEqual(await view.page.getByRole('meter').innerText(), '2.0 KB / 64 KB');
    assert.strictEqual(await view.message('u1').locator('.mg-msg__cut').count(), 1);
    assert.ok(await view.message('u1').locator('.mg-msg__cut').isHidden());
  });

  for (const theme of ['dark', 'light', 'highContrast'] as const satisfies readonly Theme[]) {
    it(`screenshot: picker, chips and meter (${theme})`, async () => {
      view = await suite.open({ theme, width: 420, height: 520, init: viewState({ messages: [userMessage('u1', 'Why does the water flicker? #file:Assets/Shaders/Water.shader', { attachments: [{ kind: 'file', label: '#file:Assets/Shaders/Water.shader' }, { kind: 'activeEditor', label: 'Foam.hlsl' }], context: { usedBytes: 23_800, limitBytes: 65_536, sent: ['#file:Assets/Shaders/Water.shader', 'active editor'], cut: [] } })] }) });
      await view.send({ type: 'activeEditor', editor: { kind: 'activeEditor', label: 'PlayerController.cs', detail: 'Assets/Scripts/PlayerController.cs, selection, lines 28–38' } });
      const text = 'Compare #folder:Assets/Scripts with #file:../outside.txt and #selection ';
      await prompt().fill(text);
      await answerDraft(view, text, (t) => [at(t, '#folder:Assets/Scripts'), at(t, '#file:../outside.txt', { problem: 'outside the workspace' }), at(t, '#selection')]);
      await view.page.evaluate(() => document.fonts.ready);
      fs.mkdirSync(resultsDir, { recursive: true });
      await view.page.screenshot({ path: path.join(resultsDir, `context-chips-${theme}.png`) });
      await view.page.keyboard.type('#');
      await view.page.getByRole('listbox').waitFor();
      const out = path.join(resultsDir, `context-picker-${theme}.png`);
      await view.page.screenshot({ path: out });
      assert.ok(fs.statSync(out).size > 10_000);
    });
  }
});

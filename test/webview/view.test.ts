import * as assert from 'assert';
import { useWebviewSuite, type WebviewPage, assistantMessage, conversation, header, signupUrl, userMessage, viewState } from './harness';

describe('chat webview: handshake, header, welcome, composer, history, notice', function () {
  const suite = useWebviewSuite();
  let view: WebviewPage;

  it('posts ready exactly once on load, before any init', async () => {
    view = await suite.open({ init: false });
    await view.waitForPosted('ready');
    await view.frame();
    assert.deepStrictEqual(await view.posted(), [{ type: 'ready' }]);
    // The prompt box and the transcript exist before init arrives.
    assert.strictEqual(await view.page.getByRole('textbox').count(), 1);
    assert.strictEqual(await view.page.getByRole('log').count(), 1);
  });

  it('draws header and transcript from init', async () => {
    view = await suite.open({
      init: viewState({
        header: header({ model: 'monster-gpt-large' }),
        messages: [
          userMessage('u1', 'Why is my **shader** pink?', { contextLabel: 'Water.shader:12-20 · HLSL · Unity 2022.3' }),
          assistantMessage('a1', 'Because the *URP* pipeline is missing.', {
            discipline: { id: 'shader', label: 'Shader · Technical Artist', source: 'gateway' },
            model: 'monster-gpt-large',
          }),
        ],
      }),
    });
    const { page } = view;
    const banner = page.locator('header.mg-header');
    assert.match(await banner.innerText(), /monster-gpt-large/);
    assert.match(await banner.innerText(), /Starter · sandbox/);
    assert.strictEqual(await page.getByRole('button', { name: /Discipline: Auto/ }).count(), 1);

    const log = page.getByRole('log');
    assert.strictEqual(await log.getAttribute('aria-live'), 'polite');
    assert.match(await log.innerText(), /Why is my shader pink\?/);
    assert.match(await log.innerText(), /Water\.shader:12-20 · HLSL · Unity 2022\.3/);
    assert.match(await log.innerText(), /Shader · Technical Artist/);
    assert.strictEqual(await view.body('u1').locator('strong').innerText(), 'shader');
    assert.strictEqual(await view.body('a1').locator('em').innerText(), 'URP');
  });

  it('header: pinned discipline, select discipline, new chat, header updates', async () => {
    view = await suite.open({
      init: viewState({ header: header({ pinned: { id: 'multiplayer', label: 'Multiplayer · Network Engineer', source: 'pinned' } }) }),
    });
    const { page } = view;
    const discipline = page.getByRole('button', { name: /Discipline: Multiplayer · Network Engineer/ });
    assert.match(await discipline.innerText(), /Multiplayer · Network Engineer/);
    await view.clearPosted();
    await discipline.click();
    await page.getByRole('button', { name: 'New chat' }).click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'action', kind: 'selectDiscipline' }, { type: 'newChat' }]);

    await view.send({ type: 'header', header: header({ model: 'monster-gpt', account: { hasKey: true, label: 'Pro · live', signupUrl } }) });
    assert.match(await page.locator('header.mg-header').innerText(), /Pro · live/);
    assert.match(await page.getByRole('button', { name: /Discipline:/ }).innerText(), /Auto/);
  });

  it('shows the welcome panel without a key, with working Set API key and Get a free key', async () => {
    view = await suite.open({ init: viewState({ header: header({ account: { hasKey: false, signupUrl } }) }) });
    const { page } = view;
    const welcome = page.locator('.mg-welcome');
    assert.ok(await welcome.isVisible());
    assert.match(await welcome.innerText(), /game developers/);
    await view.clearPosted();
    await welcome.getByRole('button', { name: 'Set API key' }).click();
    await welcome.getByRole('link', { name: /Get a free key/ }).click();
    assert.deepStrictEqual(await view.posted(), [
      { type: 'action', kind: 'setApiKey' },
      { type: 'openLink', href: signupUrl },
    ]);
    assert.strictEqual(page.url(), `${suite.origin()}/`, 'the link did not navigate the view');

    // The key arrives: the welcome gives way to the normal empty state.
    await view.send({ type: 'header', header: header() });
    assert.strictEqual(await page.locator('.mg-welcome').count(), 0);
    assert.ok(await page.locator('.mg-empty').isVisible());
  });

  it('shows the model and gateway in the header, and the model button opens the picker', async () => {
    view = await suite.open({ init: viewState({ header: header({ model: 'moonshot-v1-8k', provider: 'Portkey (self-hosted) → moonshot', account: { hasKey: true, label: 'key set', signupUrl, provider: 'Portkey (self-hosted) → moonshot' } }) }) });
    const { page } = view;
    const model = page.getByRole('button', { name: /^Model: moonshot-v1-8k on Portkey \(self-hosted\) → moonshot/ });
    assert.equal(await model.innerText(), 'moonshot-v1-8k · Portkey (self-hosted) → moonshot');
    await view.clearPosted();
    await model.click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'action', kind: 'selectModel' }]);

    // Monster Gaming shows just the model; a local server without a picked model says what it will use.
    await view.send({ type: 'header', header: header() });
    assert.equal(await page.getByRole('button', { name: /^Model: / }).innerText(), 'monster-gpt');
    await view.send({ type: 'header', header: header({ model: '', provider: 'OpenAI-compatible server' }) });
    assert.match(await page.getByRole('button', { name: /^Model: / }).innerText(), /^first listed model · OpenAI-compatible server$/);
  });

  it('welcomes a user of another gateway with that gateway\'s key, and offers switching gateways', async () => {
    const moonshot = 'https://platform.moonshot.ai/console/api-keys';
    view = await suite.open({ init: viewState({ header: header({ provider: 'Moonshot', account: { hasKey: false, signupUrl: moonshot, provider: 'Moonshot' } }) }) });
    const welcome = view.page.locator('.mg-welcome');
    await view.clearPosted();
    await welcome.getByRole('button', { name: 'Set Moonshot key' }).click();
    await welcome.getByRole('link', { name: /Get a Moonshot key/ }).click();
    await welcome.getByRole('button', { name: /Use another gateway/ }).click();
    assert.deepStrictEqual(await view.posted(), [
      { type: 'action', kind: 'setApiKey' },
      { type: 'openLink', href: moonshot },
      { type: 'action', kind: 'selectProvider' },
    ]);
  });

  it('Enter sends, Shift+Enter adds a newline, empty or whitespace is not sent', async () => {
    view = await suite.open();
    const { page } = view;
    const prompt = page.getByRole('textbox');
    assert.strictEqual(await prompt.evaluate((el) => el.tagName), 'TEXTAREA');
    assert.match((await prompt.getAttribute('placeholder')) ?? '', /Enter to send, Shift\+Enter for a newline/);
    await view.clearPosted();

    await prompt.focus();
    await page.keyboard.press('Enter');
    await prompt.fill('   \n  ');
    await page.keyboard.press('Enter');
    assert.deepStrictEqual(await view.posted(), [], 'nothing sent for empty input');
    assert.ok(await page.getByRole('button', { name: /Send message/ }).isDisabled());

    await prompt.fill('');
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    assert.strictEqual(await prompt.inputValue(), 'first line\nsecond line');
    await page.keyboard.press('Enter');
    const [first] = await view.posted();
    assert.ok(first.type === 'send' && first.text === 'first line\nsecond line', JSON.stringify(first));
    assert.strictEqual(await prompt.inputValue(), '', 'prompt cleared after sending');
    assert.ok(await page.getByRole('button', { name: /Send message/ }).isDisabled(), 'no second question until the host took the first');
    // The host attached the question's context and added it: the next one may go.
    await view.send({ type: 'messageAdded', message: userMessage('u1', 'first line\nsecond line') });

    await page.keyboard.type('via the button');
    await page.getByRole('button', { name: /Send message/ }).click();
    const second = (await view.posted())[1];
    assert.ok(second.type === 'send' && second.text === 'via the button', JSON.stringify(second));
    assert.notEqual(second.id, first.id, 'each question has a request id of its own');
  });

  it('does not send on Enter during IME composition', async () => {
    view = await suite.open();
    const { page } = view;
    const prompt = page.getByRole('textbox');
    await prompt.fill('日本');
    await view.clearPosted();
    // An IME confirms a composition with Enter; that Enter must not send.
    await prompt.evaluate(`el => el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true }))`);
    assert.deepStrictEqual(await view.posted(), []);
  });

  it('keeps the draft across a reload of the view (setState), and only UI state there', async () => {
    view = await suite.open();
    const { page } = view;
    await page.getByRole('textbox').fill('half-written question about netcode');
    await page.reload();
    await view.waitForPosted('ready');
    await view.send({ type: 'init', state: viewState() });
    assert.strictEqual(await page.getByRole('textbox').inputValue(), 'half-written question about netcode');
    const stored = await page.evaluate<string | null>(`sessionStorage.getItem('__mgVsCodeState')`);
    assert.deepStrictEqual(JSON.parse(stored ?? 'null'), { draft: 'half-written question about netcode', historyOpen: false });
  });

  it('focus message puts the cursor in the prompt box', async () => {
    view = await suite.open();
    await view.send({ type: 'focus' });
    assert.ok(await view.page.getByRole('textbox').evaluate((el) => el === el.ownerDocument.activeElement));
  });

  it('history: lists conversations, opens one, deletes one, New chat', async () => {
    view = await suite.open({
      init: viewState({
        conversationId: 'c1',
        history: [conversation('c1', 'Pink water shader', 5, 4), conversation('c2', 'Rollback netcode', 60 * 26, 12)],
      }),
    });
    const { page } = view;
    const toggle = page.getByRole('button', { name: 'Show chat history' });
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'true');
    const panel = page.getByRole('region', { name: 'Chat history' });
    assert.ok(await panel.isVisible());
    const text = await panel.innerText();
    assert.match(text, /Pink water shader/);
    assert.match(text, /5 min\. ago · 4 messages/);
    assert.match(text, /Rollback netcode/);
    assert.match(text, /yesterday · 12 messages/);

    await view.clearPosted();
    await panel.getByRole('button', { name: 'Delete conversation Rollback netcode' }).click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'deleteConversation', conversationId: 'c2' }]);
    await view.send({ type: 'history', items: [conversation('c1', 'Pink water shader', 5, 4)] });
    assert.doesNotMatch(await panel.innerText(), /Rollback netcode/);

    await view.clearPosted();
    await panel.getByRole('button', { name: /^Pink water shader/ }).click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'openConversation', conversationId: 'c1' }]);
    assert.ok(await panel.isHidden(), 'opening a conversation closes the panel');

    await view.send({
      type: 'conversation',
      conversationId: 'c1',
      messages: [userMessage('u9', 'Reopened question'), assistantMessage('a9', 'Reopened answer')],
      earlier: 0,
    });
    assert.match(await page.getByRole('log').innerText(), /Reopened answer/);

    await view.clearPosted();
    await page.getByRole('button', { name: 'New chat' }).click();
    assert.deepStrictEqual(await view.posted(), [{ type: 'newChat' }]);
  });

  it('history works from the keyboard and closes with Escape', async () => {
    view = await suite.open({ init: viewState({ history: [conversation('c7', 'Jump buffering', 3, 2)] }) });
    const { page } = view;
    await page.getByRole('button', { name: 'Show chat history' }).focus();
    await page.keyboard.press('Enter');
    const open = page.getByRole('button', { name: /^Jump buffering/ });
    assert.ok(await open.evaluate((el) => el === el.ownerDocument.activeElement), 'focus moved into the panel');
    await page.keyboard.press('Escape');
    assert.ok(await page.getByRole('region', { name: 'Chat history' }).isHidden());
    assert.ok(await page.getByRole('button', { name: 'Show chat history' }).evaluate((el) => el === el.ownerDocument.activeElement));
  });

  it('notice: shown from init, replaced, dismissed, cleared', async () => {
    view = await suite.open({ init: viewState({ notice: 'Older messages were left out to fit the gateway’s 64 KB limit.' }) });
    const { page } = view;
    const notice = page.locator('.mg-notice');
    assert.match(await notice.innerText(), /64 KB limit/);
    await page.getByRole('button', { name: 'Dismiss notice' }).click();
    assert.ok(await notice.isHidden());
    await view.send({ type: 'notice', text: 'Trimmed again.' });
    assert.match(await notice.innerText(), /Trimmed again\./);
    await view.send({ type: 'notice', text: null });
    assert.ok(await notice.isHidden());
    await view.send({ type: 'conversation', conversationId: 'c2', messages: [], earlier: 0, notice: 'From a conversation.' });
    assert.match(await notice.innerText(), /From a conversation\./);
  });

  it('notice: a long folder path wraps inside the view, and Dismiss stays in reach', async () => {
    view = await suite.open({ width: 320 });
    const { page } = view;
    const folder = '/home/someone/.config/Code/User/workspaceStorage/0123456789abcdef0123456789abcdef/monstergaming.monster-gaming/history';
    await view.send({ type: 'notice', text: `Chat history could not be saved: the disk is full (ENOSPC). Free some disk space (history folder: ${folder}).` });
    const notice = page.locator('.mg-notice');
    const fits = await notice.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= el.ownerDocument.documentElement.clientWidth);
    assert.ok(fits, 'no part of the notice is cut off at the right');
    const dismiss = page.getByRole('button', { name: 'Dismiss notice' });
    const box = await dismiss.boundingBox();
    assert.ok(box && box.x + box.width <= 320, `Dismiss is inside the 320 px view (${JSON.stringify(box)})`);
    await dismiss.click();
    assert.ok(await notice.isHidden());
  });

  it('ignores messages that are not protocol messages', async () => {
    view = await suite.open();
    await view.page.evaluate(() => {
      const post = (message: unknown): void => window.postMessage(message, '*');
      post({ type: 'bogus' });
      post('a string');
      post(null);
      post({ type: 'delta', id: 'nope', text: 'x' });
    });
    await view.frame();
    assert.strictEqual(await view.page.locator('.mg-msg').count(), 0);
  });
});

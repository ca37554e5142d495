/**
 * The chat's user paths in a real VS Code with the packaged extension, driven through the
 * palette, the sidebar webview and the keyboard. The tests run in order and build on each other
 * like one user's session: no key, a wrong key, the right key, questions, stop, errors, reload.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';
import { filesBelow } from '../../scripts/files';
import { waitUntil as waitFor } from './wait';

const GOOD_KEY = 'mg_live_studio_e2e_key';
const WRONG_KEY = 'mg_live_invalid_e2e_key';


describe('Sidebar chat in a real VS Code', function () {
  this.timeout(90_000);

  it('welcomes a new user without a key, with Set API key and a free-key link', async () => {
    const { workbench } = env();
    const chat = await workbench.openChat();
    await chat.getByRole('button', { name: /Set API key/i }).waitFor();
    await chat.getByText(/Get a free key/i).first().waitFor();
    assert.match(await workbench.statusItem().innerText(), /Set API Key/);
    await workbench.screenshot('01-welcome');
  });

  it('says plainly that a wrong key was rejected, then accepts the right one from the palette', async () => {
    const { workbench, page } = env();
    await workbench.runCommand('Monster Gaming: Set API Key');
    await workbench.waitForQuickInput('Monster Gaming: Set API Key');
    // The key is typed into a password box.
    await page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor({ timeout: 5_000 });
    await workbench.answerQuickInput('Monster Gaming: Set API Key', WRONG_KEY);
    await workbench.notification(/rejected this key/).waitFor({ timeout: 15_000 });
    await workbench.screenshot('02-wrong-key');
    await workbench.clickNotificationButton(/rejected this key/, 'Enter Again');
    await workbench.answerQuickInput('Monster Gaming: Set API Key', GOOD_KEY);
    // The key came back from SecretStorage after the reload.
    await workbench.statusItem().filter({ hasText: 'Studio · production' }).waitFor({ timeout: 15_000 });
    const chat = workbench.chat();
    await chat.getByText('Studio · production').first().waitFor();
    await chat.locator('textarea').waitFor();
    await workbench.dismissNotifications();
  });

  it('streams an answer token by token and shows the specialist named by the gateway', async () => {
    const { workbench, gateway } = env();
    gateway.setFault({ kind: 'slow', tokenDelayMs: 25 });
    const answer = await workbench.askForAnswer('How do I implement rollback netcode for a fighting game?');
    const chat = workbench.chat();
    await chat.getByRole('button', { name: /Stop/ }).waitFor({ timeout: 10_000 });
    // Streaming: the text grows while the Stop button is there.
    const body = answer.locator('.mg-msg__body');
    await body.filter({ hasText: /\S/ }).waitFor();
    const early = (await body.innerText()).length;
    await workbench.screenshot('03-streaming');
    await workbench.waitForDone(answer);
    const final = await body.innerText();
    assert.ok(final.length > early, `the answer grew after the first tokens (${early} → ${final.length})`);
    assert.match(await answer.locator('.mg-msg__who').innerText(), /Multiplayer · Network Engineer/);
    assert.equal(await chat.getByRole('button', { name: /Stop/ }).count(), 0, 'no Stop button once done');
    // X-RateLimit-Remaining shows in the status bar.
    await workbench.statusItem().filter({ hasText: /\d+ left/ }).waitFor({ timeout: 5_000 });
    await answer.locator('pre code').first().waitFor();
    await workbench.screenshot('04-answer');
  });

  it('stops at once, keeping the partial answer marked as stopped', async () => {
    const { workbench, gateway } = env();
    gateway.setFault({ kind: 'slow', tokenDelayMs: 60 });
    const answer = await workbench.askForAnswer('tokens:400 Write a long design doc for a loot system');
    await answer.locator('.mg-msg__body').filter({ hasText: /\S{3}/ }).waitFor();
    await workbench.chat().getByRole('button', { name: /Stop/ }).click();
    await workbench.waitForDone(answer, 5_000);
    await answer.getByText('Stopped').waitFor();
    const partial = await answer.locator('.mg-msg__body').innerText();
    assert.ok(partial.trim().length > 0, 'the partial answer stays');
    const lastChat = () => gateway.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    await waitFor(() => lastChat()?.clientAborted === true, 'Stop aborted the HTTP request (the gateway saw the client go)');
    assert.equal(lastChat()?.finished, false, 'the answer was not streamed to the end');
    await workbench.screenshot('05-stopped');
  });

  it('asks about a selection with file, lines, language and the detected engine', async () => {
    const { workbench, gateway, page } = env();
    gateway.reset();
    await workbench.openFile('Assets/Scripts/PlayerController.cs');
    await workbench.selectLines(28, 38);
    await workbench.runCommand('Monster Gaming: Ask About Selection');
    await workbench.answerQuickInput('Monster Gaming: Ask About Selection', 'Why does the player jitter against walls?');
    const chat = workbench.chat();
    const question = chat.locator('article.mg-msg--user').last();
    await question.getByText('PlayerController.cs:28-38 · C# · Unity 2022.3').waitFor({ timeout: 15_000 });
    const answer = chat.locator('article.mg-msg--assistant').last();
    await workbench.waitForDone(answer);
    assert.match(await answer.innerText(), /Unity 2022\.3/, 'the gateway received the engine context');
    const sent = gateway.requests.find((r) => r.path === '/v1/chat/completions');
    const messages = (sent?.body as { messages: Array<{ role: string; content: string }> }).messages;
    assert.deepEqual(messages[0], { role: 'system', content: 'Engine: Unity 2022.3. Language: C#.' });
    assert.match(messages.at(-1)!.content, /FixedUpdate|transform\.position/);
    assert.match(messages.at(-1)!.content, /`Assets\/Scripts\/PlayerController\.cs` \(lines 28–38\)/);
    await workbench.screenshot('06-ask-about-selection');
    await page.keyboard.press('Escape');
  });

  it('attaches a #file mention as a chip and sends the file; a path outside the workspace comes back refused, unread', async () => {
    const { workbench, gateway } = env();
    gateway.reset();
    const chat = await workbench.openChat();
    const box = chat.locator('textarea');
    await box.fill('Read #file:../../etc/passwd please');
    await box.press('Enter');
    const alert = chat.getByRole('alert');
    await alert.getByText(/is outside the workspace/).waitFor({ timeout: 15_000 });
    assert.equal(await box.inputValue(), 'Read #file:../../etc/passwd please', 'the question came back');
    assert.equal(gateway.requests.filter((r) => r.path === '/v1/chat/completions').length, 0, 'nothing was sent');

    await box.fill('Why can gold not be a string in #file:Assets/Scripts/Inventory.cs here?');
    const chip = chat.getByRole('list', { name: 'Attached context' }).first().getByRole('listitem').filter({ hasText: '#file:Assets/Scripts/Inventory.cs' });
    await chip.waitFor({ timeout: 15_000 });
    await workbench.screenshot('06b-context-chips');
    await box.press('Enter');
    const question = chat.locator('article.mg-msg--user').last();
    await question.getByRole('list', { name: 'Attached context' }).getByText('#file:Assets/Scripts/Inventory.cs').waitFor({ timeout: 15_000 });
    await workbench.waitForDone(chat.locator('article.mg-msg--assistant').last());
    const sent = gateway.requests.find((r) => r.path === '/v1/chat/completions');
    const messages = (sent?.body as { messages: Array<{ role: string; content: string }> }).messages;
    assert.match(messages.at(-1)!.content, /public int gold = "100";/, 'the file went with the question');
    assert.doesNotMatch(JSON.stringify(messages), /root:x:0:0/, 'the refused path was never read');
  });

  it('copies a code block and inserts one at the cursor as a single undo step', async () => {
    const { workbench, page } = env();
    const answer = workbench.answers().last();
    const code = (await answer.locator('pre code').first().innerText()).trim();
    assert.ok(code.split('\n').length > 1, 'a multi-line code block to work with');
    // Highlighting is the view's second bundle (dist/webview-highlight.js): it loads in the real webview too.
    await answer.locator('pre code.hljs .hljs-keyword').first().waitFor({ timeout: 15_000 });

    // Copy, then paste into a new file with the keyboard: the clipboard held exactly the code.
    await answer.getByRole('button', { name: 'Copy code' }).first().click();
    await workbench.runCommand('File: New Untitled Text File');
    await workbench.editor().click();
    await page.keyboard.press('Control+V');
    await waitFor(async () => (await workbench.editorText()).trim() === code, 'the pasted text is the code block').catch(async (error: unknown) => {
      // Say how they differ, not only that they did.
      assert.equal((await workbench.editorText()).trim(), code, String(error));
    });

    // Empty the file, then insert from the chat into it: one edit, one undo.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await answer.getByRole('button', { name: 'Insert code at cursor' }).first().click();
    await waitFor(async () => (await workbench.editorText()).trim() === code, 'the editor shows the inserted code');
    await workbench.screenshot('07-inserted');
    await workbench.editor().click();
    await page.keyboard.press('Control+Z');
    await waitFor(async () => (await workbench.editorText()).trim() === '', 'one undo removes the whole insertion');
    await workbench.runCommand('View: Revert and Close Editor');
  });

  it('says so when Insert at cursor finds no active editor, and inserts nowhere', async () => {
    const { workbench, workspace, page } = env();
    // An editor was active a moment ago; once it is closed, nothing may receive the code.
    const file = path.join(workspace, 'Assets', 'Scripts', 'PlayerController.cs');
    const before = fs.readFileSync(file, 'utf8');
    await workbench.openFile('Assets/Scripts/PlayerController.cs');
    await workbench.runCommand('View: Close All Editors');
    const tabs = page.locator('.editor-group-container .tab');
    await waitFor(async () => (await tabs.count()) === 0, 'every editor is closed');
    await workbench.answers().last().getByRole('button', { name: 'Insert code at cursor' }).first().click();
    const toast = workbench.notification(/no editor is active/i);
    await toast.waitFor({ timeout: 10_000 });
    // The toast slides in: let its transition end so the screenshot shows it.
    await toast.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a: { finished: Promise<unknown> }) => a.finished)));
    await workbench.screenshot('07b-insert-without-editor');
    assert.equal(await tabs.count(), 0, 'no editor was opened to insert into');
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    await workbench.dismissNotifications();
  });

  it('pins a discipline from the palette and shows it on the next answer', async () => {
    const { workbench } = env();
    await workbench.runCommand('Monster Gaming: Select Discipline');
    await workbench.pickQuickItem('Monster Gaming: Select Discipline', 'Audio · Audio Director');
    const chat = workbench.chat();
    await chat.getByRole('button', { name: /Discipline: .*Audio/ }).waitFor({ timeout: 10_000 });
    const answer = await workbench.askAndWait('What should I work on next?');
    assert.match(await answer.locator('.mg-msg__who').innerText(), /Audio · Audio Director/);
    await workbench.screenshot('08-pinned');
    await workbench.runCommand('Monster Gaming: Select Discipline');
    await workbench.pickQuickItem('Monster Gaming: Select Discipline', 'Auto', /Auto/);
    await chat.getByRole('button', { name: /Discipline: Auto/ }).waitFor({ timeout: 10_000 });
  });

  const failures = [
    { name: '401', fault: { kind: 'error', code: 'INVALID_API_KEY' }, title: 'Your API key was rejected', action: 'Set API key' },
    { name: '402', fault: { kind: 'error', code: 'CREDITS_EXHAUSTED' }, title: 'Your credits are used up', action: 'Open pricing' },
    { name: '403', fault: { kind: 'error', code: 'TIER_RESTRICTED' }, title: 'This needs a higher tier', action: 'Open pricing' },
    { name: '503', fault: { kind: 'error', code: 'PROVIDER_UNAVAILABLE' }, title: 'The model provider is temporarily down', action: 'Retry with fallback model' },
  ] as const;
  for (const failure of failures) {
    it(`shows ${failure.name} ${failure.fault.code} in the chat with its remediation and action`, async () => {
      const { workbench, gateway } = env();
      gateway.setFault(failure.fault);
      const answer = await workbench.askAndWait('Hello?');
      const card = answer.locator('.mg-error');
      await card.getByText(failure.title).waitFor();
      await card.getByRole('button', { name: failure.action }).waitFor();
      await workbench.screenshot(`09-error-${failure.name}`);
    });
  }

  it('shows MAINTENANCE with the ETA from /status and a link to the status page', async () => {
    const { workbench, gateway } = env();
    gateway.reset();
    gateway.setAccount({ maintenance: { eta: '2099-01-01T06:30:00Z', message: 'Database upgrade' } });
    try {
      const answer = await workbench.askAndWait('Hello?');
      const card = answer.locator('.mg-error');
      await card.getByText('Monster Gaming is under maintenance').waitFor();
      await card.getByText(/Database upgrade: expected back at 2099-01-01 06:30 UTC/).waitFor();
      await card.getByRole('button', { name: 'Open status page' }).waitFor();
      await workbench.screenshot('09-error-maintenance');
      assert.ok(gateway.requests.some((r) => r.path === '/v1/status'), 'the card read GET /v1/status');
    } finally {
      // Maintenance off again for the tests after this one.
      gateway.reset();
    }
  });

  it('waits out a 429 Retry-After with a visible countdown, then answers', async () => {
    const { workbench, gateway } = env();
    gateway.setFault({ kind: 'error', code: 'RATE_LIMITED', retryAfter: 2 });
    const answer = await workbench.askForAnswer('How do I set up a blend tree for locomotion?');
    await answer.getByText(/Retrying in/).first().waitFor({ timeout: 5_000 });
    await workbench.screenshot('10-rate-limited');
    await workbench.waitForDone(answer, 15_000);
    assert.match(await answer.locator('.mg-msg__who').innerText(), /Animation · Animator/);
    assert.equal(await answer.locator('.mg-error').count(), 0);
  });

  it('keeps the partial answer when the connection drops mid-stream, and Retry asks again', async () => {
    const { workbench, gateway } = env();
    gateway.setFault({ kind: 'disconnect', afterChunks: 6 });
    const answer = await workbench.askAndWait('How do I write a dissolve shader in HLSL?');
    const partial = await answer.locator('.mg-msg__body').innerText();
    assert.ok(partial.trim().length > 0, 'partial answer kept');
    // The partial answer is marked incomplete and offers Retry.
    await answer.getByText(/Incomplete/).first().waitFor();
    await workbench.screenshot('11-stream-cut');
    const count = await workbench.answers().count();
    await answer.getByRole('button', { name: 'Retry' }).click();
    const retried = workbench.answers().nth(count - 1);
    await waitFor(async () => (await retried.locator('.mg-error').count()) === 0 && (await retried.getAttribute('aria-busy')) === 'false', 'the retried answer completes');
    assert.equal(await workbench.answers().count(), count, 'the retried answer replaced the cut one');
    assert.match(await retried.locator('.mg-msg__who').innerText(), /Shader · Technical Artist/);
  });

  it('stops a stalled stream after the idle timeout, keeping the partial answer with Retry', async () => {
    const { workbench, gateway } = env();
    gateway.setFault({ kind: 'stall', afterChunks: 5 });
    const answer = await workbench.askForAnswer('How do I add spatial audio to footsteps in FMOD?');
    await workbench.waitForDone(answer, 20_000);
    await answer.getByText('The gateway stopped responding').waitFor();
    assert.ok((await answer.locator('.mg-msg__body').innerText()).trim().length > 0, 'partial answer kept');
    await answer.getByRole('button', { name: 'Retry' }).waitFor();
    await workbench.screenshot('11b-stalled');
    // The chat is usable at once.
    const next = await workbench.askAndWait('Thanks! And reverb zones?');
    assert.equal(await next.locator('.mg-error').count(), 0);
  });

  it('answers while history cannot be saved, says why, and saves again once it can', async () => {
    const { workbench, profileDir } = env();
    // The extension's history folder in this workspace's storage, turned into a file.
    const index = filesBelow(profileDir).find((f) => f.endsWith(path.join('monstergaming.monster-gaming', 'history', 'index.json')));
    assert.ok(index, 'the history folder exists after the earlier answers');
    const folder = path.dirname(index);
    const aside = `${folder}.aside`;
    fs.renameSync(folder, aside);
    fs.writeFileSync(folder, 'a file where the history folder should be');
    const notice = workbench.chat().locator('.mg-notice');
    try {
      const answer = await workbench.askAndWait('How do I bake lightmaps faster?');
      assert.equal(await answer.locator('.mg-error').count(), 0, 'the answer completed');
      await notice.filter({ hasText: /history could not be saved/i }).waitFor({ timeout: 10_000 });
      assert.match(await notice.innerText(), /not a folder/i);
      await workbench.screenshot('11c-history-not-saved');
    } finally {
      fs.rmSync(folder, { force: true });
      fs.renameSync(aside, folder);
    }
    await workbench.askAndWait('And light probes?');
    // Gone once a save works (another note, e.g. older messages left out of the request, may stay).
    await waitFor(async () => !(await notice.isVisible()) || !/could not be saved/i.test(await notice.innerText()), 'the history notice goes away');
    const saved = filesBelow(folder).map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    assert.ok(saved.includes('How do I bake lightmaps faster?') && saved.includes('And light probes?'), 'both questions are in history now');
  });

  it('keeps history across a window reload; New Chat starts over and old chats reopen', async () => {
    const { workbench } = env();
    const firstQuestion = await workbench.chat().locator('article.mg-msg--user').first().innerText();
    await workbench.runCommand('Monster Gaming: New Chat');
    await waitFor(async () => (await workbench.chat().locator('article.mg-msg').count()) === 0, 'New Chat empties the transcript');
    await workbench.askAndWait('What is a good tick rate for a dedicated server?');

    await workbench.reload();
    const chat = await workbench.openChat();
    await chat.getByText('What is a good tick rate for a dedicated server?').first().waitFor({ timeout: 15_000 });
    await workbench.statusItem().filter({ hasText: 'Studio · production' }).waitFor({ timeout: 15_000 });

    const historyButton = chat.getByRole('button', { name: /History/i }).first();
    if ((await historyButton.getAttribute('aria-expanded')) !== 'true') {
      await historyButton.click();
    }
    const item = chat.getByText('How do I implement rollback netcode for a fighting game?').first();
    await item.waitFor();
    await workbench.screenshot('12-history');
    await item.click();
    // A long conversation opens with its newest messages drawn; scrolling up draws earlier ones.
    await waitFor(async () => {
      await chat.locator('.mg-main').evaluate((el) => el.scrollTo({ top: 0 }));
      return (await chat.locator('article.mg-msg--user').first().innerText()).includes('How do I implement rollback netcode');
    }, 'the old conversation reopens');
    assert.match(firstQuestion, /rollback netcode/);
  });

  it('keeps the key out of every log, setting, state file and the webview', async () => {
    const { profileDir, workbench } = env();
    const leaks = filesBelow(profileDir).filter((file) => {
      try {
        return fs.readFileSync(file).includes(GOOD_KEY);
      } catch {
        return false;
      }
    });
    assert.deepEqual(leaks, [], 'files on the VS Code server side that contain the key');
    const html = await workbench.chat().locator('html').innerHTML();
    assert.ok(!html.includes(GOOD_KEY), 'the webview never sees the key');
  });

  it('Clear API Key deletes the key: the status bar and the chat ask for one again', async () => {
    const { workbench } = env();
    await workbench.runCommand('Monster Gaming: Clear API Key');
    await workbench.statusItem().filter({ hasText: 'Set API Key' }).waitFor({ timeout: 10_000 });
    // The conversation stays; the header offers to add a key.
    await workbench.chat().getByRole('button', { name: /No API key/i }).first().waitFor({ timeout: 10_000 });
    await workbench.screenshot('13-key-cleared');
  });
});


import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnswerEngine } from '../../src/answering/engine';
import type { ProjectContext } from '../../src/answering/types';
import { ChatController, type ChatSettings } from '../../src/chat/chatController';
import type { StoredMessage } from '../../src/chat/conversation';
import { DeltaBatcher } from '../../src/chat/deltaBatcher';
import { selectionQuestion } from '../../src/chat/editorContext';
import { ConversationStore, FolderHistoryFiles } from '../../src/chat/historyStore';
import { DisciplineRouter } from '../../src/disciplines/router';
import { GatewayClient } from '../../src/gateway/client';
import type { Clock } from '../../src/gateway/retry';
import type { DoneMessage, HostToWebview, NoticeMessage } from '../../src/shared/protocol';
import { startGateway, type DevGateway } from '../gateway/server';
import { tempHistory } from '../unit/tempHistory';
import { failingWrites, fileInTheWay, readOnlyStorage } from './failingHistory';

/** Real time, but waits (Retry-After) complete at once and are recorded. */
function instantClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return { waits, now: () => Date.now(), sleep: (ms) => Promise.resolve(void waits.push(ms)) };
}

describe('ChatController: the chat, end to end below the UI', () => {
  let gateway: DevGateway;
  let history: ReturnType<typeof tempHistory>;
  let posted: HostToWebview[];
  let settings: ChatSettings;
  let key: string | undefined;
  let clock: ReturnType<typeof instantClock>;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => {
    gateway.reset();
    history = tempHistory();
    posted = [];
    settings = { model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 };
    key = 'mg_live_studio_controller';
    clock = instantClock();
  });

  function controller(post: (message: HostToWebview) => void = (m) => posted.push(m), store = new ConversationStore(history.files, () => 50), project?: ProjectContext): ChatController {
    const engine = new AnswerEngine({
      gateway: new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: key ?? '' }), { idleTimeoutMs: () => 500 }),
      settings: () => settings,
      hasKey: () => Promise.resolve(key !== undefined),
      router: new DisciplineRouter(),
      project,
      clock,
    });
    return new ChatController({
      engine,
      settings: () => settings,
      account: () => ({ hasKey: key !== undefined, signupUrl: 'https://monstergaming.ai/signup' }),
      store,
      post,
      clock,
    });
  }

  /** Fails the test, instead of hanging it, when `promise` does not settle in time. */
  async function within<T>(what: string, promise: Promise<T>, ms = 8_000): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)));
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
  const notices = (): Array<string | null> => posted.filter((m): m is NoticeMessage => m.type === 'notice').map((m) => m.text);

  const dones = (): DoneMessage[] => posted.filter((m): m is DoneMessage => m.type === 'done');
  /** What the view received for answer `id`: its deltas, joined. */
  const streamedTo = (id: string): string => posted.map((m) => (m.type === 'delta' && m.id === id ? m.text : '')).join('');
  const sentBodies = (): Array<{ model: string; messages: Array<{ role: string; content: string }>; allow_fallback?: boolean }> =>
    gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as never);

  it('streams an answer into the view with the discipline the gateway named', async () => {
    const chat = controller();
    assert.equal(await chat.send({ text: 'How do I implement rollback netcode for a fighting game?' }), true);
    const types = posted.map((m) => m.type);
    assert.deepEqual(types.slice(0, 2), ['messageAdded', 'messageAdded']);
    assert.ok(types.filter((t) => t === 'delta').length > 3);
    const discipline = posted.find((m) => m.type === 'discipline');
    assert.ok(discipline && discipline.type === 'discipline');
    assert.deepEqual(discipline.discipline, { id: 'multiplayer', label: 'Multiplayer · Network Engineer', source: 'gateway' });
    const done = dones()[0];
    assert.equal(done.status, 'complete');
    const streamed = posted.filter((m) => m.type === 'delta').map((m) => (m.type === 'delta' ? m.text : '')).join('');
    assert.ok(streamed.length > 100);
    assert.equal(chat.messages[1].text, streamed, 'what is kept is what the view has');
    assert.equal(chat.messages[1].discipline?.label, 'Multiplayer · Network Engineer');
  });

  it('sends attached items as fenced blocks after naming lines, lists them on the question, and reports the request\'s size', async () => {
    const chat = controller();
    const items = [
      { kind: 'file' as const, label: '#file:Assets/Scripts/Player.cs', path: 'Assets/Scripts/Player.cs', language: 'csharp', text: 'class Player {\n  // ``` inside\n}', explicit: true },
      { kind: 'problems' as const, label: '#problems', path: 'Assets/Scripts/Player.cs', span: { startLine: 3, endLine: 9 }, language: 'text', text: 'Assets/Scripts/Player.cs:3:5: error: ; expected [csharp CS1002]', cut: '1 of 4 problems listed', explicit: true },
    ];
    const attachments = [{ kind: 'file' as const, label: '#file:Assets/Scripts/Player.cs', detail: '3 lines' }, { kind: 'problems' as const, label: '#problems', detail: '1 error in Assets/Scripts/Player.cs' }];
    await chat.send({ text: 'Why does #file:Assets/Scripts/Player.cs not compile? #problems', items, attachments });
    const user = sentBodies()[0].messages.at(-1);
    assert.equal(
      user?.content,
      [
        'Why does #file:Assets/Scripts/Player.cs not compile? #problems',
        '#file:Assets/Scripts/Player.cs · `Assets/Scripts/Player.cs`:\n````csharp\nclass Player {\n  // ``` inside\n}\n````',
        '#problems · `Assets/Scripts/Player.cs` (lines 3–9) — 1 of 4 problems listed:\n```text\nAssets/Scripts/Player.cs:3:5: error: ; expected [csharp CS1002]\n```',
      ].join('\n\n'),
    );
    const question = posted.find((m) => m.type === 'messageAdded' && m.message.role === 'user');
    assert.ok(question?.type === 'messageAdded');
    assert.deepEqual(question.message.attachments, attachments);
    assert.equal((question.message as { items?: unknown }).items, undefined, 'the items\' text stays in the host');
    const context = posted.find((m) => m.type === 'context');
    assert.ok(context?.type === 'context');
    assert.equal(context.messageId, question.message.id);
    assert.deepEqual(context.report.sent, ['#file:Assets/Scripts/Player.cs', '#problems']);
    assert.equal(context.report.limitBytes, 64 * 1024);
    assert.equal(context.report.usedBytes, Buffer.byteLength(JSON.stringify(gateway.requests.find((r) => r.path === '/v1/chat/completions')?.body), 'utf8'));
    // A follow-up carries the earlier question with its items (the conversation so far).
    await chat.send({ text: 'And how do I fix it?' });
    assert.match(sentBodies()[1].messages.find((m) => m.role === 'user')?.content ?? '', /^Why does[\s\S]*````csharp/);
  });

  it('carries the conversation in follow-ups', async () => {
    const chat = controller();
    await chat.send({ text: 'What is a blend tree?' });
    await chat.send({ text: 'And how do I add root motion?' });
    const second = sentBodies()[1];
    assert.deepEqual(second.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(second.messages[0].content, 'What is a blend tree?');
    assert.equal(second.messages[1].content, chat.messages[1].text);
  });

  it('sends the engine and language context of a selection as a system message', async () => {
    const unity = { engine: 'Unity' as const, version: '2022.3', evidence: 'ProjectSettings/ProjectVersion.txt' };
    const chat = controller(undefined, undefined, { profileFor: () => Promise.resolve(unity), rulesFor: () => Promise.resolve([]) });
    await chat.send(
      selectionQuestion('Why does this jitter?', { relativePath: 'Assets/Player.cs', languageId: 'csharp', startLine: 12, endLine: 20, text: 'transform.position += v;\n', engine: unity }),
    );
    const body = sentBodies()[0];
    assert.deepEqual(body.messages[0], { role: 'system', content: 'Engine: Unity 2022.3. Language: C#.' });
    assert.equal(body.messages[1].content, 'Why does this jitter?\n\n#selection · `Assets/Player.cs` (lines 12–20):\n```csharp\ntransform.position += v;\n```');
    assert.match(chat.messages[1].text, /Unity 2022\.3/, 'the development gateway echoes the context it received');
    assert.equal(chat.messages[0].contextLabel, 'Player.cs:12-20 · C# · Unity 2022.3');
  });

  it('adds the predicted specialist prompt for models that do not route, and labels it as local', async () => {
    settings = { ...settings, model: 'deepseek-chat' };
    const chat = controller();
    await chat.send({ text: 'My HLSL fragment shader outputs black' });
    const body = sentBodies()[0];
    assert.equal(body.model, 'deepseek-chat');
    assert.equal(body.messages[0].role, 'system');
    assert.match(body.messages[0].content, /Technical Artist/);
    assert.deepEqual(chat.messages[1].discipline, { id: 'shader', label: 'Shader · Technical Artist', source: 'local' });
  });

  it('with a gateway that does not route (Moonshot), sends the local specialist prompt and marks the discipline local', async () => {
    const moonshot = new GatewayClient(() => Promise.resolve({ baseUrl: `${new URL(gateway.url).origin}/moonshot/v1`, apiKey: 'sk-controllermoonshot' }));
    settings = { ...settings, model: 'moonshot-v1-8k', provider: { id: 'moonshot' }, errorContext: { providerLabel: 'Moonshot', monsterGaming: false, baseUrl: 'x' } };
    const chat = new ChatController({
      engine: new AnswerEngine({ gateway: moonshot, settings: () => settings, hasKey: () => Promise.resolve(true), router: new DisciplineRouter(), clock }),
      settings: () => settings,
      account: () => ({ hasKey: true, signupUrl: 'https://platform.moonshot.ai' }),
      store: new ConversationStore(history.files, () => 50),
      post: (m) => posted.push(m),
      clock,
    });
    await chat.send({ text: 'How do I sync projectiles over the network with lag compensation?' });
    const request = gateway.requests.find((r) => r.path === '/moonshot/v1/chat/completions');
    const body = request?.body as { model: string; messages: Array<{ role: string; content: string }> };
    assert.equal(body.model, 'moonshot-v1-8k');
    assert.equal(body.messages[0].role, 'system');
    assert.match(body.messages[0].content, /Network Engineer/);
    assert.equal(dones()[0].status, 'complete');
    assert.deepEqual(chat.messages[1].discipline, { id: 'multiplayer', label: 'Multiplayer · Network Engineer', source: 'local' });
    assert.equal(chat.header().provider, 'Moonshot');
  });

  it('asks for the active provider\'s key, not a Monster Gaming one, when it is missing', async () => {
    key = undefined;
    settings = { ...settings, model: 'moonshot-v1-8k', provider: { id: 'moonshot' }, errorContext: { providerLabel: 'Moonshot', monsterGaming: false, baseUrl: 'x' } };
    await controller().send({ text: 'hello' });
    const error = dones()[0].error;
    assert.equal(error?.code, 'NO_API_KEY');
    assert.match(error?.message ?? '', /Moonshot key/);
    assert.deepEqual(error?.actions.map((a) => a.kind), ['setApiKey', 'selectProvider']);
  });

  it('honours a pinned discipline', async () => {
    settings = { ...settings, model: 'deepseek-chat', discipline: 'audio' };
    const chat = controller();
    await chat.send({ text: 'My HLSL fragment shader outputs black' });
    assert.match(sentBodies()[0].messages[0].content, /Audio Director/);
    assert.equal(chat.messages[1].discipline?.source, 'pinned');
    assert.equal(chat.header().pinned?.label, 'Audio · Audio Director');
  });

  it('stops at once and keeps the partial answer, marked stopped', async () => {
    gateway.setFault({ kind: 'slow', tokenDelayMs: 20 });
    const chat = controller();
    const sending = chat.send({ text: 'tokens:300 tell me a long story' });
    while (posted.filter((m) => m.type === 'delta').length < 2) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await chat.stop();
    await sending;
    assert.equal(dones()[0].status, 'stopped');
    const answer = chat.messages[1];
    assert.equal(answer.status, 'stopped');
    assert.ok(answer.text.length > 0, 'partial text kept');
    assert.equal(chat.isStreaming, false);
  });

  it('stops only the answer the Stop names: a late Stop for an answer that ended does nothing', async () => {
    const chat = controller();
    await chat.send({ text: 'hello', requestId: 'r-first' });
    assert.equal(chat.messages[1].id, 'r-first', 'the answer carries the id the webview chose');
    gateway.setFault({ kind: 'slow', tokenDelayMs: 20 });
    const second = chat.send({ text: 'tokens:100 again', requestId: 'r-second' });
    while (!posted.some((m) => m.type === 'delta' && m.id === 'r-second')) await new Promise((r) => setTimeout(r, 10));
    await chat.stop('r-first');
    await second;
    assert.equal(chat.messages[3].status, 'complete', 'the late Stop did not stop the next answer');
    assert.ok(posted.filter((m) => m.type !== 'notice' && m.type !== 'history' && m.type !== 'messageAdded').every((m) => !('id' in m) || m.id === 'r-first' || m.id === 'r-second'), 'every message of both answers carries its request id');
  });

  it('stops by id, and does not reuse an id the conversation already has', async () => {
    gateway.setFault({ kind: 'slow', tokenDelayMs: 20 });
    const chat = controller();
    const sending = chat.send({ text: 'tokens:200 a long story', requestId: 'r-1' });
    while (!posted.some((m) => m.type === 'delta')) await new Promise((r) => setTimeout(r, 10));
    await chat.stop('r-1');
    await sending;
    assert.equal(chat.messages[1].status, 'stopped');
    await chat.send({ text: 'again', requestId: 'r-1' });
    assert.notEqual(chat.messages[3].id, 'r-1', 'a taken id gets a fresh one');
    await chat.send({ text: 'and again', requestId: '../../index' });
    assert.match(chat.messages[5].id, /^[\w-]+$/, 'a malformed id is not used');
  });

  it('stops a runaway answer at 1 MB and keeps what arrived, marked incomplete', async () => {
    // 1.1 MB in 110 chunks: few enough that the in-process gateway never starves this client's
    // 500 ms idle watchdog on a loaded machine (40,000 small chunks did; the engine test covers those).
    gateway.setFault({ kind: 'content', text: `${'x'.repeat(9_999)} `.repeat(110) });
    const chat = controller();
    await chat.send({ text: 'Tell me everything' });
    const answer = chat.messages[1];
    assert.equal(answer.text.length, 1024 * 1024);
    assert.equal(answer.status, 'incomplete');
    assert.equal(answer.error?.code, 'ANSWER_TOO_LONG');
  });

  it('sends the engine line with a plain question too, and keeps what the request carried on the question', async () => {
    const unity = { engine: 'Unity' as const, version: '6.0', evidence: 'ProjectSettings/ProjectVersion.txt' };
    const chat = controller(undefined, undefined, { profileFor: () => Promise.resolve(unity), rulesFor: () => Promise.resolve([{ source: 'AGENTS.md', text: 'Use the new Input System.' }]) });
    await chat.send({ text: 'What is a blend tree?' });
    const body = sentBodies()[0];
    assert.deepEqual(body.messages[0], { role: 'system', content: 'Engine: Unity 6.0.' });
    assert.ok(body.messages[1].content.startsWith('Project rules'));
    const context = posted.find((m) => m.type === 'context');
    assert.ok(context?.type === 'context');
    assert.equal(context.id, chat.messages[1].id, 'named by the answer\'s request id');
    assert.equal(context.messageId, chat.messages[0].id);
    assert.deepEqual(context.report.sent, ['AGENTS.md']);
    assert.deepEqual(chat.messages[0].context, context.report, 'the question keeps it (the sent message lists its items)');
  });

  it('says in the notice what was cut to fit, and keeps the items as sent for a follow-up', async () => {
    const chat = controller();
    const big = { kind: 'activeEditor' as const, label: 'active editor', path: 'Assets/Big.cs', language: 'csharp', text: Array.from({ length: 900 }, (_, i) => `line ${i} ${'.'.repeat(90)}`).join('\n'), explicit: false };
    await chat.send({ text: 'Summarize', items: [big] });
    const notice = notices().at(-1);
    assert.match(notice ?? '', /^Left out of this request to fit the 64 KB limit: active editor \(first \d+ of 900 lines, cut to fit the request\)\.$/);
    await chat.retry(chat.messages[1].id);
    assert.equal(sentBodies()[1].messages.at(-1)?.content, sentBodies()[0].messages.at(-1)?.content, 'a retry sends the item as it was sent (shortened), not the original again');

    await chat.newChat();
    const small = { ...big, text: 'class Small {}', label: '#file:Assets/Small.cs', kind: 'file' as const, explicit: true };
    await chat.send({ text: 'What is this?', items: [small] });
    assert.equal(notices().at(-1), null, 'nothing cut: the notice clears');
    await chat.send({ text: 'And its base class?' });
    const follow = sentBodies().at(-1);
    assert.equal(follow?.messages[0].content, 'What is this?\n\n#file:Assets/Small.cs · `Assets/Big.cs`:\n```csharp\nclass Small {}\n```', 'a follow-up carries the earlier question with its items');
  });

  it('waits out a 429 Retry-After, shows the wait, then answers', async () => {
    gateway.setFault({ kind: 'error', code: 'RATE_LIMITED', retryAfter: 3 });
    const chat = controller();
    await chat.send({ text: 'hello' });
    assert.deepEqual(clock.waits, [3000]);
    const waiting = posted.find((m) => m.type === 'waiting');
    assert.ok(waiting && waiting.type === 'waiting');
    assert.match(waiting.text, /Retrying in 3 s/);
    assert.equal(dones()[0].status, 'complete');
  });

  it('does not wait longer than the setting allows, and says so with actions', async () => {
    settings = { ...settings, rateLimitMaxWaitSeconds: 1 };
    gateway.setFault({ kind: 'error', code: 'RATE_LIMITED', retryAfter: 30 });
    const chat = controller();
    await chat.send({ text: 'hello' });
    const done = dones()[0];
    assert.equal(done.status, 'error');
    assert.equal(done.error?.code, 'RATE_LIMITED');
    assert.match(done.error?.message ?? '', /Retry after 30 s/);
    assert.deepEqual(clock.waits, []);
  });

  it('keeps the partial answer of a cut stream and retries on request', async () => {
    gateway.setFault({ kind: 'disconnect', afterChunks: 4 });
    const chat = controller();
    await chat.send({ text: 'How do I write a toon shader?' });
    const cut = dones()[0];
    assert.equal(cut.status, 'incomplete');
    assert.equal(cut.error?.code, 'STREAM_CUT');
    assert.ok(cut.error?.actions.some((a) => a.kind === 'retry'));
    assert.ok(streamedTo(cut.id).length > 0);
    assert.equal(chat.messages[1].text, streamedTo(cut.id), 'the view and history keep the same partial answer');

    await chat.retry(cut.id);
    assert.ok(posted.some((m) => m.type === 'messageRemoved' && m.id === cut.id));
    assert.equal(dones()[1].status, 'complete');
    assert.equal(chat.messages.length, 2, 'the retried answer replaced the cut one');
  });

  it('keeps the partial answer of a stalled stream, says so, and stays usable', async () => {
    gateway.setFault({ kind: 'stall', afterChunks: 3 });
    const chat = controller();
    await chat.send({ text: 'How do I write a toon shader?' });
    const stalled = dones()[0];
    assert.equal(stalled.status, 'incomplete');
    assert.equal(stalled.error?.code, 'STALLED');
    assert.equal(stalled.error?.title, 'The gateway stopped responding');
    assert.ok(streamedTo(stalled.id).length > 0);
    assert.equal(chat.messages[1].text, streamedTo(stalled.id), 'the view and history keep the same partial answer');
    assert.equal(chat.isStreaming, false, 'the UI is usable at once');
    assert.equal(await chat.send({ text: 'And a water shader?' }), true);
    assert.equal(dones()[1].status, 'complete');
  });

  it('retries with allow_fallback when the provider is down and the user asks', async () => {
    gateway.setFault({ kind: 'error', code: 'PROVIDER_UNAVAILABLE' });
    const chat = controller();
    await chat.send({ text: 'hello' });
    const failed = dones()[0];
    assert.ok(failed.error?.actions.some((a) => a.kind === 'retryWithFallback'));
    await chat.retry(failed.id, { allowFallback: true });
    assert.equal(sentBodies()[1].allow_fallback, true);
  });

  it('says a wrong key is wrong, with Set API key', async () => {
    key = 'mg_live_invalid_key';
    const chat = controller();
    await chat.send({ text: 'hello' });
    const done = dones()[0];
    assert.equal(done.error?.code, 'INVALID_API_KEY');
    assert.equal(done.error?.title, 'Your API key was rejected');
    assert.ok(done.error?.actions.some((a) => a.kind === 'setApiKey'));
  });

  it('asks for a key, without calling the gateway, when there is none', async () => {
    key = undefined;
    const chat = controller();
    await chat.send({ text: 'hello' });
    assert.equal(dones()[0].error?.code, 'NO_API_KEY');
    assert.equal(sentBodies().length, 0);
  });

  it('trims the oldest turns to stay under 64 KB and tells the user', async () => {
    const chat = controller();
    for (let i = 0; i < 4; i++) {
      await chat.send({ text: `Question ${i}: ${'lorem ipsum '.repeat(1500)}` });
    }
    const last = sentBodies().at(-1)!;
    assert.ok(Buffer.byteLength(JSON.stringify(last)) < 64 * 1024);
    assert.ok(!last.messages.some((m) => m.content.startsWith('Question 0:')), 'the oldest question was left out');
    assert.ok(last.messages.at(-1)?.content.startsWith('Question 3:'));
    const notice = posted.filter((m) => m.type === 'notice').at(-1);
    assert.ok(notice && notice.type === 'notice' && notice.text && /64 KB/.test(notice.text));
    assert.ok(dones().every((d) => d.status === 'complete'));
  });

  it('keeps history across a reload, starts new chats, reopens and deletes old ones', async () => {
    const first = controller();
    await first.send({ text: 'What is a blend tree?' });
    const firstId = first.conversationId;
    await first.newChat();
    await first.send({ text: 'How do I use FMOD?' });

    const reloaded = controller();
    await reloaded.whenRestored();
    assert.equal(reloaded.messages[0].text, 'How do I use FMOD?', 'the open conversation comes back');
    const history = reloaded.viewState().history;
    assert.equal(history.length, 2);
    assert.deepEqual(history.map((h) => h.title).sort(), ['How do I use FMOD?', 'What is a blend tree?']);

    await reloaded.openConversation(firstId);
    assert.equal(reloaded.messages[0].text, 'What is a blend tree?');
    await reloaded.deleteConversation(firstId);
    assert.equal(reloaded.viewState().history.length, 1);
    assert.equal(reloaded.messages.length, 0, 'deleting the open conversation leaves an empty chat');
  });

  it('never puts the key into history or view messages', async () => {
    const chat = controller();
    await chat.send({ text: 'hello' });
    const saved = history.names().map((name) => fs.readFileSync(path.join(history.folder, name), 'utf8'));
    assert.ok(saved.length > 0);
    const everything = saved.join('') + JSON.stringify(posted);
    assert.ok(!everything.includes('mg_live_studio_controller'));
  });

  it('opens a saved 1,000-message conversation (~2 MB) by its newest page, sends older pages on request, and streams into it with deltas only', async () => {
    const answerText = `## Pool your effects\n\n${'Reuse particle systems instead of instantiating them. '.repeat(72)}\n\n\`\`\`csharp\nvar fx = pool.Get();\n\`\`\`\n`;
    const messages: StoredMessage[] = [];
    for (let i = 0; i < 500; i++) {
      messages.push({ id: `u${i}`, role: 'user', text: `Question ${i}: how do I pool VFX?`, status: 'complete', createdAt: i });
      messages.push({ id: `a${i}`, role: 'assistant', text: answerText, status: 'complete', createdAt: i });
    }
    await new ConversationStore(history.files, () => 50).save({ id: 'big', title: 'Big', createdAt: 0, updatedAt: 0, messages });

    // What the webview receives: the controller's messages through the view's per-frame batcher.
    const received: HostToWebview[] = [];
    const batcher = new DeltaBatcher((m) => received.push(m));
    const chat = controller((m) => batcher.post(m));
    await chat.openConversation('big');
    batcher.flush();
    const opened = received.find((m) => m.type === 'conversation');
    assert.ok(opened?.type === 'conversation');
    // Only what the view draws: the newest page, and how many are before it.
    assert.deepEqual({ first: opened.messages[0]?.id, last: opened.messages.at(-1)?.id, count: opened.messages.length, earlier: opened.earlier }, { first: 'u490', last: 'a499', count: 20, earlier: 980 });
    assert.ok(JSON.stringify(opened).length < 60_000, `the opening message is small (${JSON.stringify(opened).length} bytes)`);
    assert.equal(chat.viewState().earlier, 980, 'a reloaded view gets the same page');
    received.length = 0;
    chat.older('u490');
    chat.older('u0');
    chat.older('not-a-message');
    batcher.flush();
    assert.deepEqual(
      received.map((m) => (m.type === 'older' ? { before: m.before, first: m.messages[0]?.id, count: m.messages.length, earlier: m.earlier } : m.type)),
      [{ before: 'u490', first: 'u480', count: 20, earlier: 960 }, { before: 'u0', first: undefined, count: 0, earlier: 0 }],
      'the page before a message; none before the first; nothing for an unknown id',
    );

    received.length = 0;
    await chat.send({ text: 'tokens:2000 How do I pool my muzzle flashes?' });
    batcher.flush();
    const bytes = (list: readonly HostToWebview[]): number => list.reduce((sum, m) => sum + JSON.stringify(m).length, 0);
    const deltas = received.filter((m) => m.type === 'delta');
    const answer = chat.messages[chat.messages.length - 1].text;
    assert.equal(deltas.map((m) => (m.type === 'delta' ? m.text : '')).join(''), answer, 'the answer arrives as deltas');
    assert.ok(deltas.length >= 1 && deltas.length <= 2000, `${deltas.length} delta messages for 2,000 tokens`);
    assert.deepEqual(
      [...new Set(received.map((m) => m.type))].sort(),
      ['context', 'delta', 'discipline', 'done', 'history', 'messageAdded', 'notice'],
      'no conversation or init message while answering',
    );
    const largest = Math.max(...received.filter((m) => m.type !== 'delta' && m.type !== 'done').map((m) => JSON.stringify(m).length));
    assert.ok(largest < 8_000, `other messages are small (largest ${largest} bytes)`);
    const total = bytes(received);
    // The answer goes once, as deltas: `done` carries no text the webview already has; nothing of the transcript.
    const done = received.find((m) => m.type === 'done');
    assert.deepEqual(done?.type === 'done' ? Object.keys(done).sort() : [], ['id', 'status', 'type']);
    assert.ok(total < answer.length + 16_000, `${total} bytes posted for a ${answer.length}-character answer`);
  });

  describe('when history on disk is damaged', () => {
    function damaged(id: string, body: string): void {
      fs.writeFileSync(path.join(history.folder, `conversation-${id}.json`), body);
      fs.writeFileSync(path.join(history.folder, 'index.json'), JSON.stringify({ version: 1, current: id, conversations: [{ id, title: 'Damaged', updatedAt: 1, messageCount: 3 }] }));
    }

    it('reopens a conversation without its malformed message and says so', async () => {
      const messages = [
        { id: 'q', role: 'user', text: 'What is a blend tree?', status: 'complete', createdAt: 1 },
        { id: 'bad', role: 'assistant', text: { html: '<img src=x onerror=alert(1)>' }, status: 'complete', createdAt: 2 },
        { id: 'q2', role: 'user', text: 'And root motion?', status: 'complete', createdAt: 3 },
      ];
      damaged('d', JSON.stringify({ id: 'd', title: 'Damaged', createdAt: 1, updatedAt: 1, messages }));
      const chat = controller();
      await within('restoring', chat.whenRestored());
      assert.deepEqual(chat.messages.map((m) => m.id), ['q', 'q2']);
      assert.match(chat.viewState().notice ?? '', /1 damaged message of this conversation could not be read and was left out/);
      await within('the answer', chat.send({ text: 'Thanks!' }));
      assert.equal(dones()[0]?.status, 'complete', `the conversation goes on (${dones()[0]?.error?.code})`);
    });

    it('keeps the open conversation when another cannot be read, and says why', async () => {
      damaged('broken', '{"id":"broken","messages":[');
      const chat = controller();
      await within('restoring', chat.whenRestored());
      assert.equal(chat.messages.length, 0);
      assert.match(chat.viewState().notice ?? '', /could not be read: the file is damaged/, 'restoring it at startup said why');
      await chat.send({ text: 'What is a blend tree?' });
      await within('opening', chat.openConversation('broken'));
      assert.equal(chat.messages[0]?.text, 'What is a blend tree?', 'the open conversation stays');
      assert.match(chat.viewState().notice ?? '', /could not be read: the file is damaged/);
      assert.ok(chat.viewState().history.some((h) => h.id === 'broken'), 'still listed, so it can be deleted');
    });
  });

  describe('when history cannot be saved', () => {
    it('still sends the question and completes the answer, with a notice that says why (a file is in the way: ENOTDIR)', async () => {
      const blocked = fileInTheWay();
      const chat = controller(undefined, new ConversationStore(new FolderHistoryFiles(blocked.folder), () => 50));
      const sending = chat.send({ text: 'How do I write a toon shader?' }).catch((error: unknown) => `send rejected: ${String(error)}`);
      assert.equal(await within('the answer', sending), true);
      assert.equal(sentBodies().length, 1, 'the request was sent');
      assert.equal(dones()[0]?.status, 'complete', 'the composer hears the answer is done');
      assert.equal(chat.isStreaming, false);
      const notice = notices().at(-1);
      assert.match(notice ?? '', /history could not be saved/i);
      assert.match(notice ?? '', /not a folder/i, 'the reason in words');
      assert.ok(notice?.includes(blocked.folder), 'names the folder to check');

      // The obstacle goes away: the next save retries, writes everything, and the notice clears.
      blocked.clear();
      await within('the second answer', chat.send({ text: 'And an outline?' }));
      assert.equal(notices().at(-1), null, 'the notice is cleared once history saves again');
      const reopened = new ConversationStore(new FolderHistoryFiles(blocked.folder), () => 50);
      await reopened.ready();
      assert.deepEqual(reopened.list().map((s) => s.messageCount), [4], 'both questions and answers were saved');
    });

    it('on read-only storage (EROFS) reopens the last conversation, answers, and says saving fails', async function () {
      const first = controller();
      await first.send({ text: 'What is a blend tree?' });
      const storage = readOnlyStorage((folder) => fs.cpSync(history.folder, folder, { recursive: true }));
      if (!storage) this.skip(); // This machine does not let the tests mount a file system.
      try {
        posted = [];
        const chat = controller(undefined, new ConversationStore(new FolderHistoryFiles(storage.folder), () => 50));
        await chat.whenRestored();
        assert.equal(chat.messages.length, 2, 'history is read from the read-only storage');
        await within('the answer', chat.send({ text: 'And root motion?' }));
        assert.equal(dones()[0]?.status, 'complete');
        assert.match(notices().at(-1) ?? '', /history could not be saved: the storage is read-only \(EROFS\)/i);
      } finally {
        storage.unmount();
      }
    });

    it('says the disk is full (ENOSPC), answers anyway, and keeps the conversation usable', async () => {
      const full = failingWrites(history.folder, 'ENOSPC');
      const chat = controller(undefined, new ConversationStore(full.files, () => 50));
      assert.equal(await within('the answer', chat.send({ text: 'What is a blend tree?' }).catch(() => false)), true);
      assert.equal(dones()[0]?.status, 'complete');
      assert.match(notices().at(-1) ?? '', /disk is full/i);
      assert.match(notices().at(-1) ?? '', /free/i, 'says what to do');
      await within('New Chat', chat.newChat());
      assert.equal(chat.messages.length, 0, 'New Chat works while saving fails');
      full.heal();
      await within('the next answer', chat.send({ text: 'And root motion?' }));
      assert.equal(dones()[1]?.status, 'complete');
      assert.equal(notices().at(-1), null);
    });
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccountClient } from '../../src/account/accountClient';
import { GatewayRest } from '../../src/account/gatewayRest';
import { AnswerEngine } from '../../src/answering/engine';
import { ChatController, type ChatSettings } from '../../src/chat/chatController';
import { ConversationStore } from '../../src/chat/historyStore';
import { ANALYZE_BODY_LIMIT_BYTES, analysisAnswer, analyzeRequest, chatPrompt, fitAnalyzeRequest, crashItems, frameLinks, questionText, requestAnalysis, type CollectedCrash } from '../../src/crash/crashAnalysis';
import { locateFrames } from '../../src/crash/crashFrames';
import { parseCrashText } from '../../src/crash/crashParsers';
import { DisciplineRouter } from '../../src/disciplines/router';
import { GatewayClient } from '../../src/gateway/client';
import { Wire } from '../../src/network/wire';
import type { HostToWebview } from '../../src/shared/protocol';
import { startGateway, type DevGateway } from '../gateway/server';
import { tempHistory } from '../unit/tempHistory';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'crashes');

/** A Godot crash placed in a workspace holding player/player.gd (what the command collects, without VS Code). */
async function collected(): Promise<CollectedCrash> {
  const crash = parseCrashText(fs.readFileSync(path.join(FIXTURES, 'godot-crash.txt'), 'utf8'));
  assert.ok(crash);
  const located = await locateFrames(crash.frames, (written) =>
    Promise.resolve(written === 'res://player/player.gd' ? { kind: 'inside' as const, file: '/ws/player/player.gd' } : { kind: 'missing' as const }),
  );
  return {
    crash,
    located,
    relative: (file) => path.posix.relative('/ws', file),
    source: 'selection',
    sourceName: 'the selection',
    profileEngine: 'godot',
    sources: [{ path: 'player/player.gd', language: 'gd', startLine: 68, endLine: 92, text: 'func try_jump() -> void:\n\tvelocity.y = JUMP_VELOCITY' }],
  };
}

describe('Analyze Crash: the request, the sidebar answer and follow-ups, against the development gateway', () => {
  let gateway: DevGateway;
  let posted: HostToWebview[];
  let settings: ChatSettings;
  const wire = new Wire({ userAgent: 'monster-gaming-vscode/crash-test' });
  const key = 'mg_live_studio_crash';

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(async () => {
    wire.dispose();
    await gateway.close();
  });
  beforeEach(() => {
    gateway.reset();
    posted = [];
    settings = { model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 };
  });

  function setup(): { chat: ChatController; engine: AnswerEngine; rest: GatewayRest } {
    const connection = (): Promise<{ baseUrl: string; apiKey: string }> => Promise.resolve({ baseUrl: gateway.url, apiKey: key });
    const account = new AccountClient(connection, wire, { timeoutMs: 2_000 });
    const engine = new AnswerEngine({
      gateway: new GatewayClient(connection, { idleTimeoutMs: () => 2000 }),
      settings: () => settings,
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
      platformStatus: (signal) => account.status(signal),
    });
    const chat = new ChatController({
      engine,
      settings: () => settings,
      account: () => ({ hasKey: true, signupUrl: 'https://monstergaming.ai/signup' }),
      store: new ConversationStore(tempHistory().files, () => 50),
      post: (m) => posted.push(m),
    });
    return { chat, engine, rest: new GatewayRest(connection, wire) };
  }

  it('POST /debug/analyze carries the frames (workspace paths), platform, profile engine and question; the analysis is the answer with frame links; a follow-up keeps the crash', async () => {
    const { chat, rest } = setup();
    const crash = await collected();
    const body = analyzeRequest(crash, 'Why only after a double jump?');
    const shown = await chat.present({ text: questionText(crash, 'Why only after a double jump?'), items: crashItems(crash), frames: frameLinks(crash) }, async (signal) => {
      const analysis = await requestAnalysis(rest, body, signal);
      return { text: analysis.analysis, model: analysis.model };
    });
    assert.equal(shown, true);
    const analyze = gateway.requests.find((r) => r.path === '/v1/debug/analyze');
    assert.ok(analyze);
    assert.equal(analyze.headers.authorization, `Bearer ${key}`);
    assert.deepEqual(analyze.body, {
      stack_trace: ['try_jump (player/player.gd:80)', '_physics_process (player/player.gd:40)'],
      platform: 'linux',
      engine: 'godot',
      question: 'Why only after a double jump?',
    });
    const [user, answer] = chat.messages;
    assert.match(user.text, /^Analyze this crash from the selection: handle_crash: Program crashed with signal 11/);
    assert.equal(answer.status, 'complete');
    assert.equal(answer.model, 'deepseek-chat');
    assert.match(answer.text, /\*\*Root Cause:\*\* The crash happens in `try_jump \(player\/player\.gd:80\)`/);
    assert.deepEqual(answer.frames, [
      { function: 'try_jump', path: 'player/player.gd', line: 80 },
      { function: '_physics_process', path: 'player/player.gd', line: 40 },
    ]);
    assert.deepEqual(chat.frame(answer.id, 1), { function: '_physics_process', path: 'player/player.gd', line: 40 });
    assert.equal(chat.frame(answer.id, 2), undefined);
    assert.ok(posted.some((m) => m.type === 'done' && m.id === answer.id && m.status === 'complete'));

    // A follow-up is a chat request whose history holds the crash (with the source) and the analysis.
    await chat.send({ text: 'How do I guard against it?' });
    const followUp = gateway.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    const all = followUp.messages.map((m) => m.content).join('\n');
    assert.ok(all.includes('try_jump (player/player.gd:80)'), 'the crash frames');
    assert.ok(all.includes('velocity.y = JUMP_VELOCITY'), 'the source around the top frame');
    assert.ok(all.includes('**Root Cause:**'), 'the analysis');
  });

  it('an enormous hostile stack is fitted under the 64 KB body limit (entries shortened, bottom frames left out, said), never a 413', async () => {
    const { rest } = setup();
    // 64 frames of 512-character names and paths full of characters JSON escapes (a quote, a backslash, control characters: up to 6 bytes each).
    const hostile = '"\\\u0001\u0002\u0003\u0004'.repeat(86);
    const frames = Array.from({ length: 64 }, (_, i) => ({ function: `f${i}${hostile}`.slice(0, 512), file: `C:\\${hostile}\\x${i}.cpp`.slice(0, 512), line: i + 1 }));
    const located = await locateFrames(frames, () => Promise.resolve({ kind: 'missing' as const }));
    const crash: CollectedCrash = { crash: { format: 'msvc', message: 'EXCEPTION_ACCESS_VIOLATION', frames, read: 0, total: 0, droppedFrames: 0 }, located, relative: (file) => file, source: 'file', sourceName: 'huge.txt' };
    const fitted = fitAnalyzeRequest(crash, 'q'.repeat(500));
    assert.ok(new TextEncoder().encode(JSON.stringify(fitted.body)).length <= ANALYZE_BODY_LIMIT_BYTES);
    assert.ok(fitted.left > 0 && fitted.left < 64, `left out ${fitted.left}`);
    assert.equal(fitted.shortened, 64 - fitted.left);
    assert.equal(fitted.body.stack_trace.length, 64 - fitted.left);
    assert.ok(fitted.body.stack_trace[0].startsWith('f0'), 'the top frame stays first');
    assert.ok(fitted.body.stack_trace[0].endsWith(':1)'), 'a shortened entry keeps its location');
    const analysis = await requestAnalysis(rest, fitted.body, new AbortController().signal);
    assert.match(analysis.analysis, /\*\*Root Cause:\*\*/);
    // A stack that fits is sent whole.
    assert.deepEqual(fitAnalyzeRequest(await collected(), undefined), { body: analyzeRequest(await collected(), undefined), shortened: 0, left: 0 });
  });

  it('a gateway refusal (503) becomes the answer\'s error card; nothing is lost', async () => {
    const { chat, rest, engine } = setup();
    const crash = await collected();
    gateway.setFault({ kind: 'error', code: 'PROVIDER_UNAVAILABLE' });
    await chat.present({ text: questionText(crash, undefined), items: crashItems(crash), frames: frameLinks(crash) }, async (signal) => {
      try {
        return { text: (await requestAnalysis(rest, analyzeRequest(crash, undefined), signal)).analysis };
      } catch (error) {
        return { error: engine.describe(error) };
      }
    });
    const [user, answer] = chat.messages;
    assert.ok(user.text.startsWith('Analyze this crash'));
    assert.equal(answer.status, 'error');
    assert.ok(answer.error?.title);
  });

  it('maintenance on /debug/analyze: the card has the ETA and the status page as chat\'s does; Retry asks /debug/analyze again, never chat', async () => {
    const { chat, rest, engine } = setup();
    const crash = await collected();
    gateway.setAccount({ maintenance: { eta: '2030-01-01T06:30:00Z', message: 'Database upgrade' } });
    await chat.present({ text: questionText(crash, undefined), items: crashItems(crash), frames: frameLinks(crash) }, analysisAnswer(rest, analyzeRequest(crash, undefined), (error) => engine.failureView(error)));
    const failed = chat.messages[1];
    assert.equal(failed.status, 'error');
    assert.equal(failed.error?.code, 'MAINTENANCE');
    assert.match(failed.error?.remediation ?? '', /^Database upgrade: expected back at 2030-01-01 06:30 UTC/);
    assert.deepEqual(failed.error?.actions.map((a) => a.kind), ['retry', 'openStatus']);
    assert.ok(gateway.requests.some((r) => r.path === '/v1/status'), 'the status was read');

    assert.deepEqual(gateway.requests.filter((r) => r.path !== '/v1/status').map((r) => r.path), ['/v1/debug/analyze']);
    gateway.reset(); // maintenance over
    await chat.retry(failed.id);
    assert.deepEqual(gateway.requests.map((r) => r.path), ['/v1/debug/analyze']);
    const [, answer] = chat.messages;
    assert.equal(answer.status, 'complete');
    assert.match(answer.text, /\*\*Root Cause:\*\*/);
    assert.equal(answer.frames?.length, 2);
  });

  it('other gateways: one chat request through the engine with the crash-specialist prompt, the crash and the source; the transcript shows a short question', async () => {
    const { chat } = setup();
    const crash = await collected();
    await chat.send({ text: questionText(crash, undefined), prompt: chatPrompt(crash, undefined), items: crashItems(crash), frames: frameLinks(crash) });
    assert.equal(chat.messages[0].text, 'Analyze this crash from the selection: handle_crash: Program crashed with signal 11');
    assert.ok(!JSON.stringify(chat.messages).includes('You are a game crash analyst'), 'the brief is not shown as the user\'s words');
    assert.equal(gateway.requests.filter((r) => r.path === '/v1/debug/analyze').length, 0);
    const sent = gateway.requests.find((r) => r.path === '/v1/chat/completions')?.body as { messages: Array<{ role: string; content: string }> };
    const all = sent.messages.map((m) => m.content).join('\n');
    assert.ok(all.includes('You are a game crash analyst'));
    assert.ok(all.includes('**Root Cause:**'));
    assert.ok(all.includes('try_jump (player/player.gd:80)'));
    assert.ok(all.includes('velocity.y = JUMP_VELOCITY'));
    assert.equal(chat.messages[1].frames?.length, 2);

    // A follow-up sends the crash question as the model saw it: the brief stays with it.
    await chat.send({ text: 'How do I guard against it?' });
    const followUp = gateway.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    const turns = followUp.messages.map((m) => m.content).join('\n');
    assert.ok(turns.includes('You are a game crash analyst'));
    assert.ok(turns.includes('How do I guard against it?'));
  });
});

/**
 * The answering engine against the development gateway: the one sequence every surface uses
 * (key check, discipline, request with context, fitting, 429 waits, size bound, usage, errors),
 * seen through the events it emits and the requests the gateway recorded.
 */
import * as assert from 'node:assert/strict';
import { MAX_ANSWER_CHARS } from '../../src/answering/bodyLimit';
import { RULES_HEADING } from '../../src/answering/compose';
import type { ContextItem, ProjectRule } from '../../src/answering/contextTypes';
import { AnswerEngine } from '../../src/answering/engine';
import { ModelCatalog } from '../../src/answering/modelCatalog';
import type { AnswerEvent, AnswerJob, AnswerSettings, AnswerUsage, ProjectContext } from '../../src/answering/types';
import { DisciplineRouter } from '../../src/disciplines/router';
import type { EngineInfo } from '../../src/engine/detect';
import { GatewayClient } from '../../src/gateway/client';
import { describeError, GatewayError } from '../../src/gateway/errors';
import type { Clock } from '../../src/gateway/retry';
import { ERROR_CODES, type ErrorCode } from '../gateway/errors';
import { startGateway, type DevGateway } from '../gateway/server';

/** Real time, but waits (Retry-After) complete at once and are recorded. */
function instantClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return { waits, now: () => Date.now(), sleep: (ms) => Promise.resolve(void waits.push(ms)) };
}

const unity: EngineInfo = { engine: 'Unity', version: '2022.3', evidence: 'ProjectSettings/ProjectVersion.txt' };
const godot: EngineInfo = { engine: 'Godot', version: '4.2', evidence: 'project.godot' };

/** ~100 bytes a line. */
const lines = (count: number, tag: string): string => Array.from({ length: count }, (_, i) => `${tag} ${i + 1} ${'.'.repeat(90)}`).join('\n');

const chat = (text: string, items: readonly ContextItem[] = [], extra: Partial<AnswerJob> = {}): AnswerJob => ({ surface: 'sidebar', mode: { kind: 'chat', question: { text, items }, history: [] }, ...extra });

interface Body {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string };
  temperature?: number;
  max_tokens?: number;
}

describe('AnswerEngine: one sequence for every surface, against the development gateway', () => {
  let gateway: DevGateway;
  let settings: AnswerSettings;
  let key: string | undefined;
  let clock: ReturnType<typeof instantClock>;
  let usages: AnswerUsage[];

  before(async () => {
    gateway = await startGateway({ rateLimits: false, contextWindows: { 'gemini-3-flash': 6_000 } });
  });
  after(() => gateway.close());
  beforeEach(() => {
    gateway.reset();
    settings = { model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 };
    key = 'mg_live_studio_engine';
    clock = instantClock();
    usages = [];
  });

  const client = (): GatewayClient => new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: key ?? '' }), { idleTimeoutMs: () => 2_000 });

  function engine(extra: { project?: ProjectContext; limits?: ModelCatalog } = {}): AnswerEngine {
    return new AnswerEngine({
      gateway: client(),
      settings: () => settings,
      hasKey: () => Promise.resolve(key !== undefined),
      router: new DisciplineRouter(),
      clock,
      onUsage: (usage) => usages.push(usage),
      ...extra,
    });
  }

  async function run(job: AnswerJob, on = engine(), signal = new AbortController().signal): Promise<{ events: AnswerEvent[]; last: AnswerEvent }> {
    const events: AnswerEvent[] = [];
    const last = await on.run(job, (event) => events.push(event), signal);
    assert.equal(events.at(-1), last, 'the result is the last event');
    return { events, last };
  }

  const chatBodies = (): Body[] => gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Body);
  const types = (events: readonly AnswerEvent[]): string[] => events.map((e) => e.type).filter((t, i, all) => t !== 'delta' || all[i - 1] !== 'delta');
  const text = (events: readonly AnswerEvent[]): string => events.map((e) => (e.type === 'delta' ? e.text : '')).join('');

  describe('events, in order', () => {
    it('a routed question: context, the discipline the gateway named, the deltas, done; usage started and completed', async () => {
      const { events, last } = await run(chat('How do I implement rollback netcode for a fighting game?'));
      assert.deepEqual(types(events), ['context', 'discipline', 'delta', 'done']);
      const named = events.find((e) => e.type === 'discipline');
      assert.ok(named?.type === 'discipline' && named.discipline.id === 'multiplayer' && named.source === 'gateway');
      assert.ok(last.type === 'done' && last.end === 'complete' && last.text === text(events) && last.text.length > 100);
      assert.deepEqual(usages.map((u) => [u.surface, u.phase, u.discipline]), [['sidebar', 'started', undefined], ['sidebar', 'completed', 'multiplayer']]);
      assert.equal(usages[1].predicted, 'multiplayer');
    });

    it('where the gateway does not route, our specialist first (prompt sent), and the same for a pin on monster-gpt', async () => {
      settings = { ...settings, model: 'deepseek-chat' };
      const local = await run(chat('My HLSL fragment shader outputs black'));
      assert.deepEqual(types(local.events), ['discipline', 'context', 'delta', 'done']);
      const first = local.events[0];
      assert.ok(first.type === 'discipline' && first.discipline.id === 'shader' && first.source === 'local');
      assert.match(chatBodies()[0].messages[0].content, /Technical Artist/);

      settings = { ...settings, model: 'monster-gpt' };
      const pinned = await run(chat('My HLSL fragment shader outputs black', [], { pin: 'audio' }));
      const pin = pinned.events[0];
      assert.ok(pin.type === 'discipline' && pin.discipline.id === 'audio' && pin.source === 'pinned');
      assert.match(chatBodies()[1].messages[0].content, /Audio Director/);

      await run(chat('My HLSL fragment shader outputs black'));
      assert.deepEqual(chatBodies()[2].messages.map((m) => m.role), ['user'], 'routed and unpinned: no prompt of ours');
    });

    it('stop: done, stopped, with the part that arrived', async () => {
      gateway.setFault({ kind: 'slow', tokenDelayMs: 20 });
      const controller = new AbortController();
      const job = engine().run(chat('tokens:300 a long story'), (event) => {
        if (event.type === 'delta' && event.text && !controller.signal.aborted) setTimeout(() => controller.abort(), 50);
      }, controller.signal);
      const last = await job;
      assert.ok(last.type === 'done' && last.end === 'stopped' && last.text.length > 0);
    });
  });

  describe('the project around a question', () => {
    it('sends the engine line with every question, for the folder of the file it is about', async () => {
      const asked: Array<string | undefined> = [];
      const project: ProjectContext = {
        profileFor: (path) => {
          asked.push(path);
          return Promise.resolve(path?.startsWith('Tools/') ? godot : unity);
        },
        rulesFor: () => Promise.resolve([]),
      };
      const on = engine({ project });
      await run(chat('What is a blend tree?'), on);
      const script: ContextItem = { kind: 'file', label: '#file:Tools/player.gd', path: 'Tools/player.gd', language: 'gdscript', text: 'extends Node\n', explicit: true };
      await run(chat('Why does this not move?', [script]), on);
      assert.deepEqual(asked, [undefined, 'Tools/player.gd']);
      assert.deepEqual(chatBodies()[0].messages[0], { role: 'system', content: 'Engine: Unity 2022.3.' }, 'a plain question gets the project engine');
      assert.deepEqual(chatBodies()[1].messages[0], { role: 'system', content: 'Engine: Godot 4.2. Language: GDScript.' }, 'a question about a file gets its folder and language');
      assert.match(chatBodies()[1].messages[1].content, /^Why does this not move\?\n\n#file:Tools\/player\.gd · `Tools\/player\.gd`:\n```gdscript\nextends Node\n```$/);
    });

    it('sends the rules that apply in one system message that begins "Project rules", asking for the files the question carries', async () => {
      const asked: Array<readonly string[]> = [];
      const rules: ProjectRule[] = [
        { source: 'AGENTS.md', text: 'Shaders target mobile: prefer half precision.' },
        { source: '.monster/rules/shaders.md', text: 'Name properties with a leading underscore.', applyTo: 'Assets/Shaders/**' },
      ];
      const project: ProjectContext = {
        profileFor: () => Promise.resolve(undefined),
        rulesFor: (files) => {
          asked.push(files);
          return Promise.resolve(rules);
        },
      };
      const water: ContextItem = { kind: 'selection', label: '#selection', path: 'Assets/Shaders/Water.shader', span: { startLine: 3, endLine: 4 }, language: 'hlsl', text: 'float4 c;\n', explicit: true };
      const { events } = await run(chat('Why is it pink?', [water]), engine({ project }));
      assert.deepEqual(asked, [['Assets/Shaders/Water.shader']]);
      const system = chatBodies()[0].messages.filter((m) => m.role === 'system');
      assert.equal(system.length, 2, 'the language line and one rules message');
      assert.deepEqual(system[0], { role: 'system', content: 'Language: HLSL.' });
      assert.ok(system[1].content.startsWith(RULES_HEADING));
      assert.match(system[1].content, /From AGENTS\.md:\nShaders target mobile[\s\S]*From \.monster\/rules\/shaders\.md \(applies to Assets\/Shaders\/\*\*\):/);
      const context = events.find((e) => e.type === 'context');
      assert.deepEqual(context?.type === 'context' && context.report.sent, ['AGENTS.md', '.monster/rules/shaders.md', '#selection']);
    });

    it('never lets the project break an answer: a profile that cannot be read is left out, and logged', async () => {
      const logged: string[] = [];
      const on = new AnswerEngine({
        gateway: client(), settings: () => settings, hasKey: () => Promise.resolve(true), router: new DisciplineRouter(), clock, log: (line) => logged.push(line),
        project: { profileFor: () => Promise.reject(new Error('EACCES')), rulesFor: () => Promise.reject(new Error('EIO')) },
      });
      const { last } = await run(chat('hello'), on);
      assert.equal(last.type, 'done');
      assert.deepEqual(chatBodies()[0].messages.map((m) => m.role), ['user']);
      assert.ok(logged.some((l) => /engine profile: Error: EACCES/.test(l)) && logged.some((l) => /project rules: Error: EIO/.test(l)));
    });
  });

  describe('fitting under the limit', () => {
    it('cuts older turns, the active file, rules, the selection, in that order; the report is the body the gateway received', async () => {
      const items: ContextItem[] = [
        { kind: 'file', label: '#file:Assets/Mention.cs', path: 'Assets/Mention.cs', language: 'csharp', text: lines(150, 'mention'), explicit: true },
        { kind: 'selection', label: '#selection', path: 'Assets/Sel.cs', span: { startLine: 1, endLine: 200 }, language: 'csharp', text: lines(200, 'selection'), explicit: true },
        { kind: 'activeEditor', label: 'active editor', path: 'Assets/Active.cs', span: { startLine: 1, endLine: 100 }, language: 'csharp', text: lines(100, 'active'), explicit: false },
      ];
      // About 15 + 20 + 10 KB of items and 30 KB of rules: over 64 KB even without the older turns.
      const rules: ProjectRule[] = [{ source: 'AGENTS.md', text: lines(300, 'rule') }];
      const project: ProjectContext = { profileFor: () => Promise.resolve(unity), rulesFor: () => Promise.resolve(rules) };
      const history = [{ role: 'user' as const, content: `old ${'q'.repeat(8000)}` }, { role: 'assistant' as const, content: `old ${'a'.repeat(8000)}` }];
      const { events, last } = await run({ surface: 'participant', mode: { kind: 'chat', question: { text: 'What now?', items }, history } }, engine({ project }));
      assert.equal(last.type, 'done');
      const context = events.find((e) => e.type === 'context');
      assert.ok(context?.type === 'context');
      const { report } = context;
      assert.deepEqual(report.cut.slice(0, 3), ['2 older messages', 'active editor', 'AGENTS.md (shortened)']);
      assert.deepEqual(report.sent, ['AGENTS.md', '#file:Assets/Mention.cs', '#selection']);
      assert.deepEqual(context.items.map((i) => i.label), ['#file:Assets/Mention.cs', '#selection'], 'the items as sent');
      const recorded = gateway.requests.find((r) => r.path === '/v1/chat/completions');
      assert.equal(report.usedBytes, recorded?.bodyBytes, 'usedBytes is the size of the body the gateway received');
      assert.equal(report.limitBytes, 64 * 1024);
      assert.ok(report.usedBytes <= 62 * 1024);
      const body = recorded?.body as Body;
      assert.deepEqual(body.messages.map((m) => m.role), ['system', 'system', 'user']);
      assert.match(body.messages[2].content, /^What now\?\n\n#file:Assets\/Mention\.cs · `Assets\/Mention\.cs`:\n```csharp\nmention 1 /);
    });

    it('derives the limit from the context window the gateway lists for the model', async () => {
      settings = { ...settings, model: 'gemini-3-flash' };
      const limits = new ModelCatalog({ gateway: client(), hasKey: () => Promise.resolve(true), monsterGaming: () => true });
      const big: ContextItem = { kind: 'file', label: '#file:Big.cs', path: 'Big.cs', language: 'csharp', text: lines(300, 'big'), explicit: true };
      const { events } = await run(chat('Summarize', [big]), engine({ limits }));
      const context = events.find((e) => e.type === 'context');
      // 6,000 tokens less 1,500 for the answer, at 4 bytes a token.
      assert.ok(context?.type === 'context' && context.report.limitBytes === 18_000);
      assert.match(context.report.cut[0], /^#file:Big\.cs \(first \d+ of 300 lines/);
      assert.ok((gateway.requests.find((r) => r.path === '/v1/chat/completions')?.bodyBytes ?? Infinity) <= 18_000);
    });

    it('refuses a question that is over the limit alone, before sending anything', async () => {
      const { last } = await run(chat(`${'x'.repeat(70_000)}?`));
      assert.ok(last.type === 'error' && last.error.code === 'PAYLOAD_TOO_LARGE' && last.status === 'error');
      assert.match(last.view.message, /The question alone is 69 KB; the limit for this model is 64 KB/);
      assert.equal(chatBodies().length, 0);
    });
  });

  describe('failures, each described once', () => {
    it('maps every documented error code through describeError, as one error event and one failed usage', async () => {
      settings = { ...settings, rateLimitMaxWaitSeconds: 0 };
      for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
        gateway.setFault({ kind: 'error', code });
        usages = [];
        const { events, last } = await run(chat(`hello ${code}`));
        assert.ok(last.type === 'error', code);
        assert.equal(events.filter((e) => e.type === 'error' || e.type === 'done').length, 1, `${code}: one end`);
        assert.equal(events.filter((e) => e.type === 'delta').length, 0, code);
        assert.equal(last.error.code, code);
        assert.deepEqual(last.view, describeError(last.error), `${code}: the view is describeError's`);
        assert.equal(last.view.title, describeError(new GatewayError(code, 'x')).title, `${code}: its own title`);
        assert.deepEqual(usages.map((u) => [u.phase, u.errorCode]), [['started', undefined], ['failed', code]], code);
      }
    });

    it('waits out a 429 Retry-After, saying when it retries, then answers', async () => {
      gateway.setFault({ kind: 'error', code: 'RATE_LIMITED', retryAfter: 3 });
      const { events, last } = await run(chat('hello'));
      assert.deepEqual(types(events), ['context', 'waiting', 'discipline', 'delta', 'done']);
      const waiting = events.find((e) => e.type === 'waiting');
      assert.ok(waiting?.type === 'waiting' && /Retrying in 3 s…$/.test(waiting.message) && waiting.retryAt > Date.now() - 10_000);
      assert.deepEqual(clock.waits, [3000]);
      assert.equal(last.type, 'done');
    });

    it('stops a runaway answer at the bound, keeping what arrived, instead of collecting it whole', async () => {
      // 8 MB in 80,000 chunks (~17 MB of SSE): the bound is reached an eighth of the way in, and the
      // rest is more than loopback's socket buffers hold, so the gateway cannot have written it all
      // before the client stops reading, however busy this process is (4 MB could, under load).
      gateway.setFault({ kind: 'content', text: `${'x'.repeat(99)} `.repeat(80_000) });
      const { last } = await run(chat('Tell me everything'));
      assert.ok(last.type === 'error' && last.error.code === 'ANSWER_TOO_LONG' && last.status === 'incomplete', JSON.stringify(last.type === 'error' && last.view));
      assert.equal(last.text.length, MAX_ANSWER_CHARS);
      assert.equal(last.view.title, 'The answer was too long');
      const recorded = (): (typeof gateway.requests)[number] | undefined => gateway.requests.find((r) => r.path === '/v1/chat/completions');
      for (let i = 0; i < 100 && !recorded()?.clientAborted; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(recorded()?.finished, false, 'the gateway did not send the whole answer');
      assert.equal(recorded()?.clientAborted, true, 'the client closed the stream');
    });

    it('keeps the part of a cut stream, marked incomplete', async () => {
      gateway.setFault({ kind: 'disconnect', afterChunks: 4 });
      const { last } = await run(chat('How do I write a toon shader?'));
      assert.ok(last.type === 'error' && last.error.code === 'STREAM_CUT' && last.status === 'incomplete' && last.text.length > 0);
    });

    it('without a key: the one wording of the active provider, and nothing sent', async () => {
      key = undefined;
      const monster = await run(chat('hello'));
      assert.ok(monster.last.type === 'error' && monster.last.error.code === 'NO_API_KEY');
      assert.equal(monster.last.error.message, 'Set your Monster Gaming API key to get answers. New here? Get a free key with $5 credit at https://monstergaming.ai/signup.');
      assert.deepEqual(types(monster.events), ['error']);
      settings = { ...settings, model: 'moonshot-v1-8k', provider: { id: 'moonshot' }, errorContext: { providerLabel: 'Moonshot', monsterGaming: false, baseUrl: 'x' } };
      const other = await run({ surface: 'languageModel', mode: { kind: 'passThrough', messages: [{ role: 'user', content: 'hi' }] } });
      assert.ok(other.last.type === 'error');
      assert.equal(other.last.error.message, 'Set your Moonshot key to get answers (Monster Gaming: Select Provider switches gateways).');
      assert.deepEqual(other.last.view.actions.map((a) => a.kind), ['setApiKey', 'selectProvider']);
      assert.equal(gateway.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 0);
      assert.deepEqual(usages, [], 'nothing started');
    });
  });

  describe('modes', () => {
    const project: ProjectContext = { profileFor: () => Promise.resolve(unity), rulesFor: () => Promise.resolve([{ source: 'AGENTS.md', text: 'Tabs.' }]) };

    it('pass-through: the caller\'s messages as given, nothing of ours added', async () => {
      settings = { ...settings, model: 'deepseek-chat' };
      const messages = [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Name a shader stage.' }];
      const { last } = await run({ surface: 'languageModel', model: 'gemini-3-flash', mode: { kind: 'passThrough', messages, maxTokens: 64 } }, engine({ project }));
      assert.equal(last.type, 'done');
      const body = chatBodies()[0];
      assert.equal(body.model, 'gemini-3-flash');
      assert.deepEqual(body.messages, messages);
      assert.equal(body.max_tokens, 64);
    });

    it('proposal: json_object at temperature 0, built around the engine line, our specialist and the rules', async () => {
      settings = { ...settings, model: 'deepseek-chat' };
      let prelude: unknown;
      const { last } = await run(
        {
          surface: 'edit',
          mode: {
            kind: 'proposal',
            subject: { text: 'rename foam', languageId: 'hlsl', path: 'Assets/Shaders/Foam.hlsl' },
            build: (given) => {
              prelude = given;
              return [{ role: 'system', content: `Edit.\n\n${given.engineLine}` }, ...(given.rules ? [given.rules] : []), { role: 'user', content: 'Instruction: rename foam to amount' }];
            },
          },
        },
        engine({ project }),
      );
      assert.equal(last.type, 'done');
      const given = prelude as { engineLine: string; specialistPrompt?: string; rules?: { content: string }; model: string; limitBytes: number };
      assert.equal(given.engineLine, 'Engine: Unity 2022.3. Language: HLSL.');
      assert.match(given.specialistPrompt ?? '', /Technical Artist/, 'the local router read the shader file');
      assert.ok(given.rules?.content.startsWith(RULES_HEADING));
      assert.equal(given.model, 'deepseek-chat');
      assert.equal(given.limitBytes, 64 * 1024);
      const body = chatBodies()[0];
      assert.deepEqual(body.response_format, { type: 'json_object' });
      assert.equal(body.temperature, 0);
    });
  });
});

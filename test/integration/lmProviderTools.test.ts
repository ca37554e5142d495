/**
 * Tool calling through the language model provider's engine mode (passThrough), against the
 * development gateway: VS Code's messages as the provider maps them, the offered tools and tool
 * mode, the streamed calls assembled and handed back, the tool results sent with their ids, and
 * the body limit kept with the sidebar's rule (oldest tool results first, then oldest history).
 */
import * as assert from 'node:assert/strict';
import { DROPPED_RESULT } from '../../src/answering/bodyLimit';
import { AnswerEngine } from '../../src/answering/engine';
import type { AnswerEvent, AnswerJob, AnswerSettings } from '../../src/answering/types';
import { DisciplineRouter } from '../../src/disciplines/router';
import { GatewayClient } from '../../src/gateway/client';
import { toGatewayMessages, toToolChoice, toToolDefinitions } from '../../src/vscodeChat/lmMessages';
import { startGateway, type DevGateway } from '../gateway/server';

const KEY = 'mg_live_studio_lm_tools';
const READ_FILE = { name: 'read_file', description: 'Read a workspace file.', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };
const text = (value: string): { value: string } => ({ value });

interface WireMessage {
  role: string;
  content: string | null;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
}
interface Body {
  messages: WireMessage[];
  tools?: Array<{ type: string; function: { name: string } }>;
  tool_choice?: string;
}

describe('language model provider: tool calls through the engine (development gateway)', () => {
  let gateway: DevGateway;
  const settings: AnswerSettings = { model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 0 };
  let engine: AnswerEngine;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
    engine = new AnswerEngine({
      gateway: new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY })),
      settings: () => settings,
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
      limits: { bodyLimit: (model) => Promise.resolve(model === 'gemini-3-flash' ? 8 * 1024 : 64 * 1024) },
    });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  const bodies = (): Body[] => gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Body);

  async function run(job: AnswerJob): Promise<{ events: AnswerEvent[]; last: AnswerEvent }> {
    const events: AnswerEvent[] = [];
    const last = await engine.run(job, (event) => events.push(event), new AbortController().signal);
    return { events, last };
  }

  const passThrough = (messages: Parameters<typeof toGatewayMessages>[0], tools: readonly unknown[] = [READ_FILE], toolMode?: number, model = 'monster-gpt'): AnswerJob => ({
    surface: 'languageModel',
    model,
    mode: { kind: 'passThrough', messages: toGatewayMessages(messages), tools: toToolDefinitions(tools), toolChoice: toToolChoice(toolMode) },
  });

  it('offers the tools, and hands back the streamed call assembled; then sends the result with its tool_call_id and gets the answer', async () => {
    const question = { role: 1, content: [text('read Assets/Scripts/Player.cs')] };
    const first = await run(passThrough([question]));
    assert.equal(first.last.type, 'done', JSON.stringify(first.last));
    const calls = first.last.type === 'done' ? (first.last.toolCalls ?? []) : [];
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'read_file');
    assert.deepEqual(JSON.parse(calls[0].arguments), { path: 'Assets/Scripts/Player.cs' });
    assert.match(calls[0].id, /\S/);
    const sent = bodies()[0];
    assert.deepEqual(sent.tools?.map((t) => [t.type, t.function.name]), [['function', 'read_file']]);
    assert.equal(sent.tool_choice, 'auto');

    const second = await run(
      passThrough([
        question,
        { role: 2, content: [{ callId: calls[0].id, name: 'read_file', input: { path: 'Assets/Scripts/Player.cs' } }] },
        { role: 1, content: [{ callId: calls[0].id, content: [text('1 | public class Player : MonoBehaviour {}\n')] }] },
      ]),
    );
    assert.equal(second.last.type, 'done');
    assert.match(second.last.type === 'done' ? second.last.text : '', /read_file returned 1 line; the first: 1 \| public class Player/);
    assert.deepEqual(second.last.type === 'done' ? (second.last.toolCalls ?? []) : ['?'], [], 'an answer, no further call');
    const messages = bodies()[1].messages;
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'tool']);
    assert.equal(messages[1].tool_calls?.[0].id, calls[0].id);
    assert.equal(messages[2].tool_call_id, calls[0].id);
    assert.equal(messages[2].content, '1 | public class Player : MonoBehaviour {}\n');
  });

  it('toolMode Required is sent as tool_choice "required"; no tools sends neither', async () => {
    await run(passThrough([{ role: 1, content: [text('read a/b.txt')] }], [READ_FILE], 2));
    await run(passThrough([{ role: 1, content: [text('What is a blend tree?')] }], []));
    const [required, none] = bodies();
    assert.equal(required.tool_choice, 'required');
    assert.equal(none.tools, undefined);
    assert.equal(none.tool_choice, undefined);
  });

  it('a model that refuses tools: one TOOLS_UNSUPPORTED error naming the model', async () => {
    gateway.setFault({ kind: 'rejectTools' });
    const { last } = await run(passThrough([{ role: 1, content: [text('read a/b.txt')] }]));
    assert.ok(last.type === 'error' && last.error.code === 'TOOLS_UNSUPPORTED', JSON.stringify(last));
    assert.match(last.error.message, /"monster-gpt"/);
  });

  describe('the body limit (8 KB here): oldest tool results first, then oldest history, as the sidebar', () => {
    const big = (tag: string): string => `${tag} ${'x'.repeat(1500)}`;
    /** An agent conversation: question, three calls answered by big results, and a follow-up question. */
    function conversation(): Parameters<typeof toGatewayMessages>[0] {
      const steps = [1, 2, 3].flatMap((n) => [
        { role: 2, content: [{ callId: `c${n}`, name: 'read_file', input: { path: `f${n}.txt` } }] },
        { role: 1, content: [{ callId: `c${n}`, content: [text(big(`result ${n}`))] }] },
      ]);
      return [{ role: 1, content: [text(big('first question'))] }, ...steps, { role: 2, content: [text(big('an answer'))] }, { role: 1, content: [text('read f4.txt')] }];
    }

    it('leaves out the oldest tool results first, says so, and the request fits', async () => {
      const { events, last } = await run(passThrough(conversation(), [READ_FILE], undefined, 'gemini-3-flash'));
      assert.equal(last.type, 'done', JSON.stringify(last));
      const context = events.find((e) => e.type === 'context');
      assert.ok(context?.type === 'context');
      assert.ok(context.report.cut.length > 0, 'the cut is reported');
      const messages = bodies()[0].messages;
      const results = messages.filter((m) => m.role === 'tool').map((m) => m.content);
      assert.equal(results[0], DROPPED_RESULT, 'the oldest result went first');
      assert.ok(context.report.usedBytes <= 8 * 1024);
      // Every call keeps its result message (OpenAI's rule); the question is the last message.
      assert.equal(messages.filter((m) => m.role === 'tool').length, messages.flatMap((m) => m.tool_calls ?? []).length);
      assert.equal(messages.at(-1)?.content, 'read f4.txt');
    });

    it('then the oldest history, never leaving a tool result without its call', async () => {
      const history = [{ role: 1, content: [text(big('old 1'))] }, { role: 2, content: [text(big('old answer 1'))] }, { role: 1, content: [text(big('old 2'))] }, { role: 2, content: [text(big('old answer 2'))] }];
      const { events, last } = await run(passThrough([...history, ...conversation()], [READ_FILE], undefined, 'gemini-3-flash'));
      assert.equal(last.type, 'done', JSON.stringify(last));
      const context = events.find((e) => e.type === 'context');
      assert.ok(context?.type === 'context' && context.report.cut.some((c) => /older message/.test(c)), JSON.stringify(context));
      const messages = bodies()[0].messages;
      assert.notEqual(messages[0].role, 'tool');
      assert.ok(!messages.some((m) => typeof m.content === 'string' && m.content.startsWith('old 1')), 'the oldest question went');
      const called = new Set(messages.flatMap((m) => m.tool_calls ?? []).map((c) => c.id));
      assert.ok(messages.filter((m) => m.role === 'tool').every((m) => called.has(m.tool_call_id!)));
    });

    it('a last message that cannot fit alone: PAYLOAD_TOO_LARGE, nothing sent', async () => {
      const { last } = await run(passThrough([{ role: 1, content: [text('y'.repeat(20_000))] }], [READ_FILE], undefined, 'gemini-3-flash'));
      assert.ok(last.type === 'error' && last.error.code === 'PAYLOAD_TOO_LARGE', JSON.stringify(last));
      assert.match(last.error.message, /limit for this model is 8 KB/);
      assert.equal(bodies().length, 0);
    });
  });
});

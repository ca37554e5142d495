/**
 * The agent loop on the answering engine, against the development gateway's scripted agent turns
 * (real HTTP, SSE): tools offered, calls run through a toolbox, results sent back with their ids,
 * until the answer; the step budget, Stop during a tool, tool faults, a model that refuses tools,
 * tokens summed over the steps, and results that outgrow the body limit.
 */
import * as assert from 'node:assert/strict';
import { DROPPED_RESULT, fitToolResults } from '../../src/answering/agentLoop';
import { requestBytes } from '../../src/answering/bodyLimit';
import { AGENT_PROMPT, AnswerEngine } from '../../src/answering/engine';
import type { AgentToolbox, AnswerEvent, AnswerJob, AnswerSettings } from '../../src/answering/types';
import { DisciplineRouter } from '../../src/disciplines/router';
import { GatewayClient, type ChatMessage, type ToolDefinition } from '../../src/gateway/client';
import type { ToolCall } from '../../src/gateway/toolCalls';
import { startGateway, type DevGateway } from '../gateway/server';

const object = (properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> => ({ type: 'object', properties, required });
const str = { type: 'string' };
const TOOLS: readonly ToolDefinition[] = ['read_file', 'list_files', 'search_text', 'get_problems', 'edit_file', 'compile_shader', 'engine_profile'].map((name) => ({
  name,
  description: `The ${name} tool.`,
  parameters: object({ path: str, old_text: str, new_text: str, glob: str, query: str }),
}));

const SHADER = ['#version 450', 'layout(location = 0) out vec4 color;', 'void main() {', '  vec4 tint = vec4(1.0);', '  color = tnt;', '}'];

/** A toolbox over one in-memory shader: compile fails while it says `tnt`; edits apply exactly. */
class ShaderToolbox implements AgentToolbox {
  text = SHADER.join('\n');
  readonly calls: ToolCall[] = [];
  constructor(private readonly result?: (call: ToolCall, signal: AbortSignal) => Promise<{ ok: boolean; text: string }> | undefined) {}
  tools(): readonly ToolDefinition[] {
    return TOOLS;
  }
  run(call: ToolCall, signal: AbortSignal): Promise<{ ok: boolean; text: string }> {
    this.calls.push(call);
    const custom = this.result?.(call, signal);
    if (custom) return custom;
    let args: Record<string, string>;
    try {
      args = JSON.parse(call.arguments) as Record<string, string>;
    } catch {
      return Promise.resolve({ ok: false, text: `Error: the arguments of ${call.name} are not valid JSON.` });
    }
    switch (call.name) {
      case 'compile_shader':
        return Promise.resolve(this.text.includes('tnt') ? { ok: true, text: "shaders/water.frag:5:11: error: 'tnt' : undeclared identifier [glslang]" } : { ok: true, text: 'OK' });
      case 'read_file':
        return Promise.resolve({ ok: true, text: this.text.split('\n').map((line, i) => `${String(i + 1).padStart(4)} | ${line}`).join('\n') });
      case 'edit_file':
        assert.equal(this.text.split(args.old_text).length, 2, 'old_text occurs once');
        this.text = this.text.replace(args.old_text, args.new_text);
        return Promise.resolve({ ok: true, text: 'Edited shaders/water.frag.' });
      default:
        return Promise.resolve({ ok: false, text: `Error: there is no tool named ${JSON.stringify(call.name)}.` });
    }
  }
}

interface Body {
  messages: Array<{ role: string; content: string | null; tool_call_id?: string; tool_calls?: Array<{ id: string; function: { name: string } }> }>;
  tools?: Array<{ function: { name: string } }>;
  tool_choice?: string;
}

describe('the agent loop on the answering engine, against the development gateway', () => {
  let gateway: DevGateway;
  let settings: AnswerSettings;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => {
    gateway.reset();
    settings = { model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 };
  });

  const engine = (): AnswerEngine =>
    new AnswerEngine({
      gateway: new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: 'mg_live_studio_agentloop' }), { idleTimeoutMs: () => 5_000 }),
      settings: () => settings,
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
    });
  const job = (text: string, toolbox: AgentToolbox, maxSteps = 25): AnswerJob => ({ surface: 'sidebar', mode: { kind: 'agent', question: { text, items: [] }, history: [], toolbox, maxSteps } });
  async function run(text: string, toolbox: AgentToolbox, maxSteps = 25, signal = new AbortController().signal): Promise<{ events: AnswerEvent[]; last: AnswerEvent }> {
    const events: AnswerEvent[] = [];
    const last = await engine().run(job(text, toolbox, maxSteps), (event) => events.push(event), signal);
    return { events, last };
  }
  const bodies = (): Body[] => gateway.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as Body);

  it('makes the shader compile: each call run once, each result sent back with its call id, until the answer', async () => {
    const toolbox = new ShaderToolbox();
    const { events, last } = await run('Make this shader compile: shaders/water.frag', toolbox);
    assert.equal(last.type, 'done');
    assert.equal(last.end, 'complete');
    assert.equal(last.steps, 5);
    assert.deepEqual(toolbox.calls.map((c) => c.name), ['compile_shader', 'read_file', 'edit_file', 'compile_shader']);
    assert.ok(!toolbox.text.includes('tnt'), 'the edit was applied');
    assert.match(last.text, /The shader compiles now \(compile_shader: OK\)/);

    const sent = bodies();
    assert.equal(sent.length, 5);
    assert.ok(sent.every((b) => b.tools?.length === TOOLS.length && b.tool_choice === 'auto'), 'every step offers the tools');
    assert.equal(sent[0].messages[0].content, AGENT_PROMPT);
    // Step 3 carries both earlier steps: the assistant's calls and a result for each, by id.
    const third = sent[2].messages;
    const calls = third.filter((m) => m.role === 'assistant' && m.tool_calls).flatMap((m) => m.tool_calls ?? []);
    const results = third.filter((m) => m.role === 'tool');
    assert.deepEqual(results.map((m) => m.tool_call_id), calls.map((c) => c.id));
    assert.match(results[0].content ?? '', /undeclared identifier/);

    // The transcript: a call event before its result, in order, with the tool's time.
    const steps = events.filter((e) => e.type === 'toolCall' || e.type === 'toolResult');
    assert.deepEqual(steps.map((e) => (e.type === 'toolCall' ? `call ${e.call.name}` : `result ${e.name} ${e.ok}`)), [
      'call compile_shader', 'result compile_shader true', 'call read_file', 'result read_file true', 'call edit_file', 'result edit_file true', 'call compile_shader', 'result compile_shader true',
    ]);
    // Tokens: the gateway's usage of each step, summed as the turn goes.
    const tokens = events.filter((e) => e.type === 'tokens');
    assert.equal(tokens.length, 5);
    assert.ok(tokens.every((t, i) => i === 0 || (t.promptTokens > tokens[i - 1].promptTokens && t.completionTokens >= tokens[i - 1].completionTokens)));
  });

  it('stops at monsterGaming.agent.maxSteps and says so; no further request is made', async () => {
    const toolbox = new ShaderToolbox();
    const { last } = await run('Make this shader compile: shaders/water.frag', toolbox, 2);
    assert.equal(last.type, 'done');
    assert.equal(bodies().length, 2);
    assert.equal(toolbox.calls.length, 1, 'only the first step\'s call ran');
    assert.match(last.text, /Stopped after 2 steps \(the limit set in "monsterGaming\.agent\.maxSteps"\)/);
  });

  it('Stop during a tool ends the turn at once: the tool sees the abort, nothing more is asked', async () => {
    const stop = new AbortController();
    let sawAbort = false;
    const toolbox = new ShaderToolbox((call, signal) =>
      call.name === 'compile_shader'
        ? new Promise((resolve) => {
            signal.addEventListener('abort', () => {
              sawAbort = true;
              resolve({ ok: false, text: 'Error: stopped.' });
            });
            setTimeout(() => stop.abort(), 20);
          })
        : undefined,
    );
    const { last, events } = await run('Make this shader compile: shaders/water.frag', toolbox, 25, stop.signal);
    assert.equal(last.type, 'done');
    assert.equal(last.end, 'stopped');
    assert.ok(sawAbort);
    assert.equal(bodies().length, 1);
    // The row of the call Stop cut says so (Stopped), not that the tool failed.
    assert.deepEqual(events.filter((e) => e.type === 'toolResult').map((e) => e.type === 'toolResult' && { ok: e.ok, stopped: e.stopped }), [{ ok: false, stopped: true }]);
  });

  it('answers malformed arguments and an unknown tool with Error: results the model reads, and goes on', async () => {
    gateway.setFault({ kind: 'malformedToolArguments' });
    const toolbox = new ShaderToolbox();
    const { last, events } = await run('Read shaders/water.frag', toolbox);
    assert.equal(last.type, 'done');
    const result = events.find((e) => e.type === 'toolResult');
    assert.ok(result?.type === 'toolResult' && !result.ok && /not valid JSON/.test(result.text));
    const second = bodies()[1];
    assert.match(second.messages.find((m) => m.role === 'tool')?.content ?? '', /^Error: the arguments of read_file are not valid JSON/);

    gateway.reset();
    gateway.setFault({ kind: 'unknownTool', name: 'write_file' });
    const other = await run('Read shaders/water.frag', new ShaderToolbox());
    assert.equal(other.last.type, 'done');
    assert.match(bodies()[1].messages.find((m) => m.role === 'tool')?.content ?? '', /^Error: there is no tool named "write_file"/);
  });

  it('a cut mid tool call is an incomplete turn with the error, the call never run', async () => {
    gateway.setFault({ kind: 'toolCallCut' });
    const toolbox = new ShaderToolbox();
    const { last } = await run('Make this shader compile: shaders/water.frag', toolbox);
    assert.equal(last.type, 'error');
    assert.equal(last.error.code, 'STREAM_CUT');
    assert.equal(toolbox.calls.length, 0);
  });

  it('a model that refuses tools is one clear error naming it, and asking without the agent still works', async () => {
    gateway.setFault({ kind: 'rejectTools' });
    const { last } = await run('Look around the project', new ShaderToolbox());
    assert.equal(last.type, 'error');
    assert.equal(last.error.code, 'TOOLS_UNSUPPORTED');
    assert.match(last.view.message, /"monster-gpt"/);
    const asked: AnswerEvent[] = [];
    const plain = await engine().run({ surface: 'sidebar', mode: { kind: 'chat', question: { text: 'hello', items: [] }, history: [] } }, (e) => asked.push(e), new AbortController().signal);
    assert.equal(plain.type, 'done');
    assert.equal(bodies().at(-1)?.tools, undefined, 'ask mode sends no tools');
  });

  it('results of one step that cannot fit the body limit stop the turn with a clear PAYLOAD_TOO_LARGE', async () => {
    const huge = new ShaderToolbox(() => Promise.resolve({ ok: true, text: 'x'.repeat(30_000) }));
    const { last } = await run('Look around the project', huge);
    assert.equal(last.type, 'error');
    assert.equal(last.error.code, 'PAYLOAD_TOO_LARGE');
    assert.match(last.view.message, /tool results of the last step do not fit/);
    assert.equal(bodies().length, 1, 'the oversized request was never sent');
  });
});

describe('fitToolResults: older tool results make room first', () => {
  const request = { model: 'monster-gpt' };
  const results = (count: number, size: number): ChatMessage[] => [
    { role: 'user', content: 'q' },
    ...Array.from({ length: count }, (_, i): ChatMessage[] => [
      { role: 'assistant', content: '', toolCalls: [{ id: `call_${i}`, name: 'read_file', arguments: '{}' }] },
      { role: 'tool', toolCallId: `call_${i}`, content: String(i).repeat(size) },
    ]).flat(),
  ];

  it('replaces the oldest results with a note until the body fits, never the last step\'s', () => {
    const messages = results(4, 20_000);
    const keepFrom = messages.length - 2;
    assert.ok(requestBytes({ ...request, messages }) > 64 * 1024);
    assert.equal(fitToolResults(messages, request, 64 * 1024, keepFrom), true);
    assert.ok(requestBytes({ ...request, messages }) <= 62 * 1024);
    const contents = messages.filter((m) => m.role === 'tool').map((m) => m.content);
    assert.equal(contents[0], DROPPED_RESULT);
    assert.equal(contents.at(-1), '3'.repeat(20_000), 'the newest result is kept');
    assert.equal(messages.filter((m) => m.role === 'tool').length, 4, 'every call still has a result (ids stay paired)');
  });

  it('says it cannot fit when the last step alone is too large', () => {
    const messages = results(1, 70_000);
    assert.equal(fitToolResults(messages, request, 64 * 1024, 1), false);
  });
});

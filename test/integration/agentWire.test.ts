import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestBytes } from '../../src/answering/bodyLimit';
import { GatewayClient, type ChatMessage, type ChatRequest, type ChatResult, type ToolDefinition } from '../../src/gateway/client';
import { GatewayError, describeError } from '../../src/gateway/errors';
import { MAX_TOOL_CALLS } from '../../src/gateway/toolCalls';
import { STARTER_KEY, post, readSse } from '../gateway/client';
import { startGateway, type DevGateway } from '../gateway/server';

const KEY = 'mg_live_starter_agentwire';
const object = (properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> => ({ type: 'object', properties, required });
const str = { type: 'string' };
const int = { type: 'integer' };

/** The tools of CONTRACT.md "Agent mode", as a client offers them. */
const TOOLS: readonly ToolDefinition[] = [
  { name: 'read_file', description: 'Read a workspace file, numbered.', parameters: object({ path: str, start_line: int, end_line: int }, ['path']) },
  { name: 'list_files', description: 'List files matching a glob.', parameters: object({ glob: str, max_results: int }, ['glob']) },
  { name: 'search_text', description: 'Search text.', parameters: object({ query: str, is_regex: { type: 'boolean' }, glob: str, max_results: int }, ['query']) },
  { name: 'get_problems', description: 'Diagnostics.', parameters: object({ path: str }) },
  { name: 'edit_file', description: 'Replace old_text (exactly once) by new_text.', parameters: object({ path: str, old_text: str, new_text: str }, ['path', 'old_text', 'new_text']) },
  { name: 'create_file', description: 'Create a file.', parameters: object({ path: str, content: str }, ['path', 'content']) },
  { name: 'run_task', description: 'Run a VS Code task.', parameters: object({ name: str }, ['name']) },
  { name: 'run_command', description: 'Run a command.', parameters: object({ command: str }, ['command']) },
  { name: 'compile_shader', description: 'Compile a shader.', parameters: object({ path: str, stage: str, entry: str, target: str }, ['path']) },
  { name: 'engine_profile', description: 'The engine profile.', parameters: object({}) },
];

const SHADER = ['#version 450', 'layout(location = 0) out vec4 color;', 'void main() {', '  vec4 tint = vec4(1.0);', '  color = tnt;', '}'];
const numbered = (lines: readonly string[]): string => lines.map((line, i) => `${String(i + 1).padStart(4)} | ${line}`).join('\n');

describe('agent wire: tool calls through the development gateway (real HTTP, SSE)', () => {
  let gateway: DevGateway;
  let client: GatewayClient;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
    client = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }));
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  const agent = (messages: readonly ChatMessage[], tools: readonly ToolDefinition[] = TOOLS): ChatRequest => ({ model: 'monster-gpt', messages, tools });
  const ask = (question: string): ChatMessage[] => [{ role: 'user', content: question }];
  const step = (request: ChatRequest, deltas: string[] = []): Promise<ChatResult> => client.streamChat(request, { onDelta: (t) => deltas.push(t) }, new AbortController().signal);

  async function failure(request: ChatRequest): Promise<GatewayError> {
    try {
      await step(request);
    } catch (error) {
      assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
      return error;
    }
    assert.fail('the request should have failed');
  }

  /** Runs a scripted scenario as a loop would, answering each call from `results`; returns the calls made and the final answer. */
  async function drive(
    question: string,
    results: (name: string, args: Record<string, unknown>) => string,
    maxSteps = 10,
    { tools = TOOLS, prelude = [] }: { tools?: readonly ToolDefinition[]; prelude?: readonly ChatMessage[] } = {},
  ): Promise<{ calls: Array<{ name: string; args: Record<string, unknown> }>; answer: string; requests: ChatRequest[] }> {
    const messages: ChatMessage[] = [...prelude, ...ask(question)];
    const calls: Array<{ name: string; args: Record<string, unknown> }> = [];
    const requests: ChatRequest[] = [];
    for (let i = 0; i < maxSteps; i++) {
      const request = agent([...messages], tools);
      requests.push(request);
      const result = await step(request);
      assert.equal(result.end, 'complete');
      if (!result.asksForTools) return { calls, answer: result.text, requests };
      assert.equal(result.finishReason, 'tool_calls');
      messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls });
      for (const call of result.toolCalls) {
        const args = JSON.parse(call.arguments) as Record<string, unknown>;
        calls.push({ name: call.name, args });
        messages.push({ role: 'tool', toolCallId: call.id, content: results(call.name, args) });
      }
    }
    assert.fail(`no answer within ${maxSteps} steps`);
  }

  it('streams a call OpenAI-style: id and name first, the arguments over many chunks, finish_reason tool_calls', async () => {
    const response = await post(gateway.url, '/chat/completions', { model: 'monster-gpt', stream: true, messages: ask('Make this shader compile: shaders/water.frag'), tools: TOOLS.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })) }, STARTER_KEY);
    assert.equal(response.status, 200);
    const read = await readSse(response);
    assert.ok(read.wellFramed);
    assert.equal(read.payloads.at(-1), '[DONE]');
    type Chunk = { choices: Array<{ delta: { tool_calls?: Array<{ index: number; id?: string; type?: string; function?: { name?: string; arguments?: string } }> }; finish_reason: string | null }> };
    const chunks = read.payloads.slice(0, -1).map((p) => JSON.parse(p) as Chunk);
    const toolDeltas = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []);
    assert.equal(toolDeltas[0].type, 'function');
    assert.equal(toolDeltas[0].function?.name, 'compile_shader');
    assert.equal(toolDeltas[0].function?.arguments, '');
    assert.match(toolDeltas[0].id ?? '', /^call_/);
    const pieces = toolDeltas.slice(1);
    assert.ok(pieces.length >= 5, `arguments in many pieces (got ${pieces.length})`);
    assert.ok(pieces.every((d) => d.id === undefined && d.function?.name === undefined && d.index === 0), 'later pieces carry only the index and arguments');
    assert.equal(pieces.map((d) => d.function?.arguments).join(''), '{"path":"shaders/water.frag"}');
    assert.equal(chunks.at(-1)?.choices[0].finish_reason, 'tool_calls');
  });

  it('assembles the split arguments into one complete call, with the text before it', async () => {
    const deltas: string[] = [];
    const result = await step(agent(ask('Make this shader compile: shaders/water.frag')), deltas);
    assert.equal(result.end, 'complete');
    assert.equal(result.asksForTools, true);
    assert.equal(result.finishReason, 'tool_calls');
    assert.deepEqual(result.toolCalls.map((c) => [c.name, JSON.parse(c.arguments) as unknown]), [['compile_shader', { path: 'shaders/water.frag' }]]);
    assert.match(result.toolCalls[0].id, /^call_/);
    assert.equal(result.text, deltas.join(''));
    assert.match(result.text, /compile shaders\/water\.frag/);
  });

  it('assembles several calls of one message, each with its own id, announcing each as its name arrives', async () => {
    const announced: string[] = [];
    const result = await client.streamChat(agent(ask('Look around the project, please')), { onDelta: () => undefined, onToolCall: (name) => announced.push(name) }, new AbortController().signal);
    assert.deepEqual(announced, ['engine_profile', 'list_files', 'search_text']);
    assert.equal(result.asksForTools, true);
    assert.deepEqual(result.toolCalls.map((c) => c.name), ['engine_profile', 'list_files', 'search_text']);
    assert.equal(new Set(result.toolCalls.map((c) => c.id)).size, 3);
    assert.deepEqual(JSON.parse(result.toolCalls[2].arguments), { query: 'TODO', max_results: 20 });
  });

  it('runs "make this shader compile": compile_shader → read_file → edit_file → compile_shader → answer', async () => {
    let compiled = 0;
    const { calls, answer } = await drive('Make this shader compile: shaders/water.frag', (name) => {
      if (name === 'compile_shader') return compiled++ === 0 ? "shaders/water.frag:5:11: error: 'tnt' : undeclared identifier [glslang]" : 'OK';
      if (name === 'read_file') return numbered(SHADER);
      return 'Edited shaders/water.frag.';
    });
    assert.deepEqual(calls.map((c) => c.name), ['compile_shader', 'read_file', 'edit_file', 'compile_shader']);
    assert.deepEqual(calls[1].args, { path: 'shaders/water.frag' });
    assert.deepEqual(calls[2].args, { path: 'shaders/water.frag', old_text: '  color = tnt;', new_text: '  color = tint;' });
    assert.match(answer, /^The shader compiles now \(compile_shader: OK\)/);
  });

  it('runs "fix the build": run_task → get_problems → read_file → edit_file → run_task → answer, and stops when it still fails', async () => {
    const source = ['export const hp: number = 100;', 'export const mp: number = "50";'];
    const { calls, answer } = await drive('Please fix the build', (name) => {
      if (name === 'run_task') return 'Exit code: 2\nsrc/stats.ts:2:14: error: Type \'string\' is not assignable to type \'number\'. [ts 2322]';
      if (name === 'get_problems') return "src/stats.ts:2:14: error: Type 'string' is not assignable to type 'number'. [ts 2322]";
      if (name === 'read_file') return numbered(source);
      return 'Edited src/stats.ts.';
    });
    assert.deepEqual(calls.map((c) => c.name), ['run_task', 'get_problems', 'read_file', 'edit_file', 'run_task']);
    assert.deepEqual(calls[0].args, { name: 'build' });
    assert.equal(calls[3].args.new_text, 'export const mp: number = 50;');
    assert.match(answer, /still fails after my edit/);
  });

  it('finds the shader with list_files when the question names none, and says so when it already compiles', async () => {
    const { calls, answer } = await drive('make this shader compile', (name) => (name === 'list_files' ? 'Assets/Shaders/Water.hlsl\nAssets/Shaders/Sky.hlsl' : 'OK'));
    assert.deepEqual(calls.map((c) => [c.name, c.args.path ?? c.args.glob]), [['list_files', '**/*.{frag,vert,comp,geom,glsl,hlsl}'], ['compile_shader', 'Assets/Shaders/Water.hlsl']]);
    assert.match(answer, /already compiles/);
  });

  it('runs the single-step scenarios: run a command, search, read a file; a failed tool ends with its error', async () => {
    const run = await drive('Please run `npm test -- --grep hp` and tell me', () => 'Exit code: 0\n3 passing');
    assert.deepEqual(run.calls, [{ name: 'run_command', args: { command: 'npm test -- --grep hp' } }]);
    assert.match(run.answer, /run_command returned 2 lines; the first: Exit code: 0/);
    const search = await drive('search for "TakeDamage" in the code', () => 'src/a.cs:3: void TakeDamage()');
    assert.deepEqual(search.calls, [{ name: 'search_text', args: { query: 'TakeDamage' } }]);
    const read = await drive('read ../../etc/passwd.', () => 'Error: ../../etc/passwd is outside the workspace folders.');
    assert.deepEqual(read.calls, [{ name: 'read_file', args: { path: '../../etc/passwd' } }], 'the model may ask for anything; the tool must refuse');
    assert.match(read.answer, /read_file failed: Error: .*outside the workspace/);
  });

  describe("VS Code's agent mode (Copilot Chat's requests, as recorded from code-server 1.139)", () => {
    const FOLDER = '/tmp/mg-e2e-x/sample-game';
    /** Tools as VS Code 1.139's agent names them for a language model provider (a few of its 42). */
    const VSCODE_TOOLS: readonly ToolDefinition[] = [
      { name: 'list_dir', description: 'List the contents of a directory.', parameters: object({ path: { type: 'string', description: 'The absolute path to the directory to list.' } }, ['path']) },
      {
        name: 'read_file',
        description: 'Read the contents of a file.\n\nYou must specify the line range you\'re interested in. Line numbers are 1-indexed.',
        parameters: object(
          { filePath: { type: 'string', description: 'The absolute path of the file to read.' }, startLine: { type: 'number', description: 'The line number to start reading from, 1-based.' }, endLine: { type: 'number', description: 'The inclusive line number to end reading at, 1-based.' } },
          ['filePath', 'startLine', 'endLine'],
        ),
      },
      { name: 'monsterGaming_compileShader', description: 'Compile one GLSL or HLSL shader file of the workspace.', parameters: object({ path: { type: 'string', description: 'Workspace-relative path of the shader, e.g. Shaders/water.frag.' }, stage: str, entry: str, target: str }, ['path']) },
    ];
    /** Copilot Chat's context messages: the workspace folder in a tag and in a list; the question wrapped. */
    const PRELUDE: readonly ChatMessage[] = [
      { role: 'system', content: 'You are an expert AI programming assistant. When invoking a tool that takes a file path, always use the absolute file path. You can use the read_file tool to read more context.' },
      { role: 'user', content: `<environment_info>\nThe user's current OS is: Linux\n</environment_info>\n<workspace_info>\n<workspaceFolder path="${FOLDER}">\n</workspaceFolder>\nI am working in a workspace with the following folders:\n- ${FOLDER} \n</workspace_info>` },
    ];
    const wrapped = (question: string): string => `<context>\nThe current date is 2026-11-30.\n</context>\n<reminderInstructions>\nAlways read README.md before you edit.\n</reminderInstructions>\n<userRequest>\n${question}\n</userRequest>`;
    const INVENTORY = Array.from({ length: 30 }, (_, i) => (i === 6 ? '    public int Capacity = 24;' : `// line ${i + 1}`));

    it('quotes a line of a file read with its read_file: absolute filePath from the workspace folder, the range around the line', async () => {
      const { calls, answer, requests } = await drive(
        wrapped('Quote line 7 of Assets/Scripts/Inventory.cs please'),
        // VS Code's result: a header, then the lines asked for in a fence.
        (_name, args) => `File: \`${String(args.filePath)}\`. Lines 1 to 30 (30 lines total): \n\`\`\`csharp\n${INVENTORY.slice(Number(args.startLine) - 1, Number(args.endLine)).join('\n')}\n\`\`\``,
        10,
        { tools: VSCODE_TOOLS, prelude: PRELUDE },
      );
      assert.deepEqual(calls, [{ name: 'read_file', args: { filePath: `${FOLDER}/Assets/Scripts/Inventory.cs`, startLine: 1, endLine: 40 } }]);
      assert.equal(answer, 'Line 7 of Assets/Scripts/Inventory.cs reads:\n\n    public int Capacity = 24;');
      const sent = gateway.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: Array<{ role: string; tool_call_id?: string }> };
      assert.equal(sent.messages.filter((m) => m.role === 'tool').length, 1);
      assert.equal(requests.length, 2);
    });

    it('names the failing line from our compile-shader tool as VS Code offers it (monsterGaming_compileShader, workspace-relative path)', async () => {
      const { calls, answer } = await drive(
        wrapped('Which line of Assets/Shaders/Ripple.frag fails to compile?'),
        () => "Assets/Shaders/Ripple.frag:11:14: error: 'tnt' : undeclared identifier [glslang]\nAssets/Shaders/Ripple.frag:11:14: error: '' : compilation terminated [glslang]",
        10,
        { tools: VSCODE_TOOLS, prelude: PRELUDE },
      );
      assert.deepEqual(calls, [{ name: 'monsterGaming_compileShader', args: { path: 'Assets/Shaders/Ripple.frag' } }]);
      assert.equal(answer, "Line 11 of Assets/Shaders/Ripple.frag fails to compile: 'tnt' : undeclared identifier");
    });

    it('reads the question inside <userRequest> only: words of the context around it start no scenario', async () => {
      const { calls, answer } = await drive(wrapped('Hello, what can you do?'), () => 'unused', 10, { tools: VSCODE_TOOLS, prelude: PRELUDE });
      assert.deepEqual(calls, [], 'the reminder says "read README.md", the question does not');
      assert.ok(answer.length > 0);
    });
  });

  it('finds a read-file tool by what its name says and fills its schema: our read_file (path, start_line), an MCP one (offset/limit)', async () => {
    const ours = await drive('quote line 2 of src/a.ts', () => numbered(['one', 'two', 'three']));
    assert.deepEqual(ours.calls, [{ name: 'read_file', args: { path: 'src/a.ts', start_line: 1, end_line: 40 } }]);
    assert.equal(ours.answer, 'Line 2 of src/a.ts reads:\n\n    two');
    const mcp: ToolDefinition[] = [{ name: 'mcp_fs_read_text_file', description: 'Read a file.', parameters: object({ path: str, offset: int, limit: int }, ['path']) }];
    const other = await drive('Quote line 30 of "docs/notes.md"', (_n, args) => Array.from({ length: Number(args.limit) }, (_, i) => `note ${Number(args.offset) + i}`).join('\n'), 10, { tools: mcp });
    assert.deepEqual(other.calls, [{ name: 'mcp_fs_read_text_file', args: { path: 'docs/notes.md', offset: 10, limit: 40 } }]);
    assert.equal(other.answer, 'Line 30 of docs/notes.md reads:\n\n    note 30');
    const none = await drive('quote line 1 of src/a.ts', () => 'unused', 10, { tools: TOOLS.filter((t) => t.name !== 'read_file') });
    assert.deepEqual(none.calls, []);
    assert.match(none.answer, /would need a tool that reads files/);
  });

  it('counts tools, tool calls and tool results in the body size exactly as sent', async () => {
    const { requests } = await drive('Make this shader compile: shaders/water.frag', (name) => (name === 'compile_shader' ? 'OK' : ''));
    const last = requests.at(-1);
    assert.ok(last && last.messages.some((m) => m.role === 'tool'));
    const recorded = gateway.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    assert.equal(requestBytes(last), recorded?.bodyBytes, 'requestBytes is the size of the body the gateway received');
  });

  it('gives the calls of a non-streamed answer (a gateway that ignores stream: true) the same way', async () => {
    gateway.setFault({ kind: 'jsonBody' });
    const announced: string[] = [];
    const result = await client.streamChat(agent(ask('Look around the project')), { onDelta: () => undefined, onToolCall: (name) => announced.push(name) }, new AbortController().signal);
    assert.equal(result.asksForTools, true);
    assert.deepEqual(result.toolCalls.map((c) => c.name), ['engine_profile', 'list_files', 'search_text']);
    assert.deepEqual(announced, ['engine_profile', 'list_files', 'search_text']);
  });

  it('passes malformed arguments on as they came (the loop answers them with an error), never throwing', async () => {
    gateway.setFault({ kind: 'malformedToolArguments' });
    const result = await step(agent(ask('Make this shader compile: shaders/water.frag')));
    assert.equal(result.asksForTools, true);
    assert.equal(result.toolCalls[0].arguments, '{"path":"shaders/water.frag"');
    assert.throws(() => JSON.parse(result.toolCalls[0].arguments) as unknown);
  });

  it('passes an unknown tool name on as it came (the loop checks names against what it offered)', async () => {
    gateway.setFault({ kind: 'unknownTool', name: 'delete_everything' });
    const result = await step(agent(ask('Look around the project')));
    assert.deepEqual(result.toolCalls.map((c) => c.name), ['delete_everything', 'list_files', 'search_text']);
  });

  it('reports a stream cut mid tool call as STREAM_CUT, also when no text came before the call', async () => {
    gateway.setFault({ kind: 'toolCallCut', afterArgumentChunks: 3 });
    assert.equal((await failure(agent(ask('Make this shader compile: shaders/water.frag')))).code, 'STREAM_CUT');
    // The step after a failed compile is a read_file call with no text before it.
    const compile: ChatMessage = { role: 'assistant', content: '', toolCalls: [{ id: 'call_c', name: 'compile_shader', arguments: '{"path":"shaders/water.frag"}' }] };
    const history = [...ask('Make this shader compile: shaders/water.frag'), compile, { role: 'tool', toolCallId: 'call_c', content: "shaders/water.frag:5:11: error: 'tnt' : undeclared identifier" } as const];
    assert.equal((await step(agent(history))).text, '', 'the read_file step has no text');
    gateway.setFault({ kind: 'toolCallCut', afterArgumentChunks: 3 });
    const announced: string[] = [];
    const error = await client.streamChat(agent(history), { onDelta: () => undefined, onToolCall: (name) => announced.push(name) }, new AbortController().signal).then(() => assert.fail('the cut should fail'), (e: unknown) => e);
    assert.ok(error instanceof GatewayError);
    assert.equal(error.code, 'STREAM_CUT', 'part of a call arrived: the gateway was reached, the answer was cut');
    assert.deepEqual(announced, ['read_file'], 'the call was announced as its name arrived, before its arguments (which never completed)');
  });

  it('tool faults wait for a turn that calls tools: an ask request before it is answered normally', async () => {
    gateway.setFault({ kind: 'unknownTool' });
    const plain = await step({ model: 'monster-gpt', messages: ask('How do I write a toon shader?') });
    assert.equal(plain.asksForTools, false);
    assert.ok(plain.text.length > 0);
    const result = await step(agent(ask('Look around the project')));
    assert.equal(result.toolCalls[0].name, 'write_file');
  });

  it('answers without calls when the request did not offer a tool the scenario needs', async () => {
    const result = await step(agent(ask('Make this shader compile: shaders/water.frag'), TOOLS.filter((t) => t.name !== 'compile_shader')));
    assert.equal(result.asksForTools, false);
    assert.equal(result.finishReason, 'stop');
    assert.match(result.text, /compile_shader/);
  });

  describe('a model or gateway that rejects tools', () => {
    it('gives one clear TOOLS_UNSUPPORTED error naming the model; the ask mode keeps working', async () => {
      gateway.setFault({ kind: 'rejectTools' });
      const error = await failure(agent(ask('Look around the project')));
      assert.equal(error.code, 'TOOLS_UNSUPPORTED');
      assert.equal(error.details.status, 400);
      assert.match(error.message, /"monster-gpt" does not accept tools/);
      const view = describeError(error);
      assert.equal(view.title, 'This model cannot use tools');
      assert.match(view.remediation ?? "", /tool \(function\) calling.*Ask mode/);
      const plain = await step({ model: 'monster-gpt', messages: ask('hello') });
      assert.equal(plain.end, 'complete');
    });

    it('--reject-tools for some models: those refuse, others get tool calls', async () => {
      const strict = await startGateway({ rateLimits: false, rejectTools: ['deepseek-chat'] });
      try {
        const strictClient = new GatewayClient(() => Promise.resolve({ baseUrl: strict.url, apiKey: KEY }));
        const run = (model: string, tools?: readonly ToolDefinition[]): Promise<ChatResult> => strictClient.streamChat({ model, messages: ask('Look around the project'), tools }, { onDelta: () => undefined }, new AbortController().signal);
        const refused = await run('deepseek-chat', TOOLS).then(() => assert.fail('deepseek-chat should refuse tools'), (e: unknown) => e);
        assert.ok(refused instanceof GatewayError && refused.code === 'TOOLS_UNSUPPORTED');
        assert.match(refused.message, /"deepseek-chat" does not accept tools.*pick a model that supports them: monster-gpt, gemini-3-flash, claude-sonnet-4-6, gpt-4o\b/, 'names the model and what to pick instead (those a Starter key may use)');
        assert.equal((await run('deepseek-chat')).end, 'complete', 'without tools the same model answers');
        assert.equal((await run('monster-gpt', TOOLS)).asksForTools, true);
      } finally {
        await strict.close();
      }
    });
  });

  it('speaks tools on the other gateways\' routes too: an Ollama-like server whose llama3.2 refuses them (its own error shape)', async () => {
    const ollama = await startGateway({ rateLimits: false, rejectTools: ['llama3.2'] });
    try {
      const local = new GatewayClient(() => Promise.resolve({ baseUrl: ollama.url.replace(/\/v1$/, '/openai/v1') }));
      const run = (model: string): Promise<ChatResult> => local.streamChat({ model, messages: ask('Look around the project'), tools: TOOLS }, { onDelta: () => undefined }, new AbortController().signal);
      await assert.rejects(run('llama3.2'), (e: unknown) => e instanceof GatewayError && e.code === 'TOOLS_UNSUPPORTED' && e.message.includes('"llama3.2"'));
      assert.deepEqual((await run('qwen2.5-coder:7b')).toolCalls.map((c) => c.name), ['engine_profile', 'list_files', 'search_text']);
    } finally {
      await ollama.close();
    }
  });

  it('survives hostile tool_calls deltas from a raw SSE server: no crash, calls bounded and marked', async () => {
    const chunk = (delta: unknown, finish: string | null = null): string => `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const hostile = [
      chunk({ role: 'assistant', tool_calls: { index: 0 } }),
      chunk({ tool_calls: [null, 7, { index: -1, id: 'neg' }, { index: 'zero' }] }),
      chunk({ tool_calls: [{ index: 1e9, id: 'far', function: { name: 'n'.repeat(1000), arguments: 5 } }] }),
      ...Array.from({ length: 40 }, (_, index) => chunk({ tool_calls: [{ index, id: 'dup', type: 'function', function: { name: 'read_file', arguments: '{}' } }] })),
      chunk({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ];
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end(hostile.join(''));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const raw = new GatewayClient(() => Promise.resolve({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` }));
      const result = await raw.streamChat(agent(ask('hi')), { onDelta: () => undefined }, new AbortController().signal);
      assert.equal(result.end, 'complete');
      assert.equal(result.toolCalls.length, MAX_TOOL_CALLS);
      assert.equal(result.droppedToolCalls, 41 - MAX_TOOL_CALLS);
      assert.equal(new Set(result.toolCalls.map((c) => c.id)).size, MAX_TOOL_CALLS, 'repeated ids were replaced');
      const far = result.toolCalls.at(-1);
      assert.equal(far?.problem, 'nameTooLong');
      assert.equal(far?.name.length, 64);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('takes tool faults over the control endpoint, and refuses ill-formed ones', async () => {
    const control = gateway.url.replace(/\/v1$/, '/__control/fault');
    const accepted = await fetch(control, { method: 'POST', body: JSON.stringify([{ kind: 'toolCallCut', afterArgumentChunks: 1 }, { kind: 'unknownTool', name: 'rm_rf' }, { kind: 'malformedToolArguments', arguments: "{'path': 1}" }, { kind: 'rejectTools' }]) });
    assert.equal(accepted.status, 200);
    for (const bad of [{ kind: 'unknownTool', name: '' }, { kind: 'toolCallCut', afterArgumentChunks: -1 }, { kind: 'malformedToolArguments', arguments: 5 }]) {
      assert.equal((await fetch(control, { method: 'POST', body: JSON.stringify(bad) })).status, 400, JSON.stringify(bad));
    }
  });

  describe('tool_call_id validation (400 INVALID_REQUEST in the documented shape)', () => {
    const assistant: ChatMessage = { role: 'assistant', content: '', toolCalls: [{ id: 'call_a', name: 'read_file', arguments: '{"path":"a.ts"}' }, { id: 'call_b', name: 'list_files', arguments: '{"glob":"*"}' }] };

    it('accepts results that answer every call of the assistant message before them', async () => {
      const result = await step(agent([...ask('Look around the project'), assistant, { role: 'tool', toolCallId: 'call_b', content: 'a.ts' }, { role: 'tool', toolCallId: 'call_a', content: '1 | x' }]));
      assert.equal(result.end, 'complete');
    });

    const cases: ReadonlyArray<[string, ChatMessage[], RegExp]> = [
      ['a result naming no call of the message before it', [assistant, { role: 'tool', toolCallId: 'call_x', content: '' }, { role: 'tool', toolCallId: 'call_b', content: '' }], /"call_x".*does not match any tool call/],
      ['a call left unanswered', [assistant, { role: 'tool', toolCallId: 'call_a', content: '' }], /did not have response messages: call_b/],
      ['a result with no assistant calls before it', [{ role: 'tool', toolCallId: 'call_a', content: '' }], /must be a response to a preceding message with 'tool_calls'/],
      ['a call answered twice', [assistant, { role: 'tool', toolCallId: 'call_a', content: '' }, { role: 'tool', toolCallId: 'call_a', content: '' }, { role: 'tool', toolCallId: 'call_b', content: '' }], /answered twice/],
    ];
    for (const [what, tail, message] of cases) {
      it(`refuses ${what}`, async () => {
        const error = await failure(agent([...ask('Look around the project'), ...tail]));
        assert.equal(error.code, 'INVALID_REQUEST', 'our own bug, not the model refusing tools');
        assert.equal(error.details.status, 400);
        assert.match(error.message, message);
      });
    }

    it('refuses a tool message without tool_call_id, in the documented error shape', async () => {
      const response = await post(gateway.url, '/chat/completions', { model: 'monster-gpt', messages: [...ask('hi'), { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{}' } }] }, { role: 'tool', content: 'x' }], tools: [{ type: 'function', function: { name: 'read_file', parameters: {} } }] });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: Record<string, unknown> };
      assert.deepEqual(Object.keys(body.error).sort(), ['code', 'is_retryable', 'message', 'remediation', 'reset_at', 'retry_after', 'type']);
      assert.equal(body.error.code, 'INVALID_REQUEST');
      assert.match(String(body.error.message), /tool_call_id/);
    });
  });
});

/**
 * The provider's token count (no tokenizer ships in the extension) against a real tokenizer:
 * js-tiktoken's o200k_base (GPT-4o's), a devDependency used only here. VS Code budgets its
 * context with these counts, so the estimate must not undercount (the gateway would refuse the
 * body) nor overcount so much that VS Code throws away context it had room for.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getEncoding } from 'js-tiktoken';
import { compactTools } from '../../src/answering/toolFit';
import { wireBody } from '../../src/gateway/wireBody';
import { ESTIMATE_BYTES_PER_TOKEN, estimateMessageTokens, estimateTokens, inputTokenLimit, toToolDefinitions } from '../../src/vscodeChat/lmMessages';
import { corpusDir, needCorpus } from '../support/corpus';

/** The stated tolerance: never below 0.8× nor above 1.6× of o200k_base. */
const LOW = 0.8;
const HIGH = 1.6;

describe('Language model provider: token estimate against o200k_base (js-tiktoken)', function () {
  const encoding = getEncoding('o200k_base');
  const real = (text: string): number => encoding.encode(text).length;

  before(function () {
    needCorpus(this);
  });

  const file = (relative: string): string => fs.readFileSync(path.join(corpusDir(), relative), 'utf8');
  const samples = (): Array<[string, string]> => [
    ['a C# script (Unity project)', file('unity-noiseshader/Assets/Catalog/ImageGenerator.cs')],
    ['an HLSL include (Unity package)', file('unity-noiseshader/Packages/jp.keijiro.noiseshader/Shader/ClassicNoise3D.hlsl')],
    ['a GDScript file', file('godot-demo-projects/2d/platformer/player/player.gd')],
    ['a Godot shader', file('godot-demo-projects/compute/texture/water_plane/water_shader.gdshader')],
    ['Quake III C code', file('quake3/code/server/sv_main.c')],
    ['an English question', 'My character controller slides down slopes when the player stands still. How do I stop that in Unity without freezing the rigidbody?'],
    [
      'a JSON tool schema',
      JSON.stringify({
        name: 'compile_shader',
        description: 'Compile a shader with the real compiler and return its errors.',
        inputSchema: { type: 'object', required: ['path'], properties: { path: { type: 'string', description: 'Workspace-relative path of the shader, e.g. Shaders/water.frag.' }, stage: { type: 'string', enum: ['vert', 'frag', 'comp', 'geom', 'tesc', 'tese'] } } },
      }),
    ],
  ];

  it(`every sample is estimated within ${LOW}×–${HIGH}× of the real count`, () => {
    const ratios = samples().map(([what, text]) => ({ what, estimate: estimateTokens(text), real: real(text) }));
    for (const { what, estimate, real: count } of ratios) {
      const ratio = estimate / count;
      assert.ok(ratio >= LOW && ratio <= HIGH, `${what}: estimated ${estimate}, o200k_base ${count} (${ratio.toFixed(2)}×)`);
    }
  });

  it("VS Code's own agent prompt (code-server 1.139, recorded): each message and the 43 tool definitions are estimated within the tolerance", () => {
    const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/vscode-agent-request-1.139.json'), 'utf8')) as {
      tools: unknown[];
      messages: Array<{ role: number; content: Array<{ value: string }> }>;
    };
    const pieces: Array<[string, number, number]> = recorded.messages.map((message, i) => {
      const text = message.content.map((part) => part.value).join('');
      return [`message ${i + 1} (role ${message.role}, ${text.length} chars)`, estimateMessageTokens(message), real(text)];
    });
    const tools = JSON.stringify(recorded.tools);
    pieces.push([`the tool definitions (${tools.length} chars of JSON)`, estimateTokens(tools), real(tools)]);
    for (const [what, estimate, count] of pieces) {
      const ratio = estimate / count;
      assert.ok(ratio >= LOW && ratio <= HIGH, `${what}: estimated ${estimate}, o200k_base ${count} (${ratio.toFixed(2)}×)`);
    }
  });

  it('a message counts its tool calls (name and JSON input) and tool results, and a per-message overhead', () => {
    const source = file('unity-noiseshader/Assets/Catalog/ImageGenerator.cs');
    const input = { path: 'Assets/Catalog/ImageGenerator.cs', old_text: source.slice(0, 600), new_text: source.slice(0, 650) };
    const call = estimateMessageTokens({ role: 2, content: [{ callId: 'call_1', name: 'edit_file', input }] });
    const callReal = real(`edit_file${JSON.stringify(input)}`);
    assert.ok(call >= LOW * callReal && call <= HIGH * callReal, `call: ${call} vs ${callReal}`);
    const result = estimateMessageTokens({ role: 1, content: [{ callId: 'call_1', content: [{ value: source }] }] });
    assert.ok(result >= LOW * real(source) && result <= HIGH * real(source), `result: ${result} vs ${real(source)}`);
    assert.ok(estimateMessageTokens({ role: 1, content: [] }) > 0, 'an empty message still costs its overhead');
  });

  /** The request VS Code's default Agent sent on code-server 1.139 (43 tools, its prompt, a question). */
  const recorded = (): { tools: unknown[]; messages: Array<{ role: number; content: Array<{ value: string }> }> } =>
    JSON.parse(fs.readFileSync(path.join(__dirname, '../../../test/fixtures/vscode-agent-request-1.139.json'), 'utf8')) as {
      tools: unknown[];
      messages: Array<{ role: number; content: Array<{ value: string }> }>;
    };

  it(`the body bytes per estimated token stay at most ${ESTIMATE_BYTES_PER_TOKEN} for code, English and VS Code's prompt (JSON escapes included)`, () => {
    const texts: Array<[string, string]> = [...samples().filter(([, t]) => t.length >= 500), ...recorded().messages.map((m, i): [string, string] => [`recorded message ${i + 1}`, m.content.map((p) => p.value).join('')])];
    for (const [what, text] of texts) {
      const bytes = Buffer.byteLength(JSON.stringify(text), 'utf8');
      assert.ok(bytes / estimateTokens(text) <= ESTIMATE_BYTES_PER_TOKEN, `${what}: ${bytes} bytes, estimated ${estimateTokens(text)} tokens (${(bytes / estimateTokens(text)).toFixed(2)})`);
    }
  });

  /** Copilot Chat 1.139's countToolTokens for a provider's model: each key and string of {name, description, parameters} through the provider's count, 16 + 8 a tool, ×1.1. */
  function vscodeToolTokens(tools: unknown[]): number {
    const count = (value: Record<string, unknown>): number =>
      Object.entries(value).reduce((sum, [key, v]) => (!v ? sum : sum + estimateTokens(key) + (typeof v === 'string' ? estimateTokens(v) : typeof v === 'object' ? count(v as Record<string, unknown>) : 0)), 0);
    const each = (tools as Array<{ name: string; description: string; inputSchema?: Record<string, unknown> }>).map((t) => 8 + count({ name: t.name, description: t.description, parameters: t.inputSchema }));
    return Math.floor((16 + each.reduce((a, b) => a + b, 0)) * 1.1);
  }

  it("VS Code's default Agent on a 64 KB gateway: its budget (0.9 × (maxInputTokens − tool tokens)) holds its prompt with room for history, and that budget with the shortened tools fits the body limit", () => {
    const limit = 64 * 1024;
    const maxInputTokens = inputTokenLimit(128_000 - 8_192, limit);
    assert.ok(maxInputTokens < 32_000, `capped by the body limit, not the 128k window: ${maxInputTokens}`);
    const { tools, messages } = recorded();
    // Copilot Chat's agent prompt: Math.floor((modelMaxPromptTokens - toolTokens) * 0.9).
    const budget = Math.floor((maxInputTokens - vscodeToolTokens(tools)) * 0.9);
    const prompt = messages.reduce((sum, m) => sum + estimateMessageTokens(m), 0);
    assert.ok(budget >= 2 * prompt, `the prompt and question (${prompt} tokens) fit twice in the budget (${budget}): the agent works, with history`);
    const shortened = compactTools(toToolDefinitions(tools));
    const toolBytes = Buffer.byteLength(JSON.stringify(wireBody({ model: 'monster-gpt', messages: [], tools: shortened, toolChoice: 'auto' })), 'utf8');
    const filled = budget * ESTIMATE_BYTES_PER_TOKEN + toolBytes;
    assert.ok(filled <= limit - 2 * 1024, `a full budget (${budget} tokens ≈ ${budget * ESTIMATE_BYTES_PER_TOKEN} bytes) and the shortened tools (${toolBytes} bytes) stay within the limit less its margin: ${filled}`);
  });

  it('the model\'s window (less its answer) wins where it is smaller, and the limit is never under 1024 tokens', () => {
    assert.equal(inputTokenLimit(6_000, 64 * 1024), 6_000);
    assert.equal(inputTokenLimit(500, 64 * 1024), 1024);
    assert.ok(inputTokenLimit(1_000_000, 1024 * 1024) > inputTokenLimit(1_000_000, 64 * 1024), 'a larger body limit allows more');
  });
});

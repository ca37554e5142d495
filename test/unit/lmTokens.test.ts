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
import { estimateMessageTokens, estimateTokens } from '../../src/vscodeChat/lmMessages';
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
});

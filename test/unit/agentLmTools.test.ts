/**
 * Other extensions' and MCP servers' tools (`vscode.lm.tools`) as OpenAI function tools: the pure
 * mapping. The adapter inside a real VS Code is test/extension-host/lmTools.test.ts.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  isValidToolName,
  lmResultText,
  lmToolInput,
  lmToolSpecs,
  MAX_LM_TOOL_DESCRIPTION,
  MAX_LM_TOOLS,
  MAX_LM_TOOLS_BYTES,
  sanitizeToolName,
  type LmToolInfo,
} from '../../src/agent/lmToolSpecs';

/** Fixed so runs are deterministic; printed so a failure can be replayed with another. */
const SEED = Number(process.env.MG_LM_TOOLS_SEED ?? 1414);
const OURS = ['read_file', 'list_files', 'search_text', 'get_problems', 'edit_file', 'create_file'];
const tool = (name: string, extra: Partial<LmToolInfo> = {}): LmToolInfo => ({ name, description: `${name} does things.`, inputSchema: { type: 'object', properties: { q: { type: 'string' } } }, ...extra });

describe('Other extensions’ tools for the agent', () => {
  it('offers each as a function tool with its description and schema, mapped back to its real name', () => {
    const { specs, realNames } = lmToolSpecs([tool('mcp_github_list_issues'), tool('ms-python.python/getEnvironment', { inputSchema: undefined })], OURS);
    assert.deepEqual(specs, [
      { type: 'function', function: { name: 'mcp_github_list_issues', description: 'mcp_github_list_issues does things.', parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
      { type: 'function', function: { name: 'ms-python_python_getEnvironment', description: 'ms-python.python/getEnvironment does things.', parameters: { type: 'object', properties: {} } } },
    ]);
    assert.deepEqual([...realNames], [
      ['mcp_github_list_issues', 'mcp_github_list_issues'],
      ['ms-python_python_getEnvironment', 'ms-python.python/getEnvironment'],
    ]);
  });

  it('leaves out our own registered tools and tools that take one of our names', () => {
    const { specs, left } = lmToolSpecs([tool('monsterGaming_compileShader'), tool('read_file'), tool('copilot_readFile')], OURS);
    assert.deepEqual(specs.map((s) => s.function.name), ['copilot_readFile']);
    assert.deepEqual(left, [
      { name: 'monsterGaming_compileShader', why: 'own' },
      { name: 'read_file', why: 'clash' },
    ]);
  });

  it('gives colliding sanitized names a suffix, never one of ours', () => {
    const { specs, realNames } = lmToolSpecs([tool('read.file'), tool('a b'), tool('a/b'), tool('a_b')], OURS);
    assert.deepEqual([...realNames], [
      ['a_b', 'a b'],
      ['a_b_2', 'a/b'],
      ['a_b_3', 'a_b'],
      ['read_file_2', 'read.file'],
    ]);
    assert.ok(specs.every((s) => !OURS.includes(s.function.name)));
    const long = 'x'.repeat(80);
    const { realNames: cut } = lmToolSpecs([tool(long), tool(`${long}y`)], []);
    assert.deepEqual([...cut.keys()], ['x'.repeat(64), `${'x'.repeat(62)}_2`]);
  });

  it('leaves out a tool whose schema is not an object schema, not JSON, or too large', () => {
    const cyclic: Record<string, unknown> = { type: 'object' };
    cyclic['self'] = cyclic;
    const huge = { type: 'object', properties: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, { type: 'string' }])) };
    const { specs, left } = lmToolSpecs([tool('arr', { inputSchema: [] }), tool('str', { inputSchema: { type: 'string' } }), tool('cyc', { inputSchema: cyclic }), tool('huge', { inputSchema: huge }), tool('ok')], []);
    assert.deepEqual(specs.map((s) => s.function.name), ['ok']);
    assert.deepEqual(left.map((l) => [l.name, l.why]), [['arr', 'schema'], ['cyc', 'schema'], ['huge', 'schema'], ['str', 'schema']]);
  });

  it('cuts descriptions, and stops at the count and the byte budget', () => {
    const [spec] = lmToolSpecs([tool('t', { description: 'd'.repeat(5_000) })], []).specs;
    assert.equal(spec.function.description.length, MAX_LM_TOOL_DESCRIPTION);
    assert.ok(spec.function.description.endsWith('…'));
    const many = lmToolSpecs(Array.from({ length: 200 }, (_, i) => tool(`t${String(i).padStart(3, '0')}`, { description: 'short' })), []);
    assert.equal(many.specs.length, MAX_LM_TOOLS);
    assert.equal(many.left.filter((l) => l.why === 'count').length, 200 - MAX_LM_TOOLS);
    const big = lmToolSpecs(Array.from({ length: 60 }, (_, i) => tool(`b${String(i).padStart(2, '0')}`, { description: 'd'.repeat(5_000) })), []);
    assert.ok(big.specs.length < 60 && big.left.some((l) => l.why === 'size'));
    assert.ok(Buffer.byteLength(JSON.stringify(big.specs)) <= MAX_LM_TOOLS_BYTES + big.specs.length + 1);
  });

  describe(`properties (fast-check, seed ${SEED}; MG_LM_TOOLS_SEED runs another)`, () => {
    const options = { seed: SEED, numRuns: 500 };
    const anyName = fc.oneof(fc.string({ maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 100 }), fc.constantFrom(...OURS, 'read.file', 'monsterGaming_x', 'a b', 'a_b'));
    const anyTool = fc.record({ name: anyName, description: fc.string({ maxLength: 2_000 }), inputSchema: fc.constantFrom<object | undefined>(undefined, { type: 'object', properties: {} }, { type: 'string' }) });

    it('every name sent is valid for OpenAI, unique, not ours, and maps back to a distinct real tool', () => {
      fc.assert(
        fc.property(fc.array(anyTool, { maxLength: 120 }), (tools) => {
          const { specs, realNames } = lmToolSpecs(tools, OURS);
          const names = specs.map((s) => s.function.name);
          assert.ok(names.every(isValidToolName), JSON.stringify(names));
          assert.equal(new Set(names).size, names.length);
          assert.ok(names.every((n) => !OURS.includes(n)));
          assert.ok(specs.length <= MAX_LM_TOOLS);
          assert.ok(Buffer.byteLength(JSON.stringify(specs)) <= MAX_LM_TOOLS_BYTES + specs.length + 1);
          const reals = names.map((n) => realNames.get(n));
          assert.equal(new Set(reals).size, reals.length);
          for (const real of reals) assert.ok(real !== undefined && tools.some((t) => t.name === real) && !real.startsWith('monsterGaming_') && !OURS.includes(real));
        }),
        options,
      );
    });

    it('sanitizing keeps valid names as they are', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/), (name) => assert.equal(sanitizeToolName(name), name)),
        options,
      );
    });
  });

  it('reads the model’s arguments as one JSON object', () => {
    assert.deepEqual(lmToolInput('{"q":"x"}'), { ok: true, input: { q: 'x' } });
    assert.deepEqual(lmToolInput(''), { ok: true, input: {} });
    assert.match(lmToolInput('{"q":').ok ? '' : (lmToolInput('{"q":') as { error: string }).error, /not valid JSON/);
    assert.deepEqual(lmToolInput('[1]'), { ok: false, error: 'the arguments must be one JSON object.' });
    assert.deepEqual(lmToolInput('"s"'), { ok: false, error: 'the arguments must be one JSON object.' });
  });

  it('joins text parts, names the others, and cuts to the budget saying so', () => {
    assert.equal(lmResultText([{ kind: 'text', text: 'a' }, { kind: 'other', what: 'image/png data, left out' }, { kind: 'text', text: 'b' }]), 'a[image/png data, left out]b');
    assert.equal(lmResultText([]), '(the tool returned nothing)');
    assert.equal(lmResultText([{ kind: 'text', text: 'x'.repeat(25) }], 10), `${'x'.repeat(10)}\n… 15 more characters of the tool's result cut.`);
  });
});

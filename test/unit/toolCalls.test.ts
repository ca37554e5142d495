import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_TOOL_ARGUMENT_CHARS, MAX_TOOL_CALLS, ToolCallAssembler, type ToolCall } from '../../src/gateway/toolCalls';

/** One `delta.tool_calls` array as a gateway streams it. */
type DeltaCalls = unknown[];

/** The deltas OpenAI sends for `calls`: id, type and name first with empty arguments, then the arguments in `pieces[i]`. */
function openAiDeltas(calls: readonly ToolCall[], pieces: ReadonlyArray<readonly string[]>): DeltaCalls[] {
  return calls.flatMap((call, index): DeltaCalls[] => [
    [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
    ...pieces[index].map((piece) => [{ index, function: { arguments: piece } }]),
  ]);
}

/** Cuts `text` at the given points (code points kept whole). */
function splitAt(text: string, cuts: readonly number[]): string[] {
  const chars = Array.from(text);
  const points = [...new Set(cuts.map((c) => c % (chars.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const point of [...points, chars.length]) {
    out.push(chars.slice(from, point).join(''));
    from = point;
  }
  return out;
}

const assemble = (deltas: readonly DeltaCalls[]): ToolCall[] => {
  const assembler = new ToolCallAssembler();
  deltas.forEach((d) => assembler.push(d));
  return assembler.calls();
};

const toolName = fc.stringMatching(/^[a-z_]{1,20}$/);
const argumentsText = fc.oneof(
  fc.json(),
  fc.record({ path: fc.string({ unit: 'grapheme' }), old_text: fc.string({ unit: 'grapheme' }), new_text: fc.string() }).map((a) => JSON.stringify(a)),
);
const calls = fc
  .array(fc.record({ name: toolName, arguments: argumentsText }), { minLength: 1, maxLength: 6 })
  .map((list): ToolCall[] => list.map((c, i) => ({ id: `call_${i}_x`, name: c.name, arguments: c.arguments })));

describe('ToolCallAssembler', () => {
  it('assembles the same calls however the arguments are split (fast-check)', () => {
    fc.assert(
      fc.property(calls, fc.array(fc.array(fc.nat(), { maxLength: 12 }), { minLength: 6, maxLength: 6 }), (expected, cuts) => {
        const pieces = expected.map((call, i) => splitAt(call.arguments, cuts[i]));
        assert.deepEqual(assemble(openAiDeltas(expected, pieces)), expected);
      }),
    );
  });

  it('assembles calls sent several to a delta, as some gateways batch them (fast-check)', () => {
    fc.assert(
      fc.property(calls, fc.nat(5), (expected, groupSize) => {
        const whole = expected.map((call, index) => ({ index, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
        const deltas: DeltaCalls[] = [];
        for (let i = 0; i < whole.length; i += groupSize + 1) deltas.push(whole.slice(i, i + groupSize + 1));
        assert.deepEqual(assemble(deltas), expected);
      }),
    );
  });

  it('takes calls without an index (each whole in its own delta) as separate calls by their ids', () => {
    const result = assemble([
      [{ id: 'a', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }],
      [{ id: 'b', type: 'function', function: { name: 'read_file', arguments: '{"path":"b.ts"}' } }],
    ]);
    assert.deepEqual(result.map((c) => [c.id, c.arguments]), [['a', '{"path":"a.ts"}'], ['b', '{"path":"b.ts"}']]);
  });

  it('gives calls without an id, or with an id already used, an id of their own', () => {
    const result = assemble([[{ index: 0, function: { name: 'list_files', arguments: '{}' } }, { index: 1, id: 'same', function: { name: 'a', arguments: '{}' } }, { index: 2, id: 'same', function: { name: 'b', arguments: '{}' } }]]);
    assert.equal(result.length, 3);
    assert.equal(new Set(result.map((c) => c.id)).size, 3, 'ids are unique, so each tool result answers one call');
    assert.ok(result.every((c) => c.id.length > 0));
    assert.equal(result[1].id, 'same');
  });

  it('keeps indexes in order even when a gateway numbers them sparsely, without allocating by index', () => {
    const result = assemble([[{ index: 1_000_000_000, id: 'late', function: { name: 'b', arguments: '{}' } }], [{ index: 3, id: 'early', function: { name: 'a', arguments: '{}' } }]]);
    assert.deepEqual(result.map((c) => c.id), ['early', 'late']);
  });

  it('marks a call whose arguments grow past the cap, and keeps none of them', () => {
    const piece = 'x'.repeat(64 * 1024);
    const deltas: DeltaCalls[] = [[{ index: 0, id: 'big', function: { name: 'create_file', arguments: '{"content":"' } }]];
    for (let sent = 0; sent <= MAX_TOOL_ARGUMENT_CHARS; sent += piece.length) deltas.push([{ index: 0, function: { arguments: piece } }]);
    const [call] = assemble(deltas);
    assert.equal(call.problem, 'argumentsTooLong');
    assert.equal(call.arguments, '');
    assert.equal(call.name, 'create_file');
  });

  it('keeps at most MAX_TOOL_CALLS calls and counts the rest as dropped', () => {
    const assembler = new ToolCallAssembler();
    for (let index = 0; index < MAX_TOOL_CALLS + 5; index++) assembler.push([{ index, id: `c${index}`, function: { name: 'read_file', arguments: '{}' } }]);
    assert.equal(assembler.calls().length, MAX_TOOL_CALLS);
    assert.equal(assembler.dropped, 5);
  });

  it('counts each dropped call once, however many deltas its arguments come in, and keeps none of its pieces (by index or without one)', () => {
    const calls = Array.from({ length: MAX_TOOL_CALLS + 8 }, (_, i): ToolCall => ({ id: `c${i}`, name: 'read_file', arguments: '{"path":"Assets/Scripts/Inventory.cs"}' }));
    const indexed = new ToolCallAssembler();
    for (const delta of openAiDeltas(calls, calls.map(() => ['{"path":', '"Assets/Scripts/', 'Inventory.cs"}']))) indexed.push(delta);
    assert.equal(indexed.dropped, 8);
    assert.deepEqual(indexed.calls(), calls.slice(0, MAX_TOOL_CALLS));

    const unindexed = new ToolCallAssembler();
    for (const call of calls) {
      unindexed.push([{ id: call.id, type: 'function', function: { name: call.name, arguments: '' } }]);
      for (const piece of ['{"path":', '"Assets/Scripts/', 'Inventory.cs"}']) unindexed.push([{ function: { arguments: piece } }]);
    }
    assert.equal(unindexed.dropped, 8);
    assert.deepEqual(unindexed.calls(), calls.slice(0, MAX_TOOL_CALLS), 'the pieces of a dropped call are not appended to the last one kept');
  });

  it('marks a call that never got a name', () => {
    const [call] = assemble([[{ index: 0, id: 'n', function: { arguments: '{}' } }]]);
    assert.equal(call.problem, 'missingName');
  });

  it('survives hostile deltas: never throws, stays within its bounds (fast-check)', () => {
    const hostile = fc.oneof(
      fc.anything(),
      fc.array(fc.record({ index: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(undefined)), id: fc.anything(), function: fc.oneof(fc.anything(), fc.record({ name: fc.anything(), arguments: fc.anything() })) }, { requiredKeys: [] })),
    );
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 30 }), (deltas) => {
        const assembler = new ToolCallAssembler();
        deltas.forEach((d) => assembler.push(d));
        const result = assembler.calls();
        assert.ok(result.length <= MAX_TOOL_CALLS);
        for (const call of result) {
          assert.equal(typeof call.id, 'string');
          assert.equal(typeof call.name, 'string');
          assert.equal(typeof call.arguments, 'string');
          assert.ok(call.arguments.length <= MAX_TOOL_ARGUMENT_CHARS);
          assert.ok(call.name.length <= 64 && call.id.length <= 128);
        }
      }),
    );
  });
});

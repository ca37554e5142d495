import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { FixRefusedError, MAX_ANSWER_CHARS, parseFixAnswer, validateEdits, wholeDocument, type EditBounds, type FixEdit } from '../../src/fix/fixProposal';

const SEED = Number(process.env.MG_FIX_EDITS_SEED ?? 1212);

const good = { explanation: 'hp is a number, so the literal must be one.', edits: [{ startLine: 3, endLine: 3, newText: '  hp: number = 100;' }] };

function refused(answer: string, lineCount: number | EditBounds, reason: FixRefusedError['reason']): FixRefusedError {
  try {
    parseFixAnswer(answer, typeof lineCount === 'number' ? wholeDocument(lineCount) : lineCount);
  } catch (error) {
    assert.ok(error instanceof FixRefusedError, String(error));
    assert.equal(error.reason, reason);
    return error;
  }
  assert.fail('the answer should have been refused');
}

describe('fix answers', () => {
  it('reads plain JSON', () => {
    assert.deepEqual(parseFixAnswer(JSON.stringify(good), wholeDocument(10)), good);
  });

  it('reads JSON inside a fenced code block, with prose around it', () => {
    const answer = `Here is the fix:\n\n\`\`\`json\n${JSON.stringify(good, null, 2)}\n\`\`\`\nHope it helps.`;
    assert.deepEqual(parseFixAnswer(answer, wholeDocument(10)), good);
  });

  it('reads a bare object inside prose', () => {
    assert.deepEqual(parseFixAnswer(`Sure! ${JSON.stringify(good)} That is all.`, wholeDocument(10)).edits, good.edits);
  });

  it('reads a hostile answer full of fences in linear time (no regex backtracking)', () => {
    // With the old /```[a-zA-Z]*\s*\n([\s\S]*?)```/g these took seconds to minutes (quadratic);
    // mocha's timeout is the bound here, not a measurement.
    const size = 250_000;
    for (const hostile of ['```' + '\n'.repeat(size), '```' + ' \n'.repeat(size / 2), '`'.repeat(size), '```js\n'.repeat(size / 6), '```' + ' '.repeat(size)]) {
      refused(hostile, 10, 'unparsable');
    }
    // And a real fix after many unclosed-looking fences is still found.
    assert.deepEqual(parseFixAnswer('```\n'.repeat(1000).slice(0, -1) + 'x\n```json\n' + JSON.stringify(good) + '\n```', wholeDocument(10)).edits.length, 1);
  });

  it('refuses an answer too long to be a fix without reading it', () => {
    const padded = JSON.stringify(good) + ' '.repeat(MAX_ANSWER_CHARS);
    const error = refused(padded, 10, 'unparsable');
    assert.match(error.message, /too long/);
    assert.deepEqual(parseFixAnswer(JSON.stringify(good) + ' '.repeat(MAX_ANSWER_CHARS - JSON.stringify(good).length), wholeDocument(10)).edits, good.edits);
  });

  it('refuses garbage, saying nothing was changed', () => {
    const error = refused('I think you should change the type.', 10, 'unparsable');
    assert.match(error.message, /nothing was changed/);
    refused('{"explanation": "x", "edits": [', 10, 'unparsable');
    refused('[1,2,3]', 10, 'unparsable');
  });

  it('refuses an answer with no edits, keeping the model explanation', () => {
    const error = refused(JSON.stringify({ explanation: 'The code is fine; restart the language server.', edits: [] }), 10, 'no-edits');
    assert.equal(error.explanation, 'The code is fine; restart the language server.');
  });

  it('refuses malformed edits', () => {
    refused(JSON.stringify({ explanation: '', edits: [{ startLine: '3', endLine: 3, newText: 'x' }] }), 10, 'malformed');
    refused(JSON.stringify({ explanation: '', edits: [{ startLine: 1.5, endLine: 3, newText: 'x' }] }), 10, 'malformed');
    refused(JSON.stringify({ explanation: '', edits: [{ startLine: 1, endLine: 3 }] }), 10, 'malformed');
  });

  it('refuses edits outside the document', () => {
    refused(JSON.stringify({ explanation: '', edits: [{ startLine: 9, endLine: 11, newText: 'x' }] }), 10, 'outside');
    refused(JSON.stringify({ explanation: '', edits: [{ startLine: 0, endLine: 1, newText: 'x' }] }), 10, 'outside');
    refused(JSON.stringify({ explanation: '', edits: [{ startLine: 5, endLine: 4, newText: 'x' }] }), 10, 'outside');
  });

  it('refuses overlapping edits, in any order', () => {
    const error = refused(
      JSON.stringify({ explanation: 'two tries', edits: [{ startLine: 5, endLine: 7, newText: 'b' }, { startLine: 2, endLine: 5, newText: 'a' }] }),
      10,
      'overlap',
    );
    assert.match(error.message, /lines 2–5 and 5–7/);
  });

  it('sorts valid edits', () => {
    const edits = validateEdits([{ startLine: 8, endLine: 8, newText: 'b' }, { startLine: 2, endLine: 3, newText: 'a' }], wholeDocument(10));
    assert.deepEqual(edits.map((e) => e.startLine), [2, 8]);
  });
});

describe('edits stay where the model looked', () => {
  // A model shown lines 240-360 of 400, line 300 sent cut.
  const window: EditBounds = { lineCount: 400, allowed: { startLine: 240, endLine: 360 }, locked: [300] };
  const answer = (...edits: FixEdit[]): string => JSON.stringify({ explanation: 'tidy up', edits });

  it('refuses edits outside the lines sent, even inside the document', () => {
    const error = refused(answer({ startLine: 1, endLine: 5, newText: '' }), window, 'outside-window');
    assert.match(error.message, /lines 1–5 is outside the code that was sent \(lines 240–360\)/);
    assert.match(error.message, /nothing was changed/);
    assert.equal(error.explanation, 'tidy up');
    refused(answer({ startLine: 239, endLine: 240, newText: 'x' }), window, 'outside-window');
    refused(answer({ startLine: 360, endLine: 361, newText: 'x' }), window, 'outside-window');
    refused(answer({ startLine: 250, endLine: 250, newText: 'x' }, { startLine: 370, endLine: 370, newText: 'y' }), window, 'outside-window');
  });

  it('refuses an edit that touches a line sent cut', () => {
    const error = refused(answer({ startLine: 299, endLine: 301, newText: 'x' }), window, 'cut-line');
    assert.match(error.message, /changes line 300, which was too long to send whole/);
    refused(answer({ startLine: 300, endLine: 300, newText: '' }), window, 'cut-line');
  });

  it('accepts edits at the edges of the window and next to a cut line', () => {
    const edits = parseFixAnswer(answer({ startLine: 240, endLine: 240, newText: 'a' }, { startLine: 299, endLine: 299, newText: '' }, { startLine: 301, endLine: 360, newText: 'b' }), window).edits;
    assert.equal(edits.length, 3);
  });

  it('still says "outside the document" first for lines the document does not have', () => {
    refused(answer({ startLine: 399, endLine: 401, newText: 'x' }), { ...window, allowed: { startLine: 1, endLine: 400 } }, 'outside');
  });

  it(`accepts exactly the edits inside the allowed lines, off the locked ones, not overlapping (property, seed ${SEED})`, () => {
    const line = fc.integer({ min: -1, max: 22 });
    const bounds = fc
      .record({ lineCount: fc.integer({ min: 1, max: 20 }), a: fc.integer({ min: 1, max: 20 }), b: fc.integer({ min: 1, max: 20 }), locked: fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 3 }) })
      .map(({ lineCount, a, b, locked }) => ({ lineCount, allowed: { startLine: Math.min(a, b, lineCount), endLine: Math.min(Math.max(a, b), lineCount) }, locked: locked.sort((x, y) => x - y) }));
    const edits = fc.array(fc.record({ startLine: line, endLine: line, newText: fc.constantFrom('', 'x') }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(bounds, edits, (b, es) => {
        const fits = (e: FixEdit): boolean =>
          e.startLine >= 1 && e.startLine <= e.endLine && e.endLine <= b.lineCount && e.startLine >= b.allowed.startLine && e.endLine <= b.allowed.endLine && !b.locked.some((l) => l >= e.startLine && l <= e.endLine);
        const disjoint = es.every((e, i) => es.every((f, j) => i === j || e.endLine < f.startLine || f.endLine < e.startLine));
        let accepted = true;
        try {
          validateEdits(es, b);
        } catch (error) {
          assert.ok(error instanceof FixRefusedError);
          accepted = false;
        }
        assert.equal(accepted, es.every(fits) && disjoint);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

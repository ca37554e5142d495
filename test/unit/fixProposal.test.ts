import * as assert from 'node:assert/strict';
import { applyEditsToText, FixRefusedError, parseFixAnswer, validateEdits } from '../../src/fix/fixProposal';

const good = { explanation: 'hp is a number, so the literal must be one.', edits: [{ startLine: 3, endLine: 3, newText: '  hp: number = 100;' }] };

function refused(answer: string, lineCount: number, reason: FixRefusedError['reason']): FixRefusedError {
  try {
    parseFixAnswer(answer, lineCount);
  } catch (error) {
    assert.ok(error instanceof FixRefusedError, String(error));
    assert.equal(error.reason, reason);
    return error;
  }
  assert.fail('the answer should have been refused');
}

describe('fix answers', () => {
  it('reads plain JSON', () => {
    assert.deepEqual(parseFixAnswer(JSON.stringify(good), 10), good);
  });

  it('reads JSON inside a fenced code block, with prose around it', () => {
    const answer = `Here is the fix:\n\n\`\`\`json\n${JSON.stringify(good, null, 2)}\n\`\`\`\nHope it helps.`;
    assert.deepEqual(parseFixAnswer(answer, 10), good);
  });

  it('reads a bare object inside prose', () => {
    assert.deepEqual(parseFixAnswer(`Sure! ${JSON.stringify(good)} That is all.`, 10).edits, good.edits);
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
    const edits = validateEdits([{ startLine: 8, endLine: 8, newText: 'b' }, { startLine: 2, endLine: 3, newText: 'a' }], 10);
    assert.deepEqual(edits.map((e) => e.startLine), [2, 8]);
  });
});

describe('applying edits to text (the preview)', () => {
  const text = ['one', 'two', 'three', 'four', 'five'].join('\n');

  it('replaces whole lines; several edits do not shift each other', () => {
    const out = applyEditsToText(text, [{ startLine: 2, endLine: 2, newText: 'TWO' }, { startLine: 4, endLine: 5, newText: 'FOUR\nFIVE\nSIX' }]);
    assert.equal(out, ['one', 'TWO', 'three', 'FOUR', 'FIVE', 'SIX'].join('\n'));
  });

  it('deletes lines with an empty newText and keeps CRLF files CRLF', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    assert.equal(applyEditsToText(crlf, [{ startLine: 1, endLine: 2, newText: '' }]), ['three', 'four', 'five'].join('\r\n'));
  });
});

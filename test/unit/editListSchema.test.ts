import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { GENERATED, generatedValidators } from '../../scripts/editListValidators';
import { isEditList } from '../../src/fix/editListChecks';
import { wholeDocument, parseStructuredAnswer } from '../../src/fix/fixProposal';

describe('The edit-list schema', () => {
  it('src/fix/editListValidators.generated.ts is up to date (run `npm run schemas` after changing editListSchema.ts)', () => {
    assert.equal(fs.readFileSync(GENERATED, 'utf8'), generatedValidators());
  });

  it('accepts the fix exchange\'s shape, empty edits included', () => {
    assert.equal(isEditList({ explanation: 'x', edits: [{ startLine: 1, endLine: 2, newText: '' }] }), true);
    assert.equal(isEditList({ explanation: '', edits: [] }), true);
  });

  it('refuses anything else: missing, extra or mistyped fields, fractional or zero lines', () => {
    const edit = { startLine: 1, endLine: 1, newText: 'a' };
    for (const bad of [null, [], '{}', {}, { edits: [edit] }, { explanation: 'x' }, { explanation: 1, edits: [] }, { explanation: 'x', edits: [edit], extra: true }, { explanation: 'x', edits: [{ ...edit, extra: 1 }] }, { explanation: 'x', edits: [{ ...edit, startLine: 1.5 }] }, { explanation: 'x', edits: [{ ...edit, startLine: 0 }] }, { explanation: 'x', edits: [{ ...edit, newText: null }] }, { explanation: 'x', edits: {} }]) {
      assert.equal(isEditList(bad), false, JSON.stringify(bad));
    }
  });

  it('a structured answer is read whole, never hunted for in prose or fences', () => {
    const json = JSON.stringify({ explanation: ' fixed ', edits: [{ startLine: 2, endLine: 2, newText: 'b' }] });
    assert.deepEqual(parseStructuredAnswer(json, wholeDocument(3)), { explanation: 'fixed', edits: [{ startLine: 2, endLine: 2, newText: 'b' }] });
    assert.throws(() => parseStructuredAnswer(`Here:\n${json}`, wholeDocument(3)), /not JSON/);
  });
});

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyReplacements, eolOf, planEdits, splitLines, type Eol } from '../../src/fix/editPlan';
import { documentAndEdits, editedByLines, type Edit } from '../shared/fixEdits';

/** Fixed so runs are deterministic; printed so a failure can be replayed with another. */
const SEED = Number(process.env.MG_FIX_EDITS_SEED ?? 1212);

function edited(text: string, edits: readonly Edit[], eol: Eol = eolOf(text)): string {
  return applyReplacements(text, planEdits(text, edits, eol));
}

describe('planning a fix (the one function behind the diff and Accept)', () => {
  const lf = 'one\ntwo\nthree\nfour\nfive\n';

  it('replaces whole lines; several edits do not shift each other', () => {
    const out = edited(lf, [{ startLine: 4, endLine: 5, newText: 'FOUR\nFIVE\nSIX' }, { startLine: 2, endLine: 2, newText: 'TWO' }]);
    assert.equal(out, 'one\nTWO\nthree\nFOUR\nFIVE\nSIX\n');
  });

  it('deletes lines with their line breaks for newText ""', () => {
    assert.equal(edited(lf, [{ startLine: 2, endLine: 3, newText: '' }]), 'one\nfour\nfive\n');
    assert.equal(edited('a\r\nb\r\nc', [{ startLine: 1, endLine: 1, newText: '' }]), 'b\r\nc');
  });

  it('deletes the last lines with the line break before them', () => {
    assert.equal(edited('a\nb', [{ startLine: 2, endLine: 2, newText: '' }]), 'a');
    assert.equal(edited('a\nb\n', [{ startLine: 2, endLine: 3, newText: '' }]), 'a');
    assert.equal(edited('a\nb\n', [{ startLine: 3, endLine: 3, newText: '' }]), 'a\nb', 'the empty last line is a line too');
    assert.equal(edited('a\nb\n', [{ startLine: 1, endLine: 3, newText: '' }]), '');
    assert.equal(edited('', [{ startLine: 1, endLine: 1, newText: '' }]), '');
  });

  it('deletes adjacent lines given as separate edits, up to the end of the document', () => {
    assert.equal(edited('a\nb\nc', [{ startLine: 3, endLine: 3, newText: '' }, { startLine: 2, endLine: 2, newText: '' }]), 'a');
  });

  it('reads a trailing line break in newText as the end of its last line, not an extra line', () => {
    assert.equal(edited(lf, [{ startLine: 2, endLine: 2, newText: 'TWO\n' }]), 'one\nTWO\nthree\nfour\nfive\n');
    assert.equal(edited(lf, [{ startLine: 2, endLine: 2, newText: '\n' }]), 'one\n\nthree\nfour\nfive\n', '"\\n" is one empty line');
    assert.equal(edited(lf, [{ startLine: 2, endLine: 2, newText: 'TWO\n\n' }]), 'one\nTWO\n\nthree\nfour\nfive\n');
  });

  it('keeps a CRLF document CRLF, whatever line breaks newText uses', () => {
    assert.equal(edited('a\r\nb\r\n', [{ startLine: 1, endLine: 1, newText: 'x\ny\rz\r\n' }]), 'x\r\ny\r\nz\r\nb\r\n');
    assert.equal(edited('a', [{ startLine: 1, endLine: 1, newText: 'x\ny' }], '\r\n'), 'x\r\ny', "a one-line document takes VS Code's EOL");
  });

  it('keeps a document without a final newline without one', () => {
    assert.equal(edited('a\nb', [{ startLine: 2, endLine: 2, newText: 'B\n' }]), 'a\nB');
    assert.equal(edited('a\nb', [{ startLine: 1, endLine: 1, newText: '' }]), 'b');
  });

  it('splits lines as VS Code does', () => {
    assert.deepEqual(splitLines('a\r\nb\rc\nd\n'), ['a', 'b', 'c', 'd', '']);
    assert.equal(eolOf('a\nb\r\n'), '\n');
    assert.equal(eolOf('a\r\nb\n'), '\r\n');
    assert.equal(eolOf('a'), '\n');
  });

  it('refuses to plan an edit outside the document (validation comes first)', () => {
    assert.throws(() => planEdits('a\nb', [{ startLine: 2, endLine: 3, newText: 'x' }]), RangeError);
  });

  describe(`properties (fast-check, seed ${SEED}; MG_FIX_EDITS_SEED runs another)`, () => {
    const options = { seed: SEED, numRuns: 3000 };

    it('the planned text is the edits done as line surgery, for LF, CRLF, no final newline, empty and one-line documents', () => {
      fc.assert(
        fc.property(documentAndEdits, ({ text, edits }) => {
          assert.equal(edited(text, edits), editedByLines(text, edits, eolOf(text)));
        }),
        options,
      );
    });

    it('the replacements are sorted, disjoint and inside the text, so an editor applies them as they are', () => {
      fc.assert(
        fc.property(documentAndEdits, ({ text, edits }) => {
          let at = 0;
          for (const r of planEdits(text, edits)) {
            assert.ok(r.start >= at && r.end >= r.start && r.end <= text.length, JSON.stringify(r));
            at = r.end;
          }
        }),
        options,
      );
    });

    it('the line ending stays the document’s', () => {
      fc.assert(
        fc.property(documentAndEdits, ({ text, edits }) => {
          const out = edited(text, edits);
          if (eolOf(text) === '\r\n') assert.doesNotMatch(out, /\r(?!\n)|(?<!\r)\n/, 'CRLF stays CRLF');
          else assert.doesNotMatch(out, /\r/, 'LF stays LF');
        }),
        options,
      );
    });

    it('the final newline changes only when an edit covers the last line', () => {
      fc.assert(
        fc.property(documentAndEdits, ({ text, edits }) => {
          const last = splitLines(text).length;
          fc.pre(edits.every((e) => e.endLine < last - 1) && text !== '');
          assert.equal(/\n$/.test(edited(text, edits)), /\n$/.test(text));
        }),
        options,
      );
    });
  });
});

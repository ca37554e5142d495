/**
 * Random documents and fix edits for the property tests of "what is applied is what the diff
 * showed" (test/unit/editPlan.test.ts over the pure planner, test/extension-host/fixEdits.test.ts
 * on real VS Code documents), and the meaning of an edit written a second, independent way.
 * No `vscode` here: both tiers import it.
 */
import fc from 'fast-check';

export interface Edit {
  readonly startLine: number;
  readonly endLine: number;
  readonly newText: string;
}

/** Characters of code and prose, wide ones and backslashes included; never a line break. */
const char = fc.constantFrom('a', 'b', 'z', ' ', '\t', '{', '}', ';', '"', '\\', 'é', '漢', '🎮');
const line = fc.string({ unit: char, maxLength: 10 });

/**
 * A document as VS Code holds it (one line ending throughout): LF or CRLF, with or without a final
 * newline, and often the edge cases: empty, one line, only a line break.
 */
export const documentText: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('', 'x', 'x\n', '\n', '\r\n', 'one\r\ntwo', 'a\n\n') },
  {
    weight: 5,
    arbitrary: fc
      .record({ lines: fc.array(line, { minLength: 1, maxLength: 7 }), eol: fc.constantFrom('\n', '\r\n'), finalNewline: fc.boolean() })
      .map(({ lines, eol, finalNewline }) => lines.join(eol) + (finalNewline ? eol : '')),
  },
);

/** newText as a model writes it: "" (delete), lines joined by any line break, maybe ending in one or two. */
export const newText: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc
    .record({
      lines: fc.array(line, { minLength: 1, maxLength: 3 }),
      sep: fc.constantFrom('\n', '\r\n', '\r'),
      trailing: fc.constantFrom('', '', '\n', '\r\n', '\n\n'),
    })
    .map(({ lines, sep, trailing }) => lines.join(sep) + trailing),
);

/** 1–3 valid edits of a document of `lineCount` lines (as VS Code counts them), in any order, never overlapping. */
export function validEdits(lineCount: number): fc.Arbitrary<Edit[]> {
  return fc
    .array(fc.record({ a: fc.integer({ min: 1, max: lineCount }), b: fc.integer({ min: 1, max: lineCount }), newText }), { minLength: 1, maxLength: 3 })
    .map((raw) => {
      const kept: Edit[] = [];
      for (const { a, b, newText: text } of raw) {
        const edit = { startLine: Math.min(a, b), endLine: Math.max(a, b), newText: text };
        if (kept.every((k) => edit.endLine < k.startLine || edit.startLine > k.endLine)) kept.push(edit);
      }
      return kept;
    });
}

/** VS Code's lines: split at \r\n, \r or \n, the empty one after a final line break included. */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** A document and valid edits of it. */
export const documentAndEdits: fc.Arbitrary<{ text: string; edits: Edit[] }> = documentText.chain((text) =>
  validEdits(linesOf(text).length).map((edits) => ({ text, edits })),
);

/**
 * The meaning of edits, written as line surgery (independent of the planner's offsets): each
 * edit's lines are spliced out and newText's lines (one trailing break dropped; "" for none) put
 * in; the lines are joined with the document's line ending.
 */
export function editedByLines(text: string, edits: readonly Edit[], eol: '\n' | '\r\n'): string {
  const lines = linesOf(text);
  for (const edit of [...edits].sort((a, b) => b.startLine - a.startLine)) {
    let replacement = edit.newText === '' ? [] : linesOf(edit.newText);
    if (replacement.length > 1 && replacement[replacement.length - 1] === '') replacement = replacement.slice(0, -1);
    lines.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...replacement);
  }
  return lines.join(eol);
}

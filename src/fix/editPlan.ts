/**
 * What a fix does to a document, decided once. The fix exchange's edits (whole lines of the
 * document as sent, CONTRACT.md "The fix exchange") become exact replacements of character
 * ranges; the diff's right side is those replacements applied to the text, and Accept applies the
 * same replacements to the document. So what is applied is what the diff showed, byte for byte.
 *
 * The meaning of an edit (FIX_INSTRUCTIONS tells the model the same):
 * - Lines are split at \r\n, \r and \n, as VS Code splits them. A document that ends with a line
 *   break has an empty last line; it is a line like any other.
 * - `newText: ""` deletes lines startLine..endLine with their line breaks. When they are the last
 *   lines of the document, the line break before them goes instead (`a⏎b` without line 2 is `a`).
 * - Any other newText replaces the text of those lines, not the line break after the last one: its
 *   lines (one trailing line break dropped, so `x⏎` is the line `x` and `⏎` is one empty line),
 *   joined with the document's line ending. A CRLF document stays CRLF; a document without a final
 *   newline keeps none unless an edit of its last line says otherwise.
 *
 * Pure (no `vscode`), so the property tests run it over thousands of documents.
 */
import type { FixEdit } from './fixProposal';

export type Eol = '\n' | '\r\n';

/** Replace text[start, end) with `text`. Offsets are UTF-16 code units, as in TextDocument.offsetAt. */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Where one line lies in the text: its first character, the end of its text, and the end of its line break. */
interface LineSpan {
  readonly start: number;
  readonly textEnd: number;
  readonly breakEnd: number;
}

// Linear: one alternation of fixed strings, no quantifier.
const LINE_BREAK = /\r\n|\r|\n/;

/** The document's lines as VS Code counts them (an empty last line after a final line break). */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/** The document's line ending: CRLF when its first line break is one, else LF. */
export function eolOf(text: string): Eol {
  const first = LINE_BREAK.exec(text);
  return first?.[0] === '\r\n' ? '\r\n' : '\n';
}

function lineSpans(text: string): LineSpan[] {
  const spans: LineSpan[] = [];
  let start = 0;
  for (const match of text.matchAll(new RegExp(LINE_BREAK.source, 'g'))) {
    const textEnd = match.index;
    spans.push({ start, textEnd, breakEnd: textEnd + match[0].length });
    start = textEnd + match[0].length;
  }
  spans.push({ start, textEnd: text.length, breakEnd: text.length });
  return spans;
}

/** newText as the lines it stands for, joined with `eol` ("" is not here: it deletes). */
function replacementText(newText: string, eol: Eol): string {
  const lines = splitLines(newText);
  // One trailing line break ends the last line; it does not start another.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.join(eol);
}

/**
 * Edits sorted, with deletions of adjacent lines joined into one: deleting the last lines takes
 * the line break before them, which a deletion of the line before would also take.
 */
function mergeDeletions(edits: readonly FixEdit[]): FixEdit[] {
  const merged: FixEdit[] = [];
  for (const edit of [...edits].sort((a, b) => a.startLine - b.startLine)) {
    const previous = merged[merged.length - 1];
    if (previous && previous.newText === '' && edit.newText === '' && previous.endLine + 1 === edit.startLine) {
      merged[merged.length - 1] = { startLine: previous.startLine, endLine: edit.endLine, newText: '' };
    } else {
      merged.push(edit);
    }
  }
  return merged;
}

/**
 * The replacements that carry out validated edits (inside the document, not overlapping), sorted
 * by offset and disjoint. Throws a RangeError for an edit outside the document: validate first.
 */
export function planEdits(text: string, edits: readonly FixEdit[], eol: Eol = eolOf(text)): Replacement[] {
  const spans = lineSpans(text);
  const out: Replacement[] = [];
  for (const edit of mergeDeletions(edits)) {
    const first = spans[edit.startLine - 1];
    const last = spans[edit.endLine - 1];
    if (!first || !last || edit.startLine > edit.endLine) {
      throw new RangeError(`Edit of lines ${edit.startLine}–${edit.endLine} is outside a document of ${spans.length} lines.`);
    }
    if (edit.newText !== '') {
      out.push({ start: first.start, end: last.textEnd, text: replacementText(edit.newText, eol) });
    } else if (edit.endLine < spans.length) {
      out.push({ start: first.start, end: last.breakEnd, text: '' });
    } else {
      // The last lines go with the line break before them (none when the whole document goes).
      out.push({ start: edit.startLine > 1 ? spans[edit.startLine - 2].textEnd : 0, end: last.textEnd, text: '' });
    }
  }
  return out;
}

/** The text with the replacements made (sorted and disjoint, as planEdits returns them). */
export function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const r of replacements) {
    parts.push(text.slice(at, r.start), r.text);
    at = r.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

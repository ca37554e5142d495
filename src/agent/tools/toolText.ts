/**
 * The pure parts of the workspace tools: numbered and bounded file reads, exact-match counting
 * for edit_file (with hints when old_text is not found), and line endings. No `vscode`, so every
 * bound and every refusal is unit-tested.
 */
import { splitLines } from '../../context/fileText';

/** Characters of numbered lines one read_file returns; the rest is left for another call. */
export const READ_BUDGET = 24_000;
/** Lines named when old_text occurs several times. */
const MAX_LINES_NAMED = 10;

const count = (n: number): string => n.toLocaleString('en-US');

export type ReadResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

/**
 * `text`'s lines `start`–`end` (1-based, inclusive; defaults: the whole file), numbered
 * `  12 | code`, at most `budget` characters: the read stops at a whole line and says where to go on.
 */
export function readLines(shown: string, text: string, start: number | undefined, end: number | undefined, budget: number = READ_BUDGET): ReadResult {
  const { lines, longLines } = splitLines(text);
  const total = text === '' ? 0 : lines.length;
  if (total === 0) return { ok: true, text: `(${shown} is empty)` };
  const from = start ?? 1;
  if (from > total) return { ok: false, error: `Error: start_line ${count(from)} is past the end of ${shown}, which has ${count(total)} line${total === 1 ? '' : 's'}.` };
  if (end !== undefined && end < from) return { ok: false, error: `Error: end_line ${count(end)} is before start_line ${count(from)}.` };
  const to = Math.min(end ?? total, total);
  const width = String(to).length;
  const out: string[] = [];
  let used = 0;
  let last = from - 1;
  for (let n = from; n <= to; n++) {
    const numbered = `${String(n).padStart(width)} | ${lines[n - 1]}`;
    // The first line always goes out (it is at most MAX_LINE_CHARS), so a read always advances.
    if (out.length > 0 && used + numbered.length + 1 > budget) break;
    out.push(numbered);
    used += numbered.length + 1;
    last = n;
  }
  const notes: string[] = [];
  if (last < to) notes.push(`… lines ${count(from)}–${count(last)} of ${count(total)} shown (the read budget is ${count(budget)} characters). To read on, call read_file with start_line ${count(last + 1)}.`);
  else if (from > 1 || to < total) notes.push(`… lines ${count(from)}–${count(to)} of ${count(total)}.`);
  if (longLines > 0) notes.push(`… ${count(longLines)} line${longLines === 1 ? '' : 's'} longer than 2,000 characters cut (ending "…(line cut)"); do not use them as old_text.`);
  return { ok: true, text: [...out, ...notes].join('\n') };
}

/** `text` with every line break made `eol`. */
export function withEol(text: string, eol: '\n' | '\r\n'): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

/** Where `needle` occurs in `haystack` (overlapping occurrences count: they make an edit just as ambiguous), up to `limit`. */
export function occurrences(haystack: string, needle: string, limit = 1_000): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  for (let at = haystack.indexOf(needle); at !== -1 && found.length < limit; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/** The 1-based line `offset` is on. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

export type EditPlan =
  | { readonly kind: 'unique'; readonly start: number; readonly end: number; readonly replacement: string; readonly startLine: number; readonly endLine: number }
  | { readonly kind: 'error'; readonly error: string };

const squash = (line: string): string => line.trim().replace(/\s+/g, ' ');

/** Why old_text was not found, and what to do: line numbers pasted in, whitespace that differs, or where its first line is. */
function missingHint(lines: readonly string[], old: string): string {
  const oldLines = old.split('\n');
  if (oldLines.every((l) => l.trim() === '' || /^\s*\d+\s*[|:]/.test(l)) && oldLines.some((l) => l.trim() !== '')) {
    return ' It starts each line with a line number: those come from read_file\'s display, not the file; leave them out.';
  }
  const wanted = oldLines.map(squash);
  while (wanted.length > 0 && wanted[wanted.length - 1] === '') wanted.pop();
  if (wanted.length > 0) {
    const squashed = lines.map(squash);
    for (let i = 0; i + wanted.length <= squashed.length; i++) {
      if (wanted.every((w, k) => w === squashed[i + k])) {
        return ` Lines ${count(i + 1)}–${count(i + wanted.length)} match it except for whitespace (indentation, tabs or trailing spaces): read those lines and copy them exactly.`;
      }
    }
  }
  const first = wanted.find((w) => w !== '');
  if (first) {
    const at = lines.flatMap((l, i) => (squash(l).includes(first) ? [i + 1] : [])).slice(0, MAX_LINES_NAMED);
    if (at.length > 0) return ` Its first line occurs at line${at.length === 1 ? '' : 's'} ${at.map(count).join(', ')}, but what follows differs: read the file there and copy the text exactly.`;
  }
  return ' Read the file (read_file) and copy the text to replace exactly as it is now.';
}

/**
 * The one replacement `old` → `replacement` in `text`, or an `Error:` saying how many matches
 * there are and where. `text` and both arguments are compared with line breaks as in the
 * document (`eol`): a CRLF file matches old_text written with `\n`, and gets new_text with `\r\n`.
 */
export function planEdit(shown: string, text: string, oldText: string, newText: string, eol: '\n' | '\r\n'): EditPlan {
  const old = withEol(oldText, eol);
  const replacement = withEol(newText, eol);
  if (old === replacement) return { kind: 'error', error: `Error: old_text and new_text are the same; nothing to change in ${shown}.` };
  const found = occurrences(text, old);
  if (found.length === 1) {
    const start = found[0];
    const end = start + old.length;
    return { kind: 'unique', start, end, replacement, startLine: lineAt(text, start), endLine: lineAt(text, Math.max(start, end - 1)) };
  }
  if (found.length === 0) {
    const lines = text.split(/\r\n|\r|\n/);
    return { kind: 'error', error: `Error: old_text was not found in ${shown}; nothing was changed.${missingHint(lines, withEol(oldText, '\n'))}` };
  }
  const lines = found.slice(0, MAX_LINES_NAMED).map((at) => count(lineAt(text, at)));
  const more = found.length > MAX_LINES_NAMED ? ` and ${found.length >= 1_000 ? 'more' : count(found.length - MAX_LINES_NAMED)} more` : '';
  const times = found.length >= 1_000 ? 'at least 1,000 times' : `${count(found.length)} times`;
  return {
    kind: 'error',
    error: `Error: old_text occurs ${times} in ${shown} (starting at lines ${lines.join(', ')}${more}); nothing was changed. Include enough surrounding lines in old_text that it occurs exactly once.`,
  };
}

/** `  14 | code` lines around an applied edit, so the model sees the result without another read. */
export function excerpt(text: string, startLine: number, endLine: number, context = 2, budget = 4_000): string {
  const lines = text.split(/\r\n|\r|\n/);
  const from = Math.max(1, startLine - context);
  const to = Math.min(lines.length, endLine + context);
  const result = readLines('the file', lines.join('\n'), from, to, budget);
  return result.ok ? result.text : '';
}

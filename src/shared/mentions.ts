/**
 * `#` mentions in the composer's text (CONTRACT.md "Context in the sidebar"). Both sides use this
 * parser: the webview to draw chips while the user types, the host to attach what the text names
 * when it is sent. Typed, pasted and picked mentions are the same text, so they behave the same.
 *
 * The forms:
 * - `#file:<path>` and `#folder:<path>`: a workspace-relative path. A path with spaces is written
 *   in double quotes or backticks: `#file:"Assets/My Scripts/Player.cs"`, `` #file:`Assets/My Scripts/Player.cs` ``.
 *   Unquoted, the path runs to the next whitespace; a trailing `.`, `,`, `;`, `:`, `!`, `?` or an
 *   unbalanced closing bracket is taken as the sentence's, not the path's.
 * - `#symbol:<name>`: a symbol name (quoted like a path when it holds spaces).
 * - `#selection`, `#problems`, `#problems:all`, `#terminal`, `#changes`, `#codebase`.
 *
 * A mention starts the text or follows whitespace or `(`, so `C#`, `issue#12` or a URL's `#anchor`
 * are text. `#file` without a colon, and `#` followed by any other word (`#pragma`, `#include`), are
 * text too. Nothing inside a fenced code block or an inline code span is a mention: pasted code
 * stays code. Pure: no DOM, no `vscode`, no Node.
 */

/** What a mention attaches (ContextKind without the implicit active editor). */
export type MentionKind = 'file' | 'folder' | 'selection' | 'problems' | 'terminal' | 'changes' | 'symbol' | 'codebase';

/** One mention found in the text. */
export interface Mention {
  readonly kind: MentionKind;
  /** The path or symbol name; `all` for `#problems:all`; absent for the kinds without one. */
  readonly argument?: string;
  /** Where the mention is in the text (UTF-16 offsets, `end` exclusive). */
  readonly start: number;
  readonly end: number;
  /** The canonical spelling: `#file:Assets/Player.cs`, `#file:"My File.cs"`, `#problems:all`. Also the chip's text. */
  readonly label: string;
}

/** Why a mention cannot be used as written. */
export type MentionProblemCode =
  /** `#file:`, `#folder:` or `#symbol:` with nothing after the colon. */
  | 'missing-argument'
  /** `#selection:x`, `#problems:x` (only `:all`), `#changes:x`… */
  | 'unknown-argument'
  /** A quote opened and never closed on that line. */
  | 'unclosed-quote'
  /** `#codebase` comes with the codebase index (a later version). */
  | 'not-available'
  /** More mentions than one message may carry. */
  | 'too-many';

export interface MentionProblem {
  readonly code: MentionProblemCode;
  readonly kind: MentionKind;
  readonly start: number;
  readonly end: number;
  /** The text as written. */
  readonly text: string;
}

export interface ParsedMentions {
  /** In text order, without repeats (the same item mentioned twice is attached once). */
  readonly mentions: readonly Mention[];
  readonly problems: readonly MentionProblem[];
}

/** A message attaches at most this many items; the rest are reported, not silently dropped. */
export const MAX_MENTIONS = 20;
/** Arguments longer than this are not paths or symbol names anyone typed. */
const MAX_ARGUMENT = 1024;

/** The kinds and what each takes after the colon. */
const KINDS: Readonly<Record<MentionKind, 'path' | 'name' | 'none' | 'all'>> = {
  file: 'path',
  folder: 'path',
  symbol: 'name',
  selection: 'none',
  problems: 'all',
  terminal: 'none',
  changes: 'none',
  codebase: 'none',
};

export const MENTION_KINDS = Object.keys(KINDS) as readonly MentionKind[];

/** Whether `kind` takes a path or name after `:` (`#file:`, `#folder:`, `#symbol:`). */
export function takesArgument(kind: MentionKind): boolean {
  return KINDS[kind] === 'path' || KINDS[kind] === 'name';
}

const isKind = (word: string): word is MentionKind => Object.prototype.hasOwnProperty.call(KINDS, word);
const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);
const TRAILING_PUNCTUATION = '.,;:!?\'"';
const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

/** Writes an argument so that it parses back to itself: quoted when it holds whitespace. */
export function quoteArgument(argument: string): string {
  if (!/[\s"`]/.test(argument) && !endsWithPunctuation(argument)) return argument;
  return argument.includes('"') ? `\`${argument}\`` : `"${argument}"`;
}

function endsWithPunctuation(argument: string): boolean {
  const last = argument.at(-1) ?? '';
  return TRAILING_PUNCTUATION.includes(last) || (last in CLOSERS && !balanced(argument));
}

/** The canonical text of a mention. */
export function mentionLabel(kind: MentionKind, argument?: string): string {
  if (argument === undefined) return `#${kind}`;
  return `#${kind}:${takesArgument(kind) ? quoteArgument(argument) : argument}`;
}

/** Whether every closing bracket in `text` has its opening one. */
function balanced(text: string): boolean {
  const depth: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  for (const ch of text) {
    if (ch in depth) depth[ch]++;
    const opener = CLOSERS[ch];
    if (opener !== undefined && --depth[opener] < 0) return false;
  }
  return true;
}

/** An unquoted path or name: up to whitespace, without the sentence's trailing punctuation. */
function bareArgument(text: string, from: number): { value: string; end: number } {
  let end = from;
  while (end < text.length && !isSpace(text[end]) && end - from <= MAX_ARGUMENT) end++;
  let value = text.slice(from, end);
  for (;;) {
    const last = value.at(-1);
    // `.` and `..` are paths (the workspace root, its parent), not the sentence's dots.
    if (last === undefined || value === '.' || value === '..') break;
    if (TRAILING_PUNCTUATION.includes(last) || (last in CLOSERS && !balanced(value))) {
      value = value.slice(0, -1);
      continue;
    }
    break;
  }
  return { value, end: from + value.length };
}

/** A quoted path or name on one line; undefined when the quote is not closed there (within MAX_ARGUMENT). */
function quotedArgument(text: string, from: number): { value: string; end: number } | undefined {
  const quote = text[from];
  for (let at = from + 1; at < text.length && at - from <= MAX_ARGUMENT; at++) {
    if (text[at] === quote) return { value: text.slice(from + 1, at), end: at + 1 };
    if (text[at] === '\n') return undefined;
  }
  return undefined;
}

/** Where a problem with an unclosed quote ends: the end of the line, or MAX_ARGUMENT on. */
function unclosedEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length && text[at] !== '\n' && at - from <= MAX_ARGUMENT) at++;
  return at;
}

/** The end of the fenced code block opening at `lineStart` (CommonMark: ``` or ~~~, 0–3 spaces in). */
function fenceEnd(text: string, lineStart: number): number | undefined {
  const lineEnd = text.indexOf('\n', lineStart);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
  if (!open || (open[1][0] === '`' && line.slice(open[0].length).includes('`'))) return undefined;
  const marker = open[1];
  let at = lineEnd;
  while (at >= 0) {
    const next = text.indexOf('\n', at + 1);
    const candidate = text.slice(at + 1, next < 0 ? text.length : next);
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(candidate);
    if (close && close[1][0] === marker[0] && close[1].length >= marker.length) return next < 0 ? text.length : next;
    at = next;
  }
  return text.length; // An unclosed fence runs to the end (CommonMark).
}

/**
 * Inline code spans: a run of N backticks closes at the next run of exactly N. The runs are found
 * once per text (as markdown-it does), so hostile text with many unmatched runs stays linear.
 */
class CodeSpans {
  private runs: Map<number, number[]> | undefined;
  private readonly next = new Map<number, number>();

  constructor(private readonly text: string) {}

  /** The end of the span opening at `from`, or undefined when its backticks are literal. */
  endOf(from: number): number | undefined {
    const length = this.runLength(from);
    this.runs ??= this.scan();
    const starts = this.runs.get(length) ?? [];
    let index = this.next.get(length) ?? 0;
    while (index < starts.length && starts[index] <= from) index++;
    this.next.set(length, index);
    return index < starts.length ? starts[index] + length : undefined;
  }

  runLength(from: number): number {
    let end = from;
    while (this.text[end] === '`') end++;
    return end - from;
  }

  private scan(): Map<number, number[]> {
    const runs = new Map<number, number[]>();
    for (let at = 0; at < this.text.length; ) {
      if (this.text[at] !== '`') {
        at++;
        continue;
      }
      const length = this.runLength(at);
      const list = runs.get(length) ?? [];
      list.push(at);
      runs.set(length, list);
      at += length;
    }
    return runs;
  }
}

/** Finds the mentions in composer text. Linear in the text's length. */
export function parseMentions(text: string): ParsedMentions {
  const mentions: Mention[] = [];
  const problems: MentionProblem[] = [];
  const seen = new Set<string>();
  let tooMany = 0;
  const spans = new CodeSpans(text);
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const lineStart = i === 0 || text[i - 1] === '\n';
    if (lineStart && (ch === ' ' || ch === '`' || ch === '~')) {
      const end = fenceEnd(text, i);
      if (end !== undefined) {
        i = end;
        continue;
      }
    }
    if (ch === '`') {
      const end = spans.endOf(i);
      i = end ?? i + spans.runLength(i);
      continue;
    }
    if (ch !== '#' || !(i === 0 || isSpace(text[i - 1]) || text[i - 1] === '(')) {
      i++;
      continue;
    }
    const found = readMention(text, i);
    if (!found) {
      i++;
      continue;
    }
    if ('code' in found) {
      problems.push(found);
    } else {
      const key = `${found.kind}\u0000${found.argument ?? ''}`;
      if (!seen.has(key)) {
        seen.add(key);
        if (mentions.length < MAX_MENTIONS) mentions.push(found);
        else tooMany++;
      }
    }
    i = found.end;
  }
  if (tooMany > 0) {
    const last = mentions[mentions.length - 1];
    problems.push({ code: 'too-many', kind: last.kind, start: last.end, end: last.end, text: String(tooMany) });
  }
  return { mentions, problems };
}

/** The mention at `start` (a `#`), a problem with it, or undefined when it is plain text. */
function readMention(text: string, start: number): Mention | MentionProblem | undefined {
  const word = /^#([A-Za-z]+)/.exec(text.slice(start, start + 12));
  if (!word) return undefined;
  const kind = word[1].toLowerCase();
  if (!isKind(kind)) return undefined;
  let end = start + word[0].length;
  const next = text[end];
  const takes = KINDS[kind];
  const problem = (code: MentionProblemCode, to: number): MentionProblem => ({ code, kind, start, end: to, text: text.slice(start, to) });

  if (takes === 'path' || takes === 'name') {
    if (next !== ':') return undefined; // `#file` alone is a word, not a mention.
    end++;
    if (end >= text.length || isSpace(text[end])) return problem('missing-argument', end);
    let argument: { value: string; end: number } | undefined;
    if (text[end] === '"' || text[end] === '`') {
      argument = quotedArgument(text, end);
      if (!argument) return problem('unclosed-quote', unclosedEnd(text, end));
    } else {
      argument = bareArgument(text, end);
    }
    const value = argument.value.trim();
    if (!value) return problem('missing-argument', argument.end);
    return { kind, argument: value, start, end: argument.end, label: mentionLabel(kind, value) };
  }

  // Kinds without a path: the word must end here (`#changes.` yes, `#changesets` no).
  if (next !== undefined && /[\w-]/.test(next)) return undefined;
  if (next === ':' && end + 1 < text.length && !isSpace(text[end + 1])) {
    const { value, end: argumentEnd } = bareArgument(text, end + 1);
    if (takes === 'all' && value.toLowerCase() === 'all') {
      return { kind, argument: 'all', start, end: argumentEnd, label: mentionLabel(kind, 'all') };
    }
    if (value) return problem('unknown-argument', argumentEnd);
  }
  if (kind === 'codebase') return problem('not-available', end);
  return { kind, start, end, label: mentionLabel(kind) };
}

/**
 * The text with the mention at `start..end` taken out, and one space next to it, so removing a
 * chip leaves the sentence readable.
 */
export function removeRange(text: string, start: number, end: number): string {
  let from = start;
  let to = end;
  if (text[to] === ' ') to++;
  else if (from > 0 && text[from - 1] === ' ') from--;
  return text.slice(0, from) + text.slice(to);
}

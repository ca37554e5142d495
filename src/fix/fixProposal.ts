/**
 * Reads the model's answer to the fix exchange and decides whether it may be applied. Anything
 * doubtful is refused with a reason: the user's file is never written from a bad proposal.
 */
import { MAX_PROPOSAL_CHARS } from '../answering/bodyLimit';
import { isEditList } from './editListChecks';
import type { LineRange } from './fixContext';

/** One edit: lines startLine..endLine (1-based, inclusive, as sent) become newText (see editPlan.ts). */
export interface FixEdit {
  readonly startLine: number;
  readonly endLine: number;
  readonly newText: string;
}

export interface FixProposal {
  readonly explanation: string;
  /** Sorted by startLine, validated. */
  readonly edits: readonly FixEdit[];
}

/**
 * Where a proposal may edit. For a fix: the window of lines sent, minus the lines sent cut; for
 * Edit Selection: the selected lines. A model may only change lines it was shown whole.
 */
export interface EditBounds {
  /** Lines in the document as sent. */
  readonly lineCount: number;
  /** The only lines edits may cover. */
  readonly allowed: LineRange;
  /** Lines inside `allowed` no edit may cover: they were sent cut ("…(line cut)"), never seen whole. */
  readonly locked: readonly number[];
}

/** Bounds that allow the whole document (a model that was shown all of it, whole). */
export function wholeDocument(lineCount: number): EditBounds {
  return { lineCount, allowed: { startLine: 1, endLine: lineCount }, locked: [] };
}

/**
 * Longer answers are refused unread (and stopped while they stream, see the answering engine): a
 * fix of a window under the 64 KB request limit, even one that rewrites all of it with JSON
 * escapes, is far smaller.
 */
export const MAX_ANSWER_CHARS = MAX_PROPOSAL_CHARS;

/** Why a proposal was refused; `explanation` is the model's, when it gave one. */
export class FixRefusedError extends Error {
  constructor(
    readonly reason: 'unparsable' | 'no-edits' | 'outside' | 'outside-window' | 'cut-line' | 'overlap' | 'malformed',
    message: string,
    readonly explanation?: string,
  ) {
    super(message);
    this.name = 'FixRefusedError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The bodies of the fenced blocks in an answer, read like /```[a-zA-Z]*\s*\n([\s\S]*?)```/g but
 * in one pass: that regex backtracks quadratically on a fence followed by many blank lines.
 */
function fencedBlocks(answer: string): string[] {
  const blocks: string[] = [];
  let at = 0;
  for (;;) {
    const open = answer.indexOf('```', at);
    if (open < 0) return blocks;
    // The info string ("json"), then blank space up to the line break that starts the body.
    let i = open + 3;
    while (i < answer.length && isAsciiLetter(answer.charCodeAt(i))) i++;
    // The body starts after the last line break in the blank space (the regex's `\s*\n`).
    let newline = -1;
    while (i < answer.length && isWhitespace(answer[i])) {
      if (answer[i] === '\n') newline = i;
      i++;
    }
    if (newline < 0) {
      // Not an opening fence; the next can only start after it (its letters and blanks hold no backtick).
      at = open + 1;
      continue;
    }
    const close = answer.indexOf('```', newline + 1);
    // No closing fence after this one means none after any later one either.
    if (close < 0) return blocks;
    blocks.push(answer.slice(newline + 1, close));
    at = close + 3;
  }
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isWhitespace(char: string): boolean {
  return char.trim() === '';
}

/** The JSON object in an answer: the whole text, a fenced block, or the outermost braces. */
function extractJson(answer: string): unknown {
  const candidates: string[] = [answer.trim(), ...fencedBlocks(answer).map((block) => block.trim())];
  const first = answer.indexOf('{');
  const last = answer.lastIndexOf('}');
  if (first >= 0 && last > first) {
    candidates.push(answer.slice(first, last + 1));
  }
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // Try the next reading.
    }
  }
  return undefined;
}

/** Parses and validates an answer against the document as sent and where its edits may go. */
export function parseFixAnswer(answer: string, bounds: EditBounds): FixProposal {
  if (answer.length > MAX_ANSWER_CHARS) {
    throw new FixRefusedError('unparsable', `The answer was too long to be a fix (over ${MAX_ANSWER_CHARS / 1024} KB), so it was not read and nothing was changed.`);
  }
  const json = extractJson(answer);
  if (!isRecord(json)) {
    throw new FixRefusedError('unparsable', 'The answer was not the JSON fix the extension asked for, so nothing was changed.');
  }
  const explanation = typeof json.explanation === 'string' ? json.explanation.trim() : '';
  if (!Array.isArray(json.edits) || json.edits.length === 0) {
    throw new FixRefusedError('no-edits', 'The model proposed no edits, so nothing was changed.', explanation || undefined);
  }
  const edits: FixEdit[] = [];
  for (const raw of json.edits) {
    if (!isRecord(raw) || !Number.isInteger(raw.startLine) || !Number.isInteger(raw.endLine) || typeof raw.newText !== 'string') {
      throw new FixRefusedError('malformed', 'An edit in the answer is malformed (it needs whole-number startLine/endLine and a newText string), so nothing was changed.', explanation || undefined);
    }
    edits.push({ startLine: raw.startLine as number, endLine: raw.endLine as number, newText: raw.newText });
  }
  return { explanation, edits: validateEdits(edits, bounds, explanation) };
}

/**
 * Reads an answer given under the edit-list schema (structured output): the whole text must be
 * JSON the schema accepts. A gateway that promised the schema and broke it is not second-guessed
 * (no fences, no braces hunted for): the answer is refused, nothing is changed.
 */
export function parseStructuredAnswer(answer: string, bounds: EditBounds): FixProposal {
  if (answer.length > MAX_ANSWER_CHARS) {
    throw new FixRefusedError('unparsable', `The answer was too long to be a fix (over ${MAX_ANSWER_CHARS / 1024} KB), so it was not read and nothing was changed.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    throw new FixRefusedError('unparsable', 'The structured answer was not JSON, though the gateway was asked for the edit-list schema, so it was not trusted and nothing was changed. Try again.');
  }
  if (!isEditList(json)) {
    throw new FixRefusedError('malformed', 'The structured answer does not match the edit-list schema it was asked for, so it was not trusted and nothing was changed. Try again.');
  }
  const explanation = json.explanation.trim();
  if (json.edits.length === 0) throw new FixRefusedError('no-edits', 'The model proposed no edits, so nothing was changed.', explanation || undefined);
  return { explanation, edits: validateEdits(json.edits, bounds, explanation) };
}

/** "line 7" or "lines 7–9". */
function lines(range: LineRange): string {
  return range.startLine === range.endLine ? `line ${range.startLine}` : `lines ${range.startLine}–${range.endLine}`;
}

/**
 * Refuses edits outside the document, outside the allowed lines, on a locked line, or overlapping
 * each other; returns them sorted.
 */
export function validateEdits(edits: readonly FixEdit[], bounds: EditBounds, explanation?: string): FixEdit[] {
  const said = explanation || undefined;
  const sorted = [...edits].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const { allowed } = bounds;
  for (const edit of sorted) {
    if (edit.startLine < 1 || edit.endLine > bounds.lineCount || edit.startLine > edit.endLine) {
      throw new FixRefusedError('outside', `The proposed edit of ${lines(edit)} is outside the document (lines 1–${bounds.lineCount}), so nothing was changed.`, said);
    }
    if (edit.startLine < allowed.startLine || edit.endLine > allowed.endLine) {
      throw new FixRefusedError(
        'outside-window',
        `The proposed edit of ${lines(edit)} is outside the code that was sent (${lines(allowed)}): the model did not see what it would change, so nothing was changed. Try again, or make this change by hand.`,
        said,
      );
    }
    const locked = bounds.locked.find((line) => line >= edit.startLine && line <= edit.endLine);
    if (locked !== undefined) {
      throw new FixRefusedError(
        'cut-line',
        `The proposed edit of ${lines(edit)} changes line ${locked}, which was too long to send whole (the model saw it cut short), so nothing was changed. Make this change by hand.`,
        said,
      );
    }
  }
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].startLine <= sorted[i - 1].endLine) {
      throw new FixRefusedError(
        'overlap',
        `The proposed edits overlap (lines ${sorted[i - 1].startLine}–${sorted[i - 1].endLine} and ${sorted[i].startLine}–${sorted[i].endLine}), so nothing was changed.`,
        said,
      );
    }
  }
  return sorted;
}

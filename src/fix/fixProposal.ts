/**
 * Reads the model's answer to the fix exchange and decides whether it may be applied. Anything
 * doubtful is refused with a reason: the user's file is never written from a bad proposal.
 */

/** One edit: lines startLine..endLine (1-based, inclusive, as sent) become newText. */
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

/** Why a proposal was refused; `explanation` is the model's, when it gave one. */
export class FixRefusedError extends Error {
  constructor(
    readonly reason: 'unparsable' | 'no-edits' | 'outside' | 'overlap' | 'malformed',
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

/** The JSON object in an answer: the whole text, a fenced block, or the outermost braces. */
function extractJson(answer: string): unknown {
  const candidates: string[] = [answer.trim()];
  for (const match of answer.matchAll(/```[a-zA-Z]*\s*\n([\s\S]*?)```/g)) {
    candidates.push(match[1].trim());
  }
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

/** Parses and validates an answer against the document it was asked about. */
export function parseFixAnswer(answer: string, lineCount: number): FixProposal {
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
  return { explanation, edits: validateEdits(edits, lineCount, explanation) };
}

/** Refuses edits outside the document or overlapping each other; returns them sorted. */
export function validateEdits(edits: readonly FixEdit[], lineCount: number, explanation?: string): FixEdit[] {
  const sorted = [...edits].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  for (const edit of sorted) {
    if (edit.startLine < 1 || edit.endLine > lineCount || edit.startLine > edit.endLine) {
      throw new FixRefusedError(
        'outside',
        `The proposed edit of lines ${edit.startLine}–${edit.endLine} is outside the document (lines 1–${lineCount}), so nothing was changed.`,
        explanation || undefined,
      );
    }
  }
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].startLine <= sorted[i - 1].endLine) {
      throw new FixRefusedError(
        'overlap',
        `The proposed edits overlap (lines ${sorted[i - 1].startLine}–${sorted[i - 1].endLine} and ${sorted[i].startLine}–${sorted[i].endLine}), so nothing was changed.`,
        explanation || undefined,
      );
    }
  }
  return sorted;
}

/**
 * The document's text with the edits applied (for the preview), keeping its line ending. Edits
 * are validated and sorted, so they apply bottom-up without shifting each other.
 */
export function applyEditsToText(text: string, edits: readonly FixEdit[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  for (const edit of [...edits].sort((a, b) => b.startLine - a.startLine)) {
    const replacement = edit.newText === '' ? [] : edit.newText.replace(/\r?\n$/, '').split(/\r?\n/);
    lines.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...replacement);
  }
  return lines.join(eol);
}

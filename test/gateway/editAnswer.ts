/**
 * The gateway's answer to Edit Selection (CONTRACT.md: the fix exchange's JSON and
 * `response_format`, "with the instruction and the selected lines (numbered as for fixes) in the
 * user message; edits must stay inside the selected lines"). A few deterministic instructions,
 * applied to the selected lines only:
 *
 * - `rename X to Y` (also `as`/`into`, names in quotes or backticks): every whole-word X becomes Y;
 * - `comment out` (or `comment`): each non-blank line gets the file's line comment after its indentation;
 * - `uncomment`: a leading line comment is taken off each line;
 * - `add a comment: TEXT`: a comment line with TEXT goes above the first selected line;
 * - `delete` / `remove` (alone, or "the lines", "them", "this"): the selected lines go;
 * - anything else: a `TODO` comment with the instruction goes above the first selected line.
 *
 * Changed lines become edits of whole lines, one per run of consecutive changed lines; lines sent
 * cut ("…(line cut)") are never changed. An instruction that changes nothing (a rename of a name
 * that is not there) answers with no edits and an explanation, as a model would.
 */
import { commentLine, indentOf, type FixAnswer, type FixEdit } from './fixAnswer';
import { isShaderFamily, languageFamily, lineValue, type LanguageFamily } from './fixRequest';

/** Edit Selection's request, as far as the message told. */
export interface EditRequest {
  readonly instruction: string;
  readonly file: string | undefined;
  readonly languageId: string | undefined;
  readonly language: LanguageFamily;
  /** The selected lines, 1-based and inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The selected lines as sent, by number. */
  readonly lines: ReadonlyMap<number, string>;
}

const NUMBERED = /^\s*(?:[>→*]\s*)?(\d+)\s*[|│] ?(.*)$/;
const CUT = /…\(line cut\)$/;

/**
 * Parses an edit request out of the last user message. Undefined when there is no `Instruction:`
 * line or no selected code, i.e. the request is not an edit request.
 */
export function parseEditRequest(question: string): EditRequest | undefined {
  const all = question.replace(/\r\n?/g, '\n').split('\n');
  const instruction = lineValue(all, 'Instruction');
  if (!instruction) return undefined;
  // The selection's own section: "Code (lines 5-9 of 40, the selection):"; context sections are not edited.
  const header = all.findIndex((line) => /^\s*Code\b[^:\n]*:\s*$/i.test(line));
  if (header < 0) return undefined;
  const lines = new Map<number, string>();
  for (const line of all.slice(header + 1)) {
    const match = NUMBERED.exec(line);
    if (!match) break;
    lines.set(Number(match[1]), match[2]);
  }
  if (lines.size === 0) return undefined;
  const numbers = [...lines.keys()];
  const selected = /^(\d+)\s*[-–]\s*(\d+)/.exec(lineValue(all, 'Selected lines') ?? '');
  const fileText = lineValue(all, 'File');
  const fileMatch = fileText ? /^(.*?)\s*(?:\(([^()]+)\))?$/.exec(fileText) : null;
  const file = fileMatch?.[1] || undefined;
  const languageId = fileMatch?.[2]?.trim().toLowerCase();
  return {
    instruction,
    file,
    languageId,
    language: languageFamily(languageId, file),
    startLine: selected ? Number(selected[1]) : Math.min(...numbers),
    endLine: selected ? Number(selected[2]) : Math.max(...numbers),
    lines,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The selected lines in order, with their numbers. */
function selection(edit: EditRequest): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let n = edit.startLine; n <= edit.endLine; n++) {
    const text = edit.lines.get(n);
    if (text !== undefined) out.push([n, text]);
  }
  return out;
}

/** Edits of whole lines for the lines `change` changes (cut lines left alone), one per run of consecutive changed lines. */
function lineEdits(edit: EditRequest, change: (line: string) => string): FixEdit[] {
  const edits: FixEdit[] = [];
  let run: { startLine: number; endLine: number; lines: string[] } | undefined;
  for (const [n, text] of selection(edit)) {
    const changed = CUT.test(text) ? text : change(text);
    if (changed !== text) {
      if (run && run.endLine === n - 1) {
        run.endLine = n;
        run.lines.push(changed);
      } else {
        if (run) edits.push({ startLine: run.startLine, endLine: run.endLine, newText: run.lines.join('\n') });
        run = { startLine: n, endLine: n, lines: [changed] };
      }
    }
  }
  if (run) edits.push({ startLine: run.startLine, endLine: run.endLine, newText: run.lines.join('\n') });
  return edits;
}

/** A comment line above the first selected line that was sent whole. */
function commentAbove(edit: EditRequest, text: string): FixEdit[] {
  const first = selection(edit).find(([, line]) => !CUT.test(line));
  if (!first) return [];
  const [n, line] = first;
  return [{ startLine: n, endLine: n, newText: `${indentOf(line)}${commentLine(edit, text)}\n${line}` }];
}

function lines(edit: EditRequest): string {
  return edit.startLine === edit.endLine ? `line ${edit.startLine}` : `lines ${edit.startLine}–${edit.endLine}`;
}

/** The answer for a parsed edit request: the first instruction that matches. */
export function answerEdit(edit: EditRequest): FixAnswer {
  const { instruction } = edit;
  const where = lines(edit);
  const rename = /\brename\s+[`'"]?([A-Za-z_$][\w$]*)[`'"]?\s+(?:to|as|into)\s+[`'"]?([A-Za-z_$][\w$]*)[`'"]?/i.exec(instruction);
  if (rename) {
    const [, from, to] = rename;
    const word = new RegExp(`(?<![\\w$])${escapeRegExp(from)}(?![\\w$])`, 'g');
    const edits = lineEdits(edit, (line) => line.replace(word, to));
    return edits.length
      ? { explanation: `Renamed \`${from}\` to \`${to}\` in ${where}.`, edits }
      : { explanation: `\`${from}\` does not occur in ${where}, so there is nothing to rename.`, edits: [] };
  }
  if (/\buncomment\b/i.test(instruction)) {
    const opener = commentLine(edit, '').trimEnd();
    const commented = new RegExp(`^(\\s*)${escapeRegExp(opener)} ?`);
    const edits = lineEdits(edit, (line) => line.replace(commented, '$1'));
    return { explanation: edits.length ? `Uncommented ${where}.` : `No line of ${where} starts with a comment.`, edits };
  }
  if (/\bcomment\b[^:]*\bout\b|^\s*comment\s*$/i.test(instruction)) {
    const edits = lineEdits(edit, (line) => (line.trim() ? `${indentOf(line)}${commentLine(edit, line.slice(indentOf(line).length))}` : line));
    return { explanation: `Commented out ${where}.`, edits };
  }
  const note = /\badd\s+(?:a\s+)?comment\s*[:,-]?\s*(.+)$/i.exec(instruction);
  if (note) {
    return { explanation: `Added a comment above ${where}.`, edits: commentAbove(edit, note[1].trim()) };
  }
  if (/^\s*(?:delete|remove)(?:\s+(?:it|them|this|these|the\s+lines|the\s+selection|these\s+lines))?\s*\.?\s*$/i.test(instruction)) {
    return { explanation: `Deleted ${where}.`, edits: [{ startLine: edit.startLine, endLine: edit.endLine, newText: '' }] };
  }
  return {
    explanation: `Development gateway: no automatic edit for "${instruction}". The edit adds a TODO comment above ${where} instead.`,
    edits: commentAbove(edit, `TODO: ${instruction}`),
  };
}

/** `shader` when the request is an edit of a shader file (routed like a fix of one); undefined otherwise. */
export function editDiscipline(question: string): string | undefined {
  const edit = parseEditRequest(question);
  return edit && isShaderFamily(edit.language) ? 'shader' : undefined;
}

/**
 * A selection in an editor as a question's context: the attached item the request names (path,
 * lines, language) and the short label the transcript shows. Pure, so it is unit-tested; the
 * engine line and the request's shape are the answering engine's (src/answering/).
 */
import type { ContextItem, LineSpan } from '../answering/contextTypes';
import type { EngineInfo } from '../engine/detect';
import { engineLabel } from '../engine/detect';
import { languageName } from '../util/languages';

export { languageName };

/** A selection to ask about, as the editor gives it. */
export interface SelectionContext {
  /** Path relative to the workspace (or the file name). */
  readonly relativePath: string;
  readonly languageId: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** The engine of the folder, for the transcript's label (the request gets the engine line from the engine). */
  readonly engine?: EngineInfo;
}

/** A question about code: the text as asked, the code attached, and what the transcript shows. */
export interface SelectionQuestion {
  readonly text: string;
  readonly items: readonly ContextItem[];
  /** Short label for the transcript: "Player.cs:12-20 · C# · Unity 2022.3". */
  readonly contextLabel: string;
  readonly languageId: string;
  readonly fileName: string;
}

/** A position as the editor gives it (0-based). */
interface Position {
  readonly line: number;
  readonly character: number;
}

/**
 * The whole lines a selection covers, 1-based: one ending at column 0 of a later line does not
 * take that line (the editor shows it unselected); an empty one is the line it is on.
 */
export function selectedLines(range: { readonly start: Position; readonly end: Position }): LineSpan {
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  return { startLine: range.start.line + 1, endLine };
}

/** Selections larger than this are cut (with a note) so the request stays under the 64 KB body limit. */
export const MAX_SELECTION_CHARS = 40_000;

/** The selection as an attached item; `label` names it in the request (`#selection` unless said otherwise). */
export function selectionItem(selection: SelectionContext, label = '#selection'): ContextItem {
  const cut = selection.text.length > MAX_SELECTION_CHARS;
  const text = cut ? selection.text.slice(0, MAX_SELECTION_CHARS) : selection.text;
  // Cut, it ends where the kept text ends.
  const endLine = cut ? selection.startLine + text.split('\n').length - 1 : selection.endLine;
  return {
    kind: 'selection',
    label,
    path: selection.relativePath,
    span: { startLine: selection.startLine, endLine },
    language: selection.languageId,
    text,
    ...(cut ? { cut: `first ${MAX_SELECTION_CHARS.toLocaleString('en-US')} characters (the rest would not fit the 64 KB limit)` } : {}),
    explicit: true,
  };
}

/** "Player.cs:12-20 · C# · Unity 2022.3". */
export function selectionLabel(selection: SelectionContext): string {
  const fileName = selection.relativePath.split(/[\\/]/).pop() ?? selection.relativePath;
  const range = selection.startLine === selection.endLine ? `${selection.startLine}` : `${selection.startLine}-${selection.endLine}`;
  const parts = [`${fileName}:${range}`, languageName(selection.languageId)];
  if (selection.engine) parts.push(engineLabel(selection.engine));
  return parts.join(' · ');
}

/** The question for "Ask About Selection" (and Explain Error): the question, with the selection attached. */
export function selectionQuestion(question: string, selection: SelectionContext): SelectionQuestion {
  return {
    text: question.trim(),
    items: [selectionItem(selection)],
    contextLabel: selectionLabel(selection),
    languageId: selection.languageId,
    fileName: selection.relativePath,
  };
}

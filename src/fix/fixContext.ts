/**
 * Builds the fix exchange's request (CONTRACT.md "The fix exchange"): the diagnostic, the code
 * around it with 1-based line numbers, nearby diagnostics, language and engine. Pure, so window
 * bounds and the 64 KB cap are unit-tested without VS Code.
 */
import { GATEWAY_BODY_LIMIT_BYTES, requestBytes } from '../answering/bodyLimit';
import type { ChatTurn } from '../gateway/client';

/** A diagnostic as the fix exchange describes it (1-based lines and columns). */
export interface DiagnosticInfo {
  readonly message: string;
  readonly source?: string;
  readonly code?: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly related?: ReadonlyArray<{ readonly location: string; readonly message: string }>;
}

/** A range of whole lines, 1-based and inclusive. */
export interface LineRange {
  readonly startLine: number;
  readonly endLine: number;
}

export interface FixInput {
  /** The document's lines as sent (its version is what edits refer to). */
  readonly lines: readonly string[];
  readonly relativePath: string;
  readonly languageId: string;
  readonly diagnostic: DiagnosticInfo;
  /** Other diagnostics in the file, for context. */
  readonly nearby: readonly DiagnosticInfo[];
  /** The innermost enclosing symbol from the document-symbol provider, when there is one. */
  readonly symbol?: LineRange & { readonly name: string };
  /** "Engine: Unity 2022.3. Language: C#." */
  readonly systemContext: string;
  /** A specialist prompt, when the model does not route itself. */
  readonly specialistPrompt?: string;
  /** The `Project rules` system message, when rules apply. */
  readonly rules?: ChatTurn;
  readonly model: string;
  /** The body limit (the gateway's 64 KB unless the model's window is smaller). */
  readonly limitBytes?: number;
}

export interface FixRequest {
  readonly messages: ChatTurn[];
  /** The lines the model was shown: edits must stay inside them. */
  readonly window: LineRange;
  /** Lines of the window sent cut ("…(line cut)"): no edit may touch them. Ascending. */
  readonly cutLines: readonly number[];
  readonly bodyBytes: number;
}

/** A symbol longer than this is not sent whole; a window around the error is. */
export const MAX_SYMBOL_LINES = 250;
/** Lines either side of the error when no symbol fits. */
export const WINDOW_RADIUS = 60;
/** Longer lines (minified code, data) are cut. */
export const MAX_LINE_CHARS = 1000;
/** Nearby diagnostics listed at most. */
const MAX_NEARBY = 10;
/** Room kept under the body limit for a gateway that counts a little differently. */
const BODY_MARGIN = 4 * 1024;

/** What an edit of the exchange means (the same for fixes and Edit Selection; editPlan.ts carries it out). */
export const NEW_TEXT_MEANING =
  'newText replaces those whole lines: keep their indentation and use \\n between lines (a final \\n adds no extra line; "\\n" alone is one empty line). An empty string deletes the lines.';

export const FIX_INSTRUCTIONS = [
  'You fix one compiler or linter error in the user\'s code.',
  'Reply with JSON only, of this shape:',
  '{"explanation": "why it failed and what the fix does", "edits": [{"startLine": 12, "endLine": 12, "newText": "const hp: number = 100;"}]}',
  'startLine and endLine are 1-based and inclusive, numbered as in the code you are shown. Edit only lines you are shown, and never a line that ends in "…(line cut)": it was too long to show whole.',
  NEW_TEXT_MEANING,
  'Make the smallest change that fixes the error. Edits must not overlap. Do not reformat unrelated code.',
].join('\n');

function clampLine(line: number, count: number): number {
  return Math.min(Math.max(1, line), Math.max(1, count));
}

/** The lines to show: the enclosing symbol when it is small enough, else a window around the error. */
export function chooseWindow(lineCount: number, diagnostic: LineRange, symbol?: LineRange, radius: number = WINDOW_RADIUS): LineRange {
  if (symbol && symbol.endLine - symbol.startLine + 1 <= MAX_SYMBOL_LINES && symbol.startLine <= diagnostic.startLine && symbol.endLine >= diagnostic.endLine) {
    return { startLine: clampLine(symbol.startLine, lineCount), endLine: clampLine(symbol.endLine, lineCount) };
  }
  return { startLine: clampLine(diagnostic.startLine - radius, lineCount), endLine: clampLine(diagnostic.endLine + radius, lineCount) };
}

/** `   12 | code` lines, numbered as in the document; lines over MAX_LINE_CHARS are sent cut. */
export function numberLines(lines: readonly string[], window: LineRange): string {
  const width = String(window.endLine).length;
  const out: string[] = [];
  for (let n = window.startLine; n <= window.endLine; n++) {
    const raw = lines[n - 1] ?? '';
    const text = raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)} …(line cut)` : raw;
    out.push(`${String(n).padStart(width + 2)} | ${text}`);
  }
  return out.join('\n');
}

/** The lines of the window that numberLines sends cut. */
export function cutLines(lines: readonly string[], window: LineRange): number[] {
  const cut: number[] = [];
  for (let n = window.startLine; n <= window.endLine; n++) {
    if ((lines[n - 1] ?? '').length > MAX_LINE_CHARS) cut.push(n);
  }
  return cut;
}

function sameDiagnostic(a: DiagnosticInfo, b: DiagnosticInfo): boolean {
  return a.message === b.message && a.startLine === b.startLine && a.startColumn === b.startColumn && a.endLine === b.endLine && a.endColumn === b.endColumn;
}

function describeDiagnostic(d: DiagnosticInfo): string[] {
  return [
    `Diagnostic: ${d.message}`,
    `Source: ${d.source ?? 'unknown'}  Code: ${d.code ?? 'none'}  Severity: ${d.severity}`,
    `Range: line ${d.startLine}, column ${d.startColumn} to line ${d.endLine}, column ${d.endColumn}`,
  ];
}

function userMessage(input: FixInput, window: LineRange, nearby: readonly DiagnosticInfo[]): string {
  const parts = [...describeDiagnostic(input.diagnostic), `File: ${input.relativePath} (${input.languageId})`];
  if (input.diagnostic.related?.length) {
    parts.push('Related:', ...input.diagnostic.related.map((r) => `- ${r.location}: ${r.message}`));
  }
  if (nearby.length) {
    parts.push('Nearby diagnostics:', ...nearby.map((d) => `- line ${d.startLine}: ${d.message}${d.code ? ` (${d.code})` : ''}`));
  }
  if (input.symbol && window.startLine === input.symbol.startLine && window.endLine === input.symbol.endLine) {
    parts.push(`Enclosing symbol: ${input.symbol.name}`);
  }
  parts.push('', `Code (lines ${window.startLine}-${window.endLine} of ${input.lines.length}):`, numberLines(input.lines, window));
  return parts.join('\n');
}

/**
 * The request for a fix, never over the gateway's body limit: the window shrinks around the error
 * until it fits (a 20,000-line file sends a window, never the file).
 */
export function buildFixRequest(input: FixInput): FixRequest {
  const system = [FIX_INSTRUCTIONS, input.systemContext, input.specialistPrompt].filter(Boolean).join('\n\n');
  const nearby = input.nearby
    .filter((d) => !sameDiagnostic(d, input.diagnostic))
    .sort((a, b) => Math.abs(a.startLine - input.diagnostic.startLine) - Math.abs(b.startLine - input.diagnostic.startLine))
    .slice(0, MAX_NEARBY);
  const budget = (input.limitBytes ?? GATEWAY_BODY_LIMIT_BYTES) - BODY_MARGIN;
  let window = chooseWindow(input.lines.length, input.diagnostic, input.symbol);
  for (;;) {
    const messages: ChatTurn[] = [
      { role: 'system', content: system },
      ...(input.rules ? [input.rules] : []),
      { role: 'user', content: userMessage(input, window, nearby) },
    ];
    const bodyBytes = requestBytes({ model: input.model, messages, responseFormat: 'json_object', temperature: 0 });
    const size = window.endLine - window.startLine + 1;
    if (bodyBytes <= budget || size <= 1) {
      return { messages, window, cutLines: cutLines(input.lines, window), bodyBytes };
    }
    // Halve the window around the error's first line and try again (it always gets smaller).
    const radius = Math.max(0, Math.floor(size / 4) - 1);
    const first = input.diagnostic.startLine;
    window = chooseWindow(input.lines.length, { startLine: first, endLine: first }, undefined, radius);
  }
}

/**
 * How an agent step reads in the transcript: the call's arguments in brief (the file and lines,
 * the query, the command) and the start of its result. Both come from the model or a tool, so
 * they are bounded before anything looks at them. Pure.
 */

/** A step's brief is at most this long. */
const MAX_BRIEF_CHARS = 120;
/** A step's result, as kept in the transcript and history (the model got the whole result). */
export const MAX_STEP_RESULT_CHARS = 2_000;
/** Longer arguments are not parsed for a brief (an edit's text can be 200 KB). */
const MAX_PARSED_ARGUMENT_CHARS = 64 * 1024;

function cut(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function field(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** `Assets/Player.cs:10-40`, `"R_DrawSurfaces" in **\/*.c`, `npm test`: what the call is about. */
export function stepBrief(tool: string, argumentsText: string): string {
  let args: unknown;
  try {
    args = argumentsText.length <= MAX_PARSED_ARGUMENT_CHARS ? JSON.parse(argumentsText === '' ? '{}' : argumentsText) : undefined;
  } catch {
    args = undefined;
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return cut(argumentsText, MAX_BRIEF_CHARS);
  const record = args as Record<string, unknown>;
  const path = field(record, 'path');
  const start = field(record, 'start_line');
  const end = field(record, 'end_line');
  let brief: string;
  if (tool === 'search_text') brief = `${JSON.stringify(field(record, 'query') ?? '')}${field(record, 'glob') ? ` in ${field(record, 'glob')}` : ''}`;
  else if (path) brief = start || end ? `${path}:${start ?? '1'}-${end ?? ''}` : path;
  else brief = field(record, 'command') ?? field(record, 'name') ?? field(record, 'glob') ?? field(record, 'query') ?? (Object.keys(record).length === 0 ? '' : JSON.stringify(record));
  return cut(brief, MAX_BRIEF_CHARS);
}

/** The start of a result, for the expandable row. */
export function stepResult(text: string): string {
  return text.length > MAX_STEP_RESULT_CHARS ? `${text.slice(0, MAX_STEP_RESULT_CHARS)}\n…` : text;
}

/**
 * Reads the fix exchange's user message (see CONTRACT "The fix exchange") into a FixRequest.
 *
 * The format the extension sends, with every part but the `Diagnostic:` line optional:
 *
 *     Diagnostic: Type 'string' is not assignable to type 'number'.
 *     Source: ts  Code: 2322  Severity: error
 *     Range: line 3, column 7 to line 3, column 9
 *     File: src/player.ts (typescript)
 *
 *     Code (lines 1-12 of 40):
 *        1 | export class Player {
 *        2 |   name = 'hero';
 *        3 |   hp: number = '100';
 *
 * Parsing is lenient on purpose, because the extension's prompt is written by someone else and
 * will change: labels may come in any order and case, CRLF is fine, the code may sit inside a
 * ``` fence, a numbered line may carry a `>` marker, `Range:` may also read `3:7-3:9` or `line 3`,
 * the language may come from `File: … (languageId)`, the file's extension, or a `Language:` line
 * (user or system message), and anything else (Engine, Related information, instructions) is
 * ignored.
 */

/** Language families the fix rules know how to write for. */
export type LanguageFamily =
  | 'typescript'
  | 'javascript'
  | 'csharp'
  | 'cpp'
  | 'c'
  | 'hlsl'
  | 'glsl'
  | 'wgsl'
  | 'gdscript'
  | 'python'
  | 'lua'
  | 'other';

/** The diagnostic and the code, as far as the message told. */
export interface FixRequest {
  /** The diagnostic message (continuation lines joined with `\n`). */
  readonly message: string;
  readonly source: string | undefined;
  readonly code: string | undefined;
  readonly severity: string | undefined;
  /** 1-based line of the diagnostic's start; undefined when the message gave no range. */
  readonly line: number | undefined;
  readonly endLine: number | undefined;
  /** 1-based columns, when given. */
  readonly column: number | undefined;
  readonly endColumn: number | undefined;
  readonly file: string | undefined;
  /** The language id as sent (`typescript`, `hlsl`, …), or the file's extension when none was. */
  readonly languageId: string | undefined;
  readonly language: LanguageFamily;
  /** The sent code by 1-based line number, as it appears in the document. */
  readonly lines: ReadonlyMap<number, string>;
  /** `of N` in the code header: how many lines the whole document has. */
  readonly documentLines: number | undefined;
}

const BY_ID: Readonly<Record<string, LanguageFamily>> = {
  typescript: 'typescript', typescriptreact: 'typescript', ts: 'typescript',
  javascript: 'javascript', javascriptreact: 'javascript', js: 'javascript',
  csharp: 'csharp', 'c#': 'csharp', cs: 'csharp',
  cpp: 'cpp', 'c++': 'cpp', cuda: 'cpp', c: 'c',
  hlsl: 'hlsl', shaderlab: 'hlsl', cg: 'hlsl', usf: 'hlsl',
  glsl: 'glsl', gdshader: 'glsl',
  wgsl: 'wgsl',
  gdscript: 'gdscript', gd: 'gdscript',
  python: 'python', py: 'python',
  lua: 'lua',
};

const BY_EXTENSION: Readonly<Record<string, LanguageFamily>> = {
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript',
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript',
  cs: 'csharp',
  cpp: 'cpp', cc: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp', h: 'cpp', inl: 'cpp', c: 'c',
  hlsl: 'hlsl', hlsli: 'hlsl', fx: 'hlsl', fxh: 'hlsl', cginc: 'hlsl', compute: 'hlsl', shader: 'hlsl', usf: 'hlsl', ush: 'hlsl',
  glsl: 'glsl', vert: 'glsl', frag: 'glsl', comp: 'glsl', geom: 'glsl', tesc: 'glsl', tese: 'glsl', gdshader: 'glsl',
  wgsl: 'wgsl',
  gd: 'gdscript',
  py: 'python',
  lua: 'lua',
};

/** Families whose files belong to the shader specialist. */
const SHADER_FAMILIES: ReadonlySet<LanguageFamily> = new Set<LanguageFamily>(['hlsl', 'glsl', 'wgsl']);

/** Labels that end a multi-line diagnostic message. */
const LABEL = /^\s*(?:Diagnostic|Source|Code|Severity|Range|Line|Lines|Location|File|Language|Engine|Related(?: information)?)\b[^:\n]*:/i;

/** A numbered code line: optional `>`/`→` marker, the number, a bar, one space, the text. */
const NUMBERED = /^\s*(?:[>→*]\s*)?(\d+)\s*[|│] ?(.*)$/;

/** The line introducing the code: `Code (lines 1-12 of 40):`, `Code:` alone, or `Code 1-12:`. */
const CODE_HEADER = /^\s*Code\b(?:\s*\(([^)]*)\))?[^:\n]*:\s*$|^\s*Code\s*\(([^)]*)\)/i;

/** Placeholders the extension writes for a missing source or code (`Source: unknown  Code: none`). */
const ABSENT = /^(?:none|unknown|n\/a|-|undefined|null)$/i;

/** `Label: value` anywhere on a line (the Source/Code/Severity line has three of them). */
function inlineValue(lines: readonly string[], label: string): string | undefined {
  const pattern = new RegExp(`(?:^|\\s)${label}:[ \\t]*([^\\s]+)`, 'i');
  for (const line of lines) {
    const value = pattern.exec(line)?.[1];
    if (value && !value.endsWith(':')) return ABSENT.test(value) ? undefined : value;
  }
  return undefined;
}

/** `Label: value` at the start of a line; the rest of the line. */
export function lineValue(lines: readonly string[], label: string): string | undefined {
  const pattern = new RegExp(`^\\s*${label}\\s*:\\s*(.*?)\\s*$`, 'i');
  for (const line of lines) {
    const value = pattern.exec(line)?.[1];
    if (value) return value;
  }
  return undefined;
}

/** "Language: C#." anywhere in a system message; the value ends at ". ", a newline or the end. */
function labelledLanguage(system: string): string | undefined {
  const value = /\bLanguage:[ \t]*([^\n]+)/i.exec(system)?.[1].split(/\.(?:\s|$)/)[0].trim();
  return value ? value : undefined;
}

function diagnosticMessage(lines: readonly string[]): string | undefined {
  const start = lines.findIndex((line) => /^\s*Diagnostic\s*:/i.test(line));
  if (start < 0) return undefined;
  const parts = [lines[start].replace(/^\s*Diagnostic\s*:\s*/i, '')];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || LABEL.test(line) || CODE_HEADER.test(line) || NUMBERED.test(line)) break;
    parts.push(line.trim());
  }
  const message = parts.join('\n').trim();
  return message ? message : undefined;
}

interface Span {
  readonly line: number | undefined;
  readonly endLine: number | undefined;
  readonly column: number | undefined;
  readonly endColumn: number | undefined;
}

/** `line 3, column 7 to line 3, column 9`, `3:7-3:9`, `line 3` or just `3`. */
export function parseRange(text: string | undefined): Span {
  const none: Span = { line: undefined, endLine: undefined, column: undefined, endColumn: undefined };
  if (!text) return none;
  if (/\bline\s+\d+/i.test(text)) {
    const lines = [...text.matchAll(/\bline\s+(\d+)/gi)].map((m) => Number(m[1]));
    const columns = [...text.matchAll(/\b(?:col|column|character|char)\s+(\d+)/gi)].map((m) => Number(m[1]));
    return { line: lines[0], endLine: lines[1] ?? lines[0], column: columns[0], endColumn: columns[1] };
  }
  const pair = /(\d+):(\d+)(?:\s*[-–—]\s*(\d+):(\d+))?/.exec(text);
  if (pair) {
    return {
      line: Number(pair[1]),
      column: Number(pair[2]),
      endLine: pair[3] ? Number(pair[3]) : Number(pair[1]),
      endColumn: pair[4] ? Number(pair[4]) : undefined,
    };
  }
  const bare = /(\d+)/.exec(text);
  return bare ? { ...none, line: Number(bare[1]), endLine: Number(bare[1]) } : none;
}

/** The family for a language id or file extension (`other` when unknown). */
export function languageFamily(languageId: string | undefined, file: string | undefined): LanguageFamily {
  const id = languageId?.trim().toLowerCase();
  if (id && BY_ID[id]) return BY_ID[id];
  const extension = file ? /\.([A-Za-z0-9+]+)$/.exec(file)?.[1]?.toLowerCase() : undefined;
  if (extension && BY_EXTENSION[extension]) return BY_EXTENSION[extension];
  return 'other';
}

/** Whether the family belongs to the shader specialist (`X-Monster-Discipline: shader`). */
export function isShaderFamily(family: LanguageFamily): boolean {
  return SHADER_FAMILIES.has(family);
}

/**
 * Parses a fix request out of the last user message (and the system message, for a `Language:`
 * line). Undefined when there is no `Diagnostic:` line, i.e. the request is not a fix request.
 */
export function parseFixRequest(question: string, system = ''): FixRequest | undefined {
  const all = question.replace(/\r\n?/g, '\n').split('\n');
  const message = diagnosticMessage(all);
  if (message === undefined) return undefined;

  const headerIndex = all.findIndex((line) => CODE_HEADER.test(line));
  const head = headerIndex >= 0 ? all.slice(0, headerIndex) : all.filter((line) => !NUMBERED.test(line));
  const body = headerIndex >= 0 ? all.slice(headerIndex + 1) : all;

  const lines = new Map<number, string>();
  for (const line of body) {
    const match = NUMBERED.exec(line);
    if (match && !lines.has(Number(match[1]))) lines.set(Number(match[1]), match[2]);
  }
  const header = headerIndex >= 0 ? all[headerIndex] : '';
  const total = /\bof\s+(\d+)/i.exec(header)?.[1];

  const fileText = lineValue(head, 'File');
  const fileMatch = fileText ? /^(.*?)\s*(?:\(([^()]+)\))?$/.exec(fileText) : null;
  const file = fileMatch?.[1] || undefined;
  const declared = fileMatch?.[2]?.trim() || lineValue(head, 'Language') || labelledLanguage(system);
  const language = languageFamily(declared, file);
  const extension = file ? /\.([A-Za-z0-9+]+)$/.exec(file)?.[1]?.toLowerCase() : undefined;

  const range = parseRange(lineValue(head, 'Range') ?? lineValue(head, 'Location') ?? lineValue(head, 'Lines?'));
  return {
    message,
    source: inlineValue(head, 'Source'),
    code: inlineValue(head, 'Code'),
    severity: inlineValue(head, 'Severity'),
    ...range,
    file,
    languageId: declared?.toLowerCase() ?? extension,
    language,
    lines,
    documentLines: total === undefined ? undefined : Number(total),
  };
}

/** `shader` when the request is a fix for a shader file; undefined otherwise. */
export function fixDiscipline(question: string, system: string): string | undefined {
  const fix = parseFixRequest(question, system);
  return fix && isShaderFamily(fix.language) ? 'shader' : undefined;
}

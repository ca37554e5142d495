/**
 * The gateway's answer to the fix exchange: a few deterministic rules that fix the errors demos
 * and tests use, applied in order to the diagnostic's line in the code that was sent.
 *
 * 1. A string of digits where a number is expected (TS2322/TS2345, CS0029/CS1503, C2440, Godot
 *    "Cannot assign a value of type "String"…"): the quotes go (`'100'` → `100`; C# adds `f`/`m`
 *    for a `float`/`decimal` with a decimal point).
 * 2. An undeclared identifier (clang/dxc/fxc X3004, MSVC C2065, glslang (HLSL: "unknown variable"), TS2304/TS2552, CS0103,
 *    Godot "Identifier "x" not declared", `is not defined`): renamed on its line to the closest
 *    identifier-looking word in the sent code (TS's own "Did you mean" first), else a declaration
 *    with a plain default is inserted above the line.
 * 3. A missing semicolon (`';' expected`, CS1002, "missing ';'", "expected ';'"): `;` goes at the
 *    end of the statement (before a trailing `//` comment), on the previous line when the
 *    diagnostic points at the start of the next statement.
 * 4. A second definition of the same name (TS1117 "multiple properties with the same name",
 *    TS2300 "Duplicate identifier", TS2451 "Cannot redeclare", CS0102/CS0128 "already contains a
 *    definition"/"is already defined", clang/dxc "redefinition of"): the diagnostic's line is
 *    deleted (`newText: ""`), when it holds one whole declaration (ends in `;` or `,`, brackets
 *    balanced) — the first definition stays.
 * 5. Anything else: a comment above the diagnostic line, in the file's comment syntax, saying the
 *    error could not be fixed automatically.
 *
 * Every edit covers lines that were sent, replaces whole lines (indentation kept, or deletes them)
 * and edits never overlap (each answer has at most one). "Insert above" is the edited line
 * replaced by the new line, `\n`, and the original line.
 */
import type { FixRequest, LanguageFamily } from './fixRequest';

/** One edit: 1-based inclusive lines in the document as sent; `newText` replaces them whole. */
export interface FixEdit {
  readonly startLine: number;
  readonly endLine: number;
  readonly newText: string;
}

/** The JSON the fix exchange asks for. */
export interface FixAnswer {
  readonly explanation: string;
  readonly edits: readonly FixEdit[];
}

const STRING_TYPE = /^(?:string|String|System\.String|std::string|FString|StringName|const char\s*\[\d*\]|const char\s*\*|char\s*\*|".*")$/;
const INTEGER_TYPE = /^(?:int|uint|long|ulong|short|ushort|byte|sbyte|int8|int16|int32|int64|uint8|uint16|uint32|uint64|size_t|i32|i64|u32|u64|bigint|Int32|Int64|System\.Int32|System\.Int64)$/;
const NUMBER_TYPE = /^(?:number|float|double|decimal|half|real|float32|float64|f32|f64|Single|Double|System\.Single|System\.Double|System\.Decimal)$/;
const DIGIT_STRING = /(['"`])(-?\d+(?:\.\d+)?)\1/g;

const UNDECLARED: readonly RegExp[] = [
  /undeclared identifier\s+['"`‘]([A-Za-z_$][\w$]*)['"`’]/i,
  /['"`‘]([A-Za-z_$][\w$]*)['"`’]\s*:\s*undeclared identifier/i,
  // glslang's HLSL front end: `'phu' : unknown variable`.
  /['"`‘]([A-Za-z_$][\w$]*)['"`’]\s*:\s*unknown variable/i,
  /Cannot find name\s+'([A-Za-z_$][\w$]*)'/i,
  /The name\s+'([A-Za-z_]\w*)'\s+does not exist in the current context/i,
  /Identifier\s+"([A-Za-z_]\w*)"\s+(?:is\s+)?(?:not|isn't)\s+declared/i,
  /['"`]([A-Za-z_$][\w$]*)['"`]\s+(?:is not defined|was not declared)/i,
];

/** Words that are never the identifier someone meant (keeps `foo` from becoming `for`). */
const KEYWORDS: ReadonlySet<string> = new Set(
  ('if else elif for foreach while do switch case default break continue return goto var let const function func def ' +
    'class struct enum interface new delete this self base super true false null nil none undefined void in out inout ' +
    'is as and or not typeof sizeof using namespace import export from extends implements public private protected ' +
    'internal static readonly override virtual abstract async await yield try catch finally throw throws with pass ' +
    'lambda get set where select signal uniform varying attribute').split(' '),
);

const DECLARATIONS: Partial<Readonly<Record<LanguageFamily, (name: string) => string>>> = {
  hlsl: (name) => `float4 ${name} = float4(1, 1, 1, 1);`,
  glsl: (name) => `vec4 ${name} = vec4(1.0);`,
  wgsl: (name) => `var ${name} = vec4<f32>(1.0, 1.0, 1.0, 1.0);`,
  csharp: (name) => `var ${name} = 0;`,
  typescript: (name) => `let ${name} = 0;`,
  javascript: (name) => `let ${name} = 0;`,
  cpp: (name) => `auto ${name} = 0;`,
  c: (name) => `int ${name} = 0;`,
  gdscript: (name) => `var ${name} = 0`,
  python: (name) => `${name} = 0`,
  lua: (name) => `local ${name} = 0`,
};

/** Line comment opener by family; `other` goes by language id (see `commentLine`). */
const HASH_COMMENT_IDS = /^(?:gdscript|python|shellscript|bash|sh|yaml|toml|ruby|perl|r|powershell|dockerfile|makefile|cmake|coffeescript|julia|nim|elixir|properties)$/;
const DASH_COMMENT_IDS = /^(?:lua|sql|haskell|ada|elm)$/;

/** The error as people name it: `TS2322 "…"`, `CS0029 "…"`, `X3004 "…"` or just `"…"`. */
export function errorName(fix: FixRequest): string {
  const message = `"${fix.message.replace(/\s+/g, ' ').trim()}"`;
  const code = fix.code?.replace(/^[([{]|[)\]}]$/g, '');
  if (!code) return message;
  const source = fix.source?.toLowerCase() ?? '';
  let label = code;
  if (/^\d+$/.test(code) && (source === 'ts' || source === 'typescript' || fix.language === 'typescript')) label = `TS${code}`;
  else if (/^\d+$/.test(code) && (source === 'csharp' || source === 'c#' || fix.language === 'csharp')) label = `CS${code.padStart(4, '0')}`;
  return `${label} ${message}`;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

export function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? '';
}

/** Splits a line into code and a trailing `//` comment that is not inside a string. */
function splitComment(line: string): { readonly code: string; readonly comment: string } {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
    } else if (ch === '/' && line[i + 1] === '/') {
      return { code: line.slice(0, i), comment: line.slice(i) };
    }
  }
  return { code: line, comment: '' };
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** How far a candidate may be from `name`: 2 edits from 5 characters on, 1 for 3–4, case only below. */
function allowedDistance(name: string): number {
  return name.length >= 5 ? 2 : name.length >= 3 ? 1 : 0;
}

function wholeWord(name: string, flags = 'g'): RegExp {
  return new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, flags);
}

/** Identifier-looking words of the sent code, outside strings and comments, first seen first. */
function codeWords(fix: FixRequest): string[] {
  const words: string[] = [];
  const seen = new Set<string>();
  const hash = fix.language === 'gdscript' || fix.language === 'python';
  for (const [, line] of [...fix.lines].sort(([a], [b]) => a - b)) {
    const code = splitComment(line).code.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, ' ');
    const bare = hash ? code.replace(/#.*$/, ' ') : code;
    for (const match of bare.matchAll(/[A-Za-z_$][\w$]*/g)) {
      if (!seen.has(match[0])) {
        seen.add(match[0]);
        words.push(match[0]);
      }
    }
  }
  return words;
}

/** The closest word to `name` within `allowedDistance`, case-insensitive matches first. */
function closestWord(name: string, words: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { word: string; distance: number } | undefined;
  for (const word of words) {
    if (word === name || KEYWORDS.has(word.toLowerCase())) continue;
    const distance = levenshtein(lower, word.toLowerCase());
    if (distance <= allowedDistance(name) && (!best || distance < best.distance)) best = { word, distance };
  }
  return best?.word;
}

function numericString(fix: FixRequest, line: number, text: string, name: string): FixAnswer | undefined {
  const flat = fix.message.replace(/\s+/g, ' ');
  if (!/assign|convert/i.test(flat)) return undefined;
  const types = [...flat.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => (m[1] ?? m[2]).trim());
  const from = types.findIndex((type) => STRING_TYPE.test(type));
  const target = types.slice(from + 1).find((type) => INTEGER_TYPE.test(type) || NUMBER_TYPE.test(type));
  if (from < 0 || target === undefined) return undefined;

  // The literal under the diagnostic's columns, else the first one on the line.
  const literals = [...text.matchAll(DIGIT_STRING)];
  const from0 = fix.column ?? 0;
  const to0 = fix.endLine === fix.line && fix.endColumn !== undefined ? Math.max(fix.endColumn, from0) : text.length + 1;
  const onRange =
    fix.column === undefined
      ? undefined
      : literals.find((m) => (m.index ?? 0) + 1 <= to0 && (m.index ?? 0) + 1 + m[0].length >= from0);
  const literal = onRange ?? literals[0];
  if (!literal) return undefined;
  const digits = literal[2];
  if (INTEGER_TYPE.test(target) && digits.includes('.')) return undefined;
  const suffix = fix.language === 'csharp' && digits.includes('.') ? (/^(?:float|Single|System\.Single)$/.test(target) ? 'f' : /decimal/i.test(target) ? 'm' : '') : '';
  const value = `${digits}${suffix}`;
  const index = literal.index ?? 0;
  const newText = text.slice(0, index) + value + text.slice(index + literal[0].length);
  return {
    explanation:
      `${name} on line ${line}: ${literal[0]} is a string that holds a number, and ${article(target)} ${target} is expected there. ` +
      `The edit removes the quotes (${literal[0]} → ${value}), so line ${line} becomes \`${newText.trim()}\`.`,
    edits: [{ startLine: line, endLine: line, newText }],
  };
}

function undeclared(fix: FixRequest, line: number, text: string, name: string): FixAnswer | undefined {
  const flat = fix.message.replace(/\s+/g, ' ');
  const unknown = UNDECLARED.map((pattern) => pattern.exec(flat)?.[1]).find((found) => found !== undefined);
  if (!unknown) return undefined;
  const words = codeWords(fix);
  const suggested = /Did you mean\s+'([A-Za-z_$][\w$]*)'/i.exec(flat)?.[1];
  const replacement = suggested && suggested !== unknown ? suggested : closestWord(unknown, words);

  if (replacement) {
    // The diagnostic's own line, else the nearest sent line that uses the unknown name.
    const target = wholeWord(unknown, '').test(text)
      ? line
      : [...fix.lines.keys()]
          .filter((n) => wholeWord(unknown, '').test(fix.lines.get(n) ?? ''))
          .sort((a, b) => Math.abs(a - line) - Math.abs(b - line) || a - b)[0];
    if (target !== undefined) {
      const original = fix.lines.get(target) ?? '';
      const newText = original.replace(wholeWord(unknown), () => replacement);
      return {
        explanation:
          `${name} on line ${line}: '${unknown}' is not declared, but the code has '${replacement}', which is almost ` +
          `certainly what was meant. The edit renames '${unknown}' to '${replacement}' on line ${target}, so it reads ` +
          `\`${newText.trim()}\`.`,
        edits: [{ startLine: target, endLine: target, newText }],
      };
    }
  }
  const declare = DECLARATIONS[fix.language];
  if (!declare) return undefined;
  const declaration = declare(unknown);
  return {
    explanation:
      `${name} on line ${line}: '${unknown}' is used but declared nowhere in the code that was sent, and no ` +
      `declared name is close to it. The edit declares it just above line ${line} as \`${declaration}\`; ` +
      'change the type or starting value if you meant something else.',
    edits: [{ startLine: line, endLine: line, newText: `${indentOf(text)}${declaration}\n${text}` }],
  };
}

/** A line's code (before a `//` comment) that a `;` could end: not blank, not already ended. */
function needsSemicolon(text: string): boolean {
  const code = splitComment(text).code.trimEnd();
  const trimmed = code.trim();
  return trimmed !== '' && !/[;{}([,]$/.test(trimmed) && !trimmed.startsWith('#') && !/^\[.*\]$/.test(trimmed) && !/^\/?\*/.test(trimmed);
}

function appendSemicolon(text: string): string {
  const { code, comment } = splitComment(text);
  const trimmed = code.trimEnd();
  return `${trimmed};${code.slice(trimmed.length)}${comment}`;
}

function semicolon(fix: FixRequest, line: number, text: string, name: string): FixAnswer | undefined {
  const flat = fix.message.replace(/\s+/g, ' ');
  const code = fix.code?.toUpperCase();
  if (!(/['"`‘]?;['"`’]?\s*expected/i.test(flat) || /missing\s+['"`‘]?;/i.test(flat) || /expected\s+['"`‘];/i.test(flat) || code === 'CS1002')) {
    return undefined;
  }
  const here = splitComment(text).code;
  const before = fix.column !== undefined ? here.slice(0, fix.column - 1) : here;
  const pointsAtStart = fix.column !== undefined && before.trim() === '';
  const done = !needsSemicolon(text);
  const after = fix.column !== undefined ? here.slice(fix.column - 1) : '';

  let target: number | undefined;
  let newText: string | undefined;
  if (fix.column !== undefined && before.trim() !== '' && after.trim() !== '' && !/[;{}]\s*$/.test(before)) {
    // Two statements on one line (TS1005 points at the second): end the first where it ends.
    const head = before.trimEnd();
    target = line;
    newText = `${head};${before.slice(head.length)}${text.slice(fix.column - 1)}`;
  } else if (done || pointsAtStart) {
    // "missing ';' before '}'" and friends point at the next statement: end the previous one.
    const previous = [...fix.lines.keys()]
      .filter((n) => n < line && n >= line - 3 && (fix.lines.get(n) ?? '').trim() !== '')
      .sort((a, b) => b - a)[0];
    if (previous !== undefined && needsSemicolon(fix.lines.get(previous) ?? '')) {
      target = previous;
      newText = appendSemicolon(fix.lines.get(previous) ?? '');
    }
  }
  if (target === undefined && !done) {
    target = line;
    newText = appendSemicolon(text);
  }
  if (target === undefined || newText === undefined) return undefined;
  return {
    explanation:
      `${name} on line ${line}: the statement on line ${target} is not terminated. ` +
      `The edit adds the missing ';', so line ${target} reads \`${newText.trim()}\`.`,
    edits: [{ startLine: target, endLine: target, newText }],
  };
}

const DUPLICATE: readonly RegExp[] = [
  /multiple properties with the same name/i,
  /Duplicate identifier\s+'([^'\s]+)'/i,
  /Cannot redeclare block-scoped variable\s+'([^'\s]+)'/i,
  /already contains a definition for\s+'([^'\s]+)'/i,
  /named\s+'([^'\s]+)'\s+is already defined/i,
  /redefinition of\s+'([^'\s]+)'/i,
];

/** Whether a line is one whole declaration or property: it ends the statement and opens nothing it does not close. */
function wholeDeclaration(text: string): boolean {
  const code = splitComment(text).code.trim();
  const count = (ch: string): number => code.split(ch).length - 1;
  return /[;,]$/.test(code) && count('{') === count('}') && count('(') === count(')') && count('[') === count(']');
}

function duplicate(fix: FixRequest, line: number, text: string, name: string): FixAnswer | undefined {
  const flat = fix.message.replace(/\s+/g, ' ');
  const match = DUPLICATE.map((pattern) => pattern.exec(flat)).find((found) => found !== null);
  if (!match || !wholeDeclaration(text)) return undefined;
  const what = match[1] ? `'${match[1]}'` : 'this name';
  return {
    explanation:
      `${name} on line ${line}: ${what} is defined a second time on line ${line} (\`${text.trim()}\`); the first definition ` +
      `above it is the one the code uses. The edit deletes line ${line}; keep the other value instead if that was the one you meant.`,
    edits: [{ startLine: line, endLine: line, newText: '' }],
  };
}

/** One comment line in the file's syntax (its language family, else its language id). */
export function commentLine(file: { readonly language: LanguageFamily; readonly languageId: string | undefined }, text: string): string {
  const id = file.languageId ?? '';
  if (file.language === 'gdscript' || file.language === 'python' || HASH_COMMENT_IDS.test(id)) return `# ${text}`;
  if (file.language === 'lua' || DASH_COMMENT_IDS.test(id)) return `-- ${text}`;
  if (/^(?:html|xml|xaml|markdown|vue|svg|uxml)$/.test(id)) return `<!-- ${text.replace(/--/g, '- -')} -->`;
  if (/^(?:css|uss)$/.test(id)) return `/* ${text.replace(/\*\//g, '* /')} */`;
  if (/^(?:ini|asm|nasm)$/.test(id)) return `; ${text}`;
  return `// ${text}`;
}

function fallback(fix: FixRequest, line: number, text: string, name: string): FixAnswer {
  const comment = commentLine(fix, `Monster Gaming could not fix this automatically: ${name}`);
  return {
    explanation:
      `${name} on line ${line}: the development gateway has no automatic fix for this kind of error. ` +
      `The edit only adds a comment above line ${line} saying so; the code itself is unchanged.`,
    edits: [{ startLine: line, endLine: line, newText: `${indentOf(text)}${comment}\n${text}` }],
  };
}

/** The answer for a parsed fix request: the first rule that applies, else the comment. */
export function answerFix(fix: FixRequest): FixAnswer {
  const name = errorName(fix);
  if (fix.line === undefined) {
    return { explanation: `${name}: the request names no line (no "Range:"), so the development gateway proposes no edit.`, edits: [] };
  }
  const text = fix.lines.get(fix.line);
  if (text === undefined) {
    const sent = [...fix.lines.keys()];
    const shown = sent.length ? `lines ${Math.min(...sent)}-${Math.max(...sent)}` : 'no code';
    return {
      explanation: `${name} on line ${fix.line}: that line is not in the code that was sent (${shown}), so the development gateway proposes no edit.`,
      edits: [],
    };
  }
  return (
    numericString(fix, fix.line, text, name) ??
    undeclared(fix, fix.line, text, name) ??
    semicolon(fix, fix.line, text, name) ??
    duplicate(fix, fix.line, text, name) ??
    fallback(fix, fix.line, text, name)
  );
}

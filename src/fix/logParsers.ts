/**
 * Reads game-engine and shader-compiler output into located problems: Unity's C# compiler lines
 * (console, Editor.log), MSVC and Unreal Build Tool, Clang/GCC, Godot, DXC/FXC and glslang.
 * Pure (no `vscode`): the formats are pinned down by unit tests with real-looking logs, and
 * `importLog.ts` turns the result into diagnostics.
 *
 * A log is hostile input: every expression here is checked by recheck (test/unit/redos.test.ts),
 * lines are cut before matching and a parse keeps a bounded number of problems. The expressions
 * avoid what makes a backtracking engine slow: two neighbouring parts that can match the same
 * characters (`\s+(.*)`), and a lazy part followed by something that can fail late (`(.+?)…$`).
 * A message is whatever follows its head (`[\s\S]*` always matches, so a head that matched is
 * never tried again), and trailing parts are cut off in code.
 */

/** How bad a problem is; notes with nothing to attach to are 'info', as is Clang's `remark:`. */
export type ProblemSeverity = 'error' | 'warning' | 'info';
/** The tool that wrote the line. */
export type ProblemSource = 'unity' | 'msvc' | 'clang' | 'godot' | 'dxc' | 'fxc' | 'glslang';

/** How each source is named to the user (a diagnostic's source) and the agent (a problem line's tag). */
export const SOURCE_LABELS: Readonly<Record<ProblemSource, string>> = {
  unity: 'Unity',
  msvc: 'MSVC',
  clang: 'Clang',
  godot: 'Godot',
  dxc: 'DXC',
  fxc: 'FXC',
  glslang: 'glslang',
};

/** A second location of a problem: a Clang `note:`, an MSVC `note: see declaration of …`. */
export interface RelatedLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

/** One compiler or engine problem, its location as the log wrote it. Absent fields are left out, not undefined. */
export interface ParsedProblem {
  /** The path as written: relative, absolute, Windows or `res://`. Absent when the tool named none (glslang's `0:`). */
  readonly file?: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column?: number;
  /** 1-based and inclusive, when the tool gives a range (FXC's `(14,9-20)`). */
  readonly endColumn?: number;
  readonly severity: ProblemSeverity;
  /** The tool's code: `CS0029`, `C2065`, `X3004`, or the flag of a Clang/GCC warning (`-Wunused-variable`). */
  readonly code?: string;
  readonly message: string;
  readonly source: ProblemSource;
  readonly related?: readonly RelatedLocation[];
}

type Draft = Omit<ParsedProblem, 'related'> & { related?: RelatedLocation[] };

type LineMatch =
  | { readonly kind: 'problem'; readonly problem: Draft }
  | { readonly kind: 'note'; readonly note: RelatedLocation; readonly source: ProblemSource }
  /** A Godot error whose location comes on the next line (`   at: func (res://x.gd:12)`). */
  | { readonly kind: 'godot'; readonly severity: ProblemSeverity; readonly message: string };

/** Longest line read: the rest of a longer line is dropped before matching (its head still names the problem). */
export const MAX_LINE_CHARS = 4096;
/** Most problems one parse keeps: the newest, as the end of a log is the latest build. */
export const MAX_PROBLEMS = 1000;
/** Most related locations kept for one problem (a Clang overload error can list hundreds of candidates). */
export const MAX_RELATED = 20;
/** Ends the message of a problem whose line was cut. */
const CUT = '…';

// CSI sequences (colours) and OSC sequences (GCC wraps warning flags in hyperlinks).
// eslint-disable-next-line no-control-regex -- terminal colour codes are control characters (ESC, BEL) by definition
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** What loggers put in front of a compiler line; stripped repeatedly, in any order. Sticky: each is tried where the line now starts. */
const PREFIXES: readonly RegExp[] = [
  // ISO timestamps (CI runners; Unity's -timestamps adds a `|0x1a2b|` thread id).
  /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?:\s*\|\s*0x[0-9a-f]+\s*\|)?\s*/iy,
  // `[12:34:56]`, Unreal's `[2024.01.15-10.22.33:123][  0]`, Cloud Build's `[Unity]`.
  /\[[^\]]*\]\s*/y,
  /\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\s+/y,
  // MSBuild's project node `1>`, Cloud Build's line numbers `1234: `, GitHub Actions' `##[error]`.
  /\d+>\s*/y,
  /\d+:\s+/y,
  /##\[\w+\]\s*/y,
  // Unreal's log categories and packaging output wrap compiler lines.
  /(?:Log\w+|PackagingResults):\s+(?:(?:Error|Warning|Display|Log|Verbose):\s+)?/y,
  /UATHelper:\s+[^:\s][^:]*:\s+/y,
];
const SPACES = /\s*/y;

const HLSL_FILE = /\.(?:hlsli?|fxh?|usf|ush|compute|cginc)$/i;
const GLSL_FILE = /\.(?:glsl|vert|frag|geom|comp|tesc|tese|mesh|task|rgen|rchit|rmiss|rahit|rint|rcall)$/i;

// `res://player.gd:12 - Parse Error: …` (Godot 3, and Godot 4 behind `ERROR: `).
const GODOT_INLINE = /^(?:(?:SCRIPT |USER )?(ERROR|WARNING):\s*)?(res:\/\/[\s\S]+?):(\d+)(?::(\d+))?\s+-\s+([\s\S]*)/i;
const GODOT_HEADER = /^(?:SCRIPT |USER )?(ERROR|WARNING):\s*([\s\S]*)/;
// Godot 4 `at: _physics_process (res://player.gd:12)`, Godot 3 `At: res://player.gd:30.`, also
// inside an error line (`ERROR: … at: shoot (res://gun.gd:18)`). The line number ends the line;
// the file is the first `(res://…` after `at:`, else a `res://…` right after it.
const GODOT_AT = /^at:/i;
const GODOT_AT_INLINE = /\sat:/gi;
const GODOT_LINE_END = /:(\d+)\)?\.?$/;
const GODOT_PAREN_FILE = /\(res:\/\/[\s\S]/gi;
const GODOT_BARE_FILE = /\s*res:\/\/[\s\S]/iy;
// `ERROR: water.frag:23: 'foam' : undeclared identifier`; file `0` means none was given.
const GLSLANG = /^(ERROR|WARNING):\s*(\S+?):(\d+):(?:(\d+):)?\s*([\s\S]*)/;
// MSVC, UBT, Unreal Header Tool, Unity's C# compiler and FXC: `file(line[,col[-endCol]]): error CODE: …`
// (C#'s /errorendlocation writes `(line,col,endLine,endCol)`). The file is the text before the first such location.
const PAREN = /^([\s\S]+?)\((\d+)(?:,(\d+)(?:-(\d+)|,(\d+),(\d+))?)?\)\s*:\s*(fatal error|error|warning|note|message)(?:\s+([A-Z]+\d+))?\s*:\s*([\s\S]*)/i;
// Clang, GCC, DXC, glslc: `file:line[:col]: error: …`
const COLON = /^([\s\S]+?):(\d+):(?:(\d+):)?\s*(fatal error|error|warning|note|remark):\s*([\s\S]*)/;
// Clang/GCC end warnings with their flag: `[-Wunused-variable]`, `[-Werror,-Wunused-variable]`.
const WARNING_FLAG = /\s\[((?:-W[^\],\s]+,)*)(-W[^\],\s]+)\]$/;
// MSBuild ends each line with the project: ` [C:\…\Shooter.vcxproj]`.
const MSBUILD_PROJECT = /\s\[[^\][]*\.\w*proj\]$/i;

/** The line without colours and logger prefixes; each prefix is tried where the last one ended, so nothing is copied per prefix. */
function cleanLine(raw: string): string {
  const line = raw.replace(ANSI, '');
  const skipSpaces = (from: number): number => {
    SPACES.lastIndex = from;
    SPACES.test(line);
    return SPACES.lastIndex;
  };
  let start = skipSpaces(0);
  for (let changed = true; changed; ) {
    changed = false;
    for (const prefix of PREFIXES) {
      prefix.lastIndex = start;
      if (prefix.test(line)) {
        start = skipSpaces(prefix.lastIndex);
        changed = true;
      }
    }
  }
  return line.slice(start).trimEnd();
}

/** Copies `fields` without its undefined values, so equal problems compare (and dedupe) equal. */
function compact<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

function positive(text: string | undefined): number | undefined {
  const value = text === undefined ? NaN : Number(text);
  return value >= 1 ? value : undefined;
}

function severityOf(word: string): ProblemSeverity | 'note' {
  const lower = word.toLowerCase();
  if (lower === 'note' || lower === 'message') return 'note';
  if (lower === 'remark') return 'info';
  return lower === 'warning' ? 'warning' : 'error';
}

function parenSource(file: string, code: string | undefined): ProblemSource {
  if (code ? /^CS\d/i.test(code) : /\.cs$/i.test(file)) return 'unity';
  if (code ? /^X\d/i.test(code) : HLSL_FILE.test(file)) return 'fxc';
  return 'msvc';
}

function colonSource(file: string): ProblemSource {
  if (HLSL_FILE.test(file)) return 'dxc';
  return GLSL_FILE.test(file) ? 'glslang' : 'clang';
}

function located(
  file: string | undefined,
  line: number,
  column: number | undefined,
  endColumn: number | undefined,
  word: string,
  code: string | undefined,
  message: string,
  source: ProblemSource,
): LineMatch {
  const severity = severityOf(word);
  if (severity === 'note' && file !== undefined) {
    return { kind: 'note', note: compact({ file, line, column, message }), source };
  }
  const problem = compact({ file, line, column, endColumn, severity: severity === 'note' ? 'info' : severity, code, message, source });
  return { kind: 'problem', problem };
}

interface GodotLocation {
  readonly file: string;
  readonly line: number;
  /** Where ` at:` starts in an error line: the message ends there. */
  readonly at: number;
}

/** The file of a Godot location in `head` (the text before its `:line`), looking from `from` (just after `at:`). */
function godotFile(head: string, from: number, lastParen: number): string | undefined {
  if (lastParen >= from) {
    GODOT_PAREN_FILE.lastIndex = from;
    const paren = GODOT_PAREN_FILE.exec(head);
    return paren ? head.slice(paren.index + 1) : undefined;
  }
  GODOT_BARE_FILE.lastIndex = from;
  return GODOT_BARE_FILE.test(head) ? head.slice(GODOT_BARE_FILE.lastIndex - 'res://x'.length) : undefined;
}

/** Where the last `(res://x` of `head` starts, or -1. */
function lastParenFile(head: string): number {
  let last = -1;
  GODOT_PAREN_FILE.lastIndex = 0;
  for (let m = GODOT_PAREN_FILE.exec(head); m; m = GODOT_PAREN_FILE.exec(head)) {
    last = m.index;
  }
  return last;
}

/** The location of a Godot `at:` line, or of the first ` at:` in an error line that names one. */
function godotLocation(text: string, inline: boolean): GodotLocation | undefined {
  const end = GODOT_LINE_END.exec(text);
  if (!end) return undefined;
  const head = text.slice(0, end.index);
  const lastParen = lastParenFile(head);
  const line = Number(end[1]);
  if (!inline) {
    const file = GODOT_AT.test(head) ? godotFile(head, 'at:'.length, lastParen) : undefined;
    return file ? { file, line, at: 0 } : undefined;
  }
  GODOT_AT_INLINE.lastIndex = 0;
  for (let at = GODOT_AT_INLINE.exec(head); at; at = GODOT_AT_INLINE.exec(head)) {
    const file = godotFile(head, at.index + ' at:'.length, lastParen);
    if (file) return { file, line, at: at.index };
  }
  return undefined;
}

/** A message without MSBuild's trailing project. */
function withoutProject(message: string): string {
  const project = MSBUILD_PROJECT.exec(message);
  return project ? message.slice(0, project.index).trimEnd() : message;
}

function matchLine(line: string): LineMatch | undefined {
  let m = GODOT_INLINE.exec(line);
  if (m) {
    const warning = m[1]?.toUpperCase() === 'WARNING' || /^(?:parse )?warning\b/i.test(m[5]);
    return located(m[2], Number(m[3]), positive(m[4]), undefined, warning ? 'warning' : 'error', undefined, m[5], 'godot');
  }
  m = GLSLANG.exec(line);
  if (m) {
    const file = m[2] === '0' ? undefined : m[2];
    return located(file, Math.max(1, Number(m[3])), positive(m[4]), undefined, m[1], undefined, m[5], 'glslang');
  }
  m = GODOT_HEADER.exec(line);
  if (m) {
    const severity = m[1] === 'WARNING' ? 'warning' : 'error';
    const at = godotLocation(m[2], true);
    if (at) {
      return located(at.file, at.line, undefined, undefined, severity, undefined, m[2].slice(0, at.at).trim(), 'godot');
    }
    return { kind: 'godot', severity, message: m[2] };
  }
  m = PAREN.exec(line);
  if (m) {
    const [, file, lineText, column, endColumn, endLine, endLineColumn, word, code, message] = m;
    const end = endColumn ?? (endLine === lineText ? endLineColumn : undefined);
    return located(file, Math.max(1, Number(lineText)), positive(column), positive(end), word, code, withoutProject(message), parenSource(file, code));
  }
  m = COLON.exec(line);
  if (m) {
    const flag = WARNING_FLAG.exec(m[5]);
    const message = flag ? m[5].slice(0, flag.index).trimEnd() : m[5];
    return located(m[1], Math.max(1, Number(m[2])), positive(m[3]), undefined, m[4], flag?.[2], message, colonSource(m[1]));
  }
  return undefined;
}

/** How much a parse keeps; the defaults are the constants above. */
export interface ParseLimits {
  readonly maxLineChars?: number;
  readonly maxProblems?: number;
}

/**
 * Finds the compiler and engine problems in a log fed to it line by line, in order, each once
 * (Unity repeats them on every domain reload). Notes attach to the problem before them as related
 * locations, up to a blank line; a note with nothing before it becomes an 'info' problem. Lines
 * without a source line (linker errors such as `Weapon.cpp.obj : error LNK2019: …`) are skipped: a
 * diagnostic needs a place in a file. Holds at most `maxProblems` problems: past that the oldest go.
 */
export class BuildLogParser {
  private readonly maxLineChars: number;
  private readonly maxProblems: number;
  private readonly unique = new Map<string, ParsedProblem>();
  /** The problem notes attach to; kept out of `unique` until it is complete. */
  private open: Draft | undefined;
  private godot: { severity: ProblemSeverity; message: string } | undefined;
  private first = true;
  private cut = 0;
  private dropped = 0;

  constructor(limits: ParseLimits = {}) {
    this.maxLineChars = limits.maxLineChars ?? MAX_LINE_CHARS;
    this.maxProblems = limits.maxProblems ?? MAX_PROBLEMS;
  }

  /** Lines longer than the limit, cut before matching. */
  get cutLines(): number {
    return this.cut;
  }

  /** Problems let go to stay within `maxProblems`. */
  get droppedProblems(): number {
    return this.dropped;
  }

  /** One line of the log, without its line break; `cut` when whoever read it already dropped its end. */
  push(text: string, cut = false): void {
    let raw = this.first ? text.replace(/^\uFEFF/, '') : text;
    this.first = false;
    if (raw.length > this.maxLineChars) {
      raw = raw.slice(0, this.maxLineChars);
      cut = true;
    }
    if (cut) this.cut++;
    const line = cleanLine(raw);
    const mark = (message: string): string => (cut ? `${message}${CUT}` : message);
    if (this.godot) {
      const pending = this.godot;
      this.godot = undefined;
      const at = godotLocation(line, false);
      if (at) {
        this.start({ file: at.file, line: at.line, severity: pending.severity, message: pending.message, source: 'godot' });
        return;
      }
      if (/^at:\s/i.test(line)) {
        return; // An error inside the engine's C++ (`at: load (modules/gdscript/gdscript.cpp:2936)`): nothing to fix in the project.
      }
    }
    if (!line) {
      this.start(undefined);
      return;
    }
    const found = matchLine(line);
    if (found?.kind === 'problem') {
      this.start({ ...found.problem, message: mark(found.problem.message) });
    } else if (found?.kind === 'note') {
      const note = { ...found.note, message: mark(found.note.message) };
      if (!this.open) {
        this.start({ ...note, severity: 'info', source: found.source });
      } else {
        const related = (this.open.related ??= []);
        if (related.length < MAX_RELATED) related.push(note);
      }
    } else if (found?.kind === 'godot') {
      this.godot = { severity: found.severity, message: mark(found.message) };
      this.start(undefined);
    }
  }

  /** The problems found, oldest first. */
  finish(): ParsedProblem[] {
    this.start(undefined);
    return [...this.unique.values()];
  }

  /** Completes the open problem (notes can no longer join it) and opens `next`. */
  private start(next: Draft | undefined): void {
    if (this.open) {
      const key = JSON.stringify(this.open);
      if (!this.unique.has(key)) {
        this.unique.set(key, this.open);
        if (this.unique.size > this.maxProblems) {
          this.unique.delete(this.unique.keys().next().value as string);
          this.dropped++;
        }
      }
    }
    this.open = next;
  }
}

/** Every problem in a whole log (see BuildLogParser). */
export function parseBuildLog(text: string, limits?: ParseLimits): ParsedProblem[] {
  const parser = new BuildLogParser(limits);
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
    parser.push(text.slice(start, m.index));
    start = m.index + m[0].length;
  }
  parser.push(text.slice(start));
  return parser.finish();
}

/**
 * Reads game-engine and shader-compiler output into located problems: Unity's C# compiler lines
 * (console, Editor.log), MSVC and Unreal Build Tool, Clang/GCC, Godot, DXC/FXC and glslang.
 * Pure (no `vscode`): the formats are pinned down by unit tests with real-looking logs, and
 * `importLog.ts` turns the result into diagnostics.
 */
import * as path from 'node:path';

/** How bad a problem is; notes with nothing to attach to are 'info', as is Clang's `remark:`. */
export type ProblemSeverity = 'error' | 'warning' | 'info';
/** The tool that wrote the line. */
export type ProblemSource = 'unity' | 'msvc' | 'clang' | 'godot' | 'dxc' | 'fxc' | 'glslang';

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

// CSI sequences (colours) and OSC sequences (GCC wraps warning flags in hyperlinks).
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** What loggers put in front of a compiler line; stripped repeatedly, in any order. */
const PREFIXES: readonly RegExp[] = [
  // ISO timestamps (CI runners; Unity's -timestamps adds a `|0x1a2b|` thread id).
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s*(?:\|\s*0x[0-9a-f]+\s*\|)?\s*/i,
  // `[12:34:56]`, Unreal's `[2024.01.15-10.22.33:123][  0]`, Cloud Build's `[Unity]`.
  /^\[[^\]]*\]\s*/,
  /^\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\s+/,
  // MSBuild's project node `1>`, Cloud Build's line numbers `1234: `, GitHub Actions' `##[error]`.
  /^\d+>\s*/,
  /^\d+:\s+/,
  /^##\[\w+\]\s*/,
  // Unreal's log categories and packaging output wrap compiler lines.
  /^(?:Log\w+|PackagingResults):\s+(?:(?:Error|Warning|Display|Log|Verbose):\s+)?/,
  /^UATHelper:\s+[^:]+:\s+/,
];

const HLSL_FILE = /\.(?:hlsli?|fxh?|usf|ush|compute|cginc)$/i;
const GLSL_FILE = /\.(?:glsl|vert|frag|geom|comp|tesc|tese|mesh|task|rgen|rchit|rmiss|rahit|rint|rcall)$/i;

// `res://player.gd:12 - Parse Error: …` (Godot 3, and Godot 4 behind `ERROR: `).
const GODOT_INLINE = /^(?:(?:SCRIPT |USER )?(ERROR|WARNING):\s*)?(res:\/\/.+?):(\d+)(?::(\d+))?\s+-\s+(.*)$/i;
const GODOT_HEADER = /^(?:SCRIPT |USER )?(ERROR|WARNING):\s*(.*)$/;
// Godot 4 `at: _physics_process (res://player.gd:12)`, Godot 3 `At: res://player.gd:12.`
const GODOT_AT = /^at:\s*(?:.*?\()?(res:\/\/.+?):(\d+)\)?\.?$/i;
const GODOT_AT_INLINE = /\s+at:\s*(?:.*?\()?(res:\/\/.+?):(\d+)\)?\.?$/i;
// `ERROR: water.frag:23: 'foam' : undeclared identifier`; file `0` means none was given.
const GLSLANG = /^(ERROR|WARNING):\s*(\S+?):(\d+):(?:(\d+):)?\s*(.*)$/;
// MSVC, UBT, Unreal Header Tool, Unity's C# compiler and FXC: `file(line[,col[-endCol]]): error CODE: …`
// (C#'s /errorendlocation writes `(line,col,endLine,endCol)`).
const PAREN = /^(.+?)\((\d+)(?:,(\d+)(?:-(\d+)|,(\d+),(\d+))?)?\)\s*:\s*(fatal error|error|warning|note|message)\b\s*([A-Z]+\d+)?\s*:\s*(.*)$/i;
// Clang, GCC, DXC, glslc: `file:line[:col]: error: …`
const COLON = /^(.+?):(\d+):(?:(\d+):)?\s*(fatal error|error|warning|note|remark):\s*(.*)$/;
// Clang/GCC end warnings with their flag: `[-Wunused-variable]`, `[-Werror,-Wunused-variable]`.
const WARNING_FLAG = /\s+\[((?:-W[^\],\s]+,)*(-W[^\],\s]+))\]$/;
// MSBuild ends each line with the project: ` [C:\…\Shooter.vcxproj]`.
const MSBUILD_PROJECT = /\s+\[[^\]]*\.\w*proj\]$/i;

function cleanLine(raw: string): string {
  let line = raw.replace(ANSI, '').trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const prefix of PREFIXES) {
      const stripped = line.replace(prefix, '');
      if (stripped !== line) {
        line = stripped.trim();
        changed = true;
      }
    }
  }
  return line;
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
    const at = GODOT_AT_INLINE.exec(m[2]);
    if (at) {
      return located(at[1], Number(at[2]), undefined, undefined, severity, undefined, m[2].slice(0, at.index).trim(), 'godot');
    }
    return { kind: 'godot', severity, message: m[2] };
  }
  m = PAREN.exec(line);
  if (m) {
    const [, file, lineText, column, endColumn, endLine, endLineColumn, word, code, message] = m;
    const end = endColumn ?? (endLine === lineText ? endLineColumn : undefined);
    const text = message.replace(MSBUILD_PROJECT, '');
    return located(file, Math.max(1, Number(lineText)), positive(column), positive(end), word, code, text, parenSource(file, code));
  }
  m = COLON.exec(line);
  if (m) {
    const flag = WARNING_FLAG.exec(m[5]);
    const message = flag ? m[5].slice(0, flag.index) : m[5];
    return located(m[1], Math.max(1, Number(m[2])), positive(m[3]), undefined, m[4], flag?.[2], message, colonSource(m[1]));
  }
  return undefined;
}

/**
 * Finds the compiler and engine problems in a log, in order, each once (Unity repeats them on
 * every domain reload). Notes attach to the problem before them as related locations, up to a
 * blank line; a note with nothing before it becomes an 'info' problem. Lines without a source
 * line (linker errors such as `Weapon.cpp.obj : error LNK2019: …`) are skipped: a diagnostic
 * needs a place in a file.
 */
export function parseBuildLog(text: string): ParsedProblem[] {
  const problems: Draft[] = [];
  let last: Draft | undefined;
  let godot: { severity: ProblemSeverity; message: string } | undefined;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const line = cleanLine(raw);
    if (godot) {
      const pending = godot;
      godot = undefined;
      const at = GODOT_AT.exec(line);
      if (at) {
        last = { file: at[1], line: Number(at[2]), severity: pending.severity, message: pending.message, source: 'godot' };
        problems.push(last);
        continue;
      }
      if (/^at:\s/i.test(line)) {
        continue; // An error inside the engine's C++ (`at: load (modules/gdscript/gdscript.cpp:2936)`): nothing to fix in the project.
      }
    }
    if (!line) {
      last = undefined;
      continue;
    }
    const found = matchLine(line);
    if (found?.kind === 'problem') {
      last = found.problem;
      problems.push(last);
    } else if (found?.kind === 'note') {
      if (last) {
        (last.related ??= []).push(found.note);
      } else {
        last = { ...found.note, severity: 'info', source: found.source };
        problems.push(last);
      }
    } else if (found?.kind === 'godot') {
      godot = { severity: found.severity, message: found.message };
      last = undefined;
    }
  }
  const unique = new Map<string, ParsedProblem>();
  for (const problem of problems) {
    const key = JSON.stringify(problem);
    if (!unique.has(key)) unique.set(key, problem);
  }
  return [...unique.values()];
}

/** Where to look for the files a log names. */
export interface ProblemPathOptions {
  /** Absolute paths of the workspace folders. */
  readonly workspaceFolders: readonly string[];
  /** Folders holding a `project.godot`: what `res://` means. */
  readonly godotRoots: readonly string[];
  /** Engine projects below a workspace folder (a Unity or Unreal project in a subfolder), tried after the workspace folders. */
  readonly projectRoots?: readonly string[];
  exists(p: string): boolean;
}

function firstExisting(roots: readonly string[], relative: string, exists: (p: string) => boolean): string | undefined {
  for (const root of roots) {
    const candidate = path.join(root, relative);
    if (exists(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The absolute path of a file named in a log, or undefined when no such file is here.
 * Absolute paths are used when they exist; otherwise (a log from another machine, a Windows path
 * seen from macOS) the longest tail of the path that exists under a root wins:
 * `C:\Projects\Shooter\Source\Shooter\Weapon.cpp` → `<folder>/Source/Shooter/Weapon.cpp`.
 * Relative paths are tried against each workspace folder and project root, then by the same
 * tail matching; `res://` paths only against the Godot roots.
 */
export function resolveProblemPath(file: string, opts: ProblemPathOptions): string | undefined {
  const written = file.trim().replace(/^"(.*)"$/, '$1');
  if (/^res:\/\//i.test(written)) {
    return firstExisting(opts.godotRoots, written.slice('res://'.length), opts.exists);
  }
  const slashed = written.replace(/\\/g, '/');
  if (/^(?:[A-Za-z]:)?\//.test(slashed) && opts.exists(path.normalize(slashed))) {
    return path.normalize(slashed);
  }
  const roots = [...opts.workspaceFolders, ...(opts.projectRoots ?? [])];
  const segments = slashed.split('/').filter((s, i) => s !== '' && s !== '.' && s !== '..' && !(i === 0 && /^[A-Za-z]:$/.test(s)));
  for (let start = 0; start < segments.length; start++) {
    const found = firstExisting(roots, segments.slice(start).join('/'), opts.exists);
    if (found) return found;
  }
  return undefined;
}

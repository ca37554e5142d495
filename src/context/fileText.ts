/**
 * A file's text as an attached item: decoded, refused when binary, and cut "around what matters"
 * when it is larger than its budget. What matters, in this order:
 *   1. the cursor, when the file is the active editor (the lines around it);
 *   2. its most severe diagnostic (errors before warnings, the first one in the file);
 *   3. otherwise its head, followed by an outline of the rest (the document symbols' names and
 *      lines), so the model sees the start and knows what else the file holds.
 * The item says what it cut: `lines 120–360 of 2,400 (around the cursor, line 240)`.
 * Pure (no `vscode`), so every bound is unit-tested.
 */
import type { LineSpan } from '../answering/contextTypes';
import { MAX_LINE_CHARS } from './budgets';

/** Where to centre a cut, and why (said in the item). */
export interface Focus {
  /** 1-based. */
  readonly line: number;
  /** `the cursor`, `the first error`… */
  readonly reason: string;
}

/** A symbol of the file's outline (from the document-symbol provider). */
export interface OutlineEntry {
  readonly name: string;
  /** `class`, `method`… */
  readonly kind: string;
  /** 1-based. */
  readonly line: number;
  /** Nesting depth, 0 at the top. */
  readonly depth: number;
}

export interface CutText {
  readonly text: string;
  /** The lines `text` covers; undefined when it is the whole file. */
  readonly span?: LineSpan;
  /** What was left out, for the item's naming line; undefined when nothing was. */
  readonly cut?: string;
}

/** Decoded file content, or why it cannot be attached. */
export type Decoded = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'binary' };

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Text from a file's bytes: UTF-8 (a BOM dropped), or UTF-16 with a BOM. Bytes with a NUL in the
 * first 8,000 and no UTF-16 BOM are binary (git's rule), as are bytes that are mostly not UTF-8.
 */
export function decodeFile(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
    return text.includes('\u0000') ? { kind: 'binary' } : { kind: 'text', text };
  }
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return { kind: 'binary' };
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  // A cut at the read limit may split one character; many replacement characters mean not UTF-8.
  const replaced = text.length - text.replaceAll('\uFFFD', '').length;
  return replaced > 8 && replaced > text.length / 100 ? { kind: 'binary' } : { kind: 'text', text };
}

/** The text's lines (LF, CRLF or CR), each cut to MAX_LINE_CHARS; how many were cut. */
export function splitLines(text: string): { lines: string[]; longLines: number } {
  let longLines = 0;
  const lines = text.split(/\r\n|\r|\n/).map((line) => {
    if (line.length <= MAX_LINE_CHARS) return line;
    longLines++;
    return `${line.slice(0, MAX_LINE_CHARS)}…(line cut)`;
  });
  // A final newline ends the last line; it does not start another.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return { lines, longLines };
}

const size = (lines: readonly string[], from: number, to: number): number => {
  let total = 0;
  for (let i = from; i <= to; i++) total += lines[i].length + 1;
  return total;
};

/** The widest window of lines around `center` (0-based) that fits `budget` characters. */
export function windowAround(lines: readonly string[], center: number, budget: number): { from: number; to: number } {
  let from = Math.min(Math.max(0, center), lines.length - 1);
  let to = from;
  let used = lines[from].length + 1;
  for (let grew = true; grew; ) {
    grew = false;
    // Below first: code after the cursor or error usually explains it as much as code before.
    if (to + 1 < lines.length && used + lines[to + 1].length + 1 <= budget) {
      used += lines[++to].length + 1;
      grew = true;
    }
    if (from > 0 && used + lines[from - 1].length + 1 <= budget) {
      used += lines[--from].length + 1;
      grew = true;
    }
  }
  return { from, to };
}

/** The outline lines that fit `budget`: `412: class Player`, indented by depth. */
function outlineText(outline: readonly OutlineEntry[], afterLine: number, budget: number): string[] {
  const out: string[] = [];
  let used = 0;
  const rest = outline.filter((entry) => entry.line > afterLine);
  for (const [index, entry] of rest.entries()) {
    const line = `${entry.line}: ${'  '.repeat(Math.min(entry.depth, 8))}${entry.kind} ${entry.name}`.slice(0, 200);
    if (used + line.length + 1 > budget) {
      out.push(`… ${count(rest.length - index)} more symbols`);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out;
}

/**
 * The part of a file to attach: all of it when it fits `budget`, else a window around `focus`,
 * else the head and an outline of the rest. `totalLines` is the file's real length when `text`
 * is only the first part read of a larger file.
 */
export function cutFile(text: string, budget: number, focus?: Focus, outline: readonly OutlineEntry[] = [], readLimitNote?: string): CutText {
  const { lines, longLines } = splitLines(text);
  const notes: string[] = [];
  if (longLines > 0) notes.push(`${count(longLines)} long line${longLines === 1 ? '' : 's'} cut`);
  if (readLimitNote) notes.push(readLimitNote);
  const whole = size(lines, 0, lines.length - 1);
  if (whole <= budget) {
    return { text: lines.join('\n'), ...(notes.length ? { cut: notes.join('; ') } : {}) };
  }
  const total = count(lines.length);
  if (focus && focus.line >= 1 && focus.line <= lines.length) {
    const { from, to } = windowAround(lines, focus.line - 1, budget);
    return {
      text: lines.slice(from, to + 1).join('\n'),
      span: { startLine: from + 1, endLine: to + 1 },
      cut: [`lines ${count(from + 1)}–${count(to + 1)} of ${total} (around ${focus.reason}, line ${count(focus.line)})`, ...notes].join('; '),
    };
  }
  // The head gets three quarters; the outline of what follows gets the rest.
  const outlineBudget = outline.length ? Math.floor(budget / 4) : 0;
  const { to } = windowAround(lines, 0, budget - outlineBudget - 80);
  const outlineLines = outlineText(outline, to + 1, outlineBudget);
  const body = lines.slice(0, to + 1);
  if (outlineLines.length) body.push('', `… lines ${count(to + 2)}–${total} left out; their outline (line: symbol):`, ...outlineLines);
  return {
    text: body.join('\n'),
    span: { startLine: 1, endLine: to + 1 },
    cut: [`lines 1–${count(to + 1)} of ${total} (the head${outlineLines.length ? ', then an outline of the rest' : ''})`, ...notes].join('; '),
  };
}

/** Fence languages by file extension, for files read from disk (open documents have their language id). */
const EXTENSION_LANGUAGES: Readonly<Record<string, string>> = {
  cs: 'csharp', hlsl: 'hlsl', hlsli: 'hlsl', cginc: 'hlsl', shader: 'hlsl', compute: 'hlsl', fx: 'hlsl', usf: 'hlsl', ush: 'hlsl',
  glsl: 'glsl', vert: 'glsl', frag: 'glsl', comp: 'glsl', wgsl: 'wgsl', gdshader: 'glsl', gd: 'gdscript',
  c: 'c', h: 'cpp', cpp: 'cpp', cc: 'cpp', hpp: 'cpp', inl: 'cpp', ts: 'typescript', tsx: 'typescript', js: 'javascript', mjs: 'javascript', cjs: 'javascript',
  py: 'python', lua: 'lua', rs: 'rust', go: 'go', java: 'java', json: 'json', yaml: 'yaml', yml: 'yaml', xml: 'xml', uxml: 'xml', uss: 'css', css: 'css',
  md: 'markdown', ini: 'ini', cfg: 'ini', toml: 'toml', sh: 'bash', ps1: 'powershell', txt: 'text', log: 'text', godot: 'ini', tscn: 'ini', tres: 'ini',
  uproject: 'json', uplugin: 'json', asmdef: 'json', unity: 'yaml', prefab: 'yaml', asset: 'yaml', mat: 'yaml', meta: 'yaml',
};

/** The fence language for a path (`Assets/Player.cs` → `csharp`); `text` when unknown. */
export function languageForPath(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  return (dot > 0 && EXTENSION_LANGUAGES[name.slice(dot + 1)]) || 'text';
}

/** VS Code language ids that fence under another name. */
const FENCE_NAMES: Readonly<Record<string, string>> = { plaintext: 'text', shellscript: 'bash', typescriptreact: 'tsx', javascriptreact: 'jsx' };

export function fenceLanguage(languageId: string): string {
  return FENCE_NAMES[languageId] ?? languageId;
}

/** `lines 12–20` / `line 12` for labels. */
export function linesLabel(span: LineSpan): string {
  return span.startLine === span.endLine ? `line ${count(span.startLine)}` : `lines ${count(span.startLine)}–${count(span.endLine)}`;
}

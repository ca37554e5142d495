/**
 * A terminal command's output as plain text: escape sequences removed (colours, cursor moves,
 * VS Code's own shell-integration markers), carriage-return redraws (progress bars) collapsed to
 * what the line finally showed, and a bounded tail kept, since errors come at the end. Pure.
 */

import { withoutTrailingNewlines } from '../util/text';

const ESC = 0x1b;
const BEL = 0x07;
/** The 8-bit forms of CSI and OSC. */
const CSI_8BIT = 0x9b;
const OSC_8BIT = 0x9d;

const isFinalByte = (code: number): boolean => code >= 0x40 && code <= 0x7e;
const isIntermediate = (code: number): boolean => code >= 0x20 && code <= 0x2f;
/** Control characters other than tab, newline and carriage return (handled per line), and DEL. */
const isStrayControl = (code: number): boolean => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;

/**
 * `raw` without ECMA-48 escape sequences: CSI (`ESC [` … final byte: colours, cursor moves), OSC
 * (`ESC ]` … BEL or `ESC \`: titles, links, VS Code's shell-integration markers), DCS/SOS/PM/APC
 * strings, two-byte escapes, and stray control characters. One pass, no regular expression.
 */
function withoutEscapes(raw: string): string {
  const kept: string[] = [];
  let plainFrom = 0;
  let i = 0;
  const skipTo = (end: number): void => {
    if (i > plainFrom) kept.push(raw.slice(plainFrom, i));
    i = end;
    plainFrom = end;
  };
  while (i < raw.length) {
    const code = raw.charCodeAt(i);
    if (code === ESC || code === CSI_8BIT || code === OSC_8BIT) {
      let at = i + 1;
      let kind: 'csi' | 'string' | 'short';
      if (code === CSI_8BIT) kind = 'csi';
      else if (code === OSC_8BIT) kind = 'string';
      else {
        const next = raw[at++];
        kind = next === '[' ? 'csi' : next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_' ? 'string' : 'short';
        if (kind === 'short' && next !== undefined && isIntermediate(next.charCodeAt(0))) {
          while (at < raw.length && isIntermediate(raw.charCodeAt(at))) at++;
          at++; // the final byte
        }
      }
      if (kind === 'csi') {
        while (at < raw.length && !isFinalByte(raw.charCodeAt(at))) at++;
        at++;
      } else if (kind === 'string') {
        // Ends at BEL or ST (`ESC \`); an ESC starting something else ends it too.
        while (at < raw.length && raw.charCodeAt(at) !== BEL && raw.charCodeAt(at) !== ESC) at++;
        if (raw.charCodeAt(at) === BEL) at++;
        else if (raw.charCodeAt(at) === ESC && raw[at + 1] === '\\') at += 2;
      }
      skipTo(Math.min(at, raw.length));
      continue;
    }
    if (isStrayControl(code)) {
      skipTo(i + 1);
      continue;
    }
    i++;
  }
  skipTo(raw.length);
  return kept.join('');
}

/** `raw` without escape sequences and control characters, each line as it was finally drawn. */
export function plainTerminalText(raw: string): string {
  return withoutEscapes(raw)
    .split('\n')
    .map((line) => {
      const withoutEnd = line.endsWith('\r') ? line.slice(0, -1) : line;
      const redraw = withoutEnd.lastIndexOf('\r');
      return redraw >= 0 ? withoutEnd.slice(redraw + 1) : withoutEnd;
    })
    .join('\n');
}

/** Keeps the last `limit` characters of a growing output (what a running command is recorded in). */
export class TailBuffer {
  private chunks: string[] = [];
  private length = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: string): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    while (this.length - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1) {
      const first = this.chunks.shift()!;
      this.length -= first.length;
      this.dropped += first.length;
    }
  }

  /** The kept text (at most about `limit` characters) and how many characters went before it. */
  read(): { text: string; dropped: number } {
    const text = this.chunks.join('');
    const over = Math.max(0, text.length - this.limit);
    return { text: text.slice(over), dropped: this.dropped + over };
  }
}

/** The end of `text` that fits `budget`, starting at a line; how many lines were left out before it. */
export function tailLines(text: string, budget: number): { text: string; leftOutLines: number } {
  const lines = withoutTrailingNewlines(text).split('\n');
  let used = 0;
  let from = lines.length;
  while (from > 0 && used + lines[from - 1].length + 1 <= budget) used += lines[--from].length + 1;
  if (from === lines.length && lines.length > 0) {
    // One line longer than the budget: its end.
    return { text: lines[lines.length - 1].slice(-budget), leftOutLines: lines.length - 1 };
  }
  return { text: lines.slice(from).join('\n'), leftOutLines: from };
}

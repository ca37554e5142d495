/**
 * Finds where the finished markdown blocks of a streaming answer end, so only the last, still-open
 * block is re-rendered on each frame.
 *
 * A block ends at a blank line outside a fenced code block, or right after the closing line of a
 * fence that starts at column 0 (such a fence is always a top-level block). Lines are scanned once,
 * as they complete; a fence that has not closed keeps everything after its opening line open.
 */

interface Fence {
  readonly char: '`' | '~';
  readonly length: number;
  /** Opened at column 0, outside any list or quote. */
  readonly topLevel: boolean;
}

// Fences may sit inside lists and quotes; being lenient here only means fewer split points.
const fenceLine = /^((?:[ \t]*>)*)([ \t]*)(`{3,}|~{3,})(.*)$/;

function openingFence(line: string): Fence | undefined {
  const match = fenceLine.exec(line);
  if (!match) return undefined;
  const [, quotes, indent, marker, info] = match;
  const char = marker[0] as '`' | '~';
  if (char === '`' && info.includes('`')) return undefined; // inline code such as ```x```
  return { char, length: marker.length, topLevel: quotes === '' && indent === '' };
}

function closesFence(line: string, fence: Fence): boolean {
  const match = fenceLine.exec(line);
  if (!match) return false;
  const [, , , marker, rest] = match;
  return marker[0] === fence.char && marker.length >= fence.length && rest.trim() === '';
}

export class BlockSplitter {
  /** Index of the first character of the first line not scanned yet. */
  private scanned = 0;
  private fence: Fence | undefined;
  private boundary = 0;

  /** Scans newly completed lines of `source` and returns the end of the last finished block. */
  advance(source: string): number {
    for (;;) {
      const newline = source.indexOf('\n', this.scanned);
      if (newline < 0) break;
      const line = source.slice(this.scanned, newline);
      const next = newline + 1;
      if (this.fence) {
        if (closesFence(line, this.fence)) {
          if (this.fence.topLevel) this.boundary = next;
          this.fence = undefined;
        }
      } else {
        const opened = openingFence(line);
        if (opened) this.fence = opened;
        else if (line.trim() === '') this.boundary = next;
      }
      this.scanned = next;
    }
    return this.boundary;
  }

  /** True when the text after the last finished block ends inside an unclosed fence. */
  endsInOpenFence(source: string): boolean {
    if (this.fence) return true;
    const lastLine = source.slice(this.scanned);
    return lastLine !== '' && openingFence(lastLine) !== undefined;
  }
}

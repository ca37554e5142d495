/**
 * Where a streaming answer can be cut so that only its end is re-rendered on each frame.
 *
 * `finishedBlocks` finds the blocks that are final, from markdown-it's own block structure.
 * `ProvisionalSplitter` cuts one huge open block (a quote thousands of lines long, a list that is
 * the whole answer) into pieces that are shown provisionally until the block ends.
 */
import type { Token } from 'markdown-it';
import { isOpenFence } from './markdown';

/** Beyond this many characters an open block is shown in provisional pieces. */
export const OPEN_BLOCK_LIMIT = 4096;

export interface FinishedBlocks {
  /** The finished blocks are `tokens.slice(0, tokenEnd)`; 0 when none is. */
  readonly tokenEnd: number;
  /** The line (markdown-it `map` numbering) where the part that is not finished begins. */
  readonly line: number;
}

/**
 * The top-level blocks of a streaming prefix that no later text can change. CommonMark closes a
 * block for good once the next top-level block starts, so every block before the last is final,
 * provided the first two lines of the block after it are whole: a partial line may still change
 * meaning (```` ```js` ```` is text, not a fence), and a table needs its delimiter row. A top-level
 * fence is final once its closing line is whole. (Link reference definitions can reach back to
 * earlier blocks; the caller renders once more at the end when there are any.)
 */
export function finishedBlocks(tokens: readonly Token[], completeLines: number): FinishedBlocks {
  let finished: FinishedBlocks = { tokenEnd: 0, line: 0 };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.level !== 0 || token.nesting === -1 || !token.map) continue;
    if (i > 0 && token.map[0] + 1 < completeLines) finished = { tokenEnd: i, line: token.map[0] };
    if (token.type === 'fence' && !isOpenFence(token)) finished = { tokenEnd: i + 1, line: token.map[1] };
  }
  return finished;
}

interface Fence {
  readonly char: '`' | '~';
  readonly length: number;
  /** The opening line, so a piece that starts inside the fence can open it again. */
  readonly opener: string;
}

// Fences may sit inside lists and quotes; being lenient here only means other split points.
// The rest of the line is taken apart from the marker: `~{3,}(.*)$` backtracks through every `~` when it fails.
const fenceStart = /^((?:[ \t]*>)*)([ \t]*)(`{3,}|~{3,})/;
const lineBreak = /[\n\r\u2028\u2029]/;

/** The fence marker a line starts with and the rest of the line, as `(`{3,}|~{3,})(.*)$` would split it. */
function fenceLine(line: string): [marker: string, rest: string] | undefined {
  const match = fenceStart.exec(line);
  const rest = match ? line.slice(match[0].length) : '';
  return match && !lineBreak.test(rest) ? [match[3], rest] : undefined;
}

function openingFence(line: string): Fence | undefined {
  const match = fenceLine(line);
  if (!match) return undefined;
  const [marker, info] = match;
  const char = marker[0] as '`' | '~';
  if (char === '`' && info.includes('`')) return undefined; // inline code such as ```x```
  return { char, length: marker.length, opener: line };
}

function closesFence(line: string, fence: Fence): boolean {
  const match = fenceLine(line);
  if (!match) return false;
  const [marker, rest] = match;
  return marker[0] === fence.char && marker.length >= fence.length && rest.trim() === '';
}

/** Lines that read well as the start of a piece: a quote, a list item or a heading. */
const pieceStart = /^ {0,3}(?:>|[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}[ \t])/;

/** Where a piece may end: the next one starts at `at`, with `prefix` (a fence's opening line) before it. */
export interface SplitPoint {
  readonly at: number;
  readonly prefix: string;
}

/**
 * Scans the lines of one open block as they complete (each once) and remembers where a piece could
 * end: preferably before a line that reads well on its own, else before any line. Inside a fence
 * the next piece re-opens the fence, so code still shows as code.
 */
export class ProvisionalSplitter {
  private fence: Fence | undefined;
  private good: SplitPoint | undefined;
  private any: SplitPoint | undefined;

  /** @param scanned offset of the first line of the open block */
  constructor(private scanned: number) {}

  /** Scans the lines of `source` completed since the last call. */
  advance(source: string): void {
    for (;;) {
      const newline = source.indexOf('\n', this.scanned);
      if (newline < 0) return;
      const at = this.scanned;
      const line = source.slice(at, newline);
      this.scanned = newline + 1;
      if (this.fence) {
        // Never before the closing line: a piece starting with it would open a new fence.
        if (closesFence(line, this.fence)) this.fence = undefined;
        else this.any = { at, prefix: `${this.fence.opener}\n` };
        continue;
      }
      const point = { at, prefix: '' };
      this.any = point;
      if (pieceStart.test(line)) this.good = point;
      this.fence = openingFence(line);
    }
  }

  /** Where to end the piece that starts at `from`, for `source` of length `length`; undefined to wait. */
  split(from: number, length: number): SplitPoint | undefined {
    if (this.good && this.good.at > from) return this.good;
    if (this.any && this.any.at > from && length - from > 2 * OPEN_BLOCK_LIMIT) return this.any;
    return undefined;
  }
}

/**
 * The body of one message, rendered incrementally while it streams:
 *
 * - finished blocks are rendered once, exactly as a full render renders them, and their DOM is
 *   never touched again (so a code block is highlighted once, when it closes);
 * - only the open part (the last block) is re-rendered, once per frame (the caller schedules);
 * - an open block that grows huge (a quote of thousands of lines, a list that is the whole answer)
 *   is shown in provisional pieces of bounded size, so a frame's work does not grow with the
 *   answer; once the block ends, or the answer does, it is rendered exactly, once;
 * - a frame takes in at most FRAME_BUDGET characters of new text: when the gateway streams faster
 *   than the view draws, a frame's work would otherwise grow with what piled up since the last one
 *   (66 KB, 115 ms in one frame of a 20,000-token answer). The rest waits for the next frame.
 *
 * Exact blocks go into chunks (chunks.ts). When the answer ends the DOM equals a full render of
 * its text.
 */
import { finishedBlocks, OPEN_BLOCK_LIMIT, ProvisionalSplitter } from './blockSplitter';
import { BlockChunks } from './chunks';
import type { CodeBlockHost } from './codeBlock';
import { countLines, offsetOfLine, parseBlocks, parseMarkdown, renderMarkdown, renderTokens, type MarkdownEnv } from './markdown';

/** Characters of new text one frame renders at most (about 15 ms of parsing, sanitizing and DOM). */
export const FRAME_BUDGET = 8192;

/**
 * Where a frame that starts with `from` characters on screen stops taking in `source`: the end of
 * the line FRAME_BUDGET characters on (so finished blocks can be committed), else right there.
 */
export function frameEnd(source: string, from: number): number {
  const budgetEnd = from + FRAME_BUDGET;
  if (budgetEnd >= source.length) return source.length;
  const newline = source.indexOf('\n', budgetEnd);
  if (newline >= 0 && newline < budgetEnd + FRAME_BUDGET) return newline + 1;
  // One huge line: cut inside it, but never between the halves of a surrogate pair.
  const code = source.charCodeAt(budgetEnd - 1);
  return code >= 0xd800 && code <= 0xdbff ? budgetEnd + 1 : budgetEnd;
}

/** markdown-it's input normalization (its `normalize` core rule), so offsets here match its lines. */
function normalize(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/** An open block shown in provisional pieces. */
interface Provisional {
  /** Where the block starts: the end of the exact part. */
  readonly start: number;
  readonly splitter: ProvisionalSplitter;
  /** The source up to here is shown in `pieces`. */
  end: number;
  /** Text to render before `source.slice(end)` (a fence's opening line when `end` is inside it). */
  prefix: string;
  readonly pieces: ChildNode[];
  /** When the source reaches this length, check whether the block has ended (doubling: linear overall). */
  nextCheck: number;
}

export class StreamingMarkdown {
  /** The text as received. */
  private raw = '';
  /** `raw` normalized; a trailing `\r` waits for the next delta (it may be half of `\r\n`). */
  private source = '';
  private pendingCR = false;
  /** Shared by the renders of one body: link reference definitions collect here. */
  private env: MarkdownEnv = { references: {} };
  /** The source up to here is rendered exactly, into DOM that stays. */
  private exactEnd = 0;
  private provisional: Provisional | undefined;
  /** Nodes of the open part; replaced on each render. */
  private tail: ChildNode[] = [];
  private renderedLength = 0;
  /** What this frame shows: `source` up to the frame's end (see frameEnd). */
  private shown = '';
  private readonly chunks: BlockChunks;

  constructor(
    readonly el: HTMLElement,
    private readonly host: CodeBlockHost,
  ) {
    this.chunks = new BlockChunks(el);
  }

  get text(): string {
    return this.raw;
  }

  /** True when text arrived that is not on screen yet. */
  get dirty(): boolean {
    return this.renderedLength !== this.source.length;
  }

  append(text: string): void {
    this.raw += text;
    let chunk = this.pendingCR ? `\r${text}` : text;
    this.pendingCR = chunk.endsWith('\r');
    if (this.pendingCR) chunk = chunk.slice(0, -1);
    this.source += normalize(chunk);
  }

  /**
   * Brings the DOM closer to what has streamed, re-rendering only the open part; at most
   * FRAME_BUDGET new characters per call: `dirty` stays true while more is waiting.
   */
  renderIncremental(): void {
    if (!this.dirty) return;
    this.shown = this.source.slice(0, frameEnd(this.source, this.renderedLength));
    this.removeTail();
    if (this.provisional) this.checkProvisionalBlockEnded();
    if (!this.provisional) this.renderExact();
    if (this.provisional) this.renderProvisional(this.provisional);
    this.renderedLength = this.shown.length;
    this.shown = '';
  }

  /**
   * The answer ended: the open part is rendered exactly, once. When the final text differs from
   * what streamed, or link references could reach back to earlier blocks, everything is.
   */
  finish(finalText?: string): void {
    if (finalText !== undefined && finalText !== this.raw) {
      this.renderAll(finalText);
      return;
    }
    if (this.pendingCR) this.source += '\n';
    this.pendingCR = false;
    if (Object.keys(this.env.references ?? {}).length > 0) {
      this.renderAll(this.raw);
      return;
    }
    this.removeTail();
    this.removeProvisional();
    this.chunks.append(renderMarkdown(this.source.slice(this.exactEnd), this.host, this.exactEnv()));
    this.renderedLength = this.source.length;
    this.startOverOnAppend();
  }

  /**
   * A finished body keeps one copy of its text, not two: `raw` and `source` were built apart (each
   * delta appended to both), so they are two strings even when equal, which doubled what every
   * answer held in the view's heap. Equal is the rule: only `\r` or NUL make them differ.
   */
  private shareText(): void {
    if (this.source === this.raw) this.source = this.raw;
  }

  /** Renders `text` as a whole (a message that is not streaming, or a replaced final text). */
  renderAll(text: string): void {
    this.raw = text;
    this.source = normalize(text);
    this.pendingCR = false;
    this.env = { references: {} };
    this.removeProvisional();
    this.el.replaceChildren();
    this.chunks.clear();
    this.chunks.append(renderMarkdown(this.source, this.host, this.exactEnv()));
    this.renderedLength = this.source.length;
    this.startOverOnAppend();
  }

  /** Should more text ever be appended to a finished body, it re-renders from the start once, then incrementally. */
  private startOverOnAppend(): void {
    this.shareText();
    this.exactEnd = 0;
    this.tail = Array.from(this.el.childNodes);
    this.chunks.reset();
  }

  /** Commits the blocks that are finished, then renders the open one (or hands a huge one to pieces). */
  private renderExact(): void {
    const open = this.shown.slice(this.exactEnd);
    if (open === '') return;
    const tokens = parseMarkdown(open, this.streamingEnv());
    const finished = finishedBlocks(tokens, countLines(open));
    if (finished.tokenEnd > 0) {
      this.chunks.append(renderTokens(tokens.slice(0, finished.tokenEnd), this.env, this.host));
      this.exactEnd += offsetOfLine(open, finished.line);
    }
    if (this.shown.length - this.exactEnd > OPEN_BLOCK_LIMIT) {
      this.provisional = { start: this.exactEnd, splitter: new ProvisionalSplitter(this.exactEnd), end: this.exactEnd, prefix: '', pieces: [], nextCheck: 0 };
      this.provisional.nextCheck = this.nextCheck(this.provisional);
      return;
    }
    this.tail = this.appendNodes(renderTokens(tokens.slice(finished.tokenEnd), this.env, this.host));
  }

  /** Ends the current piece once the open part is over the limit, then renders what follows it. */
  private renderProvisional(p: Provisional): void {
    p.splitter.advance(this.shown);
    if (this.shown.length - p.end > OPEN_BLOCK_LIMIT) {
      const split = p.splitter.split(p.end, this.shown.length);
      if (split) {
        p.pieces.push(...this.appendNodes(renderMarkdown(p.prefix + this.shown.slice(p.end, split.at), this.host, { streaming: true })));
        p.end = split.at;
        p.prefix = split.prefix;
      }
    }
    this.tail = this.appendNodes(renderMarkdown(p.prefix + this.shown.slice(p.end), this.host, { streaming: true }));
  }

  /** Every so often (block-level parse only), checks whether the huge block ended; if so renders it exactly. */
  private checkProvisionalBlockEnded(): void {
    const p = this.provisional;
    if (!p || this.shown.length < p.nextCheck) return;
    const complete = this.shown.slice(p.start, this.shown.lastIndexOf('\n') + 1);
    const finished = finishedBlocks(parseBlocks(complete), countLines(complete));
    if (finished.tokenEnd === 0) {
      p.nextCheck = this.nextCheck(p);
      return;
    }
    this.removeProvisional();
    const end = p.start + offsetOfLine(complete, finished.line);
    this.chunks.append(renderMarkdown(this.shown.slice(p.start, end), this.host, this.exactEnv()));
    this.exactEnd = end;
  }

  private nextCheck(p: Provisional): number {
    return p.start + 2 * Math.max(this.shown.length - p.start, OPEN_BLOCK_LIMIT);
  }

  /** For parsing the open part: fences that run to its end are still being written. */
  private streamingEnv(): MarkdownEnv {
    return { ...this.env, streaming: true };
  }

  /** For rendering text that is complete (the references object stays shared). */
  private exactEnv(): MarkdownEnv {
    return { ...this.env, streaming: false };
  }

  private appendNodes(fragment: DocumentFragment): ChildNode[] {
    const nodes = Array.from(fragment.childNodes);
    this.el.append(fragment);
    return nodes;
  }

  private removeTail(): void {
    for (const node of this.tail) node.remove();
    this.tail = [];
  }

  private removeProvisional(): void {
    for (const node of this.provisional?.pieces ?? []) node.remove();
    this.provisional = undefined;
  }
}

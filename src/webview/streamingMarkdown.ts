/**
 * The body of one message, rendered incrementally while it streams: finished blocks are rendered
 * once and kept as DOM; only the open tail is replaced on each frame.
 */
import { BlockSplitter } from './blockSplitter';
import type { CodeBlockHost } from './codeBlock';
import { renderMarkdown } from './markdown';

export class StreamingMarkdown {
  private source = '';
  /** `source` up to here is rendered into committed DOM that stays. */
  private committed = 0;
  private splitter = new BlockSplitter();
  /** Nodes rendered from `source.slice(committed)`; replaced on the next render. */
  private tail: ChildNode[] = [];
  private renderedLength = 0;

  constructor(
    readonly el: HTMLElement,
    private readonly host: CodeBlockHost,
  ) {}

  get text(): string {
    return this.source;
  }

  /** True when text arrived that is not on screen yet. */
  get dirty(): boolean {
    return this.renderedLength !== this.source.length;
  }

  append(text: string): void {
    this.source += text;
  }

  /** Brings the DOM up to date with what has streamed, re-rendering only the open block. */
  renderIncremental(): void {
    if (!this.dirty) return;
    const boundary = this.splitter.advance(this.source);
    for (const node of this.tail) node.remove();
    this.tail = [];
    if (boundary > this.committed) {
      this.el.append(renderMarkdown(this.source.slice(this.committed, boundary), this.host));
      this.committed = boundary;
    }
    const open = this.source.slice(this.committed);
    if (open !== '') {
      const fragment = renderMarkdown(open, this.host, { openFence: this.splitter.endsInOpenFence(this.source) });
      this.tail = Array.from(fragment.childNodes);
      this.el.append(fragment);
    }
    this.renderedLength = this.source.length;
  }

  /** Renders `text` as a whole (a final answer, or a message that is not streaming). */
  renderAll(text: string): void {
    this.source = text;
    this.el.replaceChildren(renderMarkdown(text, this.host));
    // Should more text ever be appended, it re-renders from the start once, then incrementally.
    this.splitter = new BlockSplitter();
    this.committed = 0;
    this.tail = Array.from(this.el.childNodes);
    this.renderedLength = text.length;
  }
}

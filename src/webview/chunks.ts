/**
 * Groups rendered blocks into chunks (`div.mg-blocks`) of a few blocks each. A long answer has
 * thousands of blocks; as direct children of one element, every streamed frame would make the
 * browser walk all of them for layout and paint. Chunks off screen are skipped instead
 * (`content-visibility: auto`, only once there are two chunks: a short answer lays out as plain
 * blocks). The grouping depends only on the order of the blocks, so an answer rendered in one go
 * and one rendered while streaming end up with the same DOM.
 */
import { h } from './dom';

/** Blocks (elements) per chunk. */
export const BLOCKS_PER_CHUNK = 16;

export class BlockChunks {
  private chunk: HTMLElement | undefined;
  private blocks = 0;

  /** @param parent where new chunks are appended (always after every existing chunk) */
  constructor(private readonly parent: HTMLElement) {}

  /** Moves the fragment's nodes into chunks, filling the last chunk first. */
  append(fragment: DocumentFragment): void {
    for (const node of Array.from(fragment.childNodes)) {
      const isBlock = node.nodeType === Node.ELEMENT_NODE;
      if (!this.chunk || (isBlock && this.blocks === BLOCKS_PER_CHUNK)) {
        if (this.chunk) this.parent.classList.add('mg-markdown--chunked');
        this.chunk = h('div', { class: 'mg-blocks' });
        this.blocks = 0;
        this.parent.append(this.chunk);
      }
      if (isBlock) this.blocks++;
      this.chunk.append(node);
    }
  }

  /** The next block starts a new chunk (the existing ones were removed or are to be). */
  reset(): void {
    this.chunk = undefined;
    this.blocks = 0;
  }

  /** The parent was emptied. */
  clear(): void {
    this.reset();
    this.parent.classList.remove('mg-markdown--chunked');
  }
}

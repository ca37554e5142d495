/** The history panel: past conversations (title, when, how many messages) to reopen or delete. */
import type { ConversationSummary } from '../shared/protocol';
import { button, h, icon } from './dom';
import { relativeTime } from './scheduling';

export interface HistoryHost {
  open(conversationId: string): void;
  delete(conversationId: string): void;
  close(): void;
}

export class HistoryPanel {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private items: readonly ConversationSummary[] = [];
  private currentId = '';

  constructor(private readonly host: HistoryHost) {
    this.list = h('ul', { class: 'mg-history__list' });
    this.empty = h('p', { class: 'mg-history__empty' }, 'No past conversations yet.');
    this.el = h(
      'section',
      { id: 'mg-history', class: 'mg-history', 'aria-label': 'Chat history', hidden: true },
      h(
        'div',
        { class: 'mg-history__header' },
        h('h2', { class: 'mg-history__heading' }, 'History'),
        button({ label: 'Close history', icon: 'close', onClick: () => host.close() }),
      ),
      this.list,
      this.empty,
    );
    this.el.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        host.close();
      }
    });
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  setOpen(open: boolean): void {
    this.el.hidden = !open;
    if (open) this.draw();
  }

  setItems(items: readonly ConversationSummary[]): void {
    const focusedIndex = this.focusedItemIndex();
    this.items = [...items].sort((a, b) => b.updatedAt - a.updatedAt);
    this.draw();
    // After a delete, keep the keyboard where it was instead of dropping focus to the page.
    if (focusedIndex >= 0) this.focusItem(Math.min(focusedIndex, this.items.length - 1));
  }

  setCurrent(conversationId: string): void {
    this.currentId = conversationId;
    this.draw();
  }

  /** Moves focus into the panel (its first conversation, or the close button). */
  focusFirst(): void {
    const first = this.el.querySelector<HTMLButtonElement>('.mg-history__open') ?? this.el.querySelector<HTMLButtonElement>('button');
    first?.focus();
  }

  private draw(): void {
    if (this.el.hidden) return;
    const now = Date.now();
    this.list.replaceChildren(...this.items.map((item) => this.row(item, now)));
    this.empty.hidden = this.items.length > 0;
  }

  private row(item: ConversationSummary, now: number): HTMLLIElement {
    const title = item.title.trim() || 'Untitled chat';
    const count = `${item.messageCount} ${item.messageCount === 1 ? 'message' : 'messages'}`;
    const when = relativeTime(item.updatedAt, now);
    const open = h(
      'button',
      { type: 'button', class: 'mg-history__open', title: `${title}\n${new Date(item.updatedAt).toLocaleString()}` },
      icon('comment-discussion'),
      h('span', { class: 'mg-history__text' }, h('span', { class: 'mg-history__title' }, title), h('span', { class: 'mg-history__meta' }, `${when} · ${count}`)),
    );
    open.addEventListener('click', () => this.host.open(item.id));
    const current = item.id === this.currentId;
    if (current) open.setAttribute('aria-current', 'true');
    const remove = button({
      label: `Delete conversation ${title}`,
      icon: 'trash',
      className: 'mg-history__delete',
      onClick: () => this.host.delete(item.id),
    });
    return h('li', { class: `mg-history__item${current ? ' mg-history__item--current' : ''}` }, open, remove);
  }

  private focusedItemIndex(): number {
    const active = document.activeElement;
    if (!active || !this.list.contains(active)) return -1;
    return Array.from(this.list.children).findIndex((li) => li.contains(active));
  }

  private focusItem(index: number): void {
    if (index < 0) {
      this.focusFirst();
      return;
    }
    this.list.children[index]?.querySelector<HTMLButtonElement>('.mg-history__open')?.focus();
  }
}

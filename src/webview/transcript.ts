/**
 * The transcript: the ordered messages of the open conversation in a `role="log"` region, the
 * streaming bookkeeping (deltas batched to one render per animation frame) and auto-scroll that
 * follows the answer unless the user scrolled up to read.
 */
import type { ChatMessageView, DisciplineView, DoneMessage } from '../shared/protocol';
import { h } from './dom';
import { MessageView, type MessageHost } from './message';
import { FrameScheduler, Ticker } from './scheduling';

/** How close to the bottom (px) still counts as "at the bottom". */
const stickThreshold = 32;

export class Transcript {
  /** The `role="log"` element holding the messages. */
  readonly el: HTMLElement;
  private readonly views = new Map<string, MessageView>();
  private readonly scheduler: FrameScheduler;
  private readonly ticker = new Ticker();
  private stickToBottom = true;

  /**
   * @param scroller the scrolling element that contains the log
   * @param onChange called when messages are added or removed or an answer starts or ends
   */
  constructor(
    private readonly scroller: HTMLElement,
    private readonly host: MessageHost,
    private readonly onChange: () => void,
  ) {
    this.el = h('div', { class: 'mg-transcript', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
    this.scheduler = new FrameScheduler(() => this.followBottom());
    scroller.addEventListener('scroll', () => {
      this.stickToBottom = this.distanceFromBottom() <= stickThreshold;
    }, { passive: true });
  }

  get isEmpty(): boolean {
    return this.views.size === 0;
  }

  /** The answer that is streaming or waiting, if any. */
  get activeId(): string | undefined {
    let active: string | undefined;
    for (const view of this.views.values()) if (view.active) active = view.id;
    return active;
  }

  /** Replaces all messages (init, New Chat, a conversation from history). */
  reset(messages: readonly ChatMessageView[]): void {
    for (const view of this.views.values()) {
      this.scheduler.cancel(view.id);
      view.dispose();
    }
    this.views.clear();
    this.el.replaceChildren();
    for (const message of messages) this.insert(message);
    this.stickToBottom = true;
    this.onChange();
    this.scrollToBottom();
  }

  add(message: ChatMessageView): void {
    const existing = this.views.get(message.id);
    if (existing) this.removeView(existing);
    this.insert(message);
    // The user's own question always brings the view down to the answer.
    if (message.role === 'user') this.stickToBottom = true;
    this.onChange();
    this.followBottom();
  }

  remove(id: string): void {
    const view = this.views.get(id);
    if (!view) return;
    this.removeView(view);
    this.onChange();
  }

  delta(id: string, text: string): void {
    const view = this.views.get(id);
    if (!view) return;
    const wasActive = view.active;
    if (!view.appendDelta(text)) return;
    this.scheduler.schedule(id, () => view.render());
    if (!wasActive) this.onChange();
  }

  discipline(id: string, discipline: DisciplineView): void {
    this.views.get(id)?.setDiscipline(discipline);
  }

  waiting(id: string, text: string, retryAt: number): void {
    const view = this.views.get(id);
    if (!view) return;
    this.scheduler.cancel(id);
    view.render();
    view.setWaiting(text, retryAt);
    this.onChange();
    this.followBottom();
  }

  done(message: DoneMessage): void {
    const view = this.views.get(message.id);
    if (!view) return;
    this.scheduler.cancel(message.id);
    view.finish(message);
    this.onChange();
    this.followBottom();
  }

  /** Scrolls to the newest message and keeps following it. */
  scrollToBottom(): void {
    this.stickToBottom = true;
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private insert(message: ChatMessageView): void {
    const view = new MessageView(message, this.host, this.ticker);
    this.views.set(message.id, view);
    this.el.append(view.el);
  }

  private removeView(view: MessageView): void {
    this.scheduler.cancel(view.id);
    view.dispose();
    view.el.remove();
    this.views.delete(view.id);
  }

  private followBottom(): void {
    if (this.stickToBottom) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private distanceFromBottom(): number {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight;
  }
}

/**
 * The transcript: the ordered messages of the open conversation in a `role="log"` region, the
 * streaming bookkeeping (deltas batched to one render per animation frame) and auto-scroll that
 * follows the answer unless the user scrolled up to read.
 *
 * A long conversation opens with its newest messages drawn; older ones are drawn a batch at a time
 * as the user scrolls up to them, so a 1,000-message conversation costs what 20 messages cost to
 * open, and every streamed frame lays out only what was drawn. New messages are only appended.
 */
import type { ChatMessageView, ContextReport, DisciplineView, DoneMessage, TokensView } from '../shared/protocol';
import { button, h } from './dom';
import { MessageView, type MessageHost } from './message';
import { FrameScheduler, Ticker } from './scheduling';

/** How close to the bottom (px) still counts as "at the bottom". */
const stickThreshold = 32;
/** Messages drawn when a conversation opens, and per batch when scrolling up. */
const messagesPerBatch = 20;

export class Transcript {
  /** The `role="log"` element holding the messages. */
  readonly el: HTMLElement;
  private readonly views = new Map<string, MessageView>();
  /** Older messages not drawn yet, oldest first. */
  private earlier: ChatMessageView[] = [];
  private readonly earlierButton: HTMLButtonElement;
  private readonly earlierObserver: IntersectionObserver;
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
    /** A message was drawn (agent mode's view adds its steps and review). */
    private readonly drawn: (message: ChatMessageView) => void = () => undefined,
  ) {
    this.earlierButton = button({ text: 'Show earlier messages', icon: 'history', variant: 'text', className: 'mg-transcript__earlier', onClick: () => this.showEarlier() });
    this.earlierButton.hidden = true;
    this.el = h('div', { class: 'mg-transcript', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' }, this.earlierButton);
    this.scheduler = new FrameScheduler(() => this.followBottom());
    scroller.addEventListener('scroll', () => {
      this.stickToBottom = this.distanceFromBottom() <= stickThreshold;
    }, { passive: true });
    // Scrolling up near the oldest drawn message draws the batch before it.
    this.earlierObserver = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) this.showEarlier();
    }, { root: scroller, rootMargin: '400px 0px 0px 0px' });
    this.earlierObserver.observe(this.earlierButton);
  }

  get isEmpty(): boolean {
    return this.views.size === 0 && this.earlier.length === 0;
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
    this.el.replaceChildren(this.earlierButton);
    const drawn = Math.max(0, messages.length - messagesPerBatch);
    this.earlier = messages.slice(0, drawn);
    for (const message of messages.slice(drawn)) this.insert(message);
    this.lastReport = [...messages].reverse().find((m) => m.context)?.context;
    this.refreshEarlierButton();
    this.stickToBottom = true;
    this.onChange();
    this.scrollToBottom();
  }

  add(message: ChatMessageView): void {
    const existing = this.views.get(message.id);
    if (existing) this.removeView(existing);
    this.dropEarlier(message.id);
    this.insert(message);
    // The user's own question always brings the view down to the answer.
    if (message.role === 'user') this.stickToBottom = true;
    this.onChange();
    this.followBottom();
  }

  remove(id: string): void {
    const view = this.views.get(id);
    if (!view) {
      this.dropEarlier(id);
      return;
    }
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

  /** The report of a question's request; undefined when that question is not drawn (yet). */
  context(messageId: string, report: ContextReport): void {
    this.views.get(messageId)?.setContext(report);
    this.lastReport = report;
  }

  /** The report of the newest question that has one (the meter shows it). */
  lastReport: ContextReport | undefined;

  tokens(id: string, tokens: TokensView): void {
    this.views.get(id)?.setTokens(tokens);
  }

  /** The drawn element of message `id` (agent mode's view draws into it). */
  find(id: string): HTMLElement | undefined {
    return this.views.get(id)?.el;
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
    this.el.append(this.createView(message).el);
  }

  private createView(message: ChatMessageView): MessageView {
    const view = new MessageView(message, this.host, this.ticker);
    this.views.set(message.id, view);
    this.drawn(message);
    return view;
  }

  /** Draws the batch of messages before the oldest drawn one, keeping what is on screen in place. */
  private showEarlier(): void {
    if (this.earlier.length === 0) return;
    const batch = this.earlier.splice(Math.max(0, this.earlier.length - messagesPerBatch));
    const { scrollTop, scrollHeight } = this.scroller;
    this.earlierButton.after(...batch.map((message) => this.createView(message).el));
    this.scroller.scrollTop = scrollTop + (this.scroller.scrollHeight - scrollHeight);
    this.refreshEarlierButton();
    // Observing again reports at once: a short batch leaves the button in reach, so draw another.
    this.earlierObserver.unobserve(this.earlierButton);
    this.earlierObserver.observe(this.earlierButton);
  }

  private dropEarlier(id: string): void {
    const count = this.earlier.length;
    this.earlier = this.earlier.filter((message) => message.id !== id);
    if (this.earlier.length !== count) this.refreshEarlierButton();
  }

  private refreshEarlierButton(): void {
    this.earlierButton.hidden = this.earlier.length === 0;
    const label = this.earlierButton.querySelector('.mg-button__text');
    if (label) label.textContent = `Show ${this.earlier.length} earlier message${this.earlier.length === 1 ? '' : 's'}`;
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

/**
 * The transcript: the ordered messages of the open conversation in a `role="log"` region, the
 * streaming bookkeeping (deltas batched to one render per animation frame) and auto-scroll that
 * follows the answer unless the user scrolled up to read.
 *
 * A long conversation opens with its newest page, all the host sends; the page before is asked for
 * (`older`) as the user scrolls up to it, so a 1,000-message conversation costs what 20 messages
 * cost to open, and every streamed frame lays out only what was drawn. New messages are only appended.
 */
import type { ChatMessageView, ContextReport, DisciplineView, DoneMessage, TokensView } from '../shared/protocol';
import { button, h } from './dom';
import { MessageView, type MessageHost } from './message';
import { FrameScheduler, Ticker } from './scheduling';
import { FRAME_BUDGET } from './streamingMarkdown';

/** How close to the bottom (px) still counts as "at the bottom". */
const stickThreshold = 32;
/** The scheduler's key for drawing those bodies (message ids never start with a NUL). */
const BODIES = '\0bodies';
/** The transcript's host: messages' actions, and the page before a message. */
export interface TranscriptHost extends MessageHost {
  older(before: string): void;
}

export class Transcript {
  /** The `role="log"` element holding the messages. */
  readonly el: HTMLElement;
  private readonly views = new Map<string, MessageView>();
  /** How many messages come before the oldest drawn one; `asked`: their page is on its way. */
  private earlier = 0;
  private asked = false;
  private oldestId: string | undefined;
  private readonly earlierButton: HTMLButtonElement;
  private readonly earlierObserver: IntersectionObserver;
  private readonly scheduler: FrameScheduler;
  private readonly ticker = new Ticker();
  private stickToBottom = true;
  /** Drawn messages whose bodies are still to draw, newest first. */
  private undrawn: MessageView[] = [];

  /**
   * @param scroller the scrolling element that contains the log
   * @param onChange called when messages are added or removed or an answer starts or ends
   */
  constructor(
    private readonly scroller: HTMLElement,
    private readonly host: TranscriptHost,
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
    return this.views.size === 0 && this.earlier === 0;
  }

  /** The answer that is streaming or waiting, if any. */
  get activeId(): string | undefined {
    let active: string | undefined;
    for (const view of this.views.values()) if (view.active) active = view.id;
    return active;
  }

  /** Replaces all messages (init, New Chat, a conversation from history). */
  reset(messages: readonly ChatMessageView[], earlier: number): void {
    for (const view of this.views.values()) {
      this.scheduler.cancel(view.id);
      view.dispose();
    }
    this.views.clear();
    this.scheduler.cancel(BODIES);
    this.el.replaceChildren(this.earlierButton);
    this.earlier = earlier;
    this.asked = false;
    this.oldestId = messages[0]?.id;
    // A page of long answers takes a while to render (a cold page: 450 ms for 47 KB): the newest
    // bodies are drawn at once, those above them a frame's budget at a time.
    const views = messages.map((message) => this.createView(message, false));
    this.el.append(...views.map((view) => view.el));
    this.undrawn = views.reverse();
    this.drawBodies();
    this.lastReport = [...messages].reverse().find((m) => m.context)?.context;
    this.refreshEarlierButton();
    this.stickToBottom = true;
    this.onChange();
    this.scrollToBottom();
  }

  add(message: ChatMessageView): void {
    const existing = this.views.get(message.id);
    if (existing) this.removeView(existing);
    this.insert(message);
    this.oldestId ??= message.id;
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
    this.scheduler.schedule(id, () => this.renderFrame(view));
    if (!wasActive) this.onChange();
  }

  /** One frame's rendering of a streaming answer; what did not fit waits for the next frame, and `then` runs once it has caught up. */
  private renderFrame(view: MessageView, then?: () => void): void {
    view.render();
    if (view.behind) this.scheduler.schedule(view.id, () => this.renderFrame(view, then));
    else then?.();
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
    this.renderFrame(view);
    view.setWaiting(text, retryAt);
    this.onChange();
    this.followBottom();
  }

  done(message: DoneMessage): void {
    const view = this.views.get(message.id);
    if (!view) return;
    this.scheduler.cancel(message.id);
    // Text still waiting to be drawn is drawn a frame's worth at a time first: finishing at once
    // would render all of it in one task (80 KB, 70 ms when a 20,000-token answer ends in a burst).
    // A final text that differs replaces what streamed anyway.
    if (view.behind && (message.text === undefined || message.text === view.text)) {
      this.scheduler.schedule(message.id, () => this.renderFrame(view, () => this.finish(view, message)));
      return;
    }
    this.finish(view, message);
  }

  private finish(view: MessageView, message: DoneMessage): void {
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

  /** Draws the bodies left to draw, newest first, up to a frame's budget of characters (as streaming: FRAME_BUDGET); the rest next frame. */
  private drawBodies(): void {
    let budget = FRAME_BUDGET;
    while (budget > 0 && this.undrawn.length > 0) budget -= this.undrawn.shift()?.drawBody() ?? 0;
    if (this.undrawn.length > 0) {
      this.scheduler.schedule(BODIES, () => this.drawBodies());
      return;
    }
    // The page before is asked for only now (see showEarlier): observing again reports at once.
    this.earlierObserver.unobserve(this.earlierButton);
    this.earlierObserver.observe(this.earlierButton);
  }

  private createView(message: ChatMessageView, drawBody = true): MessageView {
    const view = new MessageView(message, this.host, this.ticker, drawBody);
    this.views.set(message.id, view);
    this.drawn(message);
    return view;
  }

  /** Asks for the page before the oldest drawn message (once at a time). */
  private showEarlier(): void {
    // Not while bodies are still to draw: the top of a page half drawn is in reach too soon.
    if (this.earlier === 0 || this.asked || !this.oldestId || this.undrawn.length > 0) return;
    this.asked = true;
    this.host.older(this.oldestId);
  }

  /** The page before `before` arrived: drawn above it, keeping what is on screen in place. */
  older(before: string, messages: readonly ChatMessageView[], earlier: number): void {
    if (before !== this.oldestId) return; // For a conversation or page that is gone.
    this.asked = false;
    this.earlier = earlier;
    this.oldestId = messages[0]?.id ?? before;
    const { scrollTop, scrollHeight } = this.scroller;
    this.earlierButton.after(...messages.map((message) => this.createView(message).el));
    this.scroller.scrollTop = scrollTop + (this.scroller.scrollHeight - scrollHeight);
    this.refreshEarlierButton();
    // Observing again reports at once: a short page leaves the button in reach, so ask for another.
    this.earlierObserver.unobserve(this.earlierButton);
    this.earlierObserver.observe(this.earlierButton);
  }

  private refreshEarlierButton(): void {
    this.earlierButton.hidden = this.earlier === 0;
    const label = this.earlierButton.querySelector('.mg-button__text');
    if (label) label.textContent = `Show ${this.earlier} earlier message${this.earlier === 1 ? '' : 's'}`;
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

/**
 * One message in the transcript: who wrote it (for answers, the discipline that answered), the
 * rendered markdown, and its status (streaming, waiting with a countdown, stopped, incomplete,
 * or an error card with one-click actions). Partial text always stays above the status.
 */
import type {
  ActionKind,
  ChatMessageView,
  DisciplineView,
  DoneMessage,
  ErrorView,
  MessageStatus,
  TokensView,
} from '../shared/protocol';
import type { ContextReport } from '../answering/contextTypes';
import type { CodeBlockHost } from './codeBlock';
import { chip } from './contextBar';
import { button, h, icon } from './dom';
import { countdownText, type Ticker } from './scheduling';
import { StreamingMarkdown } from './streamingMarkdown';

export interface MessageHost extends CodeBlockHost {
  action(kind: ActionKind, messageId: string): void;
  /** A crash frame link of answer `messageId` was clicked. */
  openFrame(messageId: string, index: number): void;
}

/** The label shown on an answer, with where it came from. */
export function disciplineLabel(discipline: DisciplineView): string {
  switch (discipline.source) {
    case 'local':
      return `${discipline.label} (predicted locally)`;
    case 'pinned':
      return `${discipline.label} (pinned)`;
    default:
      return discipline.label;
  }
}

export class MessageView {
  readonly el: HTMLElement;
  readonly id: string;
  readonly role: ChatMessageView['role'];
  private status: MessageStatus;
  private readonly body: StreamingMarkdown;
  private readonly whoEl: HTMLElement;
  private readonly typingEl: HTMLElement;
  private readonly statusEl: HTMLElement;
  /** User messages: what the request cut to fit (from the engine's context report). */
  private readonly cutEl: HTMLElement;
  /** User messages: the project rules that applied to the request, as chips. */
  private readonly rulesEl: HTMLElement;
  /** Answers: the tokens they used, when the gateway reported them. */
  private readonly tokensEl: HTMLElement;
  private discipline: DisciplineView | undefined;
  private stopCountdown: (() => void) | undefined;
  /** The text of a body left to draw later (see `drawBody`). */
  private undrawn: string | undefined;

  /** @param drawBody false: the body is drawn by `drawBody()` later (an answer still streaming is drawn at once) */
  constructor(
    message: ChatMessageView,
    private readonly host: MessageHost,
    private readonly ticker: Ticker,
    drawBody = true,
  ) {
    this.id = message.id;
    this.role = message.role;
    this.status = message.status;
    this.discipline = message.discipline;

    this.whoEl = h('span', { class: 'mg-msg__who' });
    const meta = h(
      'div',
      { class: 'mg-msg__meta' },
      icon(message.role === 'user' ? 'account' : 'sparkle', 'mg-msg__avatar'),
      this.whoEl,
    );
    if (message.role === 'user' && message.contextLabel) {
      meta.append(h('span', { class: 'mg-msg__context', title: message.contextLabel }, icon('file-code'), h('span', {}, message.contextLabel)));
    }
    if (message.role === 'assistant' && message.model) this.whoEl.title = `Model: ${message.model}`;

    const bodyEl = h('div', { class: 'mg-msg__body mg-markdown' });
    this.body = new StreamingMarkdown(bodyEl, host);
    this.typingEl = h('div', { class: 'mg-typing', 'aria-label': 'Answer is being written' }, h('span'), h('span'), h('span'));
    this.statusEl = h('div', { class: 'mg-msg__status' });
    this.cutEl = h('div', { class: 'mg-msg__cut' });
    this.rulesEl = h('div', { class: 'mg-chips mg-msg__attachments', role: 'list', 'aria-label': 'Project rules applied' });
    const attachments = message.attachments?.length
      ? h('div', { class: 'mg-chips mg-msg__attachments', role: 'list', 'aria-label': 'Attached context' }, ...message.attachments.map((a) => chip(a.kind, a.label, a.detail)))
      : null;
    // Analyze Crash: the frames in the workspace, each opening its line (the host opens it by index).
    const frames = message.frames?.length
      ? h(
          'nav',
          { class: 'mg-msg__frames' },
          h('div', {}, 'Frames in your workspace'),
          ...message.frames.map((frame, index) =>
            button({ variant: 'text', icon: 'file-code', text: `${frame.path}:${frame.line}${frame.function ? ` · ${frame.function}` : ''}`, onClick: () => host.openFrame(message.id, index) }),
          ),
        )
      : null;
    this.el = h(
      'article',
      { class: `mg-msg mg-msg--${message.role}`, 'data-message-id': message.id },
      meta,
      bodyEl,
      frames,
      attachments,
      this.rulesEl,
      this.cutEl,
      this.typingEl,
      this.statusEl,
      (this.tokensEl = h('div', { class: 'mg-msg__tokens' })),
    );
    this.setTokens(message.tokens);
    this.setContext(message.context);

    this.undrawn = message.text;
    if (drawBody || this.active) this.drawBody();
    this.applyStatus(message.status, message.error);
    this.refreshWho();
  }

  /** Streaming or waiting: an answer the user can still stop. */
  get active(): boolean {
    return this.status === 'streaming' || this.status === 'waiting';
  }

  get text(): string {
    return this.undrawn ?? this.body.text;
  }

  /** Draws the body if it was left for later; returns the characters drawn. */
  drawBody(): number {
    const text = this.undrawn;
    if (text === undefined) return 0;
    this.undrawn = undefined;
    this.body.renderAll(text);
    return text.length;
  }

  /** Queues streamed text; `render()` shows it. Returns false when nothing changed. */
  appendDelta(text: string): boolean {
    if (text === '') return false;
    this.drawBody();
    this.body.append(text);
    if (this.status === 'waiting') this.applyStatus('streaming');
    return true;
  }

  /** Renders what streamed since the last frame (a frame's worth of it: see `behind`). */
  render(): void {
    this.drawBody();
    this.body.renderIncremental();
    this.refreshTyping();
  }

  /** Streamed text is waiting for another frame (more arrived than one frame draws). */
  get behind(): boolean {
    return this.body.dirty;
  }

  /** What the request carried: the question lists the rules that applied and what was cut to fit the limit. */
  setContext(report: ContextReport | undefined): void {
    const rules = report?.rules ?? [];
    this.rulesEl.replaceChildren(...rules.map((source) => h('span', { class: 'mg-chip mg-chip--rule', role: 'listitem', title: `Project rule applied: ${source}` }, icon('book'), h('span', { class: 'mg-chip__label' }, source))));
    this.rulesEl.hidden = rules.length === 0;
    const cut = report?.cut ?? [];
    this.cutEl.replaceChildren(...(cut.length ? [icon('warning'), h('span', {}, `Cut to fit the ${Math.round((report?.limitBytes ?? 0) / 1024)} KB limit: ${cut.join(', ')}`)] : []));
    this.cutEl.hidden = cut.length === 0;
  }

  setTokens(tokens: TokensView | undefined): void {
    const en = (n: number): string => n.toLocaleString('en-US');
    this.tokensEl.hidden = !tokens;
    this.tokensEl.textContent = tokens ? `${en(tokens.prompt + tokens.completion)} tokens` : '';
    this.tokensEl.title = tokens ? `${en(tokens.prompt)} prompt + ${en(tokens.completion)} completion` : '';
  }

  setDiscipline(discipline: DisciplineView): void {
    this.discipline = discipline;
    this.refreshWho();
  }

  setWaiting(text: string, retryAt: number): void {
    this.applyStatus('waiting');
    const countdown = h('span', { class: 'mg-waiting__countdown', 'aria-live': 'off' });
    this.statusEl.replaceChildren(
      h('div', { class: 'mg-badge mg-badge--waiting' }, icon('watch'), h('span', { class: 'mg-waiting__text' }, text), countdown),
    );
    this.stopCountdown = this.ticker.add(() => {
      countdown.textContent = countdownText(retryAt);
    });
  }

  /** The answer ended; a final `text` replaces what streamed and is rendered once. */
  finish(done: DoneMessage): void {
    this.drawBody();
    this.body.finish(done.text);
    this.applyStatus(done.status, done.error);
    this.refreshWho();
  }

  dispose(): void {
    this.stopCountdown?.();
    this.stopCountdown = undefined;
  }

  private applyStatus(status: MessageStatus, error?: ErrorView): void {
    this.status = status;
    this.stopCountdown?.();
    this.stopCountdown = undefined;
    this.el.classList.toggle('mg-msg--active', this.active);
    // Screen readers hold announcements of a busy region and read the finished answer once.
    this.el.setAttribute('aria-busy', this.active ? 'true' : 'false');
    this.statusEl.replaceChildren(...this.statusContent(status, error));
    this.refreshTyping();
  }

  private statusContent(status: MessageStatus, error: ErrorView | undefined): HTMLElement[] {
    switch (status) {
      case 'stopped':
        // A stopped answer can be asked for again, like any other that did not finish.
        return [h('div', { class: 'mg-badge mg-badge--stopped' }, icon('debug-stop'), 'Stopped'), this.actionRow([{ kind: 'retry', label: 'Retry' }])];
      case 'incomplete':
        return [
          h('div', { class: 'mg-badge mg-badge--warning' }, icon('warning'), `Incomplete — ${error?.title ?? 'the connection ended early'}`),
          ...(error?.message ? [h('p', { class: 'mg-error__message' }, error.message)] : []),
          this.actionRow(error?.actions ?? [{ kind: 'retry', label: 'Retry' }]),
        ];
      case 'error':
        return [this.errorCard(error)];
      case 'waiting':
        return [h('div', { class: 'mg-badge mg-badge--waiting' }, icon('watch'), 'Waiting to retry…')];
      default:
        return [];
    }
  }

  private actionRow(actions: ErrorView['actions']): HTMLElement {
    return h(
      'div',
      { class: 'mg-error__actions' },
      ...actions.map((action, index) =>
        button({ text: action.label, variant: index === 0 ? 'secondary' : 'text', onClick: () => this.host.action(action.kind, this.id) }),
      ),
    );
  }

  private errorCard(error: ErrorView | undefined): HTMLElement {
    const view: ErrorView = error ?? { code: 'UNKNOWN', title: 'Something went wrong', message: 'The answer failed.', actions: [] };
    const actions = view.actions.map((action, index) =>
      button({
        text: action.label,
        variant: index === 0 ? 'primary' : 'secondary',
        onClick: () => this.host.action(action.kind, this.id),
      }),
    );
    return h(
      'div',
      { class: 'mg-error', role: 'group', 'aria-label': view.title },
      h('div', { class: 'mg-error__title' }, icon('error'), h('strong', {}, view.title)),
      h('p', { class: 'mg-error__message' }, view.message),
      view.remediation ? h('p', { class: 'mg-error__remediation' }, view.remediation) : null,
      actions.length ? h('div', { class: 'mg-error__actions' }, ...actions) : null,
      view.code ? h('div', { class: 'mg-error__code' }, view.code) : null,
    );
  }

  private refreshWho(): void {
    if (this.role === 'user') {
      this.whoEl.textContent = 'You';
      return;
    }
    this.whoEl.classList.add('mg-discipline');
    if (this.discipline) {
      this.whoEl.textContent = disciplineLabel(this.discipline);
      this.whoEl.classList.remove('mg-discipline--pending');
    } else {
      this.whoEl.textContent = this.active ? 'Choosing a specialist…' : 'Monster Gaming';
      this.whoEl.classList.add('mg-discipline--pending');
    }
  }

  private refreshTyping(): void {
    this.typingEl.hidden = !(this.status === 'streaming' && this.body.text === '');
  }
}

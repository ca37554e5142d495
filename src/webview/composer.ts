/**
 * The prompt box. Enter sends (never mid-IME-composition, never empty), Shift+Enter is a newline;
 * while an answer streams or waits, Send gives way to a Stop button and sending is disabled.
 * Above it, the context bar (chips, meter); typing `#` opens the mention picker.
 */
import type { CandidateKind } from '../shared/protocol';
import { ContextBar } from './contextBar';
import { button, h, icon } from './dom';
import { MentionPicker } from './mentionPicker';

export interface ComposerHost {
  /** `includeActiveEditor` is false when the user removed the active editor's chip. */
  send(text: string, includeActiveEditor: boolean): void;
  /** The picker wants completions for a mention being typed. */
  candidates(requestId: number, kind: CandidateKind, query: string): void;
  /** The text changed: the host reads its mentions for the chips (debounced here). */
  draft(version: number, text: string): void;
  stop(): void;
  /** The draft changed (persisted so it survives a reload of the view). */
  draftChanged(draft: string): void;
  /** The Ask / Agent control was pressed: the host switches and says so (`setAgentMode`). */
  setAgentMode(on: boolean): void;
}

const keys = ' (Enter to send, Shift+Enter for a newline)';
export const promptPlaceholder = `Ask about shaders, netcode, gameplay…${keys}`;
const agentPlaceholder = `Ask the agent to do something…${keys}`;

export class Composer {
  readonly el: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly modeButton: HTMLButtonElement;
  private agentMode = false;
  readonly context: ContextBar;
  readonly picker: MentionPicker;
  private busy = false;
  /** A question the host is attaching context to: sending waits, and a refusal brings it back. */
  private pending: string | undefined;
  /** One more per edit of the text: the chips the host sends back name the version they read. */
  private version = 0;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ComposerHost,
    draft: string,
  ) {
    this.textarea = h('textarea', {
      class: 'mg-composer__input',
      rows: '1',
      placeholder: promptPlaceholder,
      'aria-label': 'Message Monster Gaming',
      'aria-keyshortcuts': 'Enter',
      spellcheck: 'true',
    });
    this.textarea.value = draft;
    this.textarea.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.textarea.addEventListener('input', () => this.edited());
    // The caret moved without an edit: the picker follows (↑/↓ are the picker's own while it is open).
    this.textarea.addEventListener('keyup', (event) => {
      if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key) || (!this.picker.isOpen && event.key.startsWith('Arrow'))) this.picker.update();
    });
    this.picker = new MentionPicker(this.textarea, { request: (id, kind, query) => this.host.candidates(id, kind, query), changed: () => this.edited(false) });
    this.context = new ContextBar({ text: () => this.textarea.value, version: () => this.version, setText: (text) => {
        this.textarea.value = text;
        this.edited(false);
      }, focusPrompt: () => this.focus() });

    this.sendButton = button({ label: 'Send message (Enter)', icon: 'send', className: 'mg-composer__send', onClick: () => this.trySend() });
    this.stopButton = button({
      text: 'Stop',
      label: 'Stop generating',
      icon: 'debug-stop',
      variant: 'secondary',
      className: 'mg-composer__stop',
      onClick: () => this.host.stop(),
    });

    this.modeButton = button({ variant: 'text', className: 'mg-composer__mode', onClick: () => this.host.setAgentMode(!this.agentMode) });
    this.setAgentMode(false);

    this.el = h(
      'footer',
      { class: 'mg-composer' },
      this.context.el,
      h('div', { class: 'mg-composer__box' }, this.picker.el, this.textarea, h('div', { class: 'mg-composer__actions' }, this.modeButton, this.stopButton, this.sendButton)),
    );
    this.refresh();
    // A draft kept across a reload: its mentions become chips again (once the buttons exist to refresh).
    if (draft) this.edited(false);
  }

  /** An answer is streaming or waiting: show Stop, hold back sending. */
  setBusy(busy: boolean): void {
    if (this.busy === busy) return;
    const stopHadFocus = document.activeElement === this.stopButton;
    this.busy = busy;
    this.refresh();
    if (stopHadFocus && !busy) this.textarea.focus();
  }

  /** Agent mode was switched (by the host): the control and the prompt's hint follow. */
  setAgentMode(on: boolean): void {
    this.agentMode = on;
    const b = this.modeButton;
    // The name says "Agent" only when agent mode is on (CONTRACT.md); pressed says it too.
    b.ariaLabel = b.title = `Mode: ${on ? 'Agent' : 'Ask'}`;
    b.ariaPressed = String(on);
    b.replaceChildren(icon(on ? 'tools' : 'comment-discussion'), h('span', {}, on ? 'Agent' : 'Ask'));
    this.textarea.placeholder = on ? agentPlaceholder : promptPlaceholder;
  }

  focus(): void {
    this.textarea.focus();
  }

  /** Puts text in the prompt box (e.g. a suggested question) without sending it. */
  fill(text: string): void {
    this.textarea.value = text;
    this.edited(false);
    this.textarea.focus();
    this.textarea.setSelectionRange(text.length, text.length);
  }

  /** The host attached the question's context and sent it. */
  accepted(): void {
    this.pending = undefined;
    this.context.sent();
    this.refresh();
  }

  /** The host could not attach some of the question's context: the text comes back, with why. */
  refused(text: string, problems: Parameters<ContextBar['setProblems']>[0]): void {
    this.pending = undefined;
    if (this.textarea.value.trim() === '') this.fill(text);
    this.context.setProblems(problems);
    this.refresh();
    this.focus();
  }

  private edited(pick = true): void {
    this.context.keepProblemsIn(this.textarea.value);
    this.refresh();
    if (pick) this.picker.update();
    this.host.draftChanged(this.textarea.value);
    const version = ++this.version;
    const text = this.textarea.value;
    clearTimeout(this.draftTimer);
    if (!text.includes('#')) {
      this.context.setMentions(version, []);
      return;
    }
    this.draftTimer = setTimeout(() => this.host.draft(version, text.slice(0, 100_000)), 150);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.picker.handleKey(event)) return;
    if (event.key !== 'Enter' || event.shiftKey) return;
    // 229: some IMEs report the confirming Enter this way instead of `isComposing`.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.altKey) return;
    event.preventDefault();
    this.trySend();
  }

  private canSend(): boolean {
    return !this.busy && this.pending === undefined && this.textarea.value.trim() !== '';
  }

  private trySend(): void {
    if (!this.canSend()) return;
    const text = this.textarea.value;
    this.pending = text;
    this.textarea.value = '';
    this.picker.close();
    this.edited(false);
    this.host.send(text, this.context.includeActiveEditor);
  }

  private refresh(): void {
    this.stopButton.hidden = !this.busy;
    this.sendButton.hidden = this.busy;
    this.sendButton.disabled = !this.canSend();
    this.el.classList.toggle('mg-composer--busy', this.busy);
    this.el.setAttribute('aria-busy', String(this.pending !== undefined));
  }
}

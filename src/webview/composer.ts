/**
 * The prompt box. Enter sends (never mid-IME-composition, never empty), Shift+Enter is a newline;
 * while an answer streams or waits, Send gives way to a Stop button and sending is disabled.
 */
import { button, h } from './dom';

export interface ComposerHost {
  send(text: string): void;
  stop(): void;
  /** The draft changed (persisted so it survives a reload of the view). */
  draftChanged(draft: string): void;
}

export const promptPlaceholder = 'Ask about shaders, netcode, gameplay… (Enter to send, Shift+Enter for a newline)';

export class Composer {
  readonly el: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private busy = false;

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
    this.textarea.addEventListener('input', () => {
      this.refresh();
      this.host.draftChanged(this.textarea.value);
    });

    this.sendButton = button({ label: 'Send message (Enter)', icon: 'send', className: 'mg-composer__send', onClick: () => this.trySend() });
    this.stopButton = button({
      text: 'Stop',
      label: 'Stop generating',
      icon: 'debug-stop',
      variant: 'secondary',
      className: 'mg-composer__stop',
      onClick: () => this.host.stop(),
    });

    this.el = h(
      'footer',
      { class: 'mg-composer' },
      h('div', { class: 'mg-composer__box' }, this.textarea, h('div', { class: 'mg-composer__actions' }, this.stopButton, this.sendButton)),
    );
    this.refresh();
  }

  /** An answer is streaming or waiting: show Stop, hold back sending. */
  setBusy(busy: boolean): void {
    if (this.busy === busy) return;
    const stopHadFocus = document.activeElement === this.stopButton;
    this.busy = busy;
    this.refresh();
    if (stopHadFocus && !busy) this.textarea.focus();
  }

  focus(): void {
    this.textarea.focus();
  }

  /** Puts text in the prompt box (e.g. a suggested question) without sending it. */
  fill(text: string): void {
    this.textarea.value = text;
    this.host.draftChanged(text);
    this.refresh();
    this.textarea.focus();
    this.textarea.setSelectionRange(text.length, text.length);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey) return;
    // 229: some IMEs report the confirming Enter this way instead of `isComposing`.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.altKey) return;
    event.preventDefault();
    this.trySend();
  }

  private canSend(): boolean {
    return !this.busy && this.textarea.value.trim() !== '';
  }

  private trySend(): void {
    if (!this.canSend()) return;
    const text = this.textarea.value;
    this.textarea.value = '';
    this.host.draftChanged('');
    this.refresh();
    this.host.send(text);
  }

  private refresh(): void {
    this.stopButton.hidden = !this.busy;
    this.sendButton.hidden = this.busy;
    this.sendButton.disabled = !this.canSend();
    this.el.classList.toggle('mg-composer--busy', this.busy);
  }
}

/** A dismissible note above the transcript (e.g. older messages left out of the context). */
import { button, h, icon } from './dom';

export class Notice {
  readonly el: HTMLElement;
  private readonly text: HTMLElement;

  constructor(onDismissed: () => void) {
    this.text = h('span', { class: 'mg-notice__text' });
    this.el = h(
      'div',
      { class: 'mg-notice', role: 'status', hidden: true },
      icon('info', 'mg-notice__icon'),
      this.text,
      button({
        label: 'Dismiss notice',
        icon: 'close',
        className: 'mg-notice__dismiss',
        onClick: () => {
          this.set(null);
          onDismissed();
        },
      }),
    );
  }

  /** Shows `text`, or hides the note for null. */
  set(text: string | null): void {
    this.text.textContent = text ?? '';
    this.el.hidden = text === null || text === '';
  }
}

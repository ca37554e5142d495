/**
 * Tiny DOM helpers. Everything the view builds goes through these, so attribute names and
 * values always come from our own code; untrusted text only ever lands in `textContent`.
 */
import type { IconName } from './icons';

type Child = Node | string | null | undefined | false;
type AttrValue = string | boolean | undefined;

/** Creates an element with attributes (`class` included) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, AttrValue>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el: HTMLElement, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
}

/** A codicon glyph; decorative, so hidden from assistive technology. */
export function icon(name: IconName, extraClass = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, 'aria-hidden': 'true' });
}

export interface ButtonOptions {
  /** Visible text; omit for an icon-only button (then `label` is required). */
  readonly text?: string;
  /** Accessible name when it differs from the visible text; also the tooltip. */
  readonly label?: string;
  readonly icon?: IconName;
  readonly variant?: 'primary' | 'secondary' | 'icon' | 'text';
  readonly className?: string;
  readonly onClick: (event: MouseEvent) => void;
}

/** A real `<button type="button">` with a name, an optional codicon and native-looking styles. */
export function button(opts: ButtonOptions): HTMLButtonElement {
  const variant = opts.variant ?? (opts.text ? 'secondary' : 'icon');
  const el = h(
    'button',
    {
      type: 'button',
      class: `mg-button mg-button--${variant}${opts.className ? ` ${opts.className}` : ''}`,
      'aria-label': opts.label,
      title: opts.label ?? opts.text,
    },
    opts.icon ? icon(opts.icon) : null,
    opts.text ? h('span', { class: 'mg-button__text' }, opts.text) : null,
  );
  el.addEventListener('click', opts.onClick);
  return el;
}

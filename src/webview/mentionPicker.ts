/**
 * The `#` picker of the prompt box. Typing `#` at the start of a word opens it: first the kinds
 * (`file`, `folder`, `selection`…), filtered as the user types; after `#file:`, `#folder:` or
 * `#symbol:`, the workspace's candidates, which the host finds (fuzzy) and ranks for the query.
 * Keyboard first: ↑/↓ move, Enter or Tab choose, Escape closes; the textarea keeps focus and
 * points at the active option (`aria-activedescendant`), so screen readers follow along.
 * Choosing writes the mention into the text: picked, typed and pasted mentions are the same.
 */
import type { CandidateKind, CandidateView } from '../shared/protocol';
import { h, icon } from './dom';
import type { IconName } from './icons';

export interface PickerHost {
  /** Asks the host for candidates; the answer comes back through `candidates()`. */
  request(requestId: number, kind: CandidateKind, query: string): void;
  /** The text changed (a mention was written in). */
  changed(): void;
}

interface Option {
  readonly text: string;
  readonly detail?: string;
  readonly icon: IconName;
  /** What replaces the token: `#file:` (the picker then completes the path) or a whole mention. */
  readonly insert: string;
}

/** The kinds, as the picker lists them. `#codebase` is not offered: it comes with the codebase index. */
const KINDS: ReadonlyArray<readonly [string, string, IconName]> = [
  ['file', 'A file of the workspace', 'file'],
  ['folder', 'A folder: its tree and the files that fit', 'folder'],
  ['selection', 'The selection in the editor', 'selection'],
  ['problems', 'Problems of the active file', 'warning'],
  ['problems:all', 'Problems of the whole workspace', 'warning'],
  ['terminal', 'The last command and its output', 'terminal'],
  ['changes', 'Working-tree changes (git diff)', 'git-compare'],
  ['symbol', 'A symbol\'s definition', 'symbol-class'],
];

const ICONS: Readonly<Record<CandidateKind, IconName>> = { file: 'file', folder: 'folder', symbol: 'symbol-class' };

/** A path or name as a mention writes it: quoted when it holds a space or quote, or ends in punctuation (see src/shared/mentions.ts). */
function quoted(value: string): string {
  if (!/[\s"`]|[.,;:!?'")\]}]$/.test(value)) return value;
  return value.includes('"') ? `\`${value}\`` : `"${value}"`;
}

/** The mention being typed at the caret: its start, and what kind of completion it wants. */
interface Token {
  readonly start: number;
  readonly end: number;
  /** Completing a kind (`#pro`) or an argument (`#file:Ass`). */
  readonly kind?: CandidateKind;
  readonly query: string;
}

/** The `#` token the caret is in, if any: `#` at a word start, then a kind, maybe `:` and an argument. */
export function tokenAt(text: string, caret: number): Token | undefined {
  let start = caret;
  // An argument in quotes may hold spaces: `#file:"My Fol`.
  const quoted = /#(?:file|folder|symbol):["`][^"`\n]*$/i.exec(text.slice(Math.max(0, caret - 300), caret));
  if (quoted) start = caret - quoted[0].length;
  else while (start > 0 && !/\s/.test(text[start - 1])) start--;
  if (text[start] !== '#' || (start > 0 && !/[\s(]/.test(text[start - 1]))) return undefined;
  let end = caret;
  while (end < text.length && !/\s/.test(text[end])) end++;
  const typed = text.slice(start + 1, caret);
  const colon = typed.indexOf(':');
  if (colon < 0) return /^[a-z]*$/i.test(typed) ? { start, end, query: typed } : undefined;
  const word = typed.slice(0, colon).toLowerCase();
  if (word !== 'file' && word !== 'folder' && word !== 'symbol') return undefined;
  return { start, end, kind: word, query: typed.slice(colon + 1).replace(/^["`]/, '') };
}

export class MentionPicker {
  readonly el: HTMLElement;
  private options: Option[] = [];
  private active = 0;
  private token: Token | undefined;
  /** The token the user closed with Escape: it stays closed until the caret leaves it. */
  private dismissed: number | undefined;
  private requestId = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private candidates: { kind: CandidateKind; list: readonly CandidateView[] } | undefined;

  constructor(
    private readonly textarea: HTMLTextAreaElement,
    private readonly host: PickerHost,
  ) {
    this.el = h('div', { class: 'mg-picker', id: 'mg-picker', role: 'listbox', 'aria-label': 'Attach context' });
    this.el.hidden = true;
    // Keep the focus in the prompt box when an option is clicked.
    this.el.addEventListener('mousedown', (event) => event.preventDefault());
    textarea.setAttribute('aria-autocomplete', 'list');
    textarea.addEventListener('click', () => this.update());
    textarea.addEventListener('blur', () => this.close());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** Re-reads the token at the caret (after input or a caret move) and shows what fits it. */
  update(): void {
    const token = tokenAt(this.textarea.value, this.textarea.selectionStart);
    if (!token || this.textarea.selectionStart !== this.textarea.selectionEnd || token.start === this.dismissed) {
      if (token?.start !== this.dismissed) this.dismissed = undefined;
      this.close();
      return;
    }
    this.token = token;
    if (token.kind === undefined) {
      const query = token.query.toLowerCase();
      this.show(
        KINDS.filter(([name]) => name.startsWith(query) || (query.length > 1 && name.includes(query))).map(([name, detail, glyph]) => ({ text: `#${name}`, detail, icon: glyph, insert: glyph === 'file' || glyph === 'folder' || name === 'symbol' ? `#${name}:` : `#${name} ` })),
      );
      return;
    }
    const kind = token.kind;
    this.showCandidates();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.host.request(++this.requestId, kind, token.query.slice(0, 200)), 120);
  }

  /** The host's answer to the latest request (older ones are ignored). */
  receive(requestId: number, list: readonly CandidateView[]): void {
    if (requestId !== this.requestId || this.token?.kind === undefined) return;
    this.candidates = { kind: this.token.kind, list };
    this.showCandidates();
  }

  private showCandidates(): void {
    const token = this.token;
    if (token?.kind === undefined) return;
    const kind = token.kind;
    const list = this.candidates?.kind === kind ? this.candidates.list : [];
    const options = list.map((c) => ({ text: c.label, detail: c.description, icon: ICONS[kind], insert: `#${kind}:${quoted(c.value)} ` }));
    this.show(options, this.candidates?.kind === kind ? `No ${kind === 'symbol' ? 'symbol' : kind} matches` : 'Searching…');
  }

  /** Handles a key while open; true when it was the picker's. */
  handleKey(event: KeyboardEvent): boolean {
    if (!this.isOpen) return false;
    const count = this.options.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (count) this.setActive((this.active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
        break;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey || !count) return false;
        this.choose(this.active);
        break;
      case 'Escape':
        this.dismissed = this.token?.start;
        this.close();
        break;
      default:
        return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  }

  private show(options: Option[], empty = ''): void {
    this.options = options;
    this.active = 0;
    this.el.replaceChildren(
      ...options.map((option, index) => {
        const row = h('div', { class: 'mg-picker__option', role: 'option', id: `mg-picker-${index}`, 'aria-selected': 'false' }, icon(option.icon), h('span', { class: 'mg-picker__text' }, option.text), option.detail ? h('span', { class: 'mg-picker__detail' }, option.detail) : null);
        row.addEventListener('click', () => this.choose(index));
        return row;
      }),
    );
    if (!options.length) this.el.append(h('div', { class: 'mg-picker__empty' }, empty));
    this.el.hidden = options.length === 0 && empty === '';
    this.textarea.setAttribute('aria-controls', 'mg-picker');
    this.textarea.setAttribute('aria-expanded', String(this.isOpen));
    this.setActive(0);
  }

  private setActive(index: number): void {
    const rows = this.el.querySelectorAll('[role="option"]');
    rows[this.active]?.setAttribute('aria-selected', 'false');
    this.active = index;
    const row = rows[index];
    if (row) {
      row.setAttribute('aria-selected', 'true');
      row.scrollIntoView({ block: 'nearest' });
      this.textarea.setAttribute('aria-activedescendant', row.id);
    } else {
      this.textarea.removeAttribute('aria-activedescendant');
    }
  }

  private choose(index: number): void {
    const option = this.options[index];
    const token = this.token;
    if (!option || !token) return;
    const text = this.textarea.value;
    this.textarea.value = text.slice(0, token.start) + option.insert + text.slice(token.end).replace(/^ /, '');
    const caret = token.start + option.insert.length;
    this.textarea.setSelectionRange(caret, caret);
    this.close();
    this.host.changed();
    // `#file:` continues with the file's candidates.
    if (option.insert.endsWith(':')) this.update();
  }

  close(): void {
    clearTimeout(this.timer);
    this.el.hidden = true;
    this.token = undefined;
    this.textarea.setAttribute('aria-expanded', 'false');
    this.textarea.removeAttribute('aria-activedescendant');
  }
}

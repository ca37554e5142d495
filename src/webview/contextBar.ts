/**
 * Above the prompt: the chips of what the question will attach (its `#` mentions, as the host
 * reads them from the text while it is typed, and the active editor), each removable by mouse or
 * keyboard; a mention that cannot be attached shows why; what the host refused to send; and the
 * context meter (bytes the last request used of the provider's limit; its tooltip lists what was
 * sent and what was cut).
 */
import type { ContextKind, ContextReport } from '../answering/contextTypes';
import type { AttachmentView, ContextProblemView, MentionView } from '../shared/protocol';
import { h, icon } from './dom';
import type { IconName } from './icons';

export interface ContextBarHost {
  /** The prompt's text and its version (one more per edit). */
  text(): string;
  version(): number;
  /** Removing a mention's chip removes the mention from the text (the focus stays where it is). */
  setText(text: string): void;
  focusPrompt(): void;
}

/** The codicon of each kind of attachment. */
const KIND_ICONS: Readonly<Record<ContextKind, IconName>> = {
  file: 'file',
  folder: 'folder',
  selection: 'selection',
  problems: 'warning',
  terminal: 'terminal',
  changes: 'git-compare',
  symbol: 'symbol-class',
  activeEditor: 'file-code',
  codebase: 'database',
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(bytes < 10240 ? 1 : 0)} KB`;

/** A chip: icon, label, and its details (or what is wrong) as the tooltip. */
export function chip(kind: ContextKind, label: string, detail?: string, extraClass = ''): HTMLElement {
  return h('span', { class: `mg-chip${extraClass}`, role: 'listitem', title: detail ? `${label} — ${detail}` : label }, icon(KIND_ICONS[kind]), h('span', { class: 'mg-chip__label' }, label));
}

export class ContextBar {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly problemsEl: HTMLElement;
  private readonly meter: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly meterText: HTMLElement;
  private mentions: { version: number; list: readonly MentionView[] } = { version: 0, list: [] };
  private editor: AttachmentView | null = null;
  /** The user removed the active editor's chip: not attached until added back, another editor, or the next question. */
  private editorRemoved = false;

  constructor(private readonly host: ContextBarHost) {
    this.list = h('div', { class: 'mg-chips', role: 'list', 'aria-label': 'Attached context' });
    this.problemsEl = h('div', { class: 'mg-context__problems', role: 'alert' });
    this.fill = h('span');
    this.meterText = h('span');
    this.meter = h('div', { class: 'mg-meter', role: 'meter', 'aria-label': 'Context used', 'aria-valuemin': '0', tabindex: '0' }, h('span', { class: 'mg-meter__bar' }, this.fill), this.meterText);
    this.meter.hidden = true;
    this.el = h('div', { class: 'mg-context' }, h('div', { class: 'mg-context__row' }, this.list, this.meter), this.problemsEl);
    this.setProblems([]);
    this.render();
  }

  /** Whether the next question attaches the active editor. */
  get includeActiveEditor(): boolean {
    return !this.editorRemoved;
  }

  /** The host's reading of the text `version`; a late answer about an older text is dropped. */
  setMentions(version: number, list: readonly MentionView[]): void {
    if (version !== this.host.version()) return;
    this.mentions = { version, list };
    this.render();
  }

  /** The host's chip for the active editor; another file brings a removed chip back. */
  setActiveEditor(editor: AttachmentView | null): void {
    if (editor?.label !== this.editor?.label) this.editorRemoved = false;
    this.editor = editor;
    this.render();
  }

  /** The question was sent: the next one starts with the active editor attached again. */
  sent(): void {
    this.editorRemoved = false;
    this.mentions = { version: 0, list: [] };
    this.setProblems([]);
    this.render();
  }

  /** The reasons shown, so that an edit can drop those whose mention is gone. */
  private problems: readonly ContextProblemView[] = [];

  /** Keeps only the reasons whose mention is still in `text`. */
  keepProblemsIn(text: string): void {
    const kept = this.problems.filter((p) => text.includes(p.label));
    if (kept.length !== this.problems.length) this.setProblems(kept);
  }

  setProblems(problems: readonly ContextProblemView[]): void {
    this.problems = problems;
    this.problemsEl.replaceChildren(...problems.map((p) => h('div', {}, icon('error'), h('strong', {}, p.label), ` ${p.message}`)));
    this.problemsEl.hidden = problems.length === 0;
  }

  setReport(report: ContextReport | undefined): void {
    this.meter.hidden = !report;
    if (!report) return;
    const { usedBytes: used, limitBytes: limit, sent, cut } = report;
    this.fill.style.width = `${Math.min(100, (used / Math.max(1, limit)) * 100).toFixed(1)}%`;
    const text = `${kb(used)} / ${kb(limit)}`;
    this.meterText.textContent = text;
    this.meter.classList.toggle('mg-meter--full', used > limit * 0.9 || cut.length > 0);
    this.meter.setAttribute('aria-valuemax', String(limit));
    this.meter.setAttribute('aria-valuenow', String(used));
    this.meter.setAttribute('aria-valuetext', `${kb(used)} of ${kb(limit)}${cut.length ? `; cut: ${cut.join(', ')}` : ''}`);
    this.meter.title = [`Context of the last question: ${text}`, sent.length ? `Sent: ${sent.join(', ')}` : '', cut.length ? `Cut to fit: ${cut.join(', ')}` : ''].filter(Boolean).join('\n');
  }

  /** Redraws the chips, keeping the keyboard focus on the same place in the row. */
  render(): void {
    const buttons = (): HTMLButtonElement[] => [...this.list.querySelectorAll('button')];
    const focused = buttons().indexOf(document.activeElement as HTMLButtonElement);
    const chips = this.mentions.list.map((m) =>
      this.removable(chip(m.kind, m.label, m.problem, m.problem ? ' mg-chip--problem' : ''), `Remove ${m.label}`, () => {
        const text = this.host.text();
        if (this.mentions.version !== this.host.version()) return;
        // One space goes with it, so the sentence stays readable (as removeRange in src/shared/mentions.ts).
        const after = text[m.end] === ' ';
        const from = !after && text[m.start - 1] === ' ' ? m.start - 1 : m.start;
        const to = after ? m.end + 1 : m.end;
        const list = this.mentions.list.filter((o) => o !== m).map((o) => (o.start >= to ? { ...o, start: o.start - (to - from), end: o.end - (to - from) } : o));
        this.host.setText(text.slice(0, from) + text.slice(to));
        // Drawn at once, without waiting for the host to read the new text (its answer replaces this).
        this.mentions = { version: this.host.version(), list };
        this.render();
      }),
    );
    const editor = this.editor;
    if (editor && this.editorRemoved) {
      const add = h('button', { type: 'button', class: 'mg-chip mg-chip--off', 'aria-label': `Attach the active editor, ${editor.label}`, title: `Attach the active editor: ${editor.detail ?? editor.label}` }, icon('add'), h('span', { class: 'mg-chip__label' }, editor.label));
      add.addEventListener('click', () => {
        this.editorRemoved = false;
        this.render();
      });
      chips.push(h('span', { role: 'listitem' }, add));
    } else if (editor) {
      const el = chip('activeEditor', editor.label, editor.detail, ' mg-chip--implicit');
      el.append(h('span', { class: 'mg-chip__note' }, 'active editor'));
      chips.push(
        this.removable(el, `Remove the active editor, ${editor.label}`, () => {
          this.editorRemoved = true;
          this.render();
        }),
      );
    }
    this.list.replaceChildren(...chips);
    this.list.hidden = chips.length === 0;
    if (focused >= 0) {
      const next = buttons()[Math.min(focused, buttons().length - 1)];
      if (next) next.focus();
      else this.host.focusPrompt();
    }
  }

  /** Adds the remove button: a click, or Delete / Backspace while it has the focus. */
  private removable(el: HTMLElement, label: string, remove: () => void): HTMLElement {
    const close = h('button', { type: 'button', class: 'mg-chip__remove', 'aria-label': label, title: label }, icon('close'));
    close.addEventListener('click', remove);
    close.addEventListener('keydown', (event) => {
      if (event.key === 'Delete' || event.key === 'Backspace') {
        event.preventDefault();
        remove();
      }
    });
    el.append(close);
    return el;
  }
}

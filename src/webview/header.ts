/**
 * The chat header: which discipline answers next (Auto or the pinned one, a button to change it),
 * the model and the account, the engine profile (its tooltip lists the files it was read from),
 * and the New Chat / History buttons.
 */
import type { HeaderView } from '../shared/protocol';
import { button, h, icon } from './dom';

export interface HeaderHost {
  selectDiscipline(): void;
  selectModel(): void;
  setApiKey(): void;
  newChat(): void;
  toggleHistory(): void;
}

export class Header {
  readonly el: HTMLElement;
  readonly historyButton: HTMLButtonElement;
  private readonly disciplineButton: HTMLButtonElement;
  private readonly disciplineText: HTMLElement;
  private readonly modelButton: HTMLButtonElement;
  private readonly modelText: HTMLElement;
  private readonly accountSlot: HTMLElement;
  private readonly profileSlot: HTMLElement;

  constructor(private readonly host: HeaderHost) {
    this.disciplineText = h('span', { class: 'mg-header__discipline-text' }, 'Auto');
    this.disciplineButton = h(
      'button',
      { type: 'button', class: 'mg-button mg-button--text mg-header__discipline' },
      icon('target'),
      this.disciplineText,
      icon('chevron-down', 'mg-header__chevron'),
    );
    this.disciplineButton.addEventListener('click', () => host.selectDiscipline());

    this.historyButton = button({ label: 'Show chat history', icon: 'history', onClick: () => host.toggleHistory() });
    this.historyButton.setAttribute('aria-expanded', 'false');
    this.historyButton.setAttribute('aria-controls', 'mg-history');

    // The model picker: the host shows the gateway's models (GET /models) in a native quick pick.
    this.modelText = h('span', { class: 'mg-header__model-text' }, '…');
    this.modelButton = h('button', { type: 'button', class: 'mg-button mg-button--text mg-header__model' }, icon('hubot'), this.modelText, icon('chevron-down', 'mg-header__chevron'));
    this.modelButton.addEventListener('click', () => host.selectModel());
    this.accountSlot = h('span', { class: 'mg-header__account' });
    this.profileSlot = h('span', { class: 'mg-header__profile' });

    this.el = h(
      'header',
      { class: 'mg-header' },
      h(
        'div',
        { class: 'mg-header__row' },
        this.disciplineButton,
        h('span', { class: 'mg-spacer' }),
        button({ label: 'New chat', icon: 'add', onClick: () => host.newChat() }),
        this.historyButton,
      ),
      h('div', { class: 'mg-header__meta' }, this.modelButton, this.accountSlot, this.profileSlot),
    );
    this.update(undefined);
  }

  /** Draws the header; `undefined` until the host's `init` arrives. */
  update(header: HeaderView | undefined): void {
    const pinned = header?.pinned ?? null;
    this.disciplineText.textContent = pinned ? pinned.label : 'Auto';
    this.disciplineButton.classList.toggle('mg-header__discipline--pinned', pinned !== null);
    const state = pinned ? `${pinned.label} (pinned)` : 'Auto (routed per question)';
    this.disciplineButton.setAttribute('aria-label', `Discipline: ${state}. Select discipline`);
    this.disciplineButton.title = pinned
      ? `Pinned to ${pinned.label}. Click to change or go back to automatic routing.`
      : 'Each question goes to the best-fitting specialist. Click to pin one.';

    // An empty model means "the first one the server lists" (a fresh local server).
    const model = header ? header.model || 'first listed model' : '…';
    // The model first: it is what the user picks here, and a narrow sidebar cuts the end.
    this.modelText.textContent = header && header.provider !== 'Monster Gaming' ? `${model} · ${header.provider}` : model;
    this.modelButton.setAttribute('aria-label', header ? `Model: ${model} on ${header.provider}. Select model` : 'Select model');
    this.modelButton.title = header ? `${header.provider}: ${model}. Click to pick another model.` : '';

    if (!header) {
      this.accountSlot.replaceChildren();
    } else if (!header.account.hasKey) {
      this.accountSlot.replaceChildren(
        button({ text: 'No API key', label: 'No API key: add one', icon: 'key', variant: 'text', onClick: () => this.host.setApiKey() }),
      );
    } else {
      const label = header.account.label ?? 'API key set';
      this.accountSlot.replaceChildren(h('span', { class: 'mg-header__account-label', title: `Account: ${label}` }, icon('account'), h('span', {}, label)));
    }
    this.updateProfile(header?.profile);
  }

  /** The engine profile: a focusable label whose tooltip (and accessible description) is the detail. */
  private updateProfile(profile: HeaderView['profile']): void {
    if (!profile) {
      this.profileSlot.replaceChildren();
      return;
    }
    const tooltip = profile.tooltip.join('\n');
    this.profileSlot.replaceChildren(
      h('span', { class: 'mg-header__profile-label', tabindex: '0', role: 'note', 'aria-label': `Engine profile: ${profile.label}`, title: tooltip }, icon('game'), h('span', {}, profile.label)),
    );
  }

  setHistoryOpen(open: boolean): void {
    this.historyButton.setAttribute('aria-expanded', String(open));
    this.historyButton.classList.toggle('mg-button--checked', open);
  }
}

/**
 * What the view shows instead of an empty transcript: a welcome with the way to a key when there
 * is none, otherwise a few example questions that fill the prompt box.
 */
import type { AccountView } from '../shared/protocol';
import { button, h, icon } from './dom';

export interface WelcomeHost {
  setApiKey(): void;
  /** Another gateway: prxy.monster, Portkey, Moonshot, Monster API, a local OpenAI-compatible server. */
  selectProvider(): void;
  /** Puts an example question in the prompt box (the user still sends it). */
  suggest(text: string): void;
}

const examples: readonly string[] = [
  'Why does my URP shader turn pink on Android?',
  'How should I do client-side prediction for a 4-player co-op game?',
  'Make my character controller feel less floaty when jumping.',
];

/** The welcome panel shown when no key is set. */
export function createWelcome(account: AccountView, host: WelcomeHost): HTMLElement {
  const signup = h('a', { class: 'mg-welcome__link', href: account.signupUrl }, account.provider ? `Get a ${account.provider} key` : 'Get a free key', icon('link-external'));
  return h(
    'section',
    { class: 'mg-welcome', 'aria-labelledby': 'mg-welcome-title' },
    h('div', { class: 'mg-welcome__logo' }, icon('game')),
    h('h2', { id: 'mg-welcome-title', class: 'mg-welcome__title' }, 'Monster Gaming'),
    h(
      'p',
      { class: 'mg-welcome__pitch' },
      'An AI assistant for game developers. Ask about shaders, rendering, netcode, gameplay, animation or audio, ' +
        'and the right specialist answers — with your engine and code in context.',
    ),
    h(
      'div',
      { class: 'mg-welcome__actions' },
      button({ text: account.provider ? `Set ${account.provider} key` : 'Set API key', icon: 'key', variant: 'primary', onClick: () => host.setApiKey() }),
      signup,
    ),
    button({ text: 'Use another gateway…', icon: 'plug', variant: 'text', onClick: () => host.selectProvider() }),
    h('p', { class: 'mg-welcome__note' }, 'Your key is kept in VS Code’s secret storage; it never enters this view.'),
  );
}

/** The empty state of a new conversation when a key is set. */
export function createEmptyState(host: WelcomeHost): HTMLElement {
  return h(
    'section',
    { class: 'mg-empty', 'aria-label': 'Start a conversation' },
    h('div', { class: 'mg-welcome__logo' }, icon('game')),
    h('p', { class: 'mg-empty__lead' }, 'Ask anything about your game. Select code and use “Ask About Selection”, or try:'),
    h(
      'ul',
      { class: 'mg-empty__examples' },
      ...examples.map((text) =>
        h('li', {}, button({ text, variant: 'text', className: 'mg-empty__example', icon: 'comment', onClick: () => host.suggest(text) })),
      ),
    ),
  );
}

/**
 * The chat webview. Draws itself from the host's `init`, then applies each protocol message;
 * everything it asks of the host goes through the typed channel. It never touches the network
 * and never sees the API key.
 */
import type { ActionKind, HeaderView, HostToWebview } from '../shared/protocol';
import { Composer } from './composer';
import { h } from './dom';
import { AgentLoader } from './agentLoader';
import { loadHighlighter } from './highlight';
import { Header } from './header';
import { HistoryPanel } from './history';
import { Notice } from './notice';
import { isSafeHref } from './sanitize';
import { Transcript } from './transcript';
import { HostChannel, type UiState } from './vscodeApi';
import { createEmptyState, createWelcome } from './welcome';

/** A request id of the webview's choosing: the answer to this question will carry it. */
function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `r${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

class ChatApp {
  private readonly channel = new HostChannel();
  private uiState: UiState = this.channel.loadUiState();
  private header: HeaderView | undefined;
  /** What the intro area shows now (kind and, for the welcome, its sign-up link). */
  private introKey = 'none';

  private readonly headerView: Header;
  private readonly notice: Notice;
  private readonly main: HTMLElement;
  private readonly intro: HTMLElement;
  private readonly transcript: Transcript;
  private readonly history: HistoryPanel;
  private readonly composer: Composer;
  private readonly agent = new AgentLoader({
    post: (message) => this.channel.post(message),
    find: (id) => this.transcript.find(id),
    focusPrompt: () => this.composer.focus(),
  });

  constructor(root: HTMLElement) {
    this.headerView = new Header({
      selectDiscipline: () => this.action('selectDiscipline'),
      selectModel: () => this.action('selectModel'),
      setApiKey: () => this.action('setApiKey'),
      newChat: () => this.channel.post({ type: 'newChat' }),
      toggleHistory: () => this.setHistoryOpen(!this.history.isOpen, true),
    });
    this.notice = new Notice(() => this.composer.focus());
    this.intro = h('div', { class: 'mg-intro' });
    this.main = h('main', { class: 'mg-main', tabindex: '-1' }, this.intro);
    this.transcript = new Transcript(
      this.main,
      {
        copyCode: (code) => this.channel.post({ type: 'copyCode', code }),
        insertCode: (code, language) => this.channel.post({ type: 'insertCode', code, language }),
        action: (kind, messageId) => this.action(kind, messageId),
        older: (before) => this.channel.post({ type: 'older', before }),
        openFrame: (id, index) => this.channel.post({ type: 'openFrame', id, index }),
      },
      () => this.refresh(),
      (message) => {
        if (message.steps?.length || message.review || message.approval) this.agent.apply({ type: 'restore', message });
      },
    );
    this.main.append(this.transcript.el);
    this.history = new HistoryPanel({
      open: (conversationId) => {
        this.channel.post({ type: 'openConversation', conversationId });
        this.setHistoryOpen(false, false);
        this.composer.focus();
      },
      delete: (conversationId) => this.channel.post({ type: 'deleteConversation', conversationId }),
      close: () => this.setHistoryOpen(false, true),
    });
    this.composer = new Composer(
      {
        send: (text, includeActiveEditor) => {
          this.transcript.scrollToBottom();
          const id = newRequestId();
          this.channel.post(includeActiveEditor ? { type: 'send', id, text } : { type: 'send', id, text, includeActiveEditor });
        },
        candidates: (requestId, kind, query) => this.channel.post({ type: 'candidates', requestId, kind, query }),
        draft: (version, text) => this.channel.post({ type: 'draft', version, text }),
        stop: () => {
          // Stop names the answer it means: one that ended meanwhile is not another's Stop.
          const id = this.transcript.activeId;
          if (id !== undefined) this.channel.post({ type: 'stop', id });
        },
        draftChanged: (draft) => this.saveUiState({ draft }),
        setAgentMode: (on) => this.channel.post({ type: 'setAgentMode', on }),
      },
      this.uiState.draft,
    );

    root.replaceChildren(
      this.headerView.el,
      this.notice.el,
      h('div', { class: 'mg-stage' }, this.main, this.history.el),
      this.composer.el,
    );
    this.setHistoryOpen(this.uiState.historyOpen, false);
    this.interceptLinks();
    this.channel.onMessage((message) => {
      try {
        this.handle(message);
      } catch (error) {
        console.error(`[monster-gaming] failed to apply '${message.type}'`, error);
      }
    });
    this.channel.post({ type: 'ready' });
    // Highlighting comes second, once the page has loaded (its load event never waits for it).
    if (document.readyState === 'complete') setTimeout(loadHighlighter, 0);
    else window.addEventListener('load', () => setTimeout(loadHighlighter, 0), { once: true });
  }

  private handle(message: HostToWebview): void {
    switch (message.type) {
      case 'init': {
        const { state } = message;
        this.header = state.header;
        this.headerView.update(state.header);
        this.history.setItems(state.history);
        this.history.setCurrent(state.conversationId);
        this.notice.set(state.notice ?? null);
        this.setAgentMode(state.agentMode === true);
        this.transcript.reset(state.messages, state.earlier);
        this.composer.context.setReport(this.transcript.lastReport);
        break;
      }
      case 'conversation':
        this.history.setCurrent(message.conversationId);
        this.notice.set(message.notice ?? null);
        this.transcript.reset(message.messages, message.earlier);
        this.composer.context.setReport(this.transcript.lastReport);
        if (this.history.isOpen) this.setHistoryOpen(false, false);
        break;
      case 'messageAdded':
        this.transcript.add(message.message);
        if (message.message.role === 'user') this.composer.accepted();
        break;
      case 'context':
        this.transcript.context(message.messageId, message.report);
        this.composer.context.setReport(message.report);
        break;
      case 'activeEditor':
        this.composer.context.setActiveEditor(message.editor);
        break;
      case 'candidates':
        this.composer.picker.receive(message.requestId, message.candidates);
        break;
      case 'mentions':
        this.composer.context.setMentions(message.version, message.mentions);
        break;
      case 'contextRefused':
        this.composer.refused(message.text, message.problems);
        break;
      case 'older':
        this.transcript.older(message.before, message.messages, message.earlier);
        break;
      case 'delta':
        this.transcript.delta(message.id, message.text);
        break;
      case 'discipline':
        this.transcript.discipline(message.id, message.discipline);
        break;
      case 'waiting':
        this.transcript.waiting(message.id, message.text, message.retryAt);
        break;
      case 'done':
        this.transcript.done(message);
        break;
      case 'messageRemoved':
        this.transcript.remove(message.id);
        break;
      case 'header':
        this.header = message.header;
        this.headerView.update(message.header);
        this.refresh();
        break;
      case 'history':
        this.history.setItems(message.items);
        break;
      case 'notice':
        this.notice.set(message.text);
        break;
      case 'focus':
        if (this.history.isOpen) this.setHistoryOpen(false, false);
        this.composer.focus();
        break;
      case 'agentMode':
        this.setAgentMode(message.on);
        break;
      case 'tokens':
        this.transcript.tokens(message.id, message.tokens);
        break;
      case 'step':
      case 'approval':
      case 'review':
        this.agent.apply(message);
        break;
    }
  }

  /** Agent mode's view is loaded as soon as it is on, so its first step draws at once. */
  private setAgentMode(on: boolean): void {
    this.composer.setAgentMode(on);
    if (on) this.agent.load();
  }

  /** Re-derives what depends on several parts: Stop vs Send, and welcome / empty state. */
  private refresh(): void {
    this.composer.setBusy(this.transcript.activeId !== undefined);
    const kind = !this.header || !this.transcript.isEmpty ? 'none' : this.header.account.hasKey ? 'empty' : 'welcome';
    const key = kind === 'welcome' && this.header ? `welcome ${this.header.account.signupUrl} ${this.header.account.provider ?? ''}` : kind;
    if (key === this.introKey) return;
    const hadFocus = this.intro.contains(document.activeElement);
    this.introKey = key;
    if (kind === 'welcome' && this.header) {
      this.intro.replaceChildren(createWelcome(this.header.account, { setApiKey: () => this.action('setApiKey'), selectProvider: () => this.action('selectProvider'), suggest: (t) => this.composer.fill(t) }));
    } else if (kind === 'empty') {
      this.intro.replaceChildren(createEmptyState({ setApiKey: () => this.action('setApiKey'), selectProvider: () => this.action('selectProvider'), suggest: (t) => this.composer.fill(t) }));
    } else {
      this.intro.replaceChildren();
    }
    if (hadFocus) this.composer.focus();
  }

  private action(kind: ActionKind, messageId?: string): void {
    this.channel.post(messageId === undefined ? { type: 'action', kind } : { type: 'action', kind, messageId });
  }

  private setHistoryOpen(open: boolean, moveFocus: boolean): void {
    this.history.setOpen(open);
    this.headerView.setHistoryOpen(open);
    this.main.inert = open;
    this.saveUiState({ historyOpen: open });
    if (!moveFocus) return;
    if (open) this.history.focusFirst();
    else this.headerView.historyButton.focus();
  }

  private saveUiState(change: Partial<UiState>): void {
    this.uiState = { ...this.uiState, ...change };
    this.channel.saveUiState(this.uiState);
  }

  /** Links never navigate the view: http(s) ones go to the host, which asks VS Code to open them. */
  private interceptLinks(): void {
    const onClick = (event: MouseEvent): void => {
      const anchor = event.target instanceof Element ? event.target.closest('a') : null;
      if (!anchor) return;
      // Nobody else handles it: not the browser (no navigation) and not VS Code's own link handler.
      event.preventDefault();
      event.stopPropagation();
      if (event.type === 'auxclick' && event.button !== 1) return;
      const href = anchor.getAttribute('href');
      if (href !== null && isSafeHref(href)) this.channel.post({ type: 'openLink', href });
    };
    document.addEventListener('click', onClick);
    document.addEventListener('auxclick', onClick);
  }
}

// Marks for the bench's cold-open trace (bench/activation.ts): this script began to run; the composer is on the page; painted.
performance.mark('mg/script');
new ChatApp(document.getElementById('app') ?? document.body);
performance.mark('mg/composer');
// The frame after it: the composer is painted (the cold open's end as the page itself sees it).
requestAnimationFrame(() => setTimeout(() => performance.mark('mg/painted'), 0));

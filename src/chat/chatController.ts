import type { ConversationTurn } from '../answering/compose';
import type { ContextItem } from '../answering/contextTypes';
import type { AnswerEngine } from '../answering/engine';
import { english, type L10n } from '../answering/l10n';
import type { AgentToolbox, AnswerEvent, AnswerJob, AnswerSettings } from '../answering/types';
import { disciplineById, disciplineLabel, type Discipline } from '../disciplines/catalog';
import { systemClock, type Clock } from '../gateway/retry';
import type { AgentStepView, ApprovalView, ApproveRequest, AttachmentView, ChatMessageView, DisciplineView, ErrorView, FrameLinkView, HeaderView, HostToWebview, OpenApprovalRequest, ReviewRequest, ReviewView, SetAgentModeRequest, ViewState } from '../shared/protocol';
import { stepBrief, stepResult } from './agentSteps';
import { isRequestId, MESSAGES_PER_PAGE } from '../shared/protocol';
import { titleFor, toView, type Conversation, type StoredMessage } from './conversation';
import { saveFailedNotice } from './historyErrors';
import type { ConversationStore } from './historyStore';

/** The settings the controller reads, fresh for every request. */
export type ChatSettings = AnswerSettings;

export interface ChatControllerDeps {
  /** The answering engine: the sidebar only renders its events. */
  readonly engine: Pick<AnswerEngine, 'run'> & Partial<Pick<AnswerEngine, 'warm'>>;
  readonly settings: () => ChatSettings;
  readonly account: () => HeaderView['account'];
  /** The engine profile for the header (see headerProfile.ts); absent: none shown. */
  readonly profile?: () => HeaderView['profile'];
  readonly store: ConversationStore;
  /** Where messages for the webview go (batched by the view). */
  readonly post: (message: HostToWebview) => void;
  readonly clock?: Clock;
  readonly l10n?: L10n;
  readonly log?: (line: string) => void;
  /** Called when streaming starts or ends (drives the `monsterGaming.streaming` context key). */
  readonly onStreamingChanged?: (streaming: boolean) => void;
  readonly newId?: () => string;
  /** Agent mode's tools, approvals and reviews; absent: agent mode is not offered. */
  readonly agent?: AgentPort;
  /** Agent mode was switched (drives the `monsterGaming.agentMode` context key). */
  readonly onAgentModeChanged?: (on: boolean) => void;
}

/** What the sidebar needs of agent mode (the agent service, loaded with the first agent turn). */
export interface AgentPort {
  /** The toolbox of answer `answerId`; `ui` shows and clears its approvals. */
  startTurn(answerId: string, ui: (view: ApprovalView | null) => void): Promise<AgentToolbox>;
  /** The turn ended: the review of the files it changed, if any. */
  endTurn(answerId: string): Promise<ReviewView | undefined>;
  /** Approvals and review actions from the view. */
  request(message: ApproveRequest | OpenApprovalRequest | ReviewRequest): Promise<void>;
  maxSteps(): number;
}

/** A question to send, with the context attached to it. */
export interface Question {
  /** What the transcript shows as the user's words. */
  readonly text: string;
  /** What the model is asked instead of `text`, when that is longer (Analyze Crash's brief for other gateways); never shown. */
  readonly prompt?: string;
  /** Attached context (mentions, the selection, the active editor); the engine fits and sends it. */
  readonly items?: readonly ContextItem[];
  /** The id the webview chose for the answer: its stream's messages carry it, and Stop names it. */
  readonly requestId?: string;
  /** Short label the transcript shows on the question: `Player.cs:12-20 · C# · Unity 2022.3`. */
  readonly contextLabel?: string;
  /** What routing and the engine line look at, when the question is about one file. */
  readonly languageId?: string;
  readonly fileName?: string;
  /** The chips the sent question lists (one per mention, and the active editor). */
  readonly attachments?: readonly AttachmentView[];
  /** Analyze Crash: the crash's frames in the workspace, shown as links under the answer. */
  readonly frames?: readonly FrameLinkView[];
}

/** An answer made outside the engine (Analyze Crash through `POST /debug/analyze`): its text, or the failure described. */
export type ProvidedAnswer = { readonly text: string; readonly model?: string } | { readonly error: ErrorView };

/** Saves of a streaming answer are throttled to this interval. */
const STREAM_SAVE_INTERVAL_MS = 1000;

let counter = 0;
const defaultId = (): string => `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

interface ActiveAnswer {
  readonly message: StoredMessage;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/**
 * The conversation and its one streaming answer: sends questions, streams answers into the
 * webview, stops, retries, and keeps history. Knows nothing of VS Code, so it is tested against
 * the development gateway directly.
 */
export class ChatController {
  private conversation: Conversation;
  private active: ActiveAnswer | undefined;
  /** The request's note (older turns left out); see `notices()` for the others. */
  private notice: string | undefined;
  /** Set while history cannot be saved; cleared by the next save that works. */
  private historyNotice: string | undefined;
  /** What could not be read of the open conversation (damaged messages left out), or why one could not be opened. */
  private loadNotice: string | undefined;
  private postedNotice: string | undefined;
  /** The approval an agent step waits on now, if any (a view drawn anew shows its card again). */
  private waiting: { readonly id: string; readonly approval: ApprovalView } | undefined;
  private readonly clock: Clock;
  private readonly l10n: L10n;
  private readonly newId: () => string;
  private restoring: Promise<void> | undefined;
  /** The `done` of the answer that just ended; posted once the conversation is saved. */
  private pendingDone: HostToWebview | undefined;
  private agentOn = false;
  /**
   * How each failed or stopped answer made outside the engine was made (`present`): Retry asks the
   * same way again (Analyze Crash: `POST /debug/analyze`), not through chat. Kept in memory for
   * the open conversation; after a reload such an answer retries as a chat question.
   */
  private readonly providers = new Map<string, (signal: AbortSignal) => Promise<ProvidedAnswer>>();

  constructor(private readonly deps: ChatControllerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.l10n = deps.l10n ?? english;
    this.newId = deps.newId ?? defaultId;
    this.conversation = this.emptyConversation();
  }

  /** The view opened: the first question should not wait for the engine's lazy loads. */
  warm(): void {
    this.deps.engine.warm?.();
  }

  /**
   * Resolves once the conversation that was open before a reload is back. It is read on first
   * need (the view opening, a question), not at activation: a saved conversation can be megabytes.
   */
  whenRestored(): Promise<void> {
    this.restoring ??= this.deps.store.current().then(
      ({ conversation, problem }) => {
        if (this.conversation.messages.length === 0) {
          if (conversation) this.conversation = conversation;
          this.setLoadNotice(problem);
        }
      },
      (error: unknown) => this.deps.log?.(`Could not restore the last conversation: ${String(error)}`),
    );
    return this.restoring;
  }

  get isStreaming(): boolean {
    return this.active !== undefined;
  }

  get conversationId(): string {
    return this.conversation.id;
  }

  /** The messages of the open conversation, as the webview sees them. */
  get messages(): readonly ChatMessageView[] {
    return this.conversation.messages.map(toView);
  }

  /** The page of the open conversation that ends before index `end` (default: the newest). */
  private page(end = this.conversation.messages.length): { messages: ChatMessageView[]; earlier: number } {
    const start = Math.max(0, end - MESSAGES_PER_PAGE);
    return { messages: this.conversation.messages.slice(start, end).map((m) => this.shown(m)), earlier: start };
  }

  /** A message as a view drawn anew shows it: with the approval its turn waits on (hidden and shown again, the card is back). */
  private shown(message: StoredMessage): ChatMessageView {
    const view = toView(message);
    return this.waiting?.id === message.id ? { ...view, approval: this.waiting.approval } : view;
  }

  /** The view scrolled up to message `before`: the page before it (nothing for a message this conversation lacks). */
  older(before: string): void {
    const end = this.conversation.messages.findIndex((m) => m.id === before);
    if (end >= 0) this.deps.post({ type: 'older', before, ...this.page(end) });
  }

  /** Everything the webview needs after `ready`: the newest page of the conversation, not all of it. */
  viewState(): ViewState {
    this.postedNotice = this.notices();
    return {
      header: this.header(),
      conversationId: this.conversation.id,
      ...this.page(),
      history: this.deps.store.list(),
      notice: this.postedNotice,
      ...(this.agentOn ? { agentMode: true } : {}),
    };
  }

  header(): HeaderView {
    const settings = this.deps.settings();
    const pinned = settings.discipline !== 'auto' ? disciplineById(settings.discipline) : undefined;
    const profile = this.deps.profile?.();
    return {
      model: settings.model,
      provider: settings.errorContext?.providerLabel ?? 'Monster Gaming',
      pinned: pinned ? this.view(pinned, 'pinned') : null,
      account: this.deps.account(),
      ...(profile ? { profile } : {}),
    };
  }

  /** Tells the webview the header changed (settings, key). */
  refreshHeader(): void {
    this.deps.post({ type: 'header', header: this.header() });
  }

  /**
   * Sends a question and streams the answer. Resolves when the answer has ended (any way).
   * Returns false when an answer is already streaming (the UI disables sending meanwhile).
   */
  async send(question: Question): Promise<boolean> {
    await this.whenRestored();
    if (!this.ask(question)) {
      return false;
    }
    await this.answer({}, this.answerId(question.requestId), question.frames);
    return true;
  }

  /**
   * A question answered outside the engine (Analyze Crash through `POST /debug/analyze`): it
   * joins the conversation like any question, `provide` makes its answer (Stop aborts its
   * signal), and follow-ups continue from both. Returns false when an answer is streaming.
   */
  async present(question: Question, provide: (signal: AbortSignal) => Promise<ProvidedAnswer>): Promise<boolean> {
    await this.whenRestored();
    if (!this.ask(question)) {
      return false;
    }
    await this.answer({}, this.answerId(question.requestId), question.frames, (message, controller) => this.provided(message, controller, provide));
    return true;
  }

  /** Runs `provide` into `message`, and keeps it for Retry while the answer did not complete. */
  private async provided(message: StoredMessage, controller: AbortController, provide: (signal: AbortSignal) => Promise<ProvidedAnswer>): Promise<void> {
    try {
      await this.provide(message, controller, provide);
    } finally {
      if (message.status === 'complete') this.providers.delete(message.id);
      else this.providers.set(message.id, provide);
    }
  }

  /** Frame `index` of answer `answerId`, as the answer showed it (the view names only the index). */
  frame(answerId: string, index: number): FrameLinkView | undefined {
    return this.conversation.messages.find((m) => m.id === answerId && m.role === 'assistant')?.frames?.[index];
  }

  /** Adds the question to the conversation; false when it is empty or an answer is streaming. */
  private ask(question: Question): boolean {
    const text = question.text.trim();
    if (!text || this.active) {
      return false;
    }
    const now = this.clock.now();
    const user: StoredMessage = {
      id: this.newId(),
      role: 'user',
      text,
      status: 'complete',
      createdAt: now,
      ...(question.prompt?.trim() ? { prompt: question.prompt.trim() } : {}),
      ...(question.contextLabel ? { contextLabel: question.contextLabel } : {}),
      ...(question.languageId ? { languageId: question.languageId } : {}),
      ...(question.fileName ? { fileName: question.fileName } : {}),
      ...(question.items?.length ? { items: [...question.items] } : {}),
      ...(question.attachments?.length ? { attachments: [...question.attachments] } : {}),
    };
    this.conversation.messages.push(user);
    if (this.conversation.messages.length === 1) {
      this.conversation.title = titleFor(this.conversation);
    }
    this.deps.post({ type: 'messageAdded', message: toView(user) });
    return true;
  }

  /**
   * Stops the streaming answer; its partial text stays, marked as stopped. With an id, only the
   * answer of that request: a late Stop for an answer that already ended does nothing.
   */
  async stop(requestId?: string): Promise<void> {
    const active = this.active;
    if (!active || (requestId !== undefined && active.message.id !== requestId)) {
      return;
    }
    active.controller.abort();
    await active.done;
  }

  /** Asks again for the answer `messageId` (which failed, was stopped, or ended early). */
  async retry(messageId: string, options: { allowFallback?: boolean } = {}): Promise<void> {
    await this.whenRestored();
    if (this.active) {
      return;
    }
    const index = this.conversation.messages.findIndex((m) => m.id === messageId);
    if (index < 0 || this.conversation.messages[index].role !== 'assistant') {
      return;
    }
    // A retried crash analysis keeps its frame links, and is asked of the endpoint that made it.
    const [removed] = this.conversation.messages.splice(index, 1);
    this.deps.post({ type: 'messageRemoved', id: messageId });
    const provide = this.providers.get(messageId);
    this.providers.delete(messageId);
    await this.answer(options, this.newId(), removed.frames, provide ? (message, controller) => this.provided(message, controller, provide) : undefined);
  }

  /** Starts an empty conversation; the current one stays in history. */
  async newChat(): Promise<void> {
    await this.whenRestored();
    await this.stop();
    await this.persist();
    this.conversation = this.emptyConversation();
    this.providers.clear();
    this.notice = undefined;
    this.loadNotice = undefined;
    await this.saving(() => this.deps.store.setCurrent(undefined));
    this.postConversation();
  }

  async openConversation(id: string): Promise<void> {
    await this.whenRestored();
    const { conversation, problem } = await this.deps.store.load(id);
    if (!conversation) {
      // The open conversation stays; the notice says why the other one did not open.
      this.setLoadNotice(problem);
      this.deps.post({ type: 'history', items: this.deps.store.list() });
      return;
    }
    await this.stop();
    await this.persist();
    this.conversation = conversation;
    this.providers.clear();
    this.notice = undefined;
    this.loadNotice = problem;
    await this.saving(() => this.deps.store.setCurrent(id));
    this.postConversation();
  }

  async deleteConversation(id: string): Promise<void> {
    await this.whenRestored();
    if (id === this.conversation.id) {
      await this.stop();
      await this.saving(() => this.deps.store.delete(id));
      this.conversation = this.emptyConversation();
      this.providers.clear();
      this.notice = undefined;
      this.loadNotice = undefined;
      this.postConversation();
      return;
    }
    await this.saving(() => this.deps.store.delete(id));
    this.deps.post({ type: 'history', items: this.deps.store.list() });
  }

  /** The Ask / Agent control and the agent's approvals and review, from the view. */
  async agentRequest(message: SetAgentModeRequest | ApproveRequest | OpenApprovalRequest | ReviewRequest): Promise<void> {
    switch (message.type) {
      case 'setAgentMode':
        this.setAgentMode(message.on);
        return;
      default:
        await this.deps.agent?.request(message);
        return;
    }
  }

  get agentMode(): boolean {
    return this.agentOn;
  }

  /** The review of answer `answerId` changed (kept, undone): kept in history and shown. */
  reviewChanged(answerId: string, review: ReviewView): void {
    const message = this.conversation.messages.find((m) => m.id === answerId);
    if (message) {
      message.review = review;
      void this.persist();
    }
    this.deps.post({ type: 'review', id: answerId, review });
  }

  /** Turns agent mode on or off for the next questions (the composer's control, Toggle Agent Mode). */
  setAgentMode(on: boolean): void {
    if (on === this.agentOn || (on && !this.deps.agent)) return;
    this.agentOn = on;
    this.deps.onAgentModeChanged?.(on);
    this.deps.post({ type: 'agentMode', on });
  }

  /** Waits for the streaming answer, if any, to end (tests and deactivate). */
  async idle(): Promise<void> {
    await this.active?.done;
  }

  dispose(): void {
    this.active?.controller.abort();
  }

  private emptyConversation(): Conversation {
    const now = this.clock.now();
    return { id: this.newId(), title: 'New chat', createdAt: now, updatedAt: now, messages: [] };
  }

  private postConversation(): void {
    this.postedNotice = this.notices();
    this.deps.post({ type: 'conversation', conversationId: this.conversation.id, ...this.page(), notice: this.postedNotice });
    this.deps.post({ type: 'history', items: this.deps.store.list() });
  }

  /** Saves the conversation. Never throws: a failure is a notice (until a save works), never a stuck chat. */
  private async persist(): Promise<void> {
    if (this.conversation.messages.length === 0) {
      return;
    }
    this.conversation.updatedAt = this.clock.now();
    const { id } = this.conversation;
    await this.saving(async () => {
      await this.deps.store.save(this.conversation);
      await this.deps.store.setCurrent(id);
    });
  }

  /** Runs a write to history; says so when it fails, and clears that once one works. */
  private async saving(write: () => Promise<void>): Promise<void> {
    try {
      await write();
      this.setHistoryNotice(undefined);
    } catch (error) {
      this.deps.log?.(`Could not save the chat history: ${String(error)}`);
      this.setHistoryNotice(saveFailedNotice(error, this.deps.store.location));
    }
  }

  private view(discipline: Discipline, source: DisciplineView['source']): DisciplineView {
    return { id: discipline.id, label: disciplineLabel(discipline), source };
  }

  /** The id of a new answer: the one the webview chose, unless it is malformed or already taken. */
  private answerId(requested: string | undefined): string {
    return requested !== undefined && isRequestId(requested) && !this.conversation.messages.some((m) => m.id === requested) ? requested : this.newId();
  }

  private async answer(
    options: { allowFallback?: boolean },
    id: string,
    frames?: readonly FrameLinkView[],
    run: (message: StoredMessage, controller: AbortController) => Promise<void> = (m, c) => this.run(m, c, options.allowFallback === true),
  ): Promise<void> {
    const settings = this.deps.settings();
    const message: StoredMessage = { id, role: 'assistant', text: '', status: 'streaming', model: settings.model, createdAt: this.clock.now(), ...(frames?.length ? { frames: [...frames] } : {}) };
    this.conversation.messages.push(message);
    this.deps.post({ type: 'messageAdded', message: toView(message) });

    const controller = new AbortController();
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    this.active = { message, controller, done };
    this.deps.onStreamingChanged?.(true);
    // The question is sent while it is being saved: a slow or failing disk never holds up the answer.
    const saved = this.persist();
    try {
      await run(message, controller);
    } finally {
      this.active = undefined;
      this.deps.onStreamingChanged?.(false);
      // Saved before the UI hears it is done: a reload right after an answer keeps it.
      await saved;
      await this.persist();
      if (this.pendingDone) {
        this.deps.post(this.pendingDone);
        this.pendingDone = undefined;
      }
      this.deps.post({ type: 'history', items: this.deps.store.list() });
      resolveDone();
    }
  }

  /** Asks the engine for the answer to the last question, rendering its events into `message`. */
  private async run(message: StoredMessage, controller: AbortController, allowFallback: boolean): Promise<void> {
    const messages = this.conversation.messages;
    let at = messages.length - 1;
    while (at >= 0 && messages[at].role !== 'user') at--;
    const user = at >= 0 ? messages[at] : undefined;
    // The conversation before the question; answers that never got text are not turns.
    const history: ConversationTurn[] = messages
      .slice(0, Math.max(0, at))
      .filter((m) => m.role === 'user' || m.text.trim() !== '')
      .map((m) => ({ role: m.role, content: m.prompt ?? m.text, ...(m.items ? { items: m.items } : {}) }));
    const question = { text: user?.prompt ?? user?.text ?? '', items: user?.items ?? [], languageId: user?.languageId, path: user?.fileName };
    let lastSave = this.clock.now();
    const agent = this.agentOn ? this.deps.agent : undefined;
    const toolbox = agent ? await agent.startTurn(message.id, (view) => this.approval(message, view)) : undefined;
    const mode: AnswerJob['mode'] = agent && toolbox ? { kind: 'agent', question, history, toolbox, maxSteps: agent.maxSteps() } : { kind: 'chat', question, history };
    await this.deps.engine.run({ surface: 'sidebar', mode, allowFallback }, (event) => {
      this.render(message, user, event);
      if ((event.type === 'delta' || event.type === 'toolResult') && this.clock.now() - lastSave > STREAM_SAVE_INTERVAL_MS) {
        lastSave = this.clock.now();
        void this.persist();
      }
    }, controller.signal);
    if (agent) {
      if (this.waiting?.id === message.id) this.waiting = undefined;
      for (const step of message.steps ?? []) if (step.status === 'running' || step.status === 'waiting') this.step(message, { ...step, status: 'stopped' });
      const review = await agent.endTurn(message.id);
      if (review) {
        message.review = review;
        this.deps.post({ type: 'review', id: message.id, review });
      }
    }
  }

  /** Renders an answer made outside the engine as the engine's events would: its text, then its end. */
  private async provide(message: StoredMessage, controller: AbortController, provide: (signal: AbortSignal) => Promise<ProvidedAnswer>): Promise<void> {
    // `provide` describes its own failures; one that throws anyway was stopped, or is a bug to show as one.
    const answer = await provide(controller.signal).catch((error: unknown): ProvidedAnswer => {
      if (controller.signal.aborted) return { text: '' };
      throw error;
    });
    if (controller.signal.aborted) {
      this.finish(message, 'stopped');
      return;
    }
    if ('error' in answer) {
      this.finish(message, 'error', answer.error);
      return;
    }
    if (answer.model) message.model = answer.model;
    this.render(message, undefined, { type: 'delta', text: answer.text });
    this.finish(message, 'complete');
  }

  /** A tool call's row, added or replaced. */
  private step(message: StoredMessage, step: AgentStepView): void {
    const steps = message.steps ?? [];
    message.steps = steps.some((s) => s.id === step.id) ? steps.map((s) => (s.id === step.id ? step : s)) : [...steps, step];
    this.deps.post({ type: 'step', id: message.id, step });
  }

  /** An approval shown (its step waits) or answered. */
  private approval(message: StoredMessage, view: ApprovalView | null): void {
    const id = view?.id ?? message.steps?.find((s) => s.status === 'waiting')?.id;
    const step = message.steps?.find((s) => s.id === id);
    if (step && (step.status === 'running' || step.status === 'waiting')) this.step(message, { ...step, status: view ? 'waiting' : 'running' });
    this.waiting = view ? { id: message.id, approval: view } : undefined;
    this.deps.post({ type: 'approval', id: message.id, approval: view });
  }

  /** One engine event, shown: the sidebar renders, the engine decides. */
  private render(message: StoredMessage, user: StoredMessage | undefined, event: AnswerEvent): void {
    switch (event.type) {
      case 'discipline': {
        const discipline = this.view(event.discipline, event.source);
        message.status = 'streaming';
        if (discipline.id !== message.discipline?.id || discipline.source !== message.discipline.source) {
          message.discipline = discipline;
          this.deps.post({ type: 'discipline', id: message.id, discipline });
        }
        return;
      }
      case 'context':
        if (user) {
          user.context = event.report;
          // As sent (shortened ones shortened): a follow-up or a retry sends what the model saw.
          if (event.items.length > 0) user.items = [...event.items];
          else delete user.items;
          this.deps.post({ type: 'context', id: message.id, messageId: user.id, report: event.report });
        }
        this.setNotice(
          event.report.cut.length > 0
            ? this.l10n.t('Left out of this request to fit the {0} KB limit: {1}.', Math.floor(event.report.limitBytes / 1024), event.report.cut.join(', '))
            : undefined,
        );
        return;
      case 'waiting':
        message.status = 'waiting';
        this.deps.post({ type: 'waiting', id: message.id, retryAt: event.retryAt, text: event.message });
        return;
      case 'delta':
        message.status = 'streaming';
        message.text += event.text;
        this.deps.post({ type: 'delta', id: message.id, text: event.text });
        return;
      case 'toolCall':
        this.step(message, { id: event.call.id, tool: event.call.name, brief: stepBrief(event.call.name, event.call.arguments), status: 'running' });
        return;
      case 'toolResult': {
        const known = message.steps?.find((s) => s.id === event.id);
        const status = event.stopped ? 'stopped' : event.refused ? 'rejected' : event.ok ? 'done' : 'failed';
        this.step(message, { id: event.id, tool: event.name, brief: known?.brief ?? '', status, result: stepResult(event.text), ms: event.ms });
        return;
      }
      case 'tokens':
        message.tokens = { prompt: event.promptTokens, completion: event.completionTokens };
        this.deps.post({ type: 'tokens', id: message.id, tokens: message.tokens });
        return;
      case 'done':
        this.finish(message, event.end);
        return;
      case 'error':
        this.finish(message, event.status, event.view);
        return;
    }
  }

  private finish(message: StoredMessage, status: Exclude<StoredMessage['status'], 'streaming' | 'waiting'>, error?: ErrorView): void {
    message.status = status;
    if (error) {
      message.error = error;
    }
    // No text: the webview has every delta (a 20,000-token answer would otherwise cross the bridge twice).
    this.pendingDone = { type: 'done', id: message.id, status, ...(error ? { error } : {}) };
  }

  private setNotice(notice: string | undefined): void {
    this.notice = notice;
    this.postNotice();
  }

  private setHistoryNotice(notice: string | undefined): void {
    this.historyNotice = notice;
    this.postNotice();
  }

  private setLoadNotice(notice: string | undefined): void {
    this.loadNotice = notice;
    this.postNotice();
  }

  /** Everything to note above the transcript, most pressing first. */
  private notices(): string | undefined {
    return [this.historyNotice, this.loadNotice, this.notice].filter((n) => n !== undefined).join(' ') || undefined;
  }

  private postNotice(): void {
    const text = this.notices();
    if (text !== this.postedNotice) {
      this.postedNotice = text;
      this.deps.post({ type: 'notice', text: text ?? null });
    }
  }
}

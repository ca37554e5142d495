import type { ContextItem, ContextReport } from '../answering/contextTypes';
import { disciplineById, disciplineLabel, type Discipline } from '../disciplines/catalog';
import type { DisciplineRouter } from '../disciplines/router';
import type { ChatRequest, ChatTurn, ResponseInfo, StreamHandlers } from '../gateway/client';
import { describeError, GatewayError, SIGNUP_URL, toGatewayError, type ErrorContext } from '../gateway/errors';
import { systemClock, type Clock } from '../gateway/retry';
import type { AttachmentView, ChatMessageView, DisciplineView, ErrorView, HeaderView, HostToWebview, ViewState } from '../shared/protocol';
import { buildAnswerRequest, chooseDiscipline, gatewayRoutes, streamAnswer, type ChatGateway } from './answering';
import { ContextTooLargeError, GATEWAY_BODY_LIMIT_BYTES, requestBodyBytes } from './contextWindow';
import { titleFor, toView, type Conversation, type StoredMessage } from './conversation';
import { saveFailedNotice } from './historyErrors';
import type { ConversationStore } from './historyStore';

export { gatewayRoutes, ROUTING_MODEL, type ChatGateway } from './answering';

/** The settings the controller reads, fresh for every request. */
export interface ChatSettings {
  readonly model: string;
  /**
   * Whether the gateway picks the specialist (Monster Gaming with monster-gpt). When false the
   * local router's specialist prompt is sent and its choice shown, marked as local. Defaults to
   * `model === 'monster-gpt'`.
   */
  readonly gatewayRoutes?: boolean;
  /** The gateway answering; absent means Monster Gaming. */
  readonly errorContext?: ErrorContext;
  /** A pinned discipline id, or `auto`. */
  readonly discipline: string;
  readonly rateLimitMaxWaitSeconds: number;
}

/** Facts about an answer, for telemetry and the output channel (never the text). */
export interface AnswerEvent {
  readonly phase: 'started' | 'completed' | 'failed';
  readonly model: string;
  readonly discipline?: string;
  readonly durationMs?: number;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly errorCode?: string;
  readonly end?: string;
  /** The specialist the local router (or the pin) expected. */
  readonly predicted?: string;
}

export interface ChatControllerDeps {
  readonly gateway: ChatGateway;
  readonly settings: () => ChatSettings;
  readonly hasKey: () => Promise<boolean>;
  readonly account: () => HeaderView['account'];
  readonly router: DisciplineRouter;
  readonly store: ConversationStore;
  /** Where messages for the webview go (batched by the view). */
  readonly post: (message: HostToWebview) => void;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
  readonly onAnswer?: (event: AnswerEvent) => void;
  /** The gateway's `X-RateLimit-*` headers of each answer (shown in the status bar). */
  readonly onRateLimit?: (rateLimit: NonNullable<ResponseInfo['rateLimit']>) => void;
  /** Called when streaming starts or ends (drives the `monsterGaming.streaming` context key). */
  readonly onStreamingChanged?: (streaming: boolean) => void;
  readonly newId?: () => string;
}

/** A question to send, with the editor context it was asked from. */
export interface Question {
  readonly text: string;
  readonly contextLabel?: string;
  readonly systemContext?: string;
  readonly languageId?: string;
  readonly fileName?: string;
  /** Attached context (mentions, the selection, the active editor); the engine fits and sends it. */
  readonly items?: readonly ContextItem[];
  /** The chips the sent question lists (one per mention, and the active editor). */
  readonly attachments?: readonly AttachmentView[];
}

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
  private readonly clock: Clock;
  private readonly newId: () => string;
  private restoring: Promise<void> | undefined;
  /** The `done` of the answer that just ended; posted once the conversation is saved. */
  private pendingDone: HostToWebview | undefined;

  constructor(private readonly deps: ChatControllerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.newId = deps.newId ?? defaultId;
    this.conversation = this.emptyConversation();
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

  /** Everything the webview needs after `ready`. */
  viewState(): ViewState {
    this.postedNotice = this.notices();
    return {
      header: this.header(),
      conversationId: this.conversation.id,
      messages: this.messages,
      history: this.deps.store.list(),
      notice: this.postedNotice,
    };
  }

  header(): HeaderView {
    const settings = this.deps.settings();
    const pinned = settings.discipline !== 'auto' ? disciplineById(settings.discipline) : undefined;
    return {
      model: settings.model,
      provider: settings.errorContext?.providerLabel ?? 'Monster Gaming',
      pinned: pinned ? this.view(pinned, 'pinned') : null,
      account: this.deps.account(),
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
      ...(question.contextLabel ? { contextLabel: question.contextLabel } : {}),
      ...(question.systemContext ? { systemContext: question.systemContext } : {}),
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
    await this.answer({});
    return true;
  }

  /** Stops the streaming answer; its partial text stays, marked as stopped. */
  async stop(): Promise<void> {
    const active = this.active;
    if (!active) {
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
    this.conversation.messages.splice(index, 1);
    this.deps.post({ type: 'messageRemoved', id: messageId });
    await this.answer(options);
  }

  /** Starts an empty conversation; the current one stays in history. */
  async newChat(): Promise<void> {
    await this.whenRestored();
    await this.stop();
    await this.persist();
    this.conversation = this.emptyConversation();
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
      this.notice = undefined;
      this.loadNotice = undefined;
      this.postConversation();
      return;
    }
    await this.saving(() => this.deps.store.delete(id));
    this.deps.post({ type: 'history', items: this.deps.store.list() });
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
    this.deps.post({ type: 'conversation', conversationId: this.conversation.id, messages: this.messages, notice: this.postedNotice });
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

  /** Which specialist should answer, before the gateway says: pinned, else predicted from the question. */
  private localDiscipline(settings: ChatSettings): DisciplineView {
    const lastUser = [...this.conversation.messages].reverse().find((m) => m.role === 'user');
    const local = chooseDiscipline(settings.discipline, this.deps.router, lastUser && { text: lastUser.text, languageId: lastUser.languageId, fileName: lastUser.fileName });
    return this.view(local.discipline, local.source);
  }

  /** The request for the next answer: specialist prompt, editor context, and the conversation, trimmed to fit. */
  private buildRequest(settings: ChatSettings, local: DisciplineView, allowFallback: boolean): { request: ChatRequest; droppedTurns: number } {
    const lastContext = [...this.conversation.messages].reverse().find((m) => m.role === 'user' && m.systemContext)?.systemContext;
    const turns: ChatTurn[] = this.conversation.messages
      .filter((m) => m.role === 'user' || m.text.trim() !== '')
      .map((m) => ({ role: m.role, content: m.role === 'user' && m.items?.length ? userContent(m.text, m.items) : m.text }));
    const source = local.source === 'pinned' ? 'pinned' : 'local';
    return buildAnswerRequest(settings.model, { discipline: disciplineById(local.id), source }, lastContext, turns, allowFallback, gatewayRoutes(settings));
  }

  private async answer(options: { allowFallback?: boolean }): Promise<void> {
    const settings = this.deps.settings();
    const local = this.localDiscipline(settings);
    const routed = gatewayRoutes(settings);
    const message: StoredMessage = {
      id: this.newId(),
      role: 'assistant',
      text: '',
      status: 'streaming',
      model: settings.model,
      createdAt: this.clock.now(),
      // With monster-gpt the gateway names the specialist; until then show nothing rather than a guess.
      ...(routed && local.source !== 'pinned' ? {} : { discipline: local }),
    };
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
      await this.run(message, settings, local, controller, options.allowFallback === true);
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

  private async run(message: StoredMessage, settings: ChatSettings, local: DisciplineView, controller: AbortController, allowFallback: boolean): Promise<void> {
    const started = this.clock.now();
    this.deps.onAnswer?.({ phase: 'started', model: settings.model, discipline: message.discipline?.id, predicted: local.id });
    const fail = (error: GatewayError, status: 'error' | 'incomplete'): void => {
      this.finish(message, status, describeError(error, settings.errorContext));
      this.deps.log?.(`Answer failed: ${error.code} (${error.details.status ?? 'no status'}) ${error.message}`);
      this.deps.onAnswer?.({ phase: 'failed', model: settings.model, discipline: message.discipline?.id, durationMs: this.clock.now() - started, errorCode: error.code });
    };

    if (!(await this.deps.hasKey())) {
      const other = settings.errorContext && !settings.errorContext.monsterGaming ? settings.errorContext.providerLabel : undefined;
      fail(
        new GatewayError(
          'NO_API_KEY',
          other ? `Set your ${other} key to start chatting.` : `Set your API key to start chatting. New here? Get a free key with $5 credit at ${SIGNUP_URL}.`,
        ),
        'error',
      );
      return;
    }
    let request: ChatRequest;
    try {
      const built = this.buildRequest(settings, local, allowFallback);
      request = built.request;
      this.reportContext(message, request, built.droppedTurns);
      this.setNotice(
        built.droppedTurns > 0
          ? `${built.droppedTurns} older message${built.droppedTurns === 1 ? ' was' : 's were'} left out of this request to fit the gateway's 64 KB limit.`
          : undefined,
      );
    } catch (error) {
      if (error instanceof ContextTooLargeError) {
        fail(new GatewayError('PAYLOAD_TOO_LARGE', error.message), 'error');
        return;
      }
      throw error;
    }

    let lastSave = this.clock.now();
    const handlers: StreamHandlers = {
      onResponse: (info) => {
        if (info.rateLimit) this.deps.onRateLimit?.(info.rateLimit);
        message.status = 'streaming';
        const discipline = info.discipline ? this.view(disciplineById(info.discipline), 'gateway') : message.discipline ?? local;
        if (discipline.id !== message.discipline?.id || discipline.source !== message.discipline?.source) {
          message.discipline = discipline;
          this.deps.post({ type: 'discipline', id: message.id, discipline });
        }
      },
      onDelta: (text) => {
        message.text += text;
        this.deps.post({ type: 'delta', id: message.id, text });
        if (this.clock.now() - lastSave > STREAM_SAVE_INTERVAL_MS) {
          lastSave = this.clock.now();
          void this.persist();
        }
      },
    };

    try {
      const result = await streamAnswer(this.deps.gateway, request, handlers, controller.signal, {
        maxWaitSeconds: settings.rateLimitMaxWaitSeconds,
        onWait: (retryAt, error) => {
          message.status = 'waiting';
          const seconds = Math.ceil((retryAt - this.clock.now()) / 1000);
          this.deps.post({ type: 'waiting', id: message.id, retryAt, text: `${error.message.trimEnd()} Retrying in ${seconds} s…` });
        },
        clock: this.clock,
      });
      if (result.end === 'incomplete') {
        this.finish(message, 'incomplete', {
          code: 'STREAM_CUT',
          title: 'The answer ended early',
          message: 'The gateway closed the stream before the answer was finished.',
          remediation: 'The partial answer is kept. Retry to ask again.',
          actions: [{ kind: 'retry', label: 'Retry' }],
        });
      } else {
        this.finish(message, result.end);
      }
      this.deps.onAnswer?.({
        predicted: local.id,
        phase: 'completed',
        model: settings.model,
        discipline: message.discipline?.id,
        durationMs: this.clock.now() - started,
        promptTokens: result.usage?.promptTokens,
        completionTokens: result.usage?.completionTokens,
        end: result.end,
      });
    } catch (error) {
      if (controller.signal.aborted) {
        this.finish(message, 'stopped');
        return;
      }
      const failure = toGatewayError(error);
      // Cut mid-answer: the partial text is the point; it stays, marked incomplete, with Retry.
      fail(failure, message.text && ['STREAM_CUT', 'MALFORMED_STREAM', 'STALLED'].includes(failure.code) ? 'incomplete' : 'error');
    }
  }

  /** Interim, until the answering engine reports it: what the request carries, for the context meter. */
  private reportContext(message: StoredMessage, request: ChatRequest, droppedTurns: number): void {
    const user = [...this.conversation.messages].reverse().find((m) => m.role === 'user');
    if (!user) return;
    const report: ContextReport = {
      usedBytes: requestBodyBytes(request.model, request.messages, request.allowFallback ? { allow_fallback: true } : {}),
      limitBytes: GATEWAY_BODY_LIMIT_BYTES,
      sent: (user.items ?? []).map((item) => item.label),
      cut: droppedTurns > 0 ? [`${droppedTurns} older message${droppedTurns === 1 ? '' : 's'}`] : [],
    };
    user.context = report;
    this.deps.post({ type: 'context', id: message.id, messageId: user.id, report });
  }

  private finish(message: StoredMessage, status: Exclude<StoredMessage['status'], 'streaming' | 'waiting'>, error?: ErrorView): void {
    message.status = status;
    if (error) {
      message.error = error;
    }
    this.pendingDone = { type: 'done', id: message.id, status, text: message.text, ...(error ? { error } : {}) };
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

// Interim, until the answering engine (src/answering/compose.ts) lands: the same rendering of
// attached items into the user message, so the sidebar's mentions reach the request meanwhile.

/** One line, whatever a label or path from a workspace holds. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (const char of text) {
    run = char === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** An item as the request carries it: a line naming it (label, path, lines, what was cut), then a fenced block. */
function renderItem(item: ContextItem): string {
  const lines = item.span && (item.span.startLine === item.span.endLine ? `line ${item.span.startLine}` : `lines ${item.span.startLine}–${item.span.endLine}`);
  const where = [item.path ? `\`${oneLine(item.path)}\`` : undefined, lines ? `(${lines})` : undefined].filter(Boolean).join(' ');
  const naming = `${oneLine(item.label)}${where ? ` · ${where}` : ''}${item.cut ? ` — ${oneLine(item.cut)}` : ''}:`;
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(item.text) + 1));
  const language = item.language ? ({ shellscript: 'bash', plaintext: '' }[item.language] ?? item.language) : '';
  return `${naming}\n${fence}${oneLine(language)}\n${item.text.replace(/\r?\n$/, '')}\n${fence}`;
}

/** The user message: the question, then each item. */
function userContent(question: string, items: readonly ContextItem[]): string {
  return [question.trim(), ...items.map(renderItem)].join('\n\n');
}

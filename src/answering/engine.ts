/**
 * The one answering engine every surface uses: the sidebar chat, `@monster`, the language model
 * provider, fixes and Edit Selection. One sequence, in one place:
 *
 *   key check → choose discipline → build request (context, rules, engine line) → fit to the
 *   body limit → stream with 429 waits (bounded in size) → usage events → map errors
 *
 * Surfaces only render the typed events it emits. Knows nothing of VS Code, so it is tested
 * against the development gateway directly.
 */
import { disciplineById, specialistPrompt, type Discipline } from '../disciplines/catalog';
import type { DisciplineRouter } from '../disciplines/router';
import type { EngineInfo } from '../engine/detect';
import { engineSummary, systemLine } from '../engine/profileText';
import type { ChatRequest, ChatResult, ChatTurn, StreamHandlers } from '../gateway/client';
import { describeError, GatewayError, SIGNUP_URL, toGatewayError } from '../gateway/errors';
import { DEFAULT_PROVIDER } from '../gateway/providers';
import { systemClock, withRateLimitRetry, type Clock } from '../gateway/retry';
import type { DisciplineSource, ErrorView } from '../shared/protocol';
import { ContextTooLargeError, GATEWAY_BODY_LIMIT_BYTES, MAX_ANSWER_CHARS, MAX_PROPOSAL_CHARS, requestBytes } from './bodyLimit';
import { composeChat, fitMessages, rulesMessage } from './compose';
import type { ContextItem, ContextReport, ProjectRule } from './contextTypes';
import { english, type L10n } from './l10n';
import { chooseDiscipline, routesDisciplines, type LocalDiscipline } from './routing';
import type { AnswerDone, AnswerEvent, AnswerFailed, AnswerJob, AnswerSettings, AnswerUsage, BodyLimits, ChatGateway, ChatQuestion, ProjectContext, RateLimitInfo } from './types';
import type * as AgentLoopModule from './agentLoop';
import type * as StructuredModule from './structuredProposal';
import { statusWithin, wantsStatus, withStatus, type PlatformStatus } from './maintenance';

let agentLoop: typeof AgentLoopModule | undefined;
/**
 * The agent loop, loaded with the first agent turn: bundled, esbuild points this require at
 * dist/agent.js (esbuild.js); transpiled one-to-one for the tests, it loads agentLoop.js.
 */
function loop(): typeof AgentLoopModule {
  agentLoop ??= require('./agentLoop') as typeof AgentLoopModule;
  return agentLoop;
}

/** What agent mode tells the model about itself, before the specialist prompt and the engine line. */
export const AGENT_PROMPT =
  'You are an agent working in the user\'s game project in VS Code. Use the tools to look before you change anything: read files before editing them, ' +
  'make small exact edits with edit_file (old_text copied exactly from read_file, without line numbers), and after a change run the check that proves it ' +
  '(compile_shader, run_task, get_problems). Paths are workspace-relative. When a tool result starts with "Error:", read it and adjust. ' +
  'When the work is done, answer briefly: what you changed and how you checked it.';

/** 429s retried automatically per answer. */
export const MAX_RATE_LIMIT_RETRIES = 3;
/** Codes after which a partial answer is worth keeping (the stream broke; what came is real). */
const PARTIAL_CODES = new Set(['STREAM_CUT', 'MALFORMED_STREAM', 'STALLED', 'ANSWER_TOO_LONG']);

export interface AnswerEngineDeps {
  readonly gateway: ChatGateway;
  readonly settings: () => AnswerSettings;
  readonly hasKey: () => Promise<boolean>;
  readonly router: DisciplineRouter;
  /** The engine profile and rules around a question; none means no engine line and no rules. */
  readonly project?: ProjectContext;
  /** Body limits per model; none means the gateway's 64 KB. */
  readonly limits?: BodyLimits;
  readonly l10n?: L10n;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
  readonly onUsage?: (usage: AnswerUsage) => void;
  /** The gateway's `X-RateLimit-*` headers of each answer (the status bar shows them). */
  readonly onRateLimit?: (rateLimit: RateLimitInfo) => void;
  /** `GET /status`, read for a maintenance or 503 card (bounded, see maintenance.ts); undefined when unknown. */
  readonly platformStatus?: (signal: AbortSignal) => Promise<PlatformStatus | undefined>;
}

/** A request ready to send, with what it carries. */
interface Built {
  readonly request: ChatRequest;
  readonly report: ContextReport;
  readonly items: readonly ContextItem[];
}

/** The file a chat question is about: the one the surface named, else the selection's, a mention's, the active editor's. */
function questionSubject(question: ChatQuestion): { path?: string; languageId?: string } {
  if (question.path || question.languageId) return { path: question.path, languageId: question.languageId };
  const order = (item: ContextItem): number => (item.kind === 'selection' ? 0 : item.explicit ? 1 : 2);
  const about = [...question.items].filter((item) => item.path).sort((a, b) => order(a) - order(b))[0];
  return { path: about?.path, languageId: about?.language };
}

/** The engine line for a question: the profile and the file's language; the language alone where no engine is detected. */
export function engineLine(profile: EngineInfo | undefined, languageId: string | undefined): string | undefined {
  if (!languageId) return profile ? `Engine: ${engineSummary(profile)}.` : undefined;
  return systemLine(profile, languageId);
}

export class AnswerEngine {
  private readonly l10n: L10n;
  private readonly clock: Clock;
  /** Structured output for proposals, loaded with the first one: bundled, dist/structured.js (esbuild.js, LAZY). */
  private proposals: StructuredModule.StructuredProposals | undefined;
  /** Each failed run's description, for `describe` (weakly held: it goes with the error). */
  private readonly described = new WeakMap<GatewayError, ErrorView>();

  constructor(private readonly deps: AnswerEngineDeps) {
    this.l10n = deps.l10n ?? english;
    this.clock = deps.clock ?? systemClock;
  }

  /** The error a missing key is, in the one wording for the active provider; undefined when there is a key. */
  async missingKey(): Promise<GatewayError | undefined> {
    if (await this.deps.hasKey()) return undefined;
    const context = this.deps.settings().errorContext;
    return new GatewayError(
      'NO_API_KEY',
      context && !context.monsterGaming
        ? this.l10n.t('Set your {0} key to get answers (Monster Gaming: Select Provider switches gateways).', context.providerLabel)
        : this.l10n.t('Set your Monster Gaming API key to get answers. New here? Get a free key with $5 credit at {0}.', SIGNUP_URL),
    );
  }

  /**
   * Any failure described as the engine describes its own (proposals read and refused outside a run,
   * a failed file read). A run's own failure keeps the description the run gave it, status and ETA
   * included, so a fix's notification says what the sidebar's card says.
   */
  describe(error: unknown): ErrorView {
    return (error instanceof GatewayError ? this.described.get(error) : undefined) ?? describeError(toGatewayError(error), this.deps.settings().errorContext, this.l10n);
  }

  /**
   * A failure's card, as a run's own failure gets it: described once, and for a 503 or MAINTENANCE
   * with the platform's status (message, ETA, the status page link; bounded, see maintenance.ts).
   * Answers made outside a run (Analyze Crash's `POST /debug/analyze`) use it for their cards too.
   */
  async failureView(failure: unknown, settings: AnswerSettings = this.deps.settings()): Promise<ErrorView> {
    const error = toGatewayError(failure);
    let view = describeError(error, settings.errorContext, this.l10n);
    const platformStatus = this.deps.platformStatus;
    if (platformStatus && wantsStatus(error, settings.errorContext)) view = withStatus(view, await statusWithin(platformStatus), this.l10n, this.clock.now());
    this.described.set(error, view);
    return view;
  }

  /**
   * Answers `job`, telling `emit` each step; resolves with the last event (done or error). Never
   * throws for a gateway failure: every failure is an `error` event, described once.
   */
  /** A surface opened (the sidebar): load the SDK now rather than when Enter is pressed. */
  warm(): void {
    this.deps.gateway.warm?.();
  }

  async run(job: AnswerJob, emit: (event: AnswerEvent) => void, signal: AbortSignal): Promise<AnswerDone | AnswerFailed> {
    const settings = this.deps.settings();
    const model = job.model ?? settings.model;
    const routes = routesDisciplines(settings.provider?.id ?? DEFAULT_PROVIDER, model);
    const local = chooseDiscipline(job.pin ?? settings.discipline, this.deps.router, this.routedQuestion(job));
    // We send the specialist prompt (and so know who answers) unless the gateway routes unpinned.
    const ours = !routes || local.source === 'pinned';
    const started = this.clock.now();
    let answeredBy: { discipline: Discipline; source: DisciplineSource } | undefined = ours ? { discipline: local.discipline, source: local.source } : undefined;
    let text = '';
    let startedUsage = false;
    const usage = (event: Omit<AnswerUsage, 'surface' | 'model' | 'predicted'>): void =>
      this.deps.onUsage?.({ surface: job.surface, model, predicted: local.discipline.id, ...event });
    const fail = async (error: GatewayError, status: AnswerFailed['status'] = 'error'): Promise<AnswerFailed> => {
      const view = await this.failureView(error, settings);
      const failed: AnswerFailed = { type: 'error', error, view, status, text, discipline: answeredBy?.discipline };
      this.deps.log?.(`${job.surface}: answer failed: ${error.code} (${error.details.status ?? 'no status'}) ${error.message}`);
      if (startedUsage) usage({ phase: 'failed', discipline: answeredBy?.discipline.id, durationMs: this.clock.now() - started, errorCode: error.code });
      emit(failed);
      return failed;
    };

    const missing = await this.missingKey();
    if (missing) return fail(missing);
    if (answeredBy) emit({ type: 'discipline', ...answeredBy });

    let built: Built;
    try {
      built = await this.build(job, model, ours ? local : undefined);
    } catch (error) {
      if (error instanceof ContextTooLargeError) {
        return fail(
          new GatewayError(
            'PAYLOAD_TOO_LARGE',
            this.l10n.t('The question alone is {0} KB; the limit for this model is {1} KB. Ask about a smaller selection.', Math.ceil(error.bodyBytes / 1024), Math.floor(error.limitBytes / 1024)),
          ),
        );
      }
      throw error;
    }
    emit({ type: 'context', report: built.report, items: built.items });
    startedUsage = true;
    usage({ phase: 'started', discipline: answeredBy?.discipline.id });

    // A runaway stream is stopped at the bound, never collected whole.
    const bound = job.mode.kind === 'proposal' ? MAX_PROPOSAL_CHARS : MAX_ANSWER_CHARS;
    const tooLong = new AbortController();
    const streamSignal = AbortSignal.any([signal, tooLong.signal]);
    const handlers: StreamHandlers = {
      onResponse: (info) => {
        if (info.rateLimit) this.deps.onRateLimit?.(info.rateLimit);
        const named = info.discipline ? { discipline: disciplineById(info.discipline), source: 'gateway' as const } : (answeredBy ?? { discipline: local.discipline, source: local.source });
        if (named.discipline.id !== answeredBy?.discipline.id || named.source !== answeredBy.source) {
          answeredBy = named;
          emit({ type: 'discipline', ...named });
        }
      },
      onDelta: (delta) => {
        if (tooLong.signal.aborted) return;
        const room = bound - text.length;
        const part = delta.length > room ? delta.slice(0, room) : delta;
        text += part;
        if (part) emit({ type: 'delta', text: part });
        if (delta.length >= room) tooLong.abort();
      },
    };

    const retried = (call: () => Promise<ChatResult>): Promise<ChatResult> =>
      withRateLimitRetry(
        call,
        { maxWaitSeconds: settings.rateLimitMaxWaitSeconds, maxRetries: MAX_RATE_LIMIT_RETRIES },
        streamSignal,
        (retryAt, error) => {
          const seconds = Math.ceil((retryAt - this.clock.now()) / 1000);
          emit({ type: 'waiting', retryAt, message: this.l10n.t('{0} Retrying in {1} s…', error.message.trimEnd(), seconds) });
        },
        this.clock,
      );
    const stream = (request: ChatRequest): Promise<ChatResult> => retried(() => this.deps.gateway.streamChat(request, handlers, streamSignal));

    let result: ChatResult;
    let steps: number | undefined;
    let structured = false;
    try {
      if (job.mode.kind === 'agent') {
        const outcome = await loop().runAgentSteps({
          request: built.request,
          toolbox: job.mode.toolbox,
          maxSteps: job.mode.maxSteps,
          limitBytes: built.report.limitBytes,
          stream,
          write: (more) => handlers.onDelta(more),
          emit,
          signal,
          l10n: this.l10n,
          now: () => this.clock.now(),
        });
        result = { ...outcome.last, usage: outcome.usage };
        steps = outcome.steps;
      } else if (job.mode.kind === 'proposal' && job.mode.schema) {
        const provider = settings.provider?.id ?? DEFAULT_PROVIDER;
        const log = (line: string): void => this.deps.log?.(`${job.surface}: ${line}`);
        this.proposals ??= new (require('./structuredProposal') as typeof StructuredModule).StructuredProposals();
        ({ result, structured } = await this.proposals.answer({ request: built.request, schema: job.mode.schema, provider, gateway: this.deps.gateway, handlers, signal: streamSignal, stream, retried, maxBytes: 2 * bound, log, keepRefusal: job.mode.keepRefusal }));
      } else {
        result = await stream(built.request);
      }
    } catch (error) {
      if (signal.aborted) return this.done('stopped', text, answeredBy?.discipline, emit, usage, started);
      if (tooLong.signal.aborted) return fail(this.tooLong(bound), 'incomplete');
      if (error instanceof Error && error.name === 'ToolTurnTooLargeError') {
        return fail(new GatewayError('PAYLOAD_TOO_LARGE', this.l10n.t('The tool results of the last step do not fit the {0} KB request limit, so the agent stopped. Ask for a smaller piece of work.', Math.floor(built.report.limitBytes / 1024))), text ? 'incomplete' : 'error');
      }
      const failure = toGatewayError(error);
      // Cut mid-answer: the partial text is the point; it stays, marked incomplete.
      return fail(failure, text && PARTIAL_CODES.has(failure.code) ? 'incomplete' : 'error');
    }
    if (tooLong.signal.aborted && !signal.aborted) return fail(this.tooLong(bound), 'incomplete');
    if (result.end === 'incomplete') {
      return fail(new GatewayError('STREAM_CUT', this.l10n.t('The gateway closed the stream before the answer was finished.')), text ? 'incomplete' : 'error');
    }
    return this.done(result.end, text, answeredBy?.discipline, emit, usage, started, result, steps, structured);
  }

  private done(
    end: AnswerDone['end'],
    text: string,
    discipline: Discipline | undefined,
    emit: (event: AnswerEvent) => void,
    usage: (event: Omit<AnswerUsage, 'surface' | 'model' | 'predicted'>) => void,
    started: number,
    result?: ChatResult,
    steps?: number,
    structured = false,
  ): AnswerDone {
    // Calls are handed back only from a finished answer (a cut one's last call may be partial); only passThrough asks for them.
    const toolCalls = result?.asksForTools && steps === undefined ? { toolCalls: result.toolCalls, ...(result.droppedToolCalls > 0 ? { droppedToolCalls: result.droppedToolCalls } : {}) } : {};
    const done: AnswerDone = { type: 'done', end, text, discipline, ...(steps !== undefined ? { steps } : {}), ...toolCalls, ...(structured ? { structured: true as const } : {}), ...(structured && result?.refusal !== undefined ? { refusal: result.refusal } : {}) };
    usage({
      phase: 'completed',
      discipline: discipline?.id,
      durationMs: this.clock.now() - started,
      promptTokens: result?.usage?.promptTokens,
      completionTokens: result?.usage?.completionTokens,
      end,
    });
    emit(done);
    return done;
  }

  private tooLong(bound: number): GatewayError {
    return new GatewayError('ANSWER_TOO_LONG', this.l10n.t('The answer grew past {0} KB, so it was stopped; the part that arrived is kept.', bound / 1024));
  }

  /** What routing reads in the job. */
  private routedQuestion(job: AnswerJob): { text: string; languageId?: string; fileName?: string } | undefined {
    switch (job.mode.kind) {
      case 'chat':
      case 'agent': {
        const subject = questionSubject(job.mode.question);
        return { text: job.mode.question.text, languageId: subject.languageId, fileName: subject.path };
      }
      case 'proposal':
        return { text: job.mode.subject.text, languageId: job.mode.subject.languageId, fileName: job.mode.subject.path };
      case 'passThrough':
        return { text: [...job.mode.messages].reverse().find((m) => m.role === 'user')?.content ?? '' };
    }
  }

  /** The request for `job`, with the context report. */
  private async build(job: AnswerJob, model: string, ours: LocalDiscipline | undefined): Promise<Built> {
    const limitBytes = await this.limitFor(model);
    const mode = job.mode;
    if (mode.kind === 'passThrough') {
      const tools = mode.tools?.length ? { tools: mode.tools, toolChoice: mode.toolChoice ?? 'auto' } : {};
      const request: ChatRequest = { model, messages: mode.messages, ...(mode.maxTokens !== undefined ? { maxTokens: mode.maxTokens } : {}), ...tools };
      return fitMessages(request, limitBytes, this.l10n);
    }
    const asked = mode.kind === 'chat' || mode.kind === 'agent';
    const subject = asked ? questionSubject(mode.question) : mode.subject;
    const files = asked ? [...new Set([...(subject.path ? [subject.path] : []), ...mode.question.items.flatMap((i) => (i.path ? [i.path] : []))])] : [mode.subject.path];
    const [profile, rules] = await Promise.all([this.profileFor(subject.path), this.rulesFor(files)]);
    const line = engineLine(profile, subject.languageId);
    const specialist = ours ? specialistPrompt(ours.discipline) : undefined;
    if (mode.kind === 'chat' || mode.kind === 'agent') {
      const agent = mode.kind === 'agent';
      const system: ChatTurn[] = [
        ...(agent ? [{ role: 'system' as const, content: AGENT_PROMPT }] : []),
        ...(specialist ? [{ role: 'system' as const, content: specialist }] : []),
        ...(line ? [{ role: 'system' as const, content: line }] : []),
      ];
      const options = { ...(job.allowFallback ? { allowFallback: true } : {}), ...(agent ? { tools: mode.toolbox.tools(), toolChoice: 'auto' as const } : {}) };
      return composeChat({ model, system, rules, history: mode.history, question: mode.question.text, items: mode.question.items, options, limitBytes }, this.l10n);
    }
    const messages = mode.build({
      engineLine: line ?? systemLine(undefined, mode.subject.languageId),
      ...(specialist ? { specialistPrompt: specialist } : {}),
      ...(rules.length > 0 ? { rules: rulesMessage(rules) } : {}),
      model,
      limitBytes,
    });
    const request: ChatRequest = { model, messages, responseFormat: 'json_object', temperature: 0 };
    // Measured as asked first: with the schema, when there is one (the larger of the two).
    const usedBytes = requestBytes(mode.schema ? { ...request, responseFormat: mode.schema } : request);
    if (usedBytes > limitBytes) throw new ContextTooLargeError(usedBytes, limitBytes);
    return { request, items: [], report: { usedBytes, limitBytes, sent: rules.map((rule) => rule.source), cut: [] } };
  }

  private async limitFor(model: string): Promise<number> {
    try {
      return (await this.deps.limits?.bodyLimit(model)) ?? GATEWAY_BODY_LIMIT_BYTES;
    } catch (error) {
      this.deps.log?.(`Could not read the body limit of ${model}: ${String(error)}`);
      return GATEWAY_BODY_LIMIT_BYTES;
    }
  }

  /** The project never breaks an answer: a profile or rules that cannot be read are left out, and logged. */
  private async profileFor(path: string | undefined): Promise<EngineInfo | undefined> {
    try {
      return await this.deps.project?.profileFor(path);
    } catch (error) {
      this.deps.log?.(`Could not read the engine profile: ${String(error)}`);
      return undefined;
    }
  }

  private async rulesFor(files: readonly string[]): Promise<readonly ProjectRule[]> {
    try {
      return (await this.deps.project?.rulesFor(files)) ?? [];
    } catch (error) {
      this.deps.log?.(`Could not read the project rules: ${String(error)}`);
      return [];
    }
  }
}

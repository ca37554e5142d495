/**
 * The answering engine's vocabulary: what a surface asks for (a job), what it hears back (typed
 * events, in order), and what the engine needs from the rest of the extension (small ports, so
 * tests hand in real servers and fakes without `vscode`).
 */
import type { Discipline } from '../disciplines/catalog';
import type { EngineInfo } from '../engine/detect';
import type { ChatMessage, ChatRequest, ChatResult, ChatTurn, JsonSchemaFormat, RateLimitInfo, StreamHandlers, ToolDefinition } from '../gateway/client';
import type { StructuredRequest } from '../gateway/structured';
import type { ToolCall } from '../gateway/toolCalls';
import type { ErrorContext, GatewayError } from '../gateway/errors';
import type { ProviderId } from '../gateway/providers';
import type { DisciplineSource, ErrorView } from '../shared/protocol';
import type { ConversationTurn } from './compose';
import type { ContextItem, ContextReport, ProjectRule } from './contextTypes';

/** Who asked: the sidebar, `@monster`, another extension through the model provider, a fix, Edit Selection, Generate Game Data. */
export type Surface = 'sidebar' | 'participant' | 'languageModel' | 'fix' | 'edit' | 'gameData';

/** Questions a user asked in a chat (telemetry's `generate_*` and the walkthrough count these). */
export function isChatSurface(surface: Surface): boolean {
  return surface === 'sidebar' || surface === 'participant';
}

/** A chat question: the text as typed and what is attached to it. */
export interface ChatQuestion {
  readonly text: string;
  readonly items: readonly ContextItem[];
  /** VS Code language id of the file the question is about, when the surface knows it (else read from the items). */
  readonly languageId?: string;
  /** Workspace-relative path of that file. */
  readonly path?: string;
}

/** What a proposal (fix, Edit Selection) is about: routing and the engine line look at it. */
export interface ProposalSubject {
  /** What routing reads: the diagnostic's message, the instruction. */
  readonly text: string;
  readonly languageId: string;
  readonly path: string;
}

/** What the engine decided a proposal's request carries besides the exchange's own text. */
export interface Prelude {
  /** `Engine: Unity 6.0 (URP 17.0.3). Language: C#.`, or `Language: HLSL.` where no engine is detected. */
  readonly engineLine: string;
  /** The specialist prompt, when the gateway does not route or a discipline is pinned. */
  readonly specialistPrompt?: string;
  /** The `Project rules` system message, when rules apply. */
  readonly rules?: ChatTurn;
  /** The model asked (its name counts toward the body). */
  readonly model: string;
  /** The body must stay under this. */
  readonly limitBytes: number;
}

/** How a request is made of a surface's input. */
export type AnswerMode =
  /** A question with its context, the specialist prompt, the engine line and the rules (sidebar, `@monster`). */
  | { readonly kind: 'chat'; readonly question: ChatQuestion; readonly history: readonly ConversationTurn[] }
  /**
   * The caller's messages as given, nothing of ours added (the language model provider): its
   * tool calls and results too, and its tools; the calls the model asks for come back in
   * AnswerDone.toolCalls, for the caller to run. Fitted to the body limit (compose.fitMessages).
   */
  | {
      readonly kind: 'passThrough';
      readonly messages: readonly ChatMessage[];
      readonly maxTokens?: number;
      readonly tools?: readonly ToolDefinition[];
      /** Sent only with tools. */
      readonly toolChoice?: 'auto' | 'required';
    }
  /**
   * A proposal of edits (fixes, Edit Selection): the exchange's messages, built around the prelude.
   * With `schema`, asked with structured output first (Monster Gaming's `POST /structured`, else
   * `response_format: json_schema`); on a refusal or where that is unsupported, as `json_object`.
   */
  | {
      readonly kind: 'proposal';
      readonly subject: ProposalSubject;
      readonly build: (prelude: Prelude) => readonly ChatTurn[];
      readonly schema?: JsonSchemaFormat;
      /** A refusal under the schema is the answer (AnswerDone.refusal), not asked again as `json_object` (Generate Game Data). */
      readonly keepRefusal?: boolean;
    }
  /** A chat question answered by the agent loop: the tools offered, calls run, results sent back, up to `maxSteps` requests. */
  | { readonly kind: 'agent'; readonly question: ChatQuestion; readonly history: readonly ConversationTurn[]; readonly toolbox: AgentToolbox; readonly maxSteps: number };

/** What the agent loop needs from a surface: the tools, and how one call runs (approvals included). */
export interface AgentToolbox {
  /** The tools offered to the model. */
  tools(): readonly ToolDefinition[];
  /** Runs one call; always resolves, with an `Error:` text the model reads when it cannot run or was refused. */
  run(call: ToolCall, signal: AbortSignal): Promise<{ readonly ok: boolean; readonly text: string; readonly refused?: boolean }>;
}

export interface AnswerJob {
  readonly surface: Surface;
  readonly mode: AnswerMode;
  /** The model to ask; the configured one when absent (a model picked in VS Code's Chat view, a caller of the provider). */
  readonly model?: string;
  /** A pin for this conversation (`@monster /discipline`), over the setting. */
  readonly pin?: string;
  /** Let the gateway fall back to another model (Retry with fallback). */
  readonly allowFallback?: boolean;
}

/** The answer ended: completely, or stopped by the user (the partial text is kept). */
export interface AnswerDone {
  readonly type: 'done';
  readonly end: 'complete' | 'stopped';
  readonly text: string;
  /** Who answered, when known. */
  readonly discipline?: Discipline;
  /** Agent turns: the requests made. */
  readonly steps?: number;
  /** passThrough: the calls the model asked for (assembled from the stream), for the caller to run. */
  readonly toolCalls?: readonly ToolCall[];
  /** passThrough: calls past the 32-call cap, left out of toolCalls (counted, never run). */
  readonly droppedToolCalls?: number;
  /** Proposals: the text was answered under the job's schema (so it must match it, whole). */
  readonly structured?: true;
  /** Proposals with `keepRefusal`: the model declined to answer in the schema; this is what it said. */
  readonly refusal?: string;
}

/** The answer failed; `status` is `incomplete` when a partial answer arrived and is kept. */
export interface AnswerFailed {
  readonly type: 'error';
  readonly error: GatewayError;
  /** The error described once, for every surface: headline, what happened, what to do, buttons. */
  readonly view: ErrorView;
  readonly status: 'error' | 'incomplete';
  readonly text: string;
  readonly discipline?: Discipline;
}

/** What a surface hears, in order: discipline and context first, then waits and deltas, then one end. */
export type AnswerEvent =
  /** Who answers: ours at the start when we send the specialist prompt, the gateway's once it names one. */
  | { readonly type: 'discipline'; readonly discipline: Discipline; readonly source: DisciplineSource }
  /** What the request carries: bytes of the limit, what was sent and cut; `items` as sent. */
  | { readonly type: 'context'; readonly report: ContextReport; readonly items: readonly ContextItem[] }
  /** Rate limited: the request is retried at `retryAt` (epoch ms); `message` says so. */
  | { readonly type: 'waiting'; readonly retryAt: number; readonly message: string }
  | { readonly type: 'delta'; readonly text: string }
  /** Agent mode: a call the model asked for is about to run. */
  | { readonly type: 'toolCall'; readonly call: ToolCall }
  /** Agent mode: the call `id` ran (or could not, or the user refused it); `text` is what the model is sent back. */
  | {
      readonly type: 'toolResult';
      readonly id: string;
      readonly name: string;
      readonly ok: boolean;
      readonly text: string;
      readonly ms: number;
      /** The user rejected or skipped the call. */
      readonly refused?: boolean;
      /** Stop ended the call (or came before it ran): it did not fail. */
      readonly stopped?: boolean;
    }
  /** Agent mode: tokens used so far in the turn, every step summed (when the gateway reports usage). */
  | { readonly type: 'tokens'; readonly promptTokens: number; readonly completionTokens: number }
  | AnswerDone
  | AnswerFailed;

/** The engine's settings, read fresh for every answer. */
export interface AnswerSettings {
  readonly model: string;
  /** A pinned discipline id, or `auto`. */
  readonly discipline: string;
  readonly rateLimitMaxWaitSeconds: number;
  /** The active provider; absent means Monster Gaming. */
  readonly provider?: { readonly id: ProviderId };
  /** The gateway answering, for error advice and the no-key wording; absent means Monster Gaming. */
  readonly errorContext?: ErrorContext;
}

/** Facts about an answer for telemetry and onboarding (never its text). */
export interface AnswerUsage {
  readonly surface: Surface;
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

/** The gateway call answering needs (GatewayClient implements it). */
export interface ChatGateway {
  streamChat(request: ChatRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<ChatResult>;
  /** Loads what the first request would otherwise wait for. */
  warm?(): void;
  /** Monster Gaming's `POST /structured`, the reply read up to `maxBytes`; without it, proposals use `json_schema` chat. */
  structured?(request: StructuredRequest, signal: AbortSignal, maxBytes: number): Promise<ChatResult>;
}

/** The project around a question: its engine profile and the rules that apply. */
export interface ProjectContext {
  /** The profile of the folder `path` is in (the active editor's or first folder when there is no path); undefined without a detected engine. */
  profileFor(path: string | undefined): Promise<EngineInfo | undefined>;
  /** The rules that apply to a question carrying these workspace-relative files. */
  rulesFor(files: readonly string[]): Promise<readonly ProjectRule[]>;
}

/** The body limit of a model (64 KB, or less where its context window says so). */
export interface BodyLimits {
  bodyLimit(model: string): Promise<number>;
}

export type { RateLimitInfo };

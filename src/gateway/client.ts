import type { APIError } from 'openai';
import type OpenAI from 'openai';
import type * as SdkModule from './sdk';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import { Wire } from '../network/wire';
import { GatewayError, gatewayErrorFromResponse, toolsUnsupported } from './errors';
import type { ToolCall } from './toolCalls';
import { wireBody } from './wireBody';
import { postStructured, type StructuredRequest } from './structured';
import { withoutTrailingSlashes } from '../util/text';

type Sdk = typeof SdkModule;
let loadedSdk: Sdk | undefined;

/**
 * The `openai` SDK, loaded on the first request rather than at activation. A plain `require` of a
 * sibling module: bundled, esbuild turns it into `require("./gateway.js")` (a separate file);
 * transpiled one-to-one for the tests, it loads `sdk.js` next to this file.
 */
function sdkModule(): Sdk {
  loadedSdk ??= require('./sdk') as Sdk;
  return loadedSdk;
}

/** One message of a request, in the OpenAI wire format the gateway speaks. */
export interface ChatTurn {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** An assistant message that asked for tools, sent back in the history of the next step. */
export interface AssistantToolCallsTurn {
  readonly role: 'assistant';
  /** Text the model wrote alongside the calls ('' for none; sent as `null`). */
  readonly content: string;
  /** The calls as assembled (ChatResult.toolCalls); each must be answered by a ToolResultTurn. */
  readonly toolCalls: readonly ToolCall[];
}

/** The result of one tool call (`role: "tool"`); `toolCallId` is the call's id. */
export interface ToolResultTurn {
  readonly role: 'tool';
  readonly toolCallId: string;
  /** The result as text; failures too, starting `Error:` (CONTRACT, "Agent mode"). */
  readonly content: string;
}

/** Any message of a request: plain turns, and the tool calls and results of an agent loop. */
export type ChatMessage = ChatTurn | AssistantToolCallsTurn | ToolResultTurn;

/** A tool offered to the model, sent as an OpenAI function tool. */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments object. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Offered tools (agent mode); absent or empty sends no `tools`, as ask mode always does. */
  readonly tools?: readonly ToolDefinition[];
  /** `tool_choice`, only sent with tools (gateways default to `auto`). */
  readonly toolChoice?: 'auto' | 'none' | 'required';
  /** Let the gateway route to a fallback model when the primary provider is down. */
  readonly allowFallback?: boolean;
  readonly maxTokens?: number;
  readonly temperature?: number;
  /** `json_object` for the fix exchange; a schema sends `json_schema` (strict), as structured output asks. */
  readonly responseFormat?: 'json_object' | JsonSchemaFormat;
}

/** A JSON Schema a reply must match (`response_format: {type: "json_schema", json_schema: {name, schema, strict}}`). */
export interface JsonSchemaFormat {
  readonly name: string;
  readonly schema: Readonly<Record<string, unknown>>;
  /** OpenAI's strict mode (default true): only for schemas in its subset (ours); a user's schema is sent without it. */
  readonly strict?: boolean;
}

/** Where to send requests and with which key; read fresh for every request. */
export interface GatewayConnection {
  readonly baseUrl: string;
  /** `Authorization: Bearer …`; undefined sends no Authorization header (local servers, Portkey virtual keys). */
  readonly apiKey?: string;
  /** Further headers of this provider (`x-portkey-*`, `x-prxy-pipe`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The gateway's `X-RateLimit-*` headers. */
export interface RateLimitInfo {
  readonly limit?: number;
  readonly remaining?: number;
  /** Epoch seconds at which the window resets. */
  readonly reset?: number;
}

/** What the response headers told us before the first token. */
export interface ResponseInfo {
  /** `X-Monster-Discipline`, when the gateway routed. */
  readonly discipline?: string;
  readonly rateLimit?: RateLimitInfo;
}

export interface StreamHandlers {
  /** Called once the response headers are in, before any delta. */
  onResponse?(info: ResponseInfo): void;
  /** Called for every piece of answer text, in order. */
  onDelta(text: string): void;
  /** Called when a tool call's name has arrived, before its arguments have (so a step can show at once). */
  onToolCall?(name: string): void;
}

/** How an answer ended when no error was thrown. */
export type AnswerEnd =
  /** The gateway finished the answer (`finish_reason`). */
  | 'complete'
  /** The stream ended without `finish_reason` (no `[DONE]`, connection closed cleanly early). */
  | 'incomplete'
  /** The caller aborted. */
  | 'stopped';

export interface ChatResult {
  readonly text: string;
  readonly end: AnswerEnd;
  readonly finishReason?: string;
  readonly info: ResponseInfo;
  readonly usage?: { readonly promptTokens: number; readonly completionTokens: number };
  /** The model the gateway says answered. */
  readonly model?: string;
  /** The calls the model asked for, assembled from the stream, in order (empty when it only wrote text). */
  readonly toolCalls: readonly ToolCall[];
  /**
   * The answer completed asking for tools: run `toolCalls` and send their results. Never true for
   * an incomplete or stopped answer, whose last call may be cut short.
   */
  readonly asksForTools: boolean;
  /** Calls beyond MAX_TOOL_CALLS that were not kept (the model can be told). */
  readonly droppedToolCalls: number;
  /** A model asked for a schema declined (OpenAI's `refusal`), instead of answering in it. */
  readonly refusal?: string;
}

/** `GET /whoami`: the key's public facts. */
export interface WhoAmI {
  readonly tier: string;
  readonly environment: string;
  readonly gameId?: string;
  readonly requestsPerMinute?: number;
}

/** One entry of `GET /models`: what the gateway offers this key. */
export interface GatewayModel {
  readonly id: string;
  readonly ownedBy?: string;
  /** Context window in tokens, when the gateway says. */
  readonly contextWindow?: number;
}

function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') {
    return undefined;
  }
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

export function responseInfoFrom(headers: Headers): ResponseInfo {
  const discipline = headers.get('x-monster-discipline')?.trim() || undefined;
  const limit = headerNumber(headers, 'x-ratelimit-limit');
  const remaining = headerNumber(headers, 'x-ratelimit-remaining');
  const reset = headerNumber(headers, 'x-ratelimit-reset');
  const rateLimit = limit === undefined && remaining === undefined && reset === undefined ? undefined : { limit, remaining, reset };
  return { discipline, rateLimit };
}

/**
 * Talks to an OpenAI-compatible gateway through the `openai` package, and turns every way a
 * request can fail into a GatewayError the UI can explain. Retries are ours (see retry.ts), so the
 * SDK's own are off: a 429 must wait out `Retry-After` visibly, not silently.
 */
export class GatewayClient {
  private readonly wire: Wire;
  /** Gateways (base URL and Portkey target) that refused `stream_options` in this session. */
  private readonly withoutStreamOptions = new Set<string>();

  constructor(
    private readonly connection: () => Promise<GatewayConnection>,
    private readonly options: {
      readonly timeoutMs?: number;
      /** Used when no `wire` is given: our client name on a wire of its own. */
      readonly userAgent?: string;
      /** Abort a stream that sends nothing for this long (read per request); 0 turns the watchdog off. */
      readonly idleTimeoutMs?: () => number;
      /** The one way requests leave the extension (headers, redirects, proxy); see network/wire.ts. */
      readonly wire?: Wire;
    } = {},
  ) {
    this.wire = options.wire ?? new Wire({ userAgent: options.userAgent });
  }

  private async sdk(): Promise<OpenAI> {
    return (await this.connect()).sdk;
  }

  /** An SDK client for the connection as it is now, and which gateway that is (see `withoutStreamOptions`). */
  private async connect(): Promise<{ readonly sdk: OpenAI; readonly gateway: string }> {
    const { baseUrl, apiKey, headers } = await this.connection();
    const { OpenAI } = sdkModule();
    const base = withoutTrailingSlashes(baseUrl);
    // Portkey forwards one base URL to many providers: its routing headers (never a secret) name the one.
    const gateway = [base, headers?.['x-portkey-provider'] ?? '', headers?.['x-portkey-custom-host'] ?? ''].join(' ');
    const sdk = new OpenAI({
      // Every option the SDK would otherwise take from OPENAI_* environment variables is given
      // here; the headers it builds anyway (its Authorization, x-stainless-*, OPENAI_CUSTOM_HEADERS)
      // never leave: the wire sends only the target's headers.
      apiKey: 'sent-by-the-wire',
      adminAPIKey: null,
      organization: null,
      project: null,
      webhookSecret: null,
      baseURL: base,
      maxRetries: 0,
      // The SDK would print stream parse problems to the console; we report them ourselves.
      logLevel: 'off',
      timeout: this.options.timeoutMs ?? 10 * 60 * 1000,
      fetch: this.wire.fetchFor({ baseUrl: base, headers: { ...headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) } }),
    });
    return { sdk, gateway };
  }

  /**
   * Sends the streaming request, asking for usage (`stream_options.include_usage`) unless this
   * gateway refused it before. A gateway that checks parameters against an older OpenAI API
   * answers the unknown one with a 400 naming it: then the request goes once more without it, and
   * the gateway is asked without it for the rest of the session (its answers carry no token
   * counts; they are not worth a failed request each time).
   */
  private async send({ sdk, gateway }: { readonly sdk: OpenAI; readonly gateway: string }, request: ChatRequest, model: string, signal: AbortSignal): Promise<Response> {
    const streamUsage = !this.withoutStreamOptions.has(gateway);
    try {
      return await sdk.chat.completions.create(wireBody(request, model, streamUsage), { signal }).asResponse();
    } catch (error) {
      if (!streamUsage || signal.aborted) throw error;
      const failure = classifyFailure(error, false);
      if (!refusesStreamOptions(failure.details.status, failure.message)) throw error;
      this.withoutStreamOptions.add(gateway);
      return sdk.chat.completions.create(wireBody(request, model, false), { signal }).asResponse();
    }
  }

  /** Loads the SDK now (the sidebar opened), so the first question does not wait for it. */
  warm(): void {
    sdkModule();
  }

  /** For servers where the user has not picked a model yet (a fresh Ollama): the first one listed. */
  private async firstModel(signal: AbortSignal): Promise<string> {
    const [first] = await this.listModels(signal);
    if (!first) {
      throw new GatewayError('MODEL_NOT_FOUND', 'No model is selected and the gateway lists none. Pick or type a model with "Monster Gaming: Select Model".');
    }
    return first;
  }

  /** `GET /models`: just the ids, for the model picker (throws GatewayError when the gateway cannot list them). */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    return (await this.models(signal)).map((model) => model.id);
  }

  /**
   * Streams an answer. Resolves with how it ended (complete, incomplete, stopped); throws a
   * GatewayError for failures. Text already passed to `onDelta` is the caller's to keep.
   */
  async streamChat(request: ChatRequest, handlers: StreamHandlers, callerSignal: AbortSignal): Promise<ChatResult> {
    // The idle watchdog: a gateway that goes silent is aborted like a Stop, then reported as STALLED.
    const idleMs = this.options.idleTimeoutMs?.() ?? 0;
    const watchdog = new AbortController();
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const feed = (): void => {
      if (idleMs > 0) {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => watchdog.abort(), idleMs);
      }
    };
    const signal = AbortSignal.any([callerSignal, watchdog.signal]);
    try {
      const result = await this.stream(request, handlers, signal, feed);
      if (result.end === 'stopped' && watchdog.signal.aborted && !callerSignal.aborted) {
        throw new GatewayError('STALLED', `The gateway sent nothing for ${Math.round(idleMs / 1000)} s, so the request was stopped.`, { retryable: true });
      }
      return result;
    } finally {
      clearTimeout(idleTimer);
    }
  }

  private async stream(request: ChatRequest, handlers: StreamHandlers, signal: AbortSignal, feed: () => void): Promise<ChatResult> {
    let text = '';
    let info: ResponseInfo = {};
    let finishReason: string | undefined;
    let model: string | undefined;
    let usage: ChatResult['usage'];
    let refusal = '';
    const calls = new (sdkModule().ToolCallAssembler)();
    const ended = (end: AnswerEnd): ChatResult => {
      const toolCalls = calls.calls();
      return { text, end, finishReason, info, usage, model, toolCalls, asksForTools: end === 'complete' && toolCalls.length > 0, droppedToolCalls: calls.dropped, ...(refusal ? { refusal } : {}) };
    };
    let modelId = request.model;
    try {
      const connected = await this.connect();
      const sdk = connected.sdk;
      // The watchdog times the gateway, so it starts when the request goes out: reading the key
      // and loading the SDK on the first request are ours, however long they take.
      feed();
      modelId ||= await this.firstModel(signal);
      const response = await this.send(connected, request, modelId, signal);
      feed();
      info = responseInfoFrom(response.headers);
      handlers.onResponse?.(info);

      // The SDK hides whether `data: [DONE]` arrived; a stream without it did not finish (watched on
      // the bytes). The watchdog is fed by bytes too: `: keepalive` comments (or a JSON body's
      // leading whitespace) are no chunk, but a gateway that sends them is not silent.
      const done = watchForDone(response, feed);
      const contentType = response.headers.get('content-type') ?? '';
      if (contentType.includes('application/json')) {
        // A gateway that ignores `stream: true` (Portkey's monsterapi provider does) still answers.
        const completion = (await done.response.json()) as ChatCompletion;
        const message = completion.choices?.[0]?.message;
        const content = message?.content ?? '';
        if (content) {
          text = content;
          handlers.onDelta(content);
        }
        refusal = boundedRefusal(message?.refusal);
        // Whole calls, one "delta" each: the same checks and bounds as streamed ones.
        const whole: unknown = message?.tool_calls;
        if (Array.isArray(whole)) {
          for (const name of calls.push(whole.map((call: unknown, index) => (typeof call === 'object' && call !== null ? { ...call, index } : call)))) handlers.onToolCall?.(name);
        }
        finishReason = completion.choices?.[0]?.finish_reason ?? undefined;
        model = completion.model;
        usage = usageOf(completion.usage);
        return ended('complete');
      }

      const controller = new AbortController();
      const forwardAbort = (): void => controller.abort();
      signal.addEventListener('abort', forwardAbort, { once: true });
      try {
        const stream = sdkModule().Stream.fromSSEResponse<ChatCompletionChunk>(done.response, controller, sdk);
        for await (const chunk of stream) {
          model ??= chunk.model;
          const choice = chunk.choices?.[0];
          const delta = choice?.delta?.content;
          if (delta) {
            text += delta;
            handlers.onDelta(delta);
          }
          if (choice?.delta?.refusal) refusal = boundedRefusal(refusal + choice.delta.refusal);
          for (const name of calls.push(choice?.delta?.tool_calls)) handlers.onToolCall?.(name);
          if (choice?.finish_reason) {
            finishReason = choice.finish_reason;
          }
          // OpenAI's usage chunk has empty `choices`; Moonshot's streams carry it in the finishing choice.
          usage = usageOf(chunk.usage ?? (choice as { usage?: unknown } | undefined)?.usage) ?? usage;
        }
      } finally {
        signal.removeEventListener('abort', forwardAbort);
      }
      if (signal.aborted) {
        return ended('stopped');
      }
      return ended(finishReason && done.seen() ? 'complete' : 'incomplete');
    } catch (error) {
      if (signal.aborted) {
        return ended('stopped');
      }
      // Part of a call is as much "mid-answer" as part of its text.
      const failure = classifyFailure(error, text.length > 0 || calls.hasCalls);
      throw request.tools?.length && loadedSdk?.refusesTools(failure.details.status, failure.message) ? toolsUnsupported(failure, modelId) : failure;
    }
  }

  /**
   * Monster Gaming's `POST /structured`: the reply as one JSON body, up to `maxBytes` (see
   * structured.ts). Failures are GatewayErrors, as for streamChat.
   */
  async structured(request: StructuredRequest, signal: AbortSignal, maxBytes: number): Promise<ChatResult> {
    const { baseUrl, apiKey, headers } = await this.connection();
    const base = withoutTrailingSlashes(baseUrl);
    const target = { baseUrl: base, headers: { ...headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) } };
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs ?? 10 * 60 * 1000)]);
    try {
      return await postStructured((path, init) => this.wire.send(target, `${base}${path}`, init), request, bounded, maxBytes, responseInfoFrom);
    } catch (error) {
      throw classifyFailure(error, false);
    }
  }

  /** The models this key may use (`GET /models`, OpenAI list shape plus `context_window`). */
  async models(signal?: AbortSignal): Promise<GatewayModel[]> {
    try {
      const sdk = await this.sdk();
      const body = (await sdk.get<Record<string, unknown>>('/models', { signal })) as Record<string, unknown>;
      const data = Array.isArray(body.data) ? (body.data as unknown[]) : [];
      return data.flatMap((entry): GatewayModel[] => {
        if (typeof entry !== 'object' || entry === null) return [];
        const m = entry as Record<string, unknown>;
        if (typeof m.id !== 'string' || !m.id) return [];
        return [{
          id: m.id,
          ownedBy: typeof m.owned_by === 'string' ? m.owned_by : undefined,
          contextWindow: typeof m.context_window === 'number' && m.context_window > 0 ? m.context_window : undefined,
        }];
      });
    } catch (error) {
      throw classifyFailure(error, false);
    }
  }

  /** Validates a key with `GET /whoami` (does not consume a rate-limit token). */
  async whoami(signal?: AbortSignal): Promise<WhoAmI> {
    try {
      const sdk = await this.sdk();
      const body = (await sdk.get<Record<string, unknown>>('/whoami', { signal })) as Record<string, unknown>;
      const limits = typeof body.rate_limits === 'object' && body.rate_limits !== null ? (body.rate_limits as Record<string, unknown>) : {};
      return {
        tier: typeof body.tier === 'string' ? body.tier : 'unknown',
        environment: typeof body.environment === 'string' ? body.environment : 'production',
        gameId: typeof body.game_id === 'string' ? body.game_id : undefined,
        requestsPerMinute: typeof limits.requests_per_minute === 'number' ? limits.requests_per_minute : undefined,
      };
    } catch (error) {
      throw classifyFailure(error, false);
    }
  }
}

/**
 * A gateway that does not know `stream_options`: a 400 (or 422) whose message names it, as Azure
 * OpenAI's "Unrecognized request argument supplied: stream_options" does.
 */
export function refusesStreamOptions(status: number | undefined, message: string): boolean {
  return (status === 400 || status === 422) && /\bstream_options\b/i.test(message);
}

/** A gateway's `usage`, when it holds two counts a gateway could mean (whole, not negative, not absurd). */
function usageOf(raw: unknown): ChatResult['usage'] {
  const count = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { prompt_tokens: prompt, completion_tokens: completion } = raw as Record<string, unknown>;
  return count(prompt) && count(completion) ? { promptTokens: prompt, completionTokens: completion } : undefined;
}

/** A refusal is shown, never acted on: a few hundred characters say why. */
const MAX_REFUSAL_CHARS = 500;
function boundedRefusal(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_REFUSAL_CHARS) : '';
}

/** Passes an SSE body through unchanged, calling `onBytes` as bytes arrive and noting whether the `data: [DONE]` sentinel went by. */
function watchForDone(response: Response, onBytes: () => void): { response: Response; seen(): boolean } {
  let seen = false;
  let tail = '';
  const decoder = new TextDecoder();
  const watcher = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      onBytes();
      const text = tail + decoder.decode(chunk, { stream: true });
      seen ||= /data: ?\[DONE\]/.test(text);
      tail = text.slice(-16);
      controller.enqueue(chunk);
    },
  });
  const body = response.body ? response.body.pipeThrough(watcher) : null;
  return { response: new Response(body, { status: response.status, headers: response.headers }), seen: () => seen };
}

/** Maps what the SDK or the network threw to a GatewayError. */
export function classifyFailure(error: unknown, midStream: boolean): GatewayError {
  if (error instanceof GatewayError) {
    return error;
  }
  // Only a loaded SDK can have thrown one of its own errors.
  const sdk = loadedSdk;
  if (sdk && error instanceof sdk.APIUserAbortError) {
    return new GatewayError('NETWORK', 'The request was cancelled.', { retryable: true });
  }
  if (sdk && error instanceof sdk.APIConnectionError) {
    const cause = (error as { cause?: unknown }).cause;
    // The wire's own refusals (a redirect, the proxy) already say what happened.
    if (cause instanceof GatewayError) return cause;
    const detail = cause instanceof Error && cause.message ? cause.message : error.message;
    return new GatewayError(midStream ? 'STREAM_CUT' : 'NETWORK', midStream ? `The connection dropped: ${detail}` : `Could not reach the gateway: ${detail}`, { retryable: true });
  }
  if (sdk && error instanceof sdk.APIError) {
    // `instanceof` gives the generic class `any` type arguments; these are its declared defaults.
    const failure = error as APIError;
    // A status means an HTTP error answer; none means an error event inside the stream. The SDK
    // keeps the body's `error` (or the whole body when it has none); a body that was not JSON
    // only survives in the message.
    const body = failure.error !== undefined ? { error: failure.error } : /status code \(no body\)$/.test(failure.message) ? undefined : failure.message.replace(/^\d{3} /, '');
    return gatewayErrorFromResponse(failure.status ?? 500, body, failure.headers?.get('retry-after'));
  }
  if (error instanceof SyntaxError) {
    return new GatewayError('MALFORMED_STREAM', 'The gateway sent a chunk that is not valid JSON.', { retryable: true });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError(midStream ? 'STREAM_CUT' : 'NETWORK', midStream ? `The connection dropped: ${message}` : `Could not reach the gateway: ${message}`, {
    retryable: true,
  });
}

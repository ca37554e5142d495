/**
 * The other gateways' wire formats, served by the development gateway beside Monster Gaming's own
 * `/v1`, so every provider preset can be tried (and tested) on 127.0.0.1, alone or behind the
 * real Portkey gateway (`x-portkey-custom-host`):
 *
 *   /moonshot/v1    Moonshot: moonshot-v1-8k/16k/128k, `sk-…` keys, errors `{"error": {"message", "type"}}`
 *   /monsterapi/v1  Monster API: its OpenAI-compatible models, any key, errors `{"message"}`
 *   /prxy/v1        prxy.monster: `prxy_live_…` keys, errors in OpenAI's format with prxy's codes
 *   /openai/v1      a plain OpenAI-compatible server (Ollama-like): key optional
 *
 * None of them routes disciplines or sends `X-Monster-Discipline`; answers use the same generated
 * text as `/v1`. Faults queued with `/__control/fault` apply here too: an `error` fault comes back
 * in the provider's own error shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerTokens, tokenize } from './answers';
import type { CompletionPlan } from './completion';
import { REFUSAL, jsonCompletion, streamCompletion } from './completion';
import { ERROR_CODES, GatewayError, carriesRetryAfter, type ErrorCode } from './errors';
import type { FaultQueue } from './faults';
import { readBody, redirect, sendJson } from './http';
import type { LiveRecord } from './recorder';
import { route } from './routing';
import { STREAM_OPTIONS_UNRECOGNIZED, STREAM_OPTIONS_WITHOUT_STREAM, validateChat } from './validation';
import { agentTurn } from './agentScripts';
import { faultFits, plannedCalls, rejectsTools, toolsRejectedMessage, type RejectTools } from './toolTurn';

export type UpstreamId = 'moonshot' | 'monsterapi' | 'prxy' | 'openai';

interface Upstream {
  readonly models: readonly string[];
  /** undefined: no key needed (a key, if sent, must still not be a refused one). */
  readonly keyPattern?: RegExp;
  /** The provider's error JSON for one of our codes. */
  errorBody(code: ErrorCode, message: string): unknown;
  /** Status for a code where the provider differs from Monster Gaming's table. */
  readonly statuses?: Partial<Record<ErrorCode, number>>;
}

const MOONSHOT_TYPES: Partial<Record<ErrorCode, string>> = {
  INVALID_API_KEY: 'invalid_authentication_error',
  RATE_LIMITED: 'rate_limit_reached_error',
  CREDITS_EXHAUSTED: 'exceeded_current_quota_error',
  MODEL_NOT_FOUND: 'resource_not_found_error',
  TIER_RESTRICTED: 'permission_denied_error',
  PROVIDER_UNAVAILABLE: 'engine_overloaded_error',
};

const PRXY_CODES: Partial<Record<ErrorCode, string>> = {
  INVALID_API_KEY: 'invalid_api_key',
  RATE_LIMITED: 'rate_limit_exceeded',
  SPEND_CAP_EXCEEDED: 'cost_limit_per_day',
  MONTHLY_CAP_EXCEEDED: 'cost_limit_per_month',
  MODEL_NOT_FOUND: 'model_not_found',
  PROVIDER_UNAVAILABLE: 'provider_unavailable',
};

const OPENAI_TYPES: Partial<Record<ErrorCode, string>> = {
  INVALID_API_KEY: 'authentication_error',
  RATE_LIMITED: 'rate_limit_error',
  MODEL_NOT_FOUND: 'not_found_error',
  PROVIDER_UNAVAILABLE: 'server_error',
};

export const UPSTREAMS: Readonly<Record<UpstreamId, Upstream>> = {
  moonshot: {
    models: ['moonshot-v1-8k', 'moonshot-v1-16k', 'moonshot-v1-128k'],
    keyPattern: /^sk-[A-Za-z0-9_-]{8,}$/,
    errorBody: (code, message) => ({ error: { message, type: MOONSHOT_TYPES[code] ?? 'invalid_request_error' } }),
    statuses: { CREDITS_EXHAUSTED: 429, MODEL_NOT_FOUND: 404, PROVIDER_UNAVAILABLE: 429 },
  },
  monsterapi: {
    models: ['google/gemma-2-9b-it', 'mistralai/Mistral-7B-Instruct-v0.2', 'meta-llama/Meta-Llama-3-8B-Instruct', 'microsoft/Phi-3-mini-4k-instruct'],
    keyPattern: /^[A-Za-z0-9._-]{8,}$/,
    errorBody: (_code, message) => ({ message }),
    // Its docs: 404 "The requested resource doesn't exist".
    statuses: { MODEL_NOT_FOUND: 404 },
  },
  prxy: {
    models: ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-6', 'gemini-2.0-pro'],
    keyPattern: /^prxy_(live|test)_[A-Za-z0-9_-]{4,}$/,
    errorBody: (code, message) => {
      const prxyCode = PRXY_CODES[code] ?? 'invalid_request';
      return { error: { type: prxyCode, message, code: prxyCode } };
    },
  },
  openai: {
    models: ['llama3.2', 'qwen2.5-coder:7b'],
    errorBody: (code, message) => ({ error: { message, type: OPENAI_TYPES[code] ?? 'invalid_request_error', param: null, code: null } }),
  },
};

const UPSTREAM_PATH = /^\/(moonshot|monsterapi|prxy|openai)(\/v1\/.*)$/;

/** `/moonshot/v1/chat/completions` → `{upstream: 'moonshot', path: '/v1/chat/completions'}`. */
export function matchUpstream(pathname: string): { readonly upstream: UpstreamId; readonly path: string } | undefined {
  const match = UPSTREAM_PATH.exec(pathname);
  return match ? { upstream: match[1] as UpstreamId, path: match[2] } : undefined;
}

export interface UpstreamState {
  readonly faults: FaultQueue;
  readonly tokenDelayMs: number;
  readonly faultRetryAfterSeconds: number;
  readonly now: () => number;
  readonly nextId: (prefix: string) => string;
  /** Models that refuse requests carrying `tools` (the gateway's `rejectTools` option). */
  readonly rejectTools?: RejectTools;
}

/** Answers one request to a foreign gateway's path. */
export async function handleUpstream(state: UpstreamState, id: UpstreamId, path: string, req: IncomingMessage, res: ServerResponse, record: LiveRecord): Promise<void> {
  const upstream = UPSTREAMS[id];
  const fail = (code: ErrorCode, message: string, retryAfter?: number): void => {
    const status = upstream.statuses?.[code] ?? ERROR_CODES[code].status;
    sendJson(res, status, upstream.errorBody(code, message), retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {});
  };
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  const refused = token !== undefined && /invalid|revoked/i.test(token);
  if (refused || (upstream.keyPattern && !(token && upstream.keyPattern.test(token)))) {
    return fail('INVALID_API_KEY', token ? 'Incorrect API key provided.' : 'Missing API key.');
  }
  if (req.method === 'GET' && path === '/v1/models') {
    sendJson(res, 200, { object: 'list', data: upstream.models.map((model) => ({ id: model, object: 'model', created: 1_767_225_600, owned_by: id })) });
    return;
  }
  if (req.method !== 'POST' || path !== '/v1/chat/completions') {
    return fail('INVALID_REQUEST', `No such endpoint: ${req.method} ${path}.`);
  }
  const body = await readBody(req, 1024 * 1024);
  if (body.kind !== 'ok') return;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body.text) as Record<string, unknown>;
    record.body = parsed;
    record.bodyBytes = body.bytes;
  } catch {
    return fail('INVALID_REQUEST', 'The request body is not valid JSON.');
  }
  const model = typeof parsed.model === 'string' ? parsed.model : '';
  if (!upstream.models.includes(model)) {
    return fail('MODEL_NOT_FOUND', `The model \`${model}\` does not exist.`);
  }
  let request;
  try {
    // The message checks are the same for every OpenAI-compatible server; the model was checked above.
    request = validateChat({ ...parsed, model: 'monster-gpt' }, 'enterprise', {});
  } catch (error) {
    return fail(error instanceof GatewayError ? error.code : 'INVALID_REQUEST', error instanceof Error ? error.message : String(error));
  }
  if (request.streamOptions && !request.stream) return fail('INVALID_REQUEST', STREAM_OPTIONS_WITHOUT_STREAM);
  const carriesTools = request.tools.offered.length > 0;
  if (carriesTools && rejectsTools(state.rejectTools, model)) return fail('INVALID_REQUEST', toolsRejectedMessage(model, state.rejectTools, upstream.models));
  const turn = agentTurn(request.tools);
  const fault = state.faults.take((spec) => faultFits(spec, carriesTools, (turn?.calls.length ?? 0) > 0, request.schema !== undefined, request.streamOptions !== undefined));
  if (fault?.kind === 'rejectTools') return fail('INVALID_REQUEST', toolsRejectedMessage(model, state.rejectTools, upstream.models));
  if (fault?.kind === 'rejectStreamOptions') return fail('INVALID_REQUEST', STREAM_OPTIONS_UNRECOGNIZED);
  if (fault?.kind === 'structuredUnsupported') return fail('INVALID_REQUEST', `response_format type "json_schema" is not supported by ${model}; use "json_object".`);
  if (fault?.kind === 'error') {
    return fail(fault.code, fault.message ?? ERROR_CODES[fault.code].message, carriesRetryAfter(fault.code) ? fault.retryAfter ?? state.faultRetryAfterSeconds : undefined);
  }
  if (fault?.kind === 'resetBeforeHeaders' || fault?.kind === 'disconnect' || fault?.kind === 'toolCallCut') record.cutByGateway = true;
  if (fault?.kind === 'redirect') return redirect(res, fault);
  if (fault?.kind === 'resetBeforeHeaders') {
    req.socket.destroy();
    return;
  }
  const discipline = route(request.question, request.system, 'starter');
  const scripted = fault?.kind === 'content' ? undefined : turn;
  const refusal = fault?.kind === 'structuredRefusal' ? { refusal: fault.text ?? REFUSAL } : {};
  const tokens =
    fault?.kind === 'content' ? tokenize(fault.text) : scripted ? tokenize(scripted.text) : refusal.refusal !== undefined ? [] : answerTokens({ question: request.question, system: request.system, discipline, json: request.json, schema: request.schema?.schema, broken: fault?.kind === 'structuredInvalid' });
  const toolCalls = scripted ? plannedCalls(scripted, fault, () => state.nextId(`call_${id}_`)) : [];
  const plan: CompletionPlan = {
    id: state.nextId(`chatcmpl-${id}_`),
    created: Math.floor(state.now() / 1000),
    model,
    tokens,
    toolCalls,
    finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
    promptTokens: request.promptTokens,
    headers: { 'X-Request-Id': state.nextId(`req_${id}_`) },
    tokenDelayMs: fault?.kind === 'slow' ? fault.tokenDelayMs : state.tokenDelayMs,
    ...refusal,
    includeUsage: request.streamOptions?.includeUsage === true,
  };
  if (request.stream) await streamCompletion(res, plan, fault);
  else await jsonCompletion(res, plan, fault);
}

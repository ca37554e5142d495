/**
 * Writes chat answers in the OpenAI wire format: a `chat.completion` JSON body (with `usage`), or
 * the SSE stream of `chat.completion.chunk` events ending in a finish chunk and `data: [DONE]`.
 * As OpenAI (and vLLM, and Portkey passing OpenAI through) does, a stream reports `usage` only when
 * the request asked with `stream_options: {include_usage: true}`: then every chunk carries
 * `usage: null` and one more chunk, with empty `choices`, carries the usage before `[DONE]`.
 * Stream-level faults apply along the way. Tool turns stream their `tool_calls` after any
 * content and finish with `finish_reason: "tool_calls"`.
 */
import type { ServerResponse } from 'node:http';
import type { FaultSpec } from './faults';
import { pause, send, sendJson } from './http';

/** What a model says when it declines to answer in a schema (the `structuredRefusal` fault's default). */
export const REFUSAL = "I can't help with that request.";

/** A call the answer makes, with its id (after any tool fault was applied). */
export interface ToolCallPlan {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** Everything needed to answer one request, decided before the first byte is written. */
export interface CompletionPlan {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  /** Content tokens (for a tool turn, the text before its calls; may be empty). */
  readonly tokens: readonly string[];
  /** Calls streamed after the content; with any, finishReason is `tool_calls`. */
  readonly toolCalls?: readonly ToolCallPlan[];
  readonly finishReason: 'stop' | 'length' | 'tool_calls';
  readonly promptTokens: number;
  /** Headers for the 200 (rate limits, routing, request id). */
  readonly headers: Readonly<Record<string, string>>;
  /** Delay between chunks (global option, or a `slow` fault). */
  readonly tokenDelayMs: number;
  /** The model declined to answer in the schema: `refusal` instead of content. */
  readonly refusal?: string;
  /** The request asked for `stream_options.include_usage`: the stream ends with a usage chunk. */
  readonly includeUsage?: boolean;
}

interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

function usage(plan: CompletionPlan): Usage {
  const callChars = (plan.toolCalls ?? []).reduce((sum, call) => sum + call.name.length + call.arguments.length, 0);
  const completion = plan.tokens.length + Math.ceil(callChars / 4);
  return { prompt_tokens: plan.promptTokens, completion_tokens: completion, total_tokens: plan.promptTokens + completion };
}

/** The non-streaming `chat.completion` object. */
export function completionBody(plan: CompletionPlan): object {
  return {
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: [
      {
        index: 0,
        message: plan.refusal !== undefined
          ? { role: 'assistant', content: null, refusal: plan.refusal }
          : plan.toolCalls?.length
          ? { role: 'assistant', content: plan.tokens.length ? plan.tokens.join('') : null, tool_calls: plan.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) }
          : { role: 'assistant', content: plan.tokens.join('') },
        finish_reason: plan.finishReason,
      },
    ],
    usage: usage(plan),
  };
}

/** One SSE event carrying a `chat.completion.chunk`. */
function chunkEvent(
  plan: CompletionPlan,
  delta: { readonly role?: 'assistant'; readonly content?: string | null; readonly refusal?: string; readonly tool_calls?: readonly object[] },
  finishReason: string | null,
): string {
  const chunk = {
    id: plan.id,
    object: 'chat.completion.chunk',
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
    ...(plan.includeUsage ? { usage: null } : {}),
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** The finish chunk, then (when the request asked) OpenAI's usage chunk: empty `choices`, the `usage`. False when the client left. */
async function sendFinish(res: ServerResponse, plan: CompletionPlan): Promise<boolean> {
  if (!(await send(res, chunkEvent(plan, {}, plan.finishReason)))) return false;
  if (!plan.includeUsage) return true;
  const chunk = { id: plan.id, object: 'chat.completion.chunk', created: plan.created, model: plan.model, choices: [], usage: usage(plan) };
  return send(res, `data: ${JSON.stringify(chunk)}\n\n`);
}

/** How many content chunks a fault lets through before it strikes. */
function chunkBudget(plan: CompletionPlan, fault: FaultSpec | undefined): number {
  const all = plan.tokens.length;
  switch (fault?.kind) {
    case 'disconnect':
      return Math.min(all, fault.afterChunks);
    case 'stall':
    case 'noDone':
      return Math.min(all, fault.afterChunks ?? (fault.kind === 'stall' ? 0 : all));
    default:
      return all;
  }
}

/** Sends `: keepalive` comments for the fault's duration; false when the client left meanwhile. */
async function keepAlive(res: ServerResponse, fault: Extract<FaultSpec, { kind: 'keepalive' }>): Promise<boolean> {
  const until = Date.now() + fault.durationMs;
  while (Date.now() < until) {
    if (!(await send(res, ': keepalive\n\n'))) return false;
    await pause(res, Math.min(fault.intervalMs ?? 500, Math.max(0, until - Date.now())));
  }
  return !res.destroyed;
}

/** Streams the answer as SSE. Resolves when the response is finished, cut or left stalled. */
export async function streamCompletion(
  res: ServerResponse,
  plan: CompletionPlan,
  fault: FaultSpec | undefined,
): Promise<void> {
  if (fault?.kind === 'jsonBody') {
    sendJson(res, 200, completionBody(plan), plan.headers);
    return;
  }
  res.writeHead(200, {
    ...plan.headers,
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const budget = chunkBudget(plan, fault);
  for (let i = 0; i < budget; i++) {
    if (fault?.kind === 'keepalive' && i === (fault.afterChunks ?? 0) && !(await keepAlive(res, fault))) return;
    if (i > 0) await pause(res, plan.tokenDelayMs);
    if (fault?.kind === 'malformed' && i === fault.afterChunks && !(await send(res, 'data: {not json\n\n'))) return;
    const delta = i === 0 ? { role: 'assistant' as const, content: plan.tokens[i] } : { content: plan.tokens[i] };
    if (!(await send(res, chunkEvent(plan, delta, null)))) return;
  }
  if (fault?.kind === 'malformed' && fault.afterChunks >= budget && !(await send(res, 'data: {not json\n\n'))) return;
  if (plan.refusal !== undefined && !(await send(res, chunkEvent(plan, { role: 'assistant', content: null, refusal: plan.refusal }, null)))) return;
  if (plan.toolCalls?.length && fault?.kind !== 'disconnect' && fault?.kind !== 'stall' && !(await streamToolCalls(res, plan, fault))) return;
  switch (fault?.kind) {
    case 'disconnect':
      res.socket?.destroy();
      return;
    case 'stall':
      // Nothing more: the socket stays open until the client gives up or the gateway closes.
      return;
    case 'noDone':
      if (!fault.noFinish) await sendFinish(res, plan);
      res.end();
      return;
    default:
      if (!(await sendFinish(res, plan))) return;
      if (!(await send(res, 'data: [DONE]\n\n'))) return;
      res.end();
  }
}

/**
 * Argument pieces as models stream them: a few characters at a time, in uneven sizes (so pieces
 * end inside strings, escapes and multi-byte text), never splitting a code point.
 */
export function argumentPieces(text: string): string[] {
  const SIZES = [3, 1, 6, 2, 9, 4, 5];
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let at = 0, i = 0; at < chars.length; i++) {
    const size = SIZES[i % SIZES.length];
    pieces.push(chars.slice(at, at + size).join(''));
    at += size;
  }
  return pieces;
}

/**
 * Streams the calls the way OpenAI does: per call, one delta with `index`, `id`, `type` and the
 * name (arguments ""), then the arguments in pieces with only `index`. The first delta carries
 * the role when no content came before. A `toolCallCut` fault destroys the socket after
 * `afterArgumentChunks` pieces of the first call. False when the response ended here.
 */
async function streamToolCalls(res: ServerResponse, plan: CompletionPlan, fault: FaultSpec | undefined): Promise<boolean> {
  const calls = plan.toolCalls ?? [];
  const cutAfter = fault?.kind === 'toolCallCut' ? fault.afterArgumentChunks ?? 2 : undefined;
  for (const [index, call] of calls.entries()) {
    const opening = { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] };
    const first = index === 0 && plan.tokens.length === 0 ? { role: 'assistant' as const, content: null, ...opening } : opening;
    await pause(res, plan.tokenDelayMs);
    if (!(await send(res, chunkEvent(plan, first, null)))) return false;
    for (const [n, piece] of argumentPieces(call.arguments).entries()) {
      if (cutAfter !== undefined && n === cutAfter) break;
      await pause(res, plan.tokenDelayMs);
      if (!(await send(res, chunkEvent(plan, { tool_calls: [{ index, function: { arguments: piece } }] }, null)))) return false;
    }
    if (cutAfter !== undefined) {
      res.socket?.destroy();
      return false;
    }
  }
  return true;
}

/** Answers a non-streaming request; stream faults get their closest JSON equivalent. */
export async function jsonCompletion(
  res: ServerResponse,
  plan: CompletionPlan,
  fault: FaultSpec | undefined,
): Promise<void> {
  await pause(res, plan.tokenDelayMs * plan.tokens.length);
  const body = JSON.stringify(completionBody(plan));
  const headers = { ...plan.headers, 'Content-Type': 'application/json; charset=utf-8' };
  switch (fault?.kind) {
    case 'disconnect':
    case 'toolCallCut':
      res.writeHead(200, headers);
      await send(res, body.slice(0, Math.floor(body.length / 2)));
      res.socket?.destroy();
      return;
    case 'stall':
      res.writeHead(200, headers);
      res.flushHeaders();
      return;
    case 'malformed':
      res.writeHead(200, headers);
      res.end('{not json');
      return;
    case 'keepalive': {
      // JSON may begin with whitespace: a space now and then keeps the connection visibly alive.
      res.writeHead(200, headers);
      const until = Date.now() + fault.durationMs;
      while (Date.now() < until) {
        if (!(await send(res, ' '))) return;
        await pause(res, Math.min(fault.intervalMs ?? 500, Math.max(0, until - Date.now())));
      }
      if (!res.destroyed) res.end(body);
      return;
    }
    default:
      if (res.destroyed) return;
      res.writeHead(200, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
  }
}

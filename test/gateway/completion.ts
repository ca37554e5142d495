/**
 * Writes chat answers in the OpenAI wire format: a `chat.completion` JSON body, or the SSE
 * stream of `chat.completion.chunk` events ending in a finish chunk with `usage` and
 * `data: [DONE]`, with the stream-level faults applied along the way.
 */
import type { ServerResponse } from 'node:http';
import type { FaultSpec } from './faults';
import { pause, send, sendJson } from './http';

/** Everything needed to answer one request, decided before the first byte is written. */
export interface CompletionPlan {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly tokens: readonly string[];
  readonly finishReason: 'stop' | 'length';
  readonly promptTokens: number;
  /** Headers for the 200 (rate limits, routing, request id). */
  readonly headers: Readonly<Record<string, string>>;
  /** Delay between chunks (global option, or a `slow` fault). */
  readonly tokenDelayMs: number;
}

interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

function usage(plan: CompletionPlan): Usage {
  const completion = plan.tokens.length;
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
        message: { role: 'assistant', content: plan.tokens.join('') },
        finish_reason: plan.finishReason,
      },
    ],
    usage: usage(plan),
  };
}

/** One SSE event carrying a `chat.completion.chunk`. */
function chunkEvent(
  plan: CompletionPlan,
  delta: { readonly role?: 'assistant'; readonly content?: string },
  finishReason: string | null,
  withUsage = false,
): string {
  const chunk = {
    id: plan.id,
    object: 'chat.completion.chunk',
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
    ...(withUsage ? { usage: usage(plan) } : {}),
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
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
  switch (fault?.kind) {
    case 'disconnect':
      res.socket?.destroy();
      return;
    case 'stall':
      // Nothing more: the socket stays open until the client gives up or the gateway closes.
      return;
    case 'noDone':
      if (!fault.noFinish) await send(res, chunkEvent(plan, {}, plan.finishReason, true));
      res.end();
      return;
    default:
      if (!(await send(res, chunkEvent(plan, {}, plan.finishReason, true)))) return;
      if (!(await send(res, 'data: [DONE]\n\n'))) return;
      res.end();
  }
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

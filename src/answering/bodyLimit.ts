/**
 * How big a request may be. Monster Gaming refuses chat bodies over 64 KB (PAYLOAD_TOO_LARGE);
 * where the gateway lists a model's context window (`GET /models`, `context_window`), the window
 * less room for the answer bounds it too. Pure, so the arithmetic is unit-tested.
 */
import type { ChatMessage, ChatRequest, GatewayModel, ToolResultTurn } from '../gateway/client';
import { wireBody, wireMessage, type WireBody } from '../gateway/wireBody';

/** The gateway refuses chat bodies over 64 KB (PAYLOAD_TOO_LARGE). */
export const GATEWAY_BODY_LIMIT_BYTES = 64 * 1024;
/** Room for a gateway that counts a little differently (headers of the SDK's JSON, rounding). */
export const SAFETY_MARGIN_BYTES = 2 * 1024;
/** Bytes per token when a context window is turned into bytes: about 4 characters a token, as the gateway budgets. */
const BYTES_PER_TOKEN = 4;
/** Tokens kept free for the answer (the Monster Gaming models offer at most this much output). */
const ANSWER_TOKENS = 8_192;
/** A window so small it would leave nothing for a question is not believed. */
const MIN_LIMIT_BYTES = 4 * 1024;
/** However large a model's window, a request stays bounded (a 1M-token window is not a reason to send megabytes). */
const MAX_LIMIT_BYTES = 1024 * 1024;

/**
 * A chat answer longer than this is stopped, not collected whole: twice the longest answer any
 * model is allowed (128,000 tokens at about 4 characters each).
 */
export const MAX_ANSWER_CHARS = 1024 * 1024;
/**
 * A proposal (fix, Edit Selection) is a few KB of JSON; even one that rewrites a whole 64 KB
 * request with JSON escapes is far smaller than this.
 */
export const MAX_PROPOSAL_CHARS = 256 * 1024;

/** The JSON body the SDK sends for a request: the very object the client sends (tools, tool calls and results included). */
export function requestBody(request: ChatRequest): WireBody {
  return wireBody(request);
}

/** Bytes of the request body as sent. */
export function requestBytes(request: ChatRequest): number {
  return Buffer.byteLength(JSON.stringify(requestBody(request)), 'utf8');
}

/** Bytes one message adds to a body (its JSON, without the comma between messages). */
export function messageBytes(turn: ChatMessage): number {
  return Buffer.byteLength(JSON.stringify(wireMessage(turn)), 'utf8');
}

/**
 * The body limit for `model`: 64 KB on Monster Gaming, and never more than the model's context
 * window (less the answer's share) where the gateway lists one. Other gateways without a listed
 * window get the same 64 KB: the request stays small wherever it goes.
 */
export function bodyLimitFor(model: GatewayModel | undefined, monsterGaming: boolean): number {
  const window = model?.contextWindow;
  if (window === undefined) return GATEWAY_BODY_LIMIT_BYTES;
  const answer = Math.min(ANSWER_TOKENS, Math.floor(window / 4));
  const derived = Math.min(MAX_LIMIT_BYTES, Math.max(MIN_LIMIT_BYTES, (window - answer) * BYTES_PER_TOKEN));
  return monsterGaming ? Math.min(GATEWAY_BODY_LIMIT_BYTES, derived) : derived;
}

/** What a tool result becomes when older results must make room (the model can call again). */
export const DROPPED_RESULT = 'Earlier tool result left out to keep the request within its size limit; call the tool again if you still need it.';

/**
 * Makes the messages fit the body limit by leaving out the oldest tool results first (never
 * those from `keepFrom` on: the last step's, which the model has not seen). Returns false when
 * even that is not enough. Used by the agent loop and the language model provider's requests.
 */
export function fitToolResults(messages: ChatMessage[], request: Omit<ChatRequest, 'messages'>, limitBytes: number, keepFrom: number): boolean {
  const budget = limitBytes - SAFETY_MARGIN_BYTES;
  let total = requestBytes({ ...request, messages });
  for (let i = 0; i < keepFrom && total > budget; i++) {
    const message = messages[i];
    if (message.role !== 'tool' || message.content === DROPPED_RESULT) continue;
    const smaller: ToolResultTurn = { role: 'tool', toolCallId: message.toolCallId, content: DROPPED_RESULT };
    total += messageBytes(smaller) - messageBytes(message);
    messages[i] = smaller;
  }
  return total <= budget;
}

/** The question alone (with what may never be cut) is over the limit. */
export class ContextTooLargeError extends Error {
  constructor(
    readonly bodyBytes: number,
    readonly limitBytes: number,
  ) {
    super(`The question alone is ${Math.ceil(bodyBytes / 1024)} KB; the limit is ${Math.floor(limitBytes / 1024)} KB.`);
    this.name = 'ContextTooLargeError';
  }
}

/**
 * `POST /structured` (Monster Gaming): a chat request whose reply must match a JSON Schema, asked
 * as documented (`model`, `messages`, `response_format: {type: "json_schema", json_schema}`) and
 * answered, as the reference's SDK examples read it, in the `chat.completion` shape: the JSON in
 * `choices[0].message.content`, or a `refusal` instead. Sent over the one Wire like every request;
 * the reply is hostile input, read only up to a bound.
 */
import type { ChatResult, ChatRequest, JsonSchemaFormat, ResponseInfo } from './client';
import { GatewayError, gatewayErrorFromResponse } from './errors';
import { wireBody } from './wireBody';
import { boundedText } from '../network/boundedBody';

/** A request asking for `format`. */
export type StructuredRequest = ChatRequest & { readonly responseFormat: JsonSchemaFormat };

/** Sends `body` and resolves with the response (the caller's wire, target and signal). */
export type Send = (path: string, init: RequestInit) => Promise<Response>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Asks `POST /structured`. Throws a GatewayError for an HTTP error (the documented envelope), and
 * ANSWER_TOO_LONG when the reply is over `maxBytes`; resolves with the content or the refusal.
 */
export async function postStructured(send: Send, request: StructuredRequest, signal: AbortSignal, maxBytes: number, infoFrom: (headers: Headers) => ResponseInfo): Promise<ChatResult> {
  // The documented body has no `stream` (and so no `stream_options`, which OpenAI refuses without it): the reply is one JSON object.
  const { stream, stream_options, ...body } = wireBody(request);
  void stream;
  void stream_options;
  const response = await send('/structured', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), signal });
  let text: string;
  try {
    text = await boundedText(response, maxBytes, () => new GatewayError('ANSWER_TOO_LONG', `The structured answer is over ${Math.round(maxBytes / 1024)} KB, so it was not read.`));
  } catch (error) {
    if (error instanceof GatewayError || signal.aborted) throw error;
    // The headers came; the body broke off: as a stream cut mid-answer.
    throw new GatewayError('STREAM_CUT', `The connection dropped: ${error instanceof Error ? error.message : String(error)}`, { retryable: true });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) throw gatewayErrorFromResponse(response.status, json ?? text, response.headers.get('retry-after'));
  const choice: unknown = isRecord(json) && Array.isArray(json.choices) ? json.choices[0] : undefined;
  const message = isRecord(choice) && isRecord(choice.message) ? choice.message : undefined;
  if (!message) throw new GatewayError('HTTP_ERROR', 'The answer to POST /structured is not a chat completion (no choices[0].message).', { status: response.status });
  const usage = isRecord(json) && isRecord(json.usage) && typeof json.usage.prompt_tokens === 'number' && typeof json.usage.completion_tokens === 'number' ? { promptTokens: json.usage.prompt_tokens, completionTokens: json.usage.completion_tokens } : undefined;
  const refusal = typeof message.refusal === 'string' && message.refusal ? message.refusal.slice(0, 500) : undefined;
  return {
    // Anything but a string is no answer: the schema check refuses it.
    text: typeof message.content === 'string' ? message.content : '',
    end: 'complete',
    info: infoFrom(response.headers),
    ...(usage ? { usage } : {}),
    ...(refusal ? { refusal } : {}),
    toolCalls: [],
    asksForTools: false,
    droppedToolCalls: 0,
  };
}

/**
 * Validation of chat bodies, in the order the real gateway reports problems: shape, roles,
 * tools and tool messages (toolValidation.ts), max_tokens, model, tier, context window. Each failure is a GatewayError with the documented code.
 */
import { GatewayError } from './errors';
import type { Tier } from './keys';
import type { ModelInfo } from './models';
import { CHARS_PER_TOKEN, findModel, modelAllowed } from './models';
import type { ToolUse } from './toolValidation';
import { validateToolUse } from './toolValidation';

const ROLES: ReadonlySet<string> = new Set(['system', 'user', 'assistant', 'tool']);
const MAX_TOKENS_LIMIT = 128_000;

/** A chat request the gateway has accepted. */
export interface ChatRequest {
  readonly model: ModelInfo;
  readonly stream: boolean;
  readonly maxTokens: number | undefined;
  /** `response_format` asked for JSON. */
  readonly json: boolean;
  /** `response_format: {"type": "json_schema", "json_schema": {name, schema}}`: the schema the answer must match. */
  readonly schema: JsonSchemaAsked | undefined;
  /** Text of the last user message (the last message when there is no user message). */
  readonly question: string;
  /** All system messages, joined by newlines. */
  readonly system: string;
  /** Prompt size estimate (4 characters per token), reported in `usage`. */
  readonly promptTokens: number;
  /** Offered tools, tool choice, and the calls and results since the last user message. */
  readonly tools: ToolUse;
  /**
   * `stream_options` as OpenAI defines it: `include_usage: true` adds a last chunk with empty
   * `choices` and the `usage` (and `usage: null` on every other chunk). Undefined when not sent.
   */
  readonly streamOptions: { readonly includeUsage: boolean } | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Message text: a string, null (assistant tool calls), or text parts of a content array. */
function contentText(content: unknown, index: number): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (isRecord(part) && typeof part['text'] === 'string' ? part['text'] : ''))
      .join('');
  }
  throw new GatewayError('INVALID_REQUEST', `messages[${index}].content must be a string or an array of content parts.`);
}

function maxTokensOf(body: Record<string, unknown>): number | undefined {
  const value = body['max_tokens'] ?? body['max_completion_tokens'];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TOKENS_LIMIT) {
    throw new GatewayError('INVALID_MAX_TOKENS', `max_tokens must be an integer from 1 to 128,000 (got ${JSON.stringify(value)}).`);
  }
  return value;
}

/** A `json_schema` response format as OpenAI defines it. */
export interface JsonSchemaAsked {
  readonly name: string;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly strict: boolean;
}

const SCHEMA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function wantsJson(format: unknown): boolean {
  if (format === undefined || format === null) return false;
  if (!isRecord(format) || typeof format['type'] !== 'string') {
    throw new GatewayError('INVALID_REQUEST', 'response_format must be an object with a "type".');
  }
  if (!['text', 'json_object', 'json_schema'].includes(format['type'])) {
    throw new GatewayError('INVALID_REQUEST', `response_format.type must be "text", "json_object" or "json_schema" (got ${JSON.stringify(format['type'])}).`);
  }
  return format['type'] === 'json_object' || format['type'] === 'json_schema';
}

/** The schema of a `json_schema` format: `json_schema.name` (a-z, 0-9, _ and -, up to 64) and `json_schema.schema` (an object). */
function schemaOf(format: unknown): JsonSchemaAsked | undefined {
  if (!isRecord(format) || format['type'] !== 'json_schema') return undefined;
  const spec = format['json_schema'];
  if (!isRecord(spec)) throw new GatewayError('INVALID_REQUEST', 'response_format.json_schema is required when response_format.type is "json_schema".');
  if (typeof spec['name'] !== 'string' || !SCHEMA_NAME.test(spec['name'])) {
    throw new GatewayError('INVALID_REQUEST', 'response_format.json_schema.name must be 1-64 characters of a-z, A-Z, 0-9, _ and -.');
  }
  if (!isRecord(spec['schema']) || (spec['schema']['type'] !== undefined && typeof spec['schema']['type'] !== 'string' && !Array.isArray(spec['schema']['type']))) {
    throw new GatewayError('INVALID_REQUEST', 'response_format.json_schema.schema must be a JSON Schema object.');
  }
  if (spec['strict'] !== undefined && typeof spec['strict'] !== 'boolean') throw new GatewayError('INVALID_REQUEST', 'response_format.json_schema.strict must be a boolean.');
  return { name: spec['name'], schema: spec['schema'], strict: spec['strict'] === true };
}

/**
 * Validates a parsed chat body for a key of `tier`; `contextOverride` replaces model context
 * windows (tokens) so tests can reach CONTEXT_OVERFLOW without a huge body.
 */
export function validateChat(
  body: unknown,
  tier: Tier,
  contextOverride: Readonly<Record<string, number>> = {},
): ChatRequest {
  if (!isRecord(body)) throw new GatewayError('INVALID_REQUEST', 'The request body must be a JSON object.');
  const modelId = body['model'];
  if (typeof modelId !== 'string' || modelId === '') {
    throw new GatewayError('INVALID_REQUEST', 'Missing required field "model".');
  }
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new GatewayError('INVALID_REQUEST', 'Missing required field "messages" (a non-empty array).');
  }
  const parsed = messages.map((message, index) => {
    if (!isRecord(message)) throw new GatewayError('INVALID_REQUEST', `messages[${index}] must be an object.`);
    const role = message['role'];
    if (typeof role !== 'string' || !ROLES.has(role)) {
      throw new GatewayError('INVALID_ROLE', `messages[${index}].role ${JSON.stringify(role ?? null)} is not one of system, user, assistant, tool.`);
    }
    return { role, text: contentText(message['content'], index), message };
  });
  if (body['stream'] !== undefined && typeof body['stream'] !== 'boolean') {
    throw new GatewayError('INVALID_REQUEST', '"stream" must be a boolean.');
  }
  const temperature = body['temperature'];
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 2)) {
    throw new GatewayError('INVALID_REQUEST', '"temperature" must be a number from 0 to 2.');
  }
  const streamOptions = streamOptionsOf(body['stream_options']);
  const tools = validateToolUse(body, parsed.map((m) => m.message), parsed.map((m) => m.text));
  const maxTokens = maxTokensOf(body);
  const json = wantsJson(body['response_format']);
  const schema = schemaOf(body['response_format']);

  const model = findModel(modelId);
  if (!model) throw new GatewayError('MODEL_NOT_FOUND', `Model "${modelId}" does not exist.`);
  if (!modelAllowed(model, tier)) {
    throw new GatewayError('TIER_RESTRICTED', `Model "${model.id}" requires the ${model.tierMinimum} tier or higher (your key is ${tier}).`);
  }

  const chars = parsed.reduce((sum, m) => sum + m.text.length, 0) + tools.chars;
  const promptTokens = Math.ceil(chars / CHARS_PER_TOKEN);
  const window = contextOverride[model.id] ?? model.contextTokens;
  if (promptTokens + (maxTokens ?? 0) > window) {
    throw new GatewayError(
      'CONTEXT_OVERFLOW',
      `The prompt is about ${promptTokens} tokens${maxTokens ? ` plus max_tokens ${maxTokens}` : ''}, more than the ${window}-token context window of ${model.id}.`,
    );
  }

  const users = parsed.filter((m) => m.role === 'user');
  const last = users[users.length - 1] ?? parsed[parsed.length - 1];
  return {
    model,
    stream: body['stream'] === true,
    maxTokens,
    json,
    schema,
    question: last.text,
    system: parsed.filter((m) => m.role === 'system').map((m) => m.text).join('\n'),
    promptTokens,
    tools,
    streamOptions,
  };
}

/** `stream_options: {include_usage?: boolean}`; null or absent is none. */
function streamOptionsOf(value: unknown): ChatRequest['streamOptions'] {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new GatewayError('INVALID_REQUEST', '"stream_options" must be an object.');
  const includeUsage = value['include_usage'];
  if (includeUsage !== undefined && typeof includeUsage !== 'boolean') throw new GatewayError('INVALID_REQUEST', '"stream_options.include_usage" must be a boolean.');
  return { includeUsage: includeUsage === true };
}

/** OpenAI's answer to `stream_options` on a request that does not stream. */
export const STREAM_OPTIONS_WITHOUT_STREAM = "The 'stream_options' parameter is only allowed when 'stream' is enabled.";

/** The words of a gateway that checks parameters against an older OpenAI API (Azure OpenAI's). */
export const STREAM_OPTIONS_UNRECOGNIZED = 'Unrecognized request argument supplied: stream_options';

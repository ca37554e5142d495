/**
 * Generate Game Data's request through the one answering engine: a proposal job whose schema is
 * the user's (so Monster Gaming gets `POST /structured`, other gateways `response_format:
 * json_schema`, and the engine's fallback to `json_object` where neither is supported), then the
 * reply checked against the schema in the worker (schemaCheck.ts). No `vscode`, so it is tested
 * against the development gateway over HTTP.
 */
import type { AnswerEngine } from '../answering/engine';
import type { Prelude } from '../answering/types';
import { GATEWAY_BODY_LIMIT_BYTES, requestBytes, SAFETY_MARGIN_BYTES } from '../answering/bodyLimit';
import type { ChatTurn, JsonSchemaFormat } from '../gateway/client';
import type { GatewayError } from '../gateway/errors';
import type { ErrorView } from '../shared/protocol';
import { checkSchema, type CheckOptions } from './schemaCheck';
import type { ReplyError } from './schemaTypes';

/** What the model is told besides the schema and the request. */
export const GAME_DATA_PROMPT =
  'You generate data for a game project: one JSON value that matches the JSON Schema you are given exactly ' +
  '(every required property, the declared types, enums and ranges). Make the content fit the request and the game. ' +
  'Answer with the JSON only: no prose, no code fence.';

/**
 * Room a request keeps, past the schema, for what is not known before the description is asked:
 * the description (at most 2,000 characters, escaped), the specialist prompt, engine line and rules.
 */
export const GAME_DATA_RESERVE_BYTES = 10 * 1024;

export interface GameDataAsk {
  /** The schema file's text (checked to compile before the request). */
  readonly schemaText: string;
  /** Workspace-relative path of the schema file (the prompt names it; it names the json_schema). */
  readonly schemaPath: string;
  /** What the user wants, e.g. "a loot table for a level-5 goblin camp". */
  readonly description: string;
}

export type GameDataOutcome =
  /** The reply matches: `pretty` is what opens. `structured`: it was answered under the schema. */
  | { readonly kind: 'valid'; readonly pretty: string; readonly structured: boolean }
  /** The reply breaks the schema (or is not JSON: one error at `/`), with the raw reply to show on request. */
  | { readonly kind: 'invalid'; readonly errors: readonly ReplyError[]; readonly total: number; readonly reply: string }
  /** The model declined to answer in the schema. */
  | { readonly kind: 'refused'; readonly refusal: string }
  /** The reply could not be checked (too large, too slow, the check failed). */
  | { readonly kind: 'unchecked'; readonly reason: string; readonly reply: string }
  | { readonly kind: 'failed'; readonly error: GatewayError; readonly view: ErrorView }
  | { readonly kind: 'stopped' };

/** `loot-table.schema.json` → `loot-table` (json_schema names are 1-64 of a-z, A-Z, 0-9, _ and -). */
export function schemaName(schemaPath: string): string {
  const base = (schemaPath.split(/[\\/]/).pop() ?? '').replace(/\.json$/i, '').replace(/\.schema$/i, '');
  const name = base.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 64);
  return name || 'game_data';
}

/** The schema as the request's response format. Not strict: OpenAI's strict mode takes only a subset of JSON Schema, and this one is the user's. */
function schemaFormat(ask: Pick<GameDataAsk, 'schemaPath'>, schema: Readonly<Record<string, unknown>>): JsonSchemaFormat {
  return { name: schemaName(ask.schemaPath), schema, strict: false };
}

/**
 * A schema too large to send, told before the description is asked: the bytes a request takes
 * with it and no description (the schema goes twice: in the prompt, for a gateway that answers
 * json_object, and as the response format) against the 64 KB limit less room for the description,
 * the specialist prompt, the engine line and rules. Undefined when it fits. `schemaText` must be JSON.
 */
export function oversizedSchema(ask: Omit<GameDataAsk, 'description'>, model = 'monster-gpt'): { readonly bytes: number; readonly maxBytes: number } | undefined {
  const schema = JSON.parse(ask.schemaText) as Readonly<Record<string, unknown>>;
  const messages = gameDataMessages({ ...ask, description: '' }, schema, { engineLine: '', model, limitBytes: GATEWAY_BODY_LIMIT_BYTES });
  const bytes = requestBytes({ model, messages, responseFormat: schemaFormat(ask, schema), temperature: 0 });
  const maxBytes = GATEWAY_BODY_LIMIT_BYTES - SAFETY_MARGIN_BYTES - GAME_DATA_RESERVE_BYTES;
  return bytes > maxBytes ? { bytes, maxBytes } : undefined;
}

/** The messages: ours and the engine's prelude as system messages, then the request with the schema. */
export function gameDataMessages(ask: GameDataAsk, schema: unknown, prelude: Prelude): ChatTurn[] {
  return [
    ...(prelude.specialistPrompt ? [{ role: 'system' as const, content: prelude.specialistPrompt }] : []),
    { role: 'system', content: `${GAME_DATA_PROMPT}\n${prelude.engineLine}` },
    ...(prelude.rules ? [prelude.rules] : []),
    { role: 'user', content: `Request: ${ask.description}\n\nJSON Schema (${ask.schemaPath}):\n\`\`\`json\n${JSON.stringify(schema)}\n\`\`\`` },
  ];
}

/** A json_object answer may still come fenced: the fence is not part of the data. */
function unfenced(text: string): string {
  const match = /^\s*```[a-z]*\n([\s\S]*?)\n```\s*$/i.exec(text);
  return match ? match[1] : text;
}

/**
 * Asks for data in the schema and checks the reply. The schema must already be known to compile
 * (checkSchema without a reply); never throws for a gateway failure.
 */
export async function requestGameData(
  engine: Pick<AnswerEngine, 'run'>,
  ask: GameDataAsk,
  signal: AbortSignal,
  onWait?: (message: string) => void,
  options: CheckOptions = {},
): Promise<GameDataOutcome> {
  const schema = JSON.parse(ask.schemaText) as Readonly<Record<string, unknown>>;
  const result = await engine.run(
    {
      surface: 'gameData',
      mode: {
        kind: 'proposal',
        subject: { text: ask.description, languageId: 'json', path: ask.schemaPath },
        schema: schemaFormat(ask, schema),
        keepRefusal: true,
        build: (prelude) => gameDataMessages(ask, schema, prelude),
      },
    },
    (event) => {
      if (event.type === 'waiting') onWait?.(event.message);
    },
    signal,
  );
  if (result.type === 'error') return { kind: 'failed', error: result.error, view: result.view };
  if (result.end === 'stopped') return { kind: 'stopped' };
  if (result.refusal !== undefined) return { kind: 'refused', refusal: result.refusal };
  const reply = unfenced(result.text);
  const checked = await checkSchema(ask.schemaText, reply, { ...options, signal });
  switch (checked.kind) {
    case 'valid':
      return { kind: 'valid', pretty: checked.pretty, structured: result.structured === true };
    case 'invalid':
      return { kind: 'invalid', errors: checked.errors, total: checked.total, reply };
    case 'notJson':
      return { kind: 'invalid', errors: [{ path: '/', message: `not JSON: ${checked.message}` }], total: 1, reply };
    case 'timeout':
      return { kind: 'unchecked', reason: `checking it took over ${checked.ms / 1000} s (a slow "pattern" in the schema?)`, reply };
    case 'tooLarge':
      return { kind: 'unchecked', reason: `it is over ${checked.limit / 1024} KB`, reply: reply.slice(0, checked.limit) };
    default:
      return signal.aborted ? { kind: 'stopped' } : { kind: 'unchecked', reason: checked.kind === 'failed' ? checked.message : checked.kind, reply };
  }
}

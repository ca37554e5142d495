/**
 * Scripted failures for chat and stream requests, so tests can see how a client copes with the
 * ways a real gateway (or the network in between) misbehaves, and scripted answers (`content`)
 * for a model that replies with something the client must refuse.
 *
 * Faults queue up in the order they were set; each chat/stream request that passes auth, rate
 * limiting and validation takes the first one, which stays in the queue until it has affected
 * `count` requests. Tool faults wait for a request they fit: `rejectTools` for one that carries
 * `tools` (`rejectStreamOptions` for one that carries `stream_options`), the others for an answer that calls tools (requests before it get no fault).
 */
import type { ErrorCode } from './errors';
import { isErrorCode } from './errors';

interface Counted {
  /** How many requests this fault affects (default 1). */
  readonly count?: number;
}

export type FaultSpec = Counted &
  (
    | {
        /** Answer with the documented error for `code` (429/503 add `Retry-After`). */
        readonly kind: 'error';
        readonly code: ErrorCode;
        /** Seconds for `Retry-After` / `retry_after` (429 and 503 only); gateway default 2. */
        readonly retryAfter?: number;
        /** Replaces the default message. */
        readonly message?: string;
      }
    | {
        /** Stream `afterChunks` content chunks, then destroy the socket (no `[DONE]`). */
        readonly kind: 'disconnect';
        readonly afterChunks: number;
      }
    | {
        /** Send headers and `afterChunks` chunks (default 0), then nothing while the socket stays open. */
        readonly kind: 'stall';
        readonly afterChunks?: number;
      }
    | {
        /** Wait `tokenDelayMs` between chunks. */
        readonly kind: 'slow';
        readonly tokenDelayMs: number;
      }
    | {
        /** After `afterChunks` chunks send `data: {not json`, then carry on to `[DONE]`. */
        readonly kind: 'malformed';
        readonly afterChunks: number;
      }
    | {
        /**
         * End the response without `[DONE]`. With `noFinish`, also without the finish_reason chunk.
         * `afterChunks` stops the content early (default: the whole answer).
         */
        readonly kind: 'noDone';
        readonly noFinish?: boolean;
        readonly afterChunks?: number;
      }
    | {
        /** Answer a streaming request with a plain `chat.completion` JSON body. */
        readonly kind: 'jsonBody';
      }
    | {
        /** Destroy the socket without sending anything. */
        readonly kind: 'resetBeforeHeaders';
      }
    | {
        /**
         * Like a slow model still thinking behind a proxy that must see traffic: after the headers
         * (and `afterChunks` content chunks, default 0), send the SSE comment `: keepalive` every
         * `intervalMs` (default 500) for `durationMs`, then carry on with the answer as usual.
         */
        readonly kind: 'keepalive';
        readonly durationMs: number;
        readonly intervalMs?: number;
        readonly afterChunks?: number;
      }
    | {
        /**
         * Answer with `status` (301, 302, 303, 307 or 308; default 307) and `Location: location`,
         * as a gateway behind a moved host or a hostile one would. Nothing else is sent.
         */
        readonly kind: 'redirect';
        readonly location: string;
        readonly status?: number;
      }
    | {
        /**
         * Tool turns: the first call's arguments are not valid JSON: `arguments` when given, else
         * the planned JSON without its closing brace (as a model that stops short writes it).
         */
        readonly kind: 'malformedToolArguments';
        readonly arguments?: string;
      }
    | {
        /** Tool turns: the first call names a tool that was not offered (`name`, default `write_file`). */
        readonly kind: 'unknownTool';
        readonly name?: string;
      }
    | {
        /** Tool turns: the first call arrives without a function name (an empty `name`), as some models stream it. */
        readonly kind: 'unnamedToolCall';
      }
    | {
        /**
         * Tool turns: the turn's calls repeated, each with its own id, to `total` calls (default 40)
         * in one message: past a client's cap on calls a message (the extension's is 32).
         */
        readonly kind: 'manyToolCalls';
        readonly total?: number;
      }
    | {
        /**
         * Tool turns: stream the first call's id and name and `afterArgumentChunks` pieces of its
         * arguments (default 2), then destroy the socket: no finish_reason, no `[DONE]`.
         */
        readonly kind: 'toolCallCut';
        readonly afterArgumentChunks?: number;
      }
    | {
        /**
         * Requests that carry `tools`: answer 400 INVALID_REQUEST saying the model does not support
         * tools, as providers without function calling do. Requests without tools pass and leave it queued.
         */
        readonly kind: 'rejectTools';
      }
    | {
        /**
         * Requests that carry `stream_options`: answer 400 INVALID_REQUEST "Unrecognized request
         * argument supplied: stream_options", as gateways that check parameters against an older
         * OpenAI API do (Azure OpenAI before 2024-09, strict translating proxies). Requests without
         * it pass and leave it queued.
         */
        readonly kind: 'rejectStreamOptions';
      }
    | {
        /**
         * Answer with exactly `text` as the assistant content, streamed in word-sized chunks or
         * as one `chat.completion`, as the request asked (routing header, ids, usage and
         * `finish_reason: "stop"` as usual; `max_tokens` does not cut it). For feeding a client
         * garbage, fenced JSON, or fix edits that are out of range, overlapping or missing.
         */
        readonly kind: 'content';
        readonly text: string;
      }
    | {
        /**
         * Structured output unsupported, for a request that asks for it: `POST /v1/structured`
         * answers 404 (as a gateway without the endpoint), a chat request with
         * `response_format: json_schema` 400 INVALID_REQUEST. Other requests leave it queued.
         */
        readonly kind: 'structuredUnsupported';
      }
    | {
        /**
         * The model declines to answer in the schema, for a request that asks for structured
         * output: `message.refusal` (streamed as `delta.refusal`) with no content, as OpenAI
         * answers. `text` is the refusal (default "I can't help with that request.").
         */
        readonly kind: 'structuredRefusal';
        readonly text?: string;
      }
    | {
        /**
         * The model answers a request for structured output with JSON that breaks the schema: a
         * required property missing and another of the wrong type (schemaSample.ts
         * brokenSampleOf). Other requests leave it queued.
         */
        readonly kind: 'structuredInvalid';
      }
  );

export type FaultKind = FaultSpec['kind'];

const KINDS: readonly FaultKind[] = ['error', 'disconnect', 'stall', 'slow', 'malformed', 'noDone', 'jsonBody', 'resetBeforeHeaders', 'content', 'keepalive', 'redirect', 'malformedToolArguments', 'unknownTool', 'unnamedToolCall', 'manyToolCalls', 'toolCallCut', 'rejectTools', 'rejectStreamOptions', 'structuredUnsupported', 'structuredRefusal', 'structuredInvalid'];

/** Faults that wait at the head of the queue for a request that asks for structured output. */
export const STRUCTURED_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(['structuredUnsupported', 'structuredRefusal', 'structuredInvalid']);

/** Faults that wait at the head of the queue for an answer that calls tools. */
export const TOOL_TURN_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(['malformedToolArguments', 'unknownTool', 'unnamedToolCall', 'manyToolCalls', 'toolCallCut']);

const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalCount(value: unknown, name: string, required = false): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer`);
  }
}

/**
 * Checks a fault that arrived as JSON (`POST /__control/fault`); throws with a readable message
 * when it is not a valid FaultSpec.
 */
export function parseFaultSpec(value: unknown): FaultSpec {
  if (!isRecord(value)) throw new Error('a fault must be a JSON object');
  const kind = value['kind'];
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    throw new Error(`kind must be one of ${KINDS.join(', ')}`);
  }
  optionalCount(value['count'], 'count');
  if (value['count'] === 0) throw new Error('count must be at least 1');
  switch (kind) {
    case 'error':
      if (!isErrorCode(value['code'])) throw new Error('code must be a documented error code');
      optionalCount(value['retryAfter'], 'retryAfter');
      if (value['message'] !== undefined && typeof value['message'] !== 'string') {
        throw new Error('message must be a string');
      }
      break;
    case 'disconnect':
    case 'malformed':
      optionalCount(value['afterChunks'], 'afterChunks', true);
      break;
    case 'stall':
    case 'noDone':
      optionalCount(value['afterChunks'], 'afterChunks');
      break;
    case 'slow':
      optionalCount(value['tokenDelayMs'], 'tokenDelayMs', true);
      break;
    case 'content':
      if (typeof value['text'] !== 'string') throw new Error('text must be a string (the assistant content to answer with)');
      break;
    case 'keepalive':
      optionalCount(value['durationMs'], 'durationMs', true);
      optionalCount(value['intervalMs'], 'intervalMs');
      optionalCount(value['afterChunks'], 'afterChunks');
      if (value['intervalMs'] === 0) throw new Error('intervalMs must be at least 1');
      break;
    case 'malformedToolArguments':
      if (value['arguments'] !== undefined && typeof value['arguments'] !== 'string') throw new Error('arguments must be a string (the broken JSON text to send)');
      break;
    case 'unknownTool':
      if (value['name'] !== undefined && (typeof value['name'] !== 'string' || !value['name'])) throw new Error('name must be a non-empty string');
      break;
    case 'toolCallCut':
      optionalCount(value['afterArgumentChunks'], 'afterArgumentChunks');
      break;
    case 'manyToolCalls':
      optionalCount(value['total'], 'total');
      if (typeof value['total'] === 'number' && (value['total'] < 1 || value['total'] > 200)) throw new Error('total must be between 1 and 200');
      break;
    case 'structuredRefusal':
      if (value['text'] !== undefined && (typeof value['text'] !== 'string' || !value['text'])) throw new Error('text must be a non-empty string (the refusal)');
      break;
    case 'redirect':
      if (typeof value['location'] !== 'string' || !value['location']) throw new Error('location must be the URL to redirect to');
      if (value['status'] !== undefined && !REDIRECT_STATUSES.includes(value['status'] as number)) {
        throw new Error(`status must be one of ${REDIRECT_STATUSES.join(', ')}`);
      }
      break;
  }
  return value as unknown as FaultSpec;
}

/** The pending faults, consumed in order. */
export class FaultQueue {
  private readonly pending: Array<{ spec: FaultSpec; remaining: number }> = [];

  add(spec: FaultSpec): void {
    this.pending.push({ spec, remaining: spec.count ?? 1 });
  }

  /**
   * The fault for the next chat/stream request, if any (counts it as used). A head fault that
   * `applies` says does not fit this request stays queued for the next one that it fits.
   */
  take(applies: (spec: FaultSpec) => boolean = () => true): FaultSpec | undefined {
    const head = this.pending[0];
    if (!head || !applies(head.spec)) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) this.pending.shift();
    return head.spec;
  }

  /** What is still queued, with how many requests each fault will still affect. */
  list(): Array<FaultSpec & { readonly remaining: number }> {
    return this.pending.map(({ spec, remaining }) => ({ ...spec, remaining }));
  }

  clear(): void {
    this.pending.length = 0;
  }
}

/**
 * How the answering engine asks for a proposal of edits with structured output: Monster Gaming's
 * `POST /structured` with the schema, other gateways' chat with `response_format: json_schema`;
 * on a refusal, or where the endpoint or the format is unsupported, the same request as
 * `json_object`, read by the tolerant parser as before. An unsupported endpoint or format is
 * remembered for the provider and model, so later proposals do not ask twice.
 */
import type { ChatRequest, ChatResult, JsonSchemaFormat, StreamHandlers } from '../gateway/client';
import type { ProviderId } from '../gateway/providers';
import type { ChatGateway } from './types';

// Loaded with the first proposal (engine.ts): bundled, dist/structured.js, which carries the
// edit-list check as well (fix/editListChecks.ts). Types only from the rest of the extension, so
// no class is bundled twice (errors are read by their fields, never by instanceof).
export { editList } from '../fix/editListValidators.generated';

export interface ProposalCall {
  readonly request: ChatRequest;
  readonly schema: JsonSchemaFormat;
  readonly provider: ProviderId;
  readonly gateway: ChatGateway;
  readonly handlers: StreamHandlers;
  readonly signal: AbortSignal;
  /** The engine's streamed chat, with its rate-limit waits. */
  readonly stream: (request: ChatRequest) => Promise<ChatResult>;
  /** Any call with the engine's rate-limit waits. */
  readonly retried: (call: () => Promise<ChatResult>) => Promise<ChatResult>;
  /** A structured reply is read up to this. */
  readonly maxBytes: number;
  readonly log?: (line: string) => void;
  /** A refusal is the answer: returned as such, not asked again as json_object. */
  readonly keepRefusal?: boolean;
}

/** What a gateway says when it does not know the endpoint or the format (not a refusal of this request's content): a GatewayError's code and status. */
export function unsupported(error: unknown): boolean {
  const failure = error as { code?: unknown; details?: { status?: unknown } } | null;
  if (failure?.code !== 'INVALID_REQUEST' && failure?.code !== 'HTTP_ERROR') return false;
  return [400, 404, 405, 415, 422, 501].includes(failure.details?.status as number);
}

export class StructuredProposals {
  private readonly unsupportedFor = new Set<string>();

  /** The answer, and whether it was given under the schema (then it must match it). */
  async answer(call: ProposalCall): Promise<{ readonly result: ChatResult; readonly structured: boolean }> {
    const key = `${call.provider}\u0000${call.request.model}`;
    if (!this.unsupportedFor.has(key)) {
      const asked = { ...call.request, responseFormat: call.schema };
      const structured = call.provider === 'monsterGaming' ? call.gateway.structured?.bind(call.gateway) : undefined;
      const how = structured ? 'POST /structured' : 'response_format json_schema';
      try {
        const result = structured ? await call.retried(() => structured(asked, call.signal, call.maxBytes)) : await call.stream(asked);
        if (result.refusal === undefined || call.keepRefusal) {
          if (structured) {
            call.handlers.onResponse?.(result.info);
            if (result.text) call.handlers.onDelta(result.text);
          }
          return { result, structured: true };
        }
        call.log?.(`${how}: the model refused (${JSON.stringify(result.refusal)}); asking again as json_object.`);
      } catch (error) {
        if (call.signal.aborted || !unsupported(error)) throw error;
        this.unsupportedFor.add(key);
        call.log?.(`${how} is not supported here (${String((error as { details?: { status?: unknown } }).details?.status)} ${(error as Error).message}); asking as json_object from now on.`);
      }
    }
    return { result: await call.stream(call.request), structured: false };
  }
}

/**
 * How the answering engine asks for a proposal of edits with structured output: Monster Gaming's
 * `POST /structured` with the schema, other gateways' chat with `response_format: json_schema`;
 * on a refusal, or where the endpoint or the format is unsupported, the same request as
 * `json_object`, read by the tolerant parser as before. An unsupported endpoint or format is
 * remembered for the provider and model, so later proposals do not ask twice.
 */
import type { ChatRequest, ChatResult, JsonSchemaFormat, StreamHandlers } from '../gateway/client';
import { toGatewayError, type GatewayError } from '../gateway/errors';
import type { ProviderId } from '../gateway/providers';
import type { ChatGateway } from './types';

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
}

/** What a gateway says when it does not know the endpoint or the format (not a refusal of this request's content). */
export function unsupported(error: GatewayError): boolean {
  const status = error.details.status;
  if (error.code !== 'INVALID_REQUEST' && error.code !== 'HTTP_ERROR') return false;
  return status === 400 || status === 404 || status === 405 || status === 415 || status === 422 || status === 501;
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
        if (result.refusal === undefined) {
          if (structured) {
            call.handlers.onResponse?.(result.info);
            if (result.text) call.handlers.onDelta(result.text);
          }
          return { result, structured: true };
        }
        call.log?.(`${how}: the model refused (${JSON.stringify(result.refusal)}); asking again as json_object.`);
      } catch (error) {
        const failure = toGatewayError(error);
        if (call.signal.aborted || !unsupported(failure)) throw error;
        this.unsupportedFor.add(key);
        call.log?.(`${how} is not supported here (${failure.details.status ?? 'no status'} ${failure.message}); asking as json_object from now on.`);
      }
    }
    return { result: await call.stream(call.request), structured: false };
  }
}

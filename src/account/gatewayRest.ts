/**
 * The Monster Gaming REST endpoints beside chat (the account's readings, crash analysis), called
 * with the GatewayClient's conventions: the same connection (base URL, key), the one Wire
 * (headers, no redirects, proxy), a timeout, and every failure a GatewayError. Answers are
 * hostile: at most `maxBodyBytes` are read, and only what `valid` allows is believed.
 */
import { classifyFailure, type GatewayConnection } from '../gateway/client';
import { GatewayError, gatewayErrorFromResponse } from '../gateway/errors';
import { boundedText } from '../network/boundedBody';
import type { Wire } from '../network/wire';
import { withoutTrailingSlashes } from '../util/text';

/** The default read limit: any documented account answer is a few hundred bytes; a 90-day usage report a few KB. */
export const MAX_REST_BODY_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

export interface RestCall<T> {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** Below the base URL, with its query: `/usage?days=1`. */
  readonly path: string;
  readonly valid: (value: unknown) => value is T;
  /** Sent as JSON (POST, PATCH). */
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Overrides the caller's default (an AI analysis takes longer than a balance). */
  readonly timeoutMs?: number;
  /** Overrides MAX_REST_BODY_BYTES for an answer that is larger by nature (a page of crashes); still a bound. */
  readonly maxBytes?: number;
}

export class GatewayRest {
  constructor(
    private readonly connection: () => Promise<GatewayConnection>,
    private readonly wire: Wire,
    private readonly options: { readonly timeoutMs?: number } = {},
  ) {}

  async call<T>({ method, path, valid, body: sent, signal: callerSignal, timeoutMs: callTimeout, maxBytes = MAX_REST_BODY_BYTES }: RestCall<T>): Promise<T> {
    const { baseUrl, apiKey, headers } = await this.connection();
    const base = withoutTrailingSlashes(baseUrl);
    const timeoutMs = callTimeout ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    const init: RequestInit =
      sent === undefined
        ? { headers: { accept: 'application/json' }, signal }
        : { method, headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(sent), signal };
    try {
      const response = await this.wire.send({ baseUrl: base, headers: { ...headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) } }, `${base}${path}`, init);
      const text = await boundedText(response, maxBytes, () => new GatewayError('HTTP_ERROR', `The gateway's answer to ${method} ${path} is too large (over ${Math.round(maxBytes / 1024)} KB), so it was not read.`));
      const body = parseJson(text);
      if (!response.ok) throw gatewayErrorFromResponse(response.status, body ?? text, response.headers.get('retry-after'));
      if (!valid(body)) throw new GatewayError('HTTP_ERROR', `The gateway's answer to ${method} ${path} is not the documented shape.`);
      return body;
    } catch (error) {
      if (timeout.aborted && !(error instanceof GatewayError)) {
        throw new GatewayError('NETWORK', `The gateway did not answer ${method} ${path} within ${Math.round(timeoutMs / 1000)} s.`, { retryable: true });
      }
      throw classifyFailure(error, false);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

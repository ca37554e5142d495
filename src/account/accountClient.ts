/**
 * The account endpoints of the Monster Gaming API (credits, today's usage, spend caps, key
 * health), read with the GatewayClient's conventions: the same connection (base URL, key), the
 * one Wire (headers, no redirects, proxy), a timeout, and every failure a GatewayError. Answers
 * are hostile: at most MAX_ACCOUNT_BODY_BYTES are read, and only what the schemas allow is believed.
 */
import { classifyFailure, type GatewayConnection } from '../gateway/client';
import { GatewayError, gatewayErrorFromResponse } from '../gateway/errors';
import type { Wire } from '../network/wire';
import { withoutTrailingSlashes } from '../util/text';
import { isCreditBalance, isKeyHealth, isModelsHealth, isSpendLimit, isStatus, isUsage } from './accountChecks';
import type { StatusBody } from './accountSchema';
import type { ModelHealth } from './modelHealth';

/** Any documented account answer is a few hundred bytes; a 90-day usage report a few KB. */
export const MAX_ACCOUNT_BODY_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 15_000;

/** What the status-bar tooltip shows. */
export interface AccountSnapshot {
  readonly balanceUsd: number;
  /** `GET /usage?days=1`: spent since midnight UTC. */
  readonly spentTodayUsd: number;
  /** `null`: no cap. */
  readonly dailyCapUsd: number | null;
  readonly monthlyCapUsd: number | null;
}

/** `GET /keys/health`, as the reference's rotation table has it. */
export interface KeyHealth {
  readonly status: 'healthy' | 'aging' | 'stale';
  readonly ageDays: number;
}

export class AccountClient {
  constructor(
    private readonly connection: () => Promise<GatewayConnection>,
    private readonly wire: Wire,
    private readonly options: { readonly timeoutMs?: number } = {},
  ) {}

  /** Balance, today's spend and the caps (three GETs at once). */
  async snapshot(signal?: AbortSignal): Promise<AccountSnapshot> {
    const [balance, usage, limits] = await Promise.all([
      this.get('/credits/balance', isCreditBalance, signal),
      this.get('/usage?days=1', isUsage, signal),
      this.get('/billing/spend-limit', isSpendLimit, signal),
    ]);
    return { balanceUsd: balance.balance_usd, spentTodayUsd: usage.total_cost_usd, dailyCapUsd: limits.daily_cap_usd, monthlyCapUsd: limits.monthly_cap_usd };
  }

  async keyHealth(signal?: AbortSignal): Promise<KeyHealth> {
    const body = await this.get('/keys/health', isKeyHealth, signal);
    return { status: body.status, ageDays: body.age_days };
  }

  /** `GET /models/health`: each model's status and 24-hour success rate, by model id. */
  async modelsHealth(signal?: AbortSignal): Promise<ReadonlyMap<string, ModelHealth>> {
    const body = await this.get('/models/health', isModelsHealth, signal);
    return new Map(body.data.map((model) => [model.id, { status: model.status, ...(model.success_rate !== undefined ? { successRate: model.success_rate } : {}) }]));
  }

  /** `GET /status` (public): the platform's state, with the maintenance message and ETA where given. */
  status(signal?: AbortSignal): Promise<StatusBody> {
    return this.get('/status', isStatus, signal);
  }

  private async get<T>(path: string, valid: (value: unknown) => value is T, callerSignal?: AbortSignal): Promise<T> {
    const { baseUrl, apiKey, headers } = await this.connection();
    const base = withoutTrailingSlashes(baseUrl);
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    try {
      const response = await this.wire.send({ baseUrl: base, headers: { ...headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) } }, `${base}${path}`, { headers: { accept: 'application/json' }, signal });
      const text = await boundedText(response, path);
      const body = parseJson(text);
      if (!response.ok) throw gatewayErrorFromResponse(response.status, body ?? text, response.headers.get('retry-after'));
      if (!valid(body)) throw new GatewayError('HTTP_ERROR', `The gateway's answer to GET ${path} is not the documented shape.`);
      return body;
    } catch (error) {
      if (timeout.aborted && !(error instanceof GatewayError)) {
        throw new GatewayError('NETWORK', `The gateway did not answer GET ${path} within ${Math.round((this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s.`, { retryable: true });
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

/** The body as text, refused (and the connection dropped) past MAX_ACCOUNT_BODY_BYTES. */
async function boundedText(response: Response, path: string): Promise<string> {
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ACCOUNT_BODY_BYTES) {
      await reader.cancel();
      throw new GatewayError('HTTP_ERROR', `The gateway's answer to GET ${path} is too large (over ${MAX_ACCOUNT_BODY_BYTES / 1024} KB), so it was not read.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

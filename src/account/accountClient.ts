/**
 * The account endpoints of the Monster Gaming API (credits, today's usage, spend caps, key
 * health), read through GatewayRest (the GatewayClient's conventions, bounded answers); only
 * what the schemas allow is believed.
 */
import type { GatewayConnection } from '../gateway/client';
import { GatewayError } from '../gateway/errors';
import type { Wire } from '../network/wire';
import { GatewayRest, MAX_REST_BODY_BYTES } from './gatewayRest';
import { isBillingManage, isCreditBalance, isKeyHealth, isModelsHealth, isSpendLimit, isStatus, isUsage } from './accountChecks';
import type { StatusBody } from './accountSchema';
import type { ModelHealth } from './modelHealth';

/** Any documented account answer is a few hundred bytes; a 90-day usage report a few KB. */
export const MAX_ACCOUNT_BODY_BYTES = MAX_REST_BODY_BYTES;

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
  private readonly rest: GatewayRest;

  constructor(connection: () => Promise<GatewayConnection>, wire: Wire, options: { readonly timeoutMs?: number } = {}) {
    this.rest = new GatewayRest(connection, wire, options);
  }

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

  /**
   * `GET /billing/manage`: where to add credits (a Stripe checkout or customer portal page). The
   * answer is opened in the browser, so only an https address of Stripe or Monster Gaming is believed.
   */
  async billingUrl(signal?: AbortSignal): Promise<string> {
    const { url } = await this.get('/billing/manage', isBillingManage, signal);
    if (!isBillingHost(url)) throw new GatewayError('HTTP_ERROR', 'The gateway\'s billing address is not a Stripe or Monster Gaming https page, so it was not opened.');
    return url;
  }

  /** `GET /status` (public): the platform's state, with the maintenance message and ETA where given. */
  status(signal?: AbortSignal): Promise<StatusBody> {
    return this.get('/status', isStatus, signal);
  }

  private get<T>(path: string, valid: (value: unknown) => value is T, signal?: AbortSignal): Promise<T> {
    return this.rest.call({ method: 'GET', path, valid, ...(signal ? { signal } : {}) });
  }
}

const BILLING_HOSTS = ['stripe.com', 'monstergaming.ai'];

/** An https URL (at most 2,048 characters, no credentials) on a Stripe or Monster Gaming host. */
function isBillingHost(text: string): boolean {
  if (text.length > 2048) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && BILLING_HOSTS.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`));
  } catch {
    return false;
  }
}

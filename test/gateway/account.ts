/**
 * The account endpoints of the development gateway (reference: "Billing & Credits", "Usage",
 * "Key Management", "Models", "System Status"): credit balance, usage, spend caps, key health,
 * model health and the status API, from one switchable state so tests and `npm start` demos can
 * show a low balance, an aging key, a degraded model or maintenance.
 *
 * The reference names what each endpoint reports but prints no response body; the shapes here
 * use its field names where it has them (`monthly_cap_usd`, `daily_cap_usd` from the spend-limit
 * PUT; the key rotation table's healthy/aging/stale) and snake_case elsewhere.
 */
import { GatewayError } from './errors';
import { TIERS, type KeyInfo } from './keys';
import { MODELS } from './models';

export type KeyAge = 'fresh' | 'aging' | 'stale';

/** Scheduled maintenance: `/status` reports it, and chat answers 503 MAINTENANCE meanwhile. */
export interface Maintenance {
  readonly message: string;
  /** ISO 8601 time the platform is expected back. */
  readonly eta: string;
}

/** The switches (every field optional when set; `reset()` restores DEFAULT_ACCOUNT). */
export interface AccountState {
  readonly balanceUsd: number;
  readonly spentTodayUsd: number;
  /** `null`: no monthly cap (the default). */
  readonly monthlyCapUsd: number | null;
  /** Overrides the tier's daily cap when set (`null`: none). */
  readonly dailyCapUsd?: number | null;
  readonly keyAge: KeyAge;
  /** One model reported degraded by `/models/health`. */
  readonly degradedModel?: string;
  readonly maintenance?: Maintenance;
}

/** The signup credit ("a free API key with $5 credit"), a little spent today. */
export const DEFAULT_ACCOUNT: AccountState = { balanceUsd: 5, spentTodayUsd: 0.12, monthlyCapUsd: null, keyAge: 'fresh' };

/** Ages in days for each switch, inside the reference's rotation table (< 90, 90–180, > 180). */
const AGE_DAYS: Readonly<Record<KeyAge, number>> = { fresh: 12, aging: 120, stale: 240 };
const DAY_MS = 24 * 60 * 60 * 1000;

const isMoney = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Checks a switch body (`POST /__control/account`, `setAccount`); throws with what is wrong. */
export function parseAccountPatch(value: unknown): Partial<AccountState> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('account switch must be a JSON object');
  const patch = value as Record<string, unknown>;
  const known = ['balanceUsd', 'spentTodayUsd', 'monthlyCapUsd', 'dailyCapUsd', 'keyAge', 'degradedModel', 'maintenance'];
  for (const name of Object.keys(patch)) if (!known.includes(name)) throw new Error(`unknown account switch "${name}"; known: ${known.join(', ')}`);
  for (const name of ['balanceUsd', 'spentTodayUsd'] as const) if (name in patch && !isMoney(patch[name])) throw new Error(`${name} must be a non-negative number`);
  for (const name of ['monthlyCapUsd', 'dailyCapUsd'] as const) if (name in patch && patch[name] !== null && !isMoney(patch[name])) throw new Error(`${name} must be a non-negative number or null`);
  if ('keyAge' in patch && !['fresh', 'aging', 'stale'].includes(patch.keyAge as string)) throw new Error('keyAge must be fresh, aging or stale');
  if ('degradedModel' in patch && patch.degradedModel !== null && typeof patch.degradedModel !== 'string') throw new Error('degradedModel must be a model id or null');
  if ('maintenance' in patch && patch.maintenance !== null) {
    const m = patch.maintenance as Record<string, unknown> | undefined;
    if (typeof m !== 'object' || typeof m.eta !== 'string' || Number.isNaN(Date.parse(m.eta)) || (m.message !== undefined && typeof m.message !== 'string')) {
      throw new Error('maintenance must be {"eta": "<ISO time>", "message"?: "..."} or null');
    }
  }
  // `null` clears the optional switches; a maintenance without a message gets the generic one.
  const result: Record<string, unknown> = { ...patch };
  if (patch.degradedModel === null) result.degradedModel = undefined;
  if (patch.maintenance === null) result.maintenance = undefined;
  else if (patch.maintenance !== undefined) result.maintenance = { message: 'Scheduled maintenance', ...(patch.maintenance as Record<string, unknown>) };
  return result;
}

const round = (usd: number): number => Math.round(usd * 100) / 100;

/** `GET /v1/credits/balance`. */
export function creditBalance(state: AccountState, now: number): Record<string, unknown> {
  return {
    object: 'credit_balance',
    balance_usd: round(state.balanceUsd),
    currency: 'usd',
    daily_usage_usd: round(state.spentTodayUsd),
    expirations: [{ amount_usd: round(state.balanceUsd), expires_at: new Date(now + 365 * DAY_MS).toISOString().slice(0, 10) }],
  };
}

/** `GET /v1/usage?days=N` (1–90, default 30): daily aggregates, today's spend from the switch. */
export function usage(state: AccountState, query: URLSearchParams, now: number): Record<string, unknown> {
  const raw = query.get('days') ?? '30';
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > 90) throw new GatewayError('INVALID_REQUEST', `days must be an integer from 1 to 90, got "${raw}".`);
  const format = query.get('format');
  if (format !== null && format !== 'csv') throw new GatewayError('INVALID_REQUEST', `format must be csv (or left out for JSON), got "${format}".`);
  const today = new Date(now);
  const daily = Array.from({ length: days }, (_, i) => {
    const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
    const cost = i === 0 ? state.spentTodayUsd : 0;
    return { date: day.toISOString().slice(0, 10), requests: cost > 0 ? Math.max(1, Math.round(cost * 100)) : 0, cost_usd: round(cost) };
  });
  const total = round(daily.reduce((sum, d) => sum + d.cost_usd, 0));
  return {
    object: 'usage',
    days,
    total_cost_usd: total,
    total_requests: daily.reduce((sum, d) => sum + d.requests, 0),
    daily,
    by_model: total > 0 ? [{ model: 'deepseek-chat', cost_usd: total }] : [],
    projection: { month_end_usd: round(total * 30 / days) },
    credit_forecast: { days_remaining: total > 0 ? Math.floor(state.balanceUsd / (total / days)) : null },
  };
}

/**
 * `GET /v1/usage?format=csv` ("for spreadsheet export"): the JSON answer's daily aggregates, one
 * row a day, newest first, as RFC 4180 text (a header row, CRLF line ends; no field needs quotes).
 */
export function usageCsv(answer: Record<string, unknown>): string {
  const daily = answer.daily as ReadonlyArray<{ readonly date: string; readonly requests: number; readonly cost_usd: number }>;
  return ['date,requests,cost_usd', ...daily.map((d) => `${d.date},${d.requests},${d.cost_usd}`)].map((line) => `${line}\r\n`).join('');
}

/**
 * `PUT /v1/billing/spend-limit` with `{monthly_cap_usd?, daily_cap_usd?}`: "Set or update your
 * monthly/daily spend cap. Set to null to remove." A cap left out stays as it is.
 */
export function spendLimitUpdate(body: unknown): Partial<AccountState> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GatewayError('INVALID_REQUEST', 'The request body must be a JSON object: {"monthly_cap_usd": 100, "daily_cap_usd": 10}.');
  const caps = body as Record<string, unknown>;
  const unknown = Object.keys(caps).filter((name) => name !== 'monthly_cap_usd' && name !== 'daily_cap_usd');
  if (unknown.length > 0) throw new GatewayError('INVALID_REQUEST', `Unknown field ${unknown.join(', ')}: the caps are monthly_cap_usd and daily_cap_usd.`);
  for (const name of ['monthly_cap_usd', 'daily_cap_usd']) {
    if (name in caps && caps[name] !== null && !isMoney(caps[name])) throw new GatewayError('INVALID_REQUEST', `${name} must be a non-negative number of USD, or null to remove the cap.`);
  }
  return {
    ...('monthly_cap_usd' in caps ? { monthlyCapUsd: caps.monthly_cap_usd as number | null } : {}),
    ...('daily_cap_usd' in caps ? { dailyCapUsd: caps.daily_cap_usd as number | null } : {}),
  };
}

/**
 * `GET /v1/billing/manage[?tier=…]`: "a Stripe checkout or customer portal URL". The reference
 * prints no body; `url` is our reading. Test-mode Stripe addresses that open nothing real.
 */
export function billingManage(query: URLSearchParams, key: KeyInfo): Record<string, unknown> {
  const tier = query.get('tier');
  if (tier === null) return { object: 'billing_session', url: `https://billing.stripe.com/p/session/test_mg_dev_${key.tier}` };
  if (!(TIERS as readonly string[]).includes(tier)) throw new GatewayError('INVALID_REQUEST', `tier must be one of ${TIERS.join(', ')}, got "${tier}".`);
  return { object: 'billing_session', url: `https://checkout.stripe.com/c/pay/cs_test_mg_dev_${tier}` };
}

/** `GET /v1/billing/spend-limit`: the caps as PUT sets them. */
export function spendLimit(state: AccountState, key: KeyInfo): Record<string, unknown> {
  return { monthly_cap_usd: state.monthlyCapUsd, daily_cap_usd: state.dailyCapUsd !== undefined ? state.dailyCapUsd : key.dailyCapUsd };
}

/** `GET /v1/keys/health`: the rotation table's state for the switched age. */
export function keyHealth(state: AccountState, key: KeyInfo, now: number): Record<string, unknown> {
  const ageDays = AGE_DAYS[state.keyAge];
  const status = state.keyAge === 'fresh' ? 'healthy' : state.keyAge;
  return {
    key_prefix: key.key.slice(0, 12),
    created_at: new Date(now - ageDays * DAY_MS).toISOString(),
    last_used_at: new Date(now).toISOString(),
    age_days: ageDays,
    status,
    recommendation: status === 'healthy' ? 'No action needed.' : status === 'aging' ? 'Consider rotating this key (portal or POST /portal/api/keys/rotate).' : 'Rotate this key immediately (portal or POST /portal/api/keys/rotate).',
  };
}

/** `GET /v1/models/health` (public): every model operational but the switched one. */
export function modelsHealth(state: AccountState): Record<string, unknown> {
  return {
    object: 'list',
    window_hours: 24,
    data: MODELS.map((model) => {
      const degraded = model.id === state.degradedModel;
      return { id: model.id, status: degraded ? 'degraded' : 'operational', success_rate: degraded ? 0.62 : 0.998, requests_24h: 1000 };
    }),
  };
}

/** `GET /v1/status` (public). */
export function status(state: AccountState, now: number): Record<string, unknown> {
  return {
    status: state.maintenance ? 'maintenance' : state.degradedModel ? 'degraded' : 'operational',
    updated_at: new Date(now).toISOString(),
    models: { total: MODELS.length, available: MODELS.length - (state.degradedModel ? 1 : 0) },
    ...(state.maintenance ? { maintenance: { message: state.maintenance.message, eta: state.maintenance.eta } } : {}),
  };
}

/** The 503 chat answers while maintenance is on; `Retry-After` until the ETA (at least 1 s). */
export function maintenanceError(maintenance: Maintenance, now: number): GatewayError {
  const seconds = Math.max(1, Math.ceil((Date.parse(maintenance.eta) - now) / 1000));
  return new GatewayError('MAINTENANCE', `Platform under scheduled maintenance (${maintenance.message}). Check /status for ETA: ${maintenance.eta}.`, { retryAfter: seconds });
}

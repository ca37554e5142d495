/**
 * API keys and tiers as the development gateway understands them.
 *
 * The real gateway looks keys up in a database; here the key itself says what it is, so a test
 * can pick a tier by choosing a key name (`mg_live_free_demo123` is a Free key) without any setup.
 */

/** Pricing tiers, cheapest first (the order matters: it is how model access is compared). */
export const TIERS = ['free', 'payg', 'starter', 'pro', 'studio', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

export type KeyType = 'live' | 'test' | 'pat';
export type Environment = 'production' | 'sandbox';

/** What an accepted key resolves to. */
export interface KeyInfo {
  readonly key: string;
  readonly type: KeyType;
  readonly tier: Tier;
  readonly environment: Environment;
  /** Requests per minute this key may make. */
  readonly requestsPerMinute: number;
  /** Daily spend cap in USD; `null` for Enterprise ("Custom" in the reference). */
  readonly dailyCapUsd: number | null;
}

/** The reference's rate-limit table; Enterprise is "Custom", modelled as effectively unlimited. */
const TIER_LIMITS: Readonly<Record<Tier, { readonly rpm: number; readonly dailyCapUsd: number | null }>> = {
  free: { rpm: 10, dailyCapUsd: 5 },
  payg: { rpm: 30, dailyCapUsd: 5 },
  starter: { rpm: 60, dailyCapUsd: 10 },
  pro: { rpm: 300, dailyCapUsd: 50 },
  studio: { rpm: 1000, dailyCapUsd: 200 },
  enterprise: { rpm: 10000, dailyCapUsd: null },
};

/** Sandbox (`mg_test_`) keys are "rate-limited to 5 req/min" whatever their tier. */
const SANDBOX_RPM = 5;

const KEY_PATTERN = /^mg_(live|test|pat)_([A-Za-z0-9_]{6,})$/;

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/** Compares tiers by price: negative when `a` is below `b`. */
export function compareTiers(a: Tier, b: Tier): number {
  return TIERS.indexOf(a) - TIERS.indexOf(b);
}

/** Pulls the key out of an `Authorization: Bearer …` header; undefined when absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Resolves a key, or returns undefined when the gateway must answer INVALID_API_KEY.
 *
 * `explicit` (from the gateway options) wins over the tier named in the key, so a test can give
 * an ordinary-looking key any tier it needs; a key listed there is accepted even when it does not
 * follow the `mg_…` pattern (its type is then `live`).
 */
export function resolveKey(
  key: string | undefined,
  explicit: Readonly<Record<string, Tier>> = {},
): KeyInfo | undefined {
  if (key === undefined) return undefined;
  const listed = Object.prototype.hasOwnProperty.call(explicit, key) ? explicit[key] : undefined;
  const match = KEY_PATTERN.exec(key);
  if (listed === undefined && (!match || /invalid|revoked/i.test(key))) return undefined;
  const type = (match?.[1] ?? 'live') as KeyType;
  const namedTier = match?.[2].split('_')[0];
  const tier: Tier = listed ?? (isTier(namedTier) ? namedTier : 'starter');
  const environment: Environment = type === 'test' ? 'sandbox' : 'production';
  const limits = TIER_LIMITS[tier];
  return {
    key,
    type,
    tier,
    environment,
    requestsPerMinute: environment === 'sandbox' ? SANDBOX_RPM : limits.rpm,
    dailyCapUsd: limits.dailyCapUsd,
  };
}

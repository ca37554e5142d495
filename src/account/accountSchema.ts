/**
 * What the account endpoints must answer, as JSON Schema: a gateway's answer is input like any
 * other, so only these fields, of these types and ranges, are believed. Properties a schema does
 * not name are removed. The checks are ajv's, compiled ahead of time (`npm run schemas` writes
 * accountValidators.generated.ts; accountChecks.ts types them).
 */

/** More money than any account holds: a larger number is a broken or hostile answer. */
const money = { type: 'number', minimum: 0, maximum: 1e9 } as const;
const cap = { type: ['number', 'null'], minimum: 0, maximum: 1e9 } as const;

/** Every schema, by the name its generated check is exported under. */
export const ACCOUNT_SCHEMAS = {
  /** `GET /credits/balance`. */
  creditBalance: { $id: 'creditBalance', type: 'object', required: ['balance_usd'], additionalProperties: false, properties: { balance_usd: money } },
  /** `GET /usage?days=1`: the window's total is today's spend. */
  usage: { $id: 'usage', type: 'object', required: ['total_cost_usd'], additionalProperties: false, properties: { total_cost_usd: money } },
  /** `GET /billing/spend-limit`: `null` is "no cap". */
  spendLimit: { $id: 'spendLimit', type: 'object', required: ['monthly_cap_usd', 'daily_cap_usd'], additionalProperties: false, properties: { monthly_cap_usd: cap, daily_cap_usd: cap } },
  /** `GET /keys/health`: the rotation table's states. */
  keyHealth: {
    $id: 'keyHealth',
    type: 'object',
    required: ['status', 'age_days'],
    additionalProperties: false,
    properties: { status: { enum: ['healthy', 'aging', 'stale'] }, age_days: { type: 'number', minimum: 0, maximum: 100_000 } },
  },
  /**
   * `GET /models/health` (public): each model's status and 24-hour success rate; other fields are
   * dropped. Strings are bounded by the body's 64 KB (a length check would need ajv at run time);
   * a status is only ever compared, never shown (modelHealth.ts).
   */
  modelsHealth: {
    $id: 'modelsHealth',
    type: 'object',
    required: ['data'],
    additionalProperties: false,
    properties: {
      data: {
        type: 'array',
        maxItems: 1000,
        items: {
          type: 'object',
          required: ['id', 'status'],
          additionalProperties: false,
          properties: { id: { type: 'string' }, status: { type: 'string' }, success_rate: { type: 'number', minimum: 0, maximum: 1 } },
        },
      },
    },
  },
  /**
   * `GET /status` (public): the platform's state and, during maintenance, its message and ETA.
   * Shown in an error card, so both strings are cut to a line by the reader (statusNote).
   */
  status: {
    $id: 'status',
    type: 'object',
    required: ['status'],
    additionalProperties: false,
    properties: {
      status: { type: 'string' },
      maintenance: { type: 'object', required: ['eta'], additionalProperties: false, properties: { message: { type: 'string' }, eta: { type: 'string' } } },
    },
  },
  /**
   * `GET /billing/manage`: "a Stripe checkout or customer portal URL" (no body printed; `url` is
   * our reading). Opened in the browser, so AccountClient.billingUrl also checks its host.
   */
  billingManage: { $id: 'billingManage', type: 'object', required: ['url'], additionalProperties: false, properties: { url: { type: 'string', pattern: '^https://' } } },
} as const;

export type AccountSchemaName = keyof typeof ACCOUNT_SCHEMAS;

export interface CreditBalanceBody {
  readonly balance_usd: number;
}
export interface UsageBody {
  readonly total_cost_usd: number;
}
export interface SpendLimitBody {
  readonly monthly_cap_usd: number | null;
  readonly daily_cap_usd: number | null;
}
export interface KeyHealthBody {
  readonly status: 'healthy' | 'aging' | 'stale';
  readonly age_days: number;
}
export interface ModelsHealthBody {
  readonly data: ReadonlyArray<{ readonly id: string; readonly status: string; readonly success_rate?: number }>;
}
export interface BillingManageBody {
  readonly url: string;
}
export interface StatusBody {
  readonly status: string;
  readonly maintenance?: { readonly message?: string; readonly eta: string };
}

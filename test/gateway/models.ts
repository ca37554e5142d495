/**
 * The model catalogue the development gateway serves: the "Popular Models" table of the API
 * reference, with context windows so CONTEXT_OVERFLOW can be produced by real conditions.
 *
 * Prices are illustrative (deepseek-chat's come from the reference); nothing bills here.
 */
import type { Tier } from './keys';
import { TIERS, compareTiers } from './keys';

export interface ModelInfo {
  readonly id: string;
  readonly ownedBy: string;
  readonly tierMinimum: Tier;
  /** Context window in tokens (prompt + completion). */
  readonly contextTokens: number;
  readonly inputPer1m: number;
  readonly outputPer1m: number;
}

export const MODELS: readonly ModelInfo[] = [
  { id: 'monster-gpt', ownedBy: 'monstergaming', tierMinimum: 'free', contextTokens: 128_000, inputPer1m: 0.2, outputPer1m: 0.6 },
  { id: 'deepseek-chat', ownedBy: 'deepseek', tierMinimum: 'free', contextTokens: 64_000, inputPer1m: 0.14, outputPer1m: 0.28 },
  { id: 'gemini-3-flash', ownedBy: 'google', tierMinimum: 'free', contextTokens: 1_000_000, inputPer1m: 0.1, outputPer1m: 0.4 },
  { id: 'claude-sonnet-4-6', ownedBy: 'anthropic', tierMinimum: 'starter', contextTokens: 200_000, inputPer1m: 3, outputPer1m: 15 },
  { id: 'gpt-4o', ownedBy: 'openai', tierMinimum: 'starter', contextTokens: 128_000, inputPer1m: 2.5, outputPer1m: 10 },
  { id: 'claude-opus-4-6', ownedBy: 'anthropic', tierMinimum: 'pro', contextTokens: 200_000, inputPer1m: 15, outputPer1m: 75 },
];

/** The model that routes to discipline specialists. */
export const ROUTING_MODEL = 'monster-gpt';

/** Rough prompt size: the gateway (like most providers) budgets about 4 characters per token. */
export const CHARS_PER_TOKEN = 4;

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}

export function modelAllowed(model: ModelInfo, tier: Tier): boolean {
  return compareTiers(tier, model.tierMinimum) >= 0;
}

/** A fixed `created` stamp so model listings are deterministic. */
const CREATED = 1_767_225_600;

const TIER_NAMES: Readonly<Record<Tier, { readonly name: string; readonly price: number | null }>> = {
  free: { name: 'Free', price: 0 },
  payg: { name: 'Pay-As-You-Go', price: 0.99 },
  starter: { name: 'Starter', price: 39.99 },
  pro: { name: 'Pro', price: 99.99 },
  studio: { name: 'Studio', price: 249.99 },
  enterprise: { name: 'Enterprise', price: null },
};

/**
 * `GET /v1/models`: the OpenAI list shape plus the reference's fields and `_meta`.
 * `contextWindows` replaces the catalogue's windows (the same the gateway validates against).
 */
export function modelList(tier: Tier, contextWindows: Readonly<Record<string, number>> = {}): object {
  const available = MODELS.filter((m) => modelAllowed(m, tier));
  return {
    object: 'list',
    data: available.map((m) => ({
      id: m.id,
      shorthand: m.id,
      object: 'model',
      created: CREATED,
      owned_by: m.ownedBy,
      tier_minimum: m.tierMinimum,
      context_window: contextWindows[m.id] ?? m.contextTokens,
      pricing: { input_per_1m: m.inputPer1m, output_per_1m: m.outputPer1m, currency: 'usd' },
    })),
    _meta: {
      total: MODELS.length,
      providers: [...new Set(MODELS.map((m) => m.ownedBy))],
      tier,
      tiers: TIERS.map((t) => ({
        name: TIER_NAMES[t].name,
        price_monthly_usd: TIER_NAMES[t].price,
        models_available: MODELS.filter((m) => modelAllowed(m, t)).length,
      })),
    },
  };
}

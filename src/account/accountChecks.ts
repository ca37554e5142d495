/** The checks of accountSchema.ts, typed: ajv's code generated ahead of time (see there). */
import type { AccountSchemaName, CreditBalanceBody, KeyHealthBody, ModelsHealthBody, SpendLimitBody, UsageBody } from './accountSchema';
import type * as Generated from './accountValidators.generated';

type Check = (data: unknown) => boolean;
let loaded: typeof Generated | undefined;

/**
 * The generated checks, loaded with the first account reading, not at activation: bundled,
 * esbuild points this require at dist/account.js (esbuild.js); transpiled one-to-one for the
 * tests, it loads the generated module next to this file.
 */
function generated(): typeof Generated {
  loaded ??= require('./accountValidators.generated') as typeof Generated;
  return loaded;
}

const check =
  <T>(name: AccountSchemaName) =>
  (value: unknown): value is T =>
    (generated()[name] as Check)(value);

export const isCreditBalance = check<CreditBalanceBody>('creditBalance');
export const isUsage = check<UsageBody>('usage');
export const isSpendLimit = check<SpendLimitBody>('spendLimit');
export const isKeyHealth = check<KeyHealthBody>('keyHealth');
export const isModelsHealth = check<ModelsHealthBody>('modelsHealth');

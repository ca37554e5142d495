/** The checks of accountSchema.ts, typed: ajv's code generated ahead of time (see there). */
import type { AccountSchemaName, CreditBalanceBody, KeyHealthBody, SpendLimitBody, UsageBody } from './accountSchema';
import * as generated from './accountValidators.generated';

type Check = (data: unknown) => boolean;

const check =
  <T>(name: AccountSchemaName) =>
  (value: unknown): value is T =>
    (generated[name] as Check)(value);

export const isCreditBalance = check<CreditBalanceBody>('creditBalance');
export const isUsage = check<UsageBody>('usage');
export const isSpendLimit = check<SpendLimitBody>('spendLimit');
export const isKeyHealth = check<KeyHealthBody>('keyHealth');

/**
 * The checks of accountSchema.ts, typed: ajv's code generated ahead of time (see there), loaded
 * with the first account reading (esbuild points the require at dist/account.js).
 */
import { lazyChecks } from '../util/lazyChecks';
import type { BillingManageBody, CreditBalanceBody, KeyHealthBody, ModelsHealthBody, SpendLimitBody, StatusBody, UsageBody } from './accountSchema';
import type * as Generated from './accountValidators.generated';

const check = lazyChecks<typeof Generated>(() => require('./accountValidators.generated') as typeof Generated);

export const isCreditBalance = check<CreditBalanceBody>('creditBalance');
export const isUsage = check<UsageBody>('usage');
export const isSpendLimit = check<SpendLimitBody>('spendLimit');
export const isKeyHealth = check<KeyHealthBody>('keyHealth');
export const isModelsHealth = check<ModelsHealthBody>('modelsHealth');
export const isStatus = check<StatusBody>('status');
export const isBillingManage = check<BillingManageBody>('billingManage');

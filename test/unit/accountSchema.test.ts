import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { isCreditBalance, isKeyHealth, isSpendLimit, isUsage } from '../../src/account/accountChecks';
import { GENERATED, generatedValidators } from '../../scripts/accountValidators';

describe('Account schemas', () => {
  it('src/account/accountValidators.generated.ts is up to date (run `npm run schemas` after changing accountSchema.ts)', () => {
    assert.equal(fs.readFileSync(GENERATED, 'utf8'), generatedValidators());
  });

  it('keep only the named fields of a documented answer', () => {
    const balance = { object: 'credit_balance', balance_usd: 4.2, secret: 'x' };
    assert.equal(isCreditBalance(balance), true);
    assert.deepEqual(balance, { balance_usd: 4.2 });
    assert.equal(isUsage({ total_cost_usd: 0 }), true);
    assert.equal(isSpendLimit({ monthly_cap_usd: null, daily_cap_usd: 10 }), true);
    assert.equal(isKeyHealth({ status: 'aging', age_days: 120 }), true);
  });

  it('refuse wrong types, negative or absurd amounts, unknown states and missing fields', () => {
    for (const bad of [null, [], 'x', {}, { balance_usd: -0.01 }, { balance_usd: '5' }, { balance_usd: 2e9 }]) assert.equal(isCreditBalance(bad), false, JSON.stringify(bad));
    assert.equal(isSpendLimit({ monthly_cap_usd: null }), false);
    assert.equal(isSpendLimit({ monthly_cap_usd: 'none', daily_cap_usd: 1 }), false);
    assert.equal(isKeyHealth({ status: 'ancient', age_days: 1 }), false);
    assert.equal(isKeyHealth({ status: 'stale', age_days: -3 }), false);
  });
});

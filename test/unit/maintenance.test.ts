import * as assert from 'node:assert/strict';
import { statusWithin, wantsStatus, withStatus } from '../../src/answering/maintenance';
import { english } from '../../src/answering/l10n';
import { GatewayError } from '../../src/gateway/errors';
import type { ErrorView } from '../../src/shared/protocol';

const card: ErrorView = { code: 'MAINTENANCE', title: 'Monster Gaming is under maintenance', message: 'Platform under scheduled maintenance.', remediation: 'Check the status.', actions: [{ kind: 'retry', label: 'Retry' }] };
const now = Date.parse('2030-01-01T06:00:00Z');

describe('Maintenance cards', () => {
  it('show the message and the ETA, with minutes to go, and link the status page once', () => {
    const view = withStatus({ ...card, actions: [...card.actions, { kind: 'openStatus', label: 'x' }] }, { status: 'maintenance', maintenance: { message: 'DB\nupgrade', eta: '2030-01-01T07:00:00Z' } }, english, now);
    assert.equal(view.remediation, 'DB upgrade: expected back at 2030-01-01 07:00 UTC (in about 60 min). Retry then; the status page has updates.');
    assert.deepEqual(view.actions, [{ kind: 'retry', label: 'Retry' }, { kind: 'openStatus', label: 'Open status page' }]);
  });

  it('leave the minutes out when the ETA is over a day away', () => {
    const view = withStatus(card, { status: 'maintenance', maintenance: { message: 'Migration', eta: '2030-01-03T06:00:00Z' } }, english, now);
    assert.equal(view.remediation, 'Migration: expected back at 2030-01-03 06:00 UTC. Retry; the status page has updates.');
  });

  it('say "expected back" without minutes once the ETA has passed, and cut a long message', () => {
    const view = withStatus(card, { status: 'maintenance', maintenance: { message: 'x'.repeat(500), eta: '2030-01-01T05:00:00Z' } }, english, now);
    assert.match(view.remediation ?? '', /^x{199}…: expected back at 2030-01-01 05:00 UTC\. Retry;/);
  });

  it('keep the card\'s own advice without a status, without maintenance, or with an ETA that is not a time', () => {
    for (const status of [undefined, { status: 'operational' }, { status: 'maintenance', maintenance: { eta: 'soon' } }]) {
      const view = withStatus(card, status, english, now);
      assert.equal(view.remediation, card.remediation, JSON.stringify(status));
      assert.deepEqual(view.actions.map((a) => a.kind), ['retry', 'openStatus']);
    }
  });

  it('are for Monster Gaming maintenance and 503s only', () => {
    assert.equal(wantsStatus(new GatewayError('MAINTENANCE', 'm', { status: 503 }), undefined), true);
    assert.equal(wantsStatus(new GatewayError('PROVIDER_UNAVAILABLE', 'm', { status: 503 }), { providerLabel: 'Monster Gaming', monsterGaming: true, baseUrl: '' }), true);
    assert.equal(wantsStatus(new GatewayError('MAINTENANCE', 'm', { status: 503 }), { providerLabel: 'Moonshot', monsterGaming: false, baseUrl: '' }), false);
    assert.equal(wantsStatus(new GatewayError('RATE_LIMITED', 'm', { status: 429 }), undefined), false);
  });

  it('read the status in bounded time, and never throw', async () => {
    assert.equal(await statusWithin(() => new Promise(() => undefined), 20), undefined);
    assert.equal(await statusWithin(() => Promise.reject(new Error('down')), 20), undefined);
    assert.deepEqual(await statusWithin(() => Promise.resolve({ status: 'operational' }), 1_000), { status: 'operational' });
  });
});

import * as assert from 'node:assert/strict';
import { AccountClient, MAX_ACCOUNT_BODY_BYTES } from '../../src/account/accountClient';
import { GatewayError } from '../../src/gateway/errors';
import { Wire } from '../../src/network/wire';
import { startGateway, type DevGateway } from '../gateway/server';
import { endless, ENDLESS_BYTES, hostile } from '../support/hostileServer';

describe('AccountClient reads credits, spend and key health from the gateway', () => {
  let gateway: DevGateway;
  const wire = new Wire({ userAgent: 'monster-gaming-vscode/account-test' });
  const client = (url: string, apiKey = 'mg_live_starter_accountclient'): AccountClient => new AccountClient(() => Promise.resolve({ baseUrl: url, apiKey }), wire);

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(async () => {
    wire.dispose();
    await gateway.close();
  });
  beforeEach(() => gateway.reset());

  it('snapshot: balance, today\'s spend (usage?days=1) and the caps, with the key', async () => {
    gateway.setAccount({ balanceUsd: 3.5, spentTodayUsd: 0.25, monthlyCapUsd: 100 });
    const snapshot = await client(gateway.url).snapshot();
    assert.deepEqual(snapshot, { balanceUsd: 3.5, spentTodayUsd: 0.25, dailyCapUsd: 10, monthlyCapUsd: 100 });
    const requests = gateway.requests.map((r) => `${r.method} ${r.path}`).sort();
    assert.deepEqual(requests, ['GET /v1/billing/spend-limit', 'GET /v1/credits/balance', 'GET /v1/usage']);
    assert.ok(gateway.requests.every((r) => r.headers.authorization === 'Bearer mg_live_starter_accountclient'));
    assert.ok(gateway.requests.some((r) => r.query === 'days=1'), 'today only');
  });

  it('keyHealth: the key\'s rotation state', async () => {
    gateway.setAccount({ keyAge: 'aging' });
    const health = await client(gateway.url).keyHealth();
    assert.equal(health.status, 'aging');
    assert.ok(health.ageDays >= 90);
  });

  it('modelsHealth: each model\'s status and 24-hour success rate, the degraded one marked', async () => {
    gateway.setAccount({ degradedModel: 'deepseek-chat' });
    const health = await client(gateway.url).modelsHealth();
    assert.deepEqual(health.get('deepseek-chat'), { status: 'degraded', successRate: 0.62 });
    assert.deepEqual(health.get('monster-gpt'), { status: 'operational', successRate: 0.998 });
    assert.deepEqual(gateway.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/models/health']);
  });

  it('modelsHealth refuses hostile answers: a rate over 1, ids that are not strings, thousands of entries', async () => {
    const many = { data: Array.from({ length: 5000 }, (_, i) => ({ id: `m${i}`, status: 'operational' })) };
    for (const body of [{ data: [{ id: 'a', status: 'operational', success_rate: 7 }] }, { data: [{ id: 3, status: 'operational' }] }, { data: 'x' }, many]) {
      const server = await hostile((res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
      try {
        await assert.rejects(client(server.url).modelsHealth(), (error: unknown) => error instanceof GatewayError && error.code === 'HTTP_ERROR', JSON.stringify(body).slice(0, 100));
      } finally {
        await server.close();
      }
    }
  });

  it('a rejected key is the documented GatewayError', async () => {
    await assert.rejects(client(gateway.url, 'mg_live_revoked_key').snapshot(), (error: unknown) => error instanceof GatewayError && error.code === 'INVALID_API_KEY');
  });

  it('hostile answers are refused, not believed: wrong types, a negative balance, a string where a number belongs', async () => {
    for (const body of [{ balance_usd: '5' }, { balance_usd: -1 }, [], 'text', { balance_usd: 1e308 * 10 }]) {
      const server = await hostile((res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
      try {
        await assert.rejects(client(server.url).keyHealth(), (error: unknown) => error instanceof GatewayError && error.code === 'HTTP_ERROR', JSON.stringify(body));
        await assert.rejects(client(server.url).snapshot(), (error: unknown) => error instanceof GatewayError && error.code === 'HTTP_ERROR', JSON.stringify(body));
      } finally {
        await server.close();
      }
    }
  });

  it('a body over the size bound is cut off and refused (never read whole)', async () => {
    const body = endless('{"balance_usd": 1, "pad": "', '"}');
    const server = await hostile(body.answer);
    try {
      await assert.rejects(client(server.url).keyHealth(), (error: unknown) => error instanceof GatewayError && error.code === 'HTTP_ERROR' && /too large/i.test(error.message));
      assert.ok(body.written() < ENDLESS_BYTES, `stopped reading after ${MAX_ACCOUNT_BODY_BYTES} bytes`);
    } finally {
      await server.close();
    }
  });

  it('billingUrl: the Stripe page GET /billing/manage names; anything but an https Stripe or Monster Gaming address is refused', async () => {
    assert.equal(await client(gateway.url).billingUrl(), 'https://billing.stripe.com/p/session/test_mg_dev_starter');
    assert.ok(gateway.requests.some((r) => r.path === '/v1/billing/manage'));
    let url: unknown;
    const server = await hostile((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url }));
    });
    try {
      for (const good of ['https://checkout.stripe.com/c/pay/cs_live_1', 'https://monstergaming.ai/billing']) {
        url = good;
        assert.equal(await client(server.url).billingUrl(), good);
      }
      for (const bad of ['http://billing.stripe.com/p/1', 'https://stripe.com.evil.example/p', 'https://evilstripe.com/', 'https://user:pw@billing.stripe.com/', 'javascript:alert(1)', `https://billing.stripe.com/${'x'.repeat(3000)}`, 42]) {
        url = bad;
        await assert.rejects(client(server.url).billingUrl(), (error: unknown) => error instanceof GatewayError && error.code === 'HTTP_ERROR', String(bad).slice(0, 60));
      }
    } finally {
      await server.close();
    }
  });

  it('a gateway that never answers times out', async () => {
    const server = await hostile(() => undefined);
    try {
      const slow = new AccountClient(() => Promise.resolve({ baseUrl: server.url, apiKey: 'mg_live_k_timeout' }), wire, { timeoutMs: 200 });
      await assert.rejects(slow.keyHealth(), (error: unknown) => error instanceof GatewayError && error.code === 'NETWORK');
    } finally {
      await server.close();
    }
  });
});

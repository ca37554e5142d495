import * as assert from 'node:assert/strict';
import { startGateway, type DevGateway } from '../gateway/server';

/** The development gateway's account endpoints (reference: Billing & Credits, Usage, Key Management, Models, System Status). */
describe('Development gateway: account endpoints', () => {
  let gateway: DevGateway;
  const key = 'mg_live_starter_accounttests';
  const get = async (path: string, auth = true): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${gateway.url}${path}`, { headers: auth ? { authorization: `Bearer ${key}` } : {} });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  it('GET /credits/balance: balance, daily usage and expirations; the balance switch changes it', async () => {
    const before = await get('/credits/balance');
    assert.equal(before.status, 200);
    assert.equal(before.body.object, 'credit_balance');
    assert.equal(before.body.balance_usd, 5);
    assert.equal(typeof before.body.daily_usage_usd, 'number');
    assert.ok(Array.isArray(before.body.expirations));
    gateway.setAccount({ balanceUsd: 0.42 });
    assert.equal((await get('/credits/balance')).body.balance_usd, 0.42);
  });

  it('GET /usage?days=1: daily aggregates and the total; days outside 1–90 is a 400 INVALID_REQUEST', async () => {
    gateway.setAccount({ spentTodayUsd: 0.37 });
    const usage = await get('/usage?days=1');
    assert.equal(usage.status, 200);
    assert.equal(usage.body.days, 1);
    assert.equal(usage.body.total_cost_usd, 0.37);
    const daily = usage.body.daily as Array<Record<string, unknown>>;
    assert.equal(daily.length, 1);
    assert.equal(daily[0].cost_usd, 0.37);
    assert.equal((await get('/usage?days=30')).body.days, 30);
    const tooMany = await get('/usage?days=91');
    assert.equal(tooMany.status, 400);
    assert.equal((tooMany.body.error as Record<string, unknown>).code, 'INVALID_REQUEST');
  });

  it('GET /billing/spend-limit: the caps as PUT takes them (monthly_cap_usd, daily_cap_usd; null for none)', async () => {
    assert.deepEqual((await get('/billing/spend-limit')).body, { monthly_cap_usd: null, daily_cap_usd: 10 });
    gateway.setAccount({ monthlyCapUsd: 100 });
    assert.deepEqual((await get('/billing/spend-limit')).body, { monthly_cap_usd: 100, daily_cap_usd: 10 });
  });

  it('GET /usage?format=csv: the same daily aggregates as a spreadsheet (text/csv, a header row, one row a day)', async () => {
    gateway.setAccount({ spentTodayUsd: 0.37 });
    const response = await fetch(`${gateway.url}/usage?days=3&format=csv`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    assert.equal(lines[0], 'date,requests,cost_usd');
    assert.equal(lines.length, 4);
    assert.match(lines[1], /^\d{4}-\d{2}-\d{2},37,0\.37$/);
    assert.match(lines[3], /^\d{4}-\d{2}-\d{2},0,0$/);
    assert.equal((await get('/usage?days=3&format=xml')).status, 400, 'a format the reference does not name');
  });

  it('PUT /billing/spend-limit sets, updates and (with null) removes the caps; anything else is a 400', async () => {
    const put = async (body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
      const response = await fetch(`${gateway.url}/billing/spend-limit`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const set = await put({ monthly_cap_usd: 100, daily_cap_usd: 5 });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, { monthly_cap_usd: 100, daily_cap_usd: 5 });
    assert.deepEqual((await put({ daily_cap_usd: 7.5 })).body, { monthly_cap_usd: 100, daily_cap_usd: 7.5 }, 'a cap not sent stays');
    assert.deepEqual((await put({ monthly_cap_usd: null })).body, { monthly_cap_usd: null, daily_cap_usd: 7.5 });
    assert.deepEqual((await get('/billing/spend-limit')).body, { monthly_cap_usd: null, daily_cap_usd: 7.5 });
    for (const bad of [{ monthly_cap_usd: -1 }, { daily_cap_usd: '10' }, { weekly_cap_usd: 3 }, [], 'x']) {
      const answer = await put(bad);
      assert.equal(answer.status, 400, JSON.stringify(bad));
      assert.equal((answer.body.error as Record<string, unknown>).code, 'INVALID_REQUEST');
    }
    const anonymous = await fetch(`${gateway.url}/billing/spend-limit`, { method: 'PUT', body: '{}' });
    assert.equal(anonymous.status, 401);
  });

  it('GET /billing/manage: a Stripe checkout or customer portal URL, ?tier=pro for an upgrade', async () => {
    const portal = await get('/billing/manage');
    assert.equal(portal.status, 200);
    assert.match(String(portal.body.url), /^https:\/\/billing\.stripe\.com\//);
    assert.match(String((await get('/billing/manage?tier=pro')).body.url), /^https:\/\/checkout\.stripe\.com\/.*pro/);
    assert.equal((await get('/billing/manage?tier=platinum')).status, 400);
  });

  it('GET /keys/health: age, last use and the rotation policy (healthy < 90 days, aging 90–180, stale > 180)', async () => {
    const fresh = await get('/keys/health');
    assert.equal(fresh.body.status, 'healthy');
    assert.ok((fresh.body.age_days as number) < 90);
    gateway.setAccount({ keyAge: 'aging' });
    const aging = await get('/keys/health');
    assert.equal(aging.body.status, 'aging');
    assert.ok((aging.body.age_days as number) >= 90 && (aging.body.age_days as number) <= 180);
    assert.match(String(aging.body.recommendation), /rotat/i);
    gateway.setAccount({ keyAge: 'stale' });
    assert.equal((await get('/keys/health')).body.status, 'stale');
  });

  it('the auth-required endpoints answer 401 INVALID_API_KEY without a key', async () => {
    for (const path of ['/credits/balance', '/usage?days=1', '/billing/spend-limit', '/keys/health']) {
      const answer = await get(path, false);
      assert.equal(answer.status, 401, path);
      assert.equal((answer.body.error as Record<string, unknown>).code, 'INVALID_API_KEY', path);
    }
  });

  it('GET /models/health (public): per-model success rates; the degraded switch marks one', async () => {
    gateway.setAccount({ degradedModel: 'deepseek-chat' });
    const health = await get('/models/health', false);
    assert.equal(health.status, 200);
    const data = health.body.data as Array<Record<string, unknown>>;
    const degraded = data.find((m) => m.id === 'deepseek-chat');
    assert.equal(degraded?.status, 'degraded');
    assert.ok((degraded?.success_rate as number) < 0.9);
    assert.ok(data.filter((m) => m.id !== 'deepseek-chat').every((m) => m.status === 'operational'));
  });

  it('GET /status (public): operational, or maintenance with its ETA; chat answers 503 MAINTENANCE meanwhile', async () => {
    assert.equal((await get('/status', false)).body.status, 'operational');
    gateway.setAccount({ maintenance: { eta: '2026-12-01T02:00:00Z', message: 'Database upgrade' } });
    const status = await get('/status', false);
    assert.equal(status.body.status, 'maintenance');
    assert.deepEqual(status.body.maintenance, { message: 'Database upgrade', eta: '2026-12-01T02:00:00Z' });
    const chat = await fetch(`${gateway.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(chat.status, 503);
    assert.equal(((await chat.json()) as { error: { code: string } }).error.code, 'MAINTENANCE');
  });

  it('POST /__control/account switches the same state for gateways in another process; reset restores the defaults', async () => {
    const origin = new URL(gateway.url).origin;
    const switched = await fetch(`${origin}/__control/account`, { method: 'POST', body: JSON.stringify({ balanceUsd: 0.25, keyAge: 'stale' }) });
    assert.equal(switched.status, 200);
    assert.equal((await get('/credits/balance')).body.balance_usd, 0.25);
    assert.equal((await get('/keys/health')).body.status, 'stale');
    const refused = await fetch(`${origin}/__control/account`, { method: 'POST', body: JSON.stringify({ keyAge: 'ancient' }) });
    assert.equal(refused.status, 400);
    gateway.reset();
    assert.equal((await get('/credits/balance')).body.balance_usd, 5);
  });
});

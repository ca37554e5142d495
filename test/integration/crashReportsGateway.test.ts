import * as assert from 'node:assert/strict';
import { MAX_CRASH_PAGE } from '../gateway/crashReports';
import { startGateway, type DevGateway } from '../gateway/server';

type Json = Record<string, unknown>;

/** The development gateway's crash reports (reference: "Crash Reports", "Crash Analysis"), over real HTTP. */
describe('Development gateway: /debug/crashes', () => {
  let gateway: DevGateway;
  const key = 'mg_live_starter_crashreports';
  const call = async (method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(auth ? { authorization: `Bearer ${key}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const list = (r: { body: Json }): Json[] => r.body.data as Json[];
  const code = (r: { body: Json }): unknown => (r.body.error as Json).code;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  it('lists seeded crashes newest first in pages of at most 100, `before` continuing where a page ended', async () => {
    const first = await call('GET', `/debug/crashes?limit=${MAX_CRASH_PAGE}`);
    assert.equal(first.status, 200);
    assert.equal(list(first).length, 100);
    assert.equal(first.body.has_more, true);
    const last = list(first)[99];
    assert.equal(first.body.next_before, last.id);
    const second = await call('GET', `/debug/crashes?limit=100&before=${String(last.id)}`);
    assert.equal(second.body.has_more, false);
    const all = [...list(first), ...list(second)];
    assert.equal(all.length, 130);
    assert.equal(new Set(all.map((c) => c.id)).size, 130, 'no crash on two pages');
    const times = all.map((c) => Date.parse(String(c.created_at)));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const crash = all[0];
    for (const field of ['id', 'game_id', 'fingerprint', 'status', 'platform', 'app_version', 'message', 'stack_trace', 'created_at']) assert.ok(field in crash, field);
    assert.match(String((crash.stack_trace as string[])[0]), /Assets\/Scripts\/\w+\.cs:\d+/);
  });

  it('refuses a limit over 100 (or under 1), an unknown status filter and an unknown cursor with 400', async () => {
    for (const query of ['limit=101', 'limit=0', 'limit=ten', 'status=closed', 'before=crash_nope']) {
      const answer = await call('GET', `/debug/crashes?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(code(answer), 'INVALID_REQUEST');
    }
  });

  it('filters by status and game_id', async () => {
    assert.equal(list(await call('GET', '/debug/crashes?status=resolved')).length, 0);
    assert.equal(list(await call('GET', '/debug/crashes?game_id=game_other')).length, 0);
    assert.equal(list(await call('GET', '/debug/crashes?game_id=game_dev_local&limit=5')).length, 5);
  });

  it('groups trends by fingerprint with counts, first/last seen, platforms, versions and the regression', async () => {
    const trends = list(await call('GET', '/debug/crashes/trends'));
    assert.deepEqual(trends.map((t) => t.count), [64, 41, 19, 6]);
    const [player, inventory] = trends;
    assert.equal(player.top_frame, 'PlayerController.FixedUpdate (Assets/Scripts/PlayerController.cs:30)');
    assert.deepEqual(player.platforms, ['android', 'windows']);
    assert.deepEqual(player.versions, ['1.0.0', '1.1.0', '1.2.0']);
    assert.equal(player.is_regression, false);
    assert.equal(inventory.is_regression, true, 'absent from 1.1.0, back in 1.2.0');
    assert.match(String(player.fingerprint), /^[0-9a-f]{64}$/);
    assert.ok(Date.parse(String(player.first_seen)) < Date.parse(String(player.last_seen)));
    const since = new Date(Date.now() - 10 * 3600_000).toISOString();
    const recent = list(await call('GET', `/debug/crashes/trends?since=${encodeURIComponent(since)}`));
    assert.equal(recent.reduce((sum, t) => sum + Number(t.count), 0), 10, 'one crash an hour');
  });

  it('sums stats: totals, unique fingerprints, status breakdown, velocity', async () => {
    const stats = (await call('GET', '/debug/crashes/stats')).body;
    assert.equal(stats.total_crashes, 130);
    assert.equal(stats.unique_fingerprints, 4);
    assert.deepEqual(stats.by_status, { new: 130, investigating: 0, resolved: 0, wont_fix: 0 });
    assert.deepEqual(stats.velocity, { last_24h: 24, last_7d: 130 });
  });

  it('PATCH sets one of the four statuses; 400 on any other, 404 on an unknown id', async () => {
    const patched = await call('PATCH', '/debug/crashes/crash_0001', { status: 'resolved' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.status, 'resolved');
    assert.equal(list(await call('GET', '/debug/crashes?status=resolved'))[0].id, 'crash_0001');
    const bad = await call('PATCH', '/debug/crashes/crash_0001', { status: 'closed' });
    assert.equal(bad.status, 400);
    assert.match(String((bad.body.error as Json).message), /new, investigating, resolved, wont_fix/);
    const unknown = await call('PATCH', '/debug/crashes/crash_nope', { status: 'resolved' });
    assert.equal(unknown.status, 404);
    assert.equal((await call('DELETE', '/debug/crashes/crash_0001')).status, 405);
  });

  it('analyzes a stored crash by crash_id from its frames and moves it to investigating', async () => {
    const answer = await call('POST', '/debug/analyze', { crash_id: 'crash_0002', question: 'Why?' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.crash_id, 'crash_0002');
    assert.match(String(answer.body.analysis), /Inventory\.TryAdd \(Assets\/Scripts\/Inventory\.cs:17\)/);
    assert.equal(list(await call('GET', '/debug/crashes?status=investigating'))[0].id, 'crash_0002');
  });

  it('stores a submitted crash with its fingerprint from the top 3 frames', async () => {
    const added = await call('POST', '/debug/crashes', { stack_trace: ['A', 'B', 'C', 'D'], platform: 'linux', app_version: '2.0.0' });
    assert.equal(added.status, 201);
    assert.equal(added.body.status, 'new');
    const again = await call('POST', '/debug/crashes', { stack_trace: ['A', 'B', 'C', 'E'] });
    assert.equal(again.body.fingerprint, added.body.fingerprint);
    assert.equal(list(await call('GET', '/debug/crashes?limit=1'))[0].id, again.body.id);
    assert.equal((await call('POST', '/debug/crashes', { stack_trace: [] })).status, 400);
  });

  it('needs a key, and answers a queued error fault instead', async () => {
    const anonymous = await call('GET', '/debug/crashes/trends', undefined, false);
    assert.equal(anonymous.status, 401);
    assert.equal(code(anonymous), 'INVALID_API_KEY');
    gateway.setFault({ kind: 'error', code: 'PROVIDER_UNAVAILABLE' });
    const failed = await call('GET', '/debug/crashes/stats');
    assert.equal(failed.status, 503);
    assert.equal(code(failed), 'PROVIDER_UNAVAILABLE');
  });
});

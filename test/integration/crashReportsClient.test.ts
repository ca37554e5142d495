import * as assert from 'node:assert/strict';
import { GatewayRest } from '../../src/account/gatewayRest';
import { requestAnalysis } from '../../src/crash/crashAnalysis';
import { CrashPages, SEEK_PAGES } from '../../src/crash/crashPages';
import { CRASH_PAGE, CrashReportsClient, MAX_CRASH_LIST_BYTES, storedCrash, storedFrame, type CrashPage } from '../../src/crash/crashReports';
import { GatewayError } from '../../src/gateway/errors';
import { Wire } from '../../src/network/wire';
import { startGateway, type DevGateway } from '../gateway/server';
import { endless, ENDLESS_BYTES, hostile } from '../support/hostileServer';
import { submitCrashes } from '../support/submitCrashes';

/** The Crash Reports view's calls (crashReports.ts), against the development gateway over HTTP. */
describe('CrashReportsClient reads and patches crash reports', () => {
  let gateway: DevGateway;
  const wire = new Wire({ userAgent: 'monster-gaming-vscode/crash-reports-test' });
  const rest = (apiKey = 'mg_live_starter_crashclient'): GatewayRest => new GatewayRest(() => Promise.resolve({ baseUrl: gateway.url, apiKey }), wire);

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(async () => {
    wire.dispose();
    await gateway.close();
  });
  beforeEach(() => gateway.reset());

  it('reads trends and stats, and pages through every crash 100 at a time', async () => {
    const client = new CrashReportsClient(rest());
    const trends = await client.trends();
    assert.deepEqual(trends.map((t) => t.count), [64, 41, 19, 6]);
    assert.equal((await client.stats()).total_crashes, 130);
    const first = await client.page(undefined);
    assert.equal(first.data.length, 100);
    assert.equal(first.has_more, true);
    const second = await client.page(first.data[99].id);
    assert.equal(second.data.length, 30);
    assert.equal(second.has_more, false);
    assert.deepEqual(gateway.requests.filter((r) => r.path === '/v1/debug/crashes').map((r) => r.query), ['limit=100', `limit=100&before=${first.data[99].id}`]);
  });

  it('reads a page of 100 crashes with real-sized stacks (20–60 frames each, far over 64 KB)', async () => {
    const raw = await fetch(`${gateway.url}/debug/crashes?limit=100`, { headers: { authorization: 'Bearer mg_live_starter_crashclient' } });
    const bytes = (await raw.arrayBuffer()).byteLength;
    assert.ok(bytes > 64 * 1024, `the seeded first page is ${bytes} bytes; real stacks make it larger than the old 64 KB limit`);
    const page = await new CrashReportsClient(rest()).page(undefined);
    assert.equal(page.data.length, 100);
    for (const crash of page.data) assert.ok(crash.stack_trace.length >= 20 && crash.stack_trace.length <= 60, `${crash.id} has ${crash.stack_trace.length} frames`);
  });

  it('a crash page over its bound is cut off and refused, never read whole', async () => {
    const body = endless('{"object": "list", "has_more": false, "data": [{"id": "c", "pad": "', '"}]}');
    const server = await hostile(body.answer);
    try {
      const client = new CrashReportsClient(new GatewayRest(() => Promise.resolve({ baseUrl: server.url, apiKey: 'mg_live_k' }), wire));
      await assert.rejects(client.page(undefined), (error: unknown) => error instanceof GatewayError && /too large \(over 4096 KB\)/.test(error.message));
      assert.ok(body.written() < ENDLESS_BYTES, `stopped reading after ${MAX_CRASH_LIST_BYTES} bytes`);
    } finally {
      await server.close();
    }
  });

  it('believes answers without the fields the reference never names (has_more, is_regression, platforms, versions), and still refuses what must be there', async () => {
    const crash = (id: string): Record<string, unknown> => ({ id, fingerprint: 'f1', status: 'new', stack_trace: ['main (a.cs:1)'], created_at: '2026-01-01T00:00:00Z' });
    let answer: unknown;
    const server = await hostile((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
    try {
      const client = new CrashReportsClient(new GatewayRest(() => Promise.resolve({ baseUrl: server.url, apiKey: 'mg_live_k' }), wire));
      answer = { data: [{ fingerprint: 'f1', count: 3, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-02T00:00:00Z' }] };
      const [trend] = await client.trends();
      assert.deepEqual([trend.is_regression, trend.platforms, trend.versions], [false, [], []]);
      answer = { data: Array.from({ length: CRASH_PAGE }, (_, i) => crash(`c${i}`)) };
      assert.equal((await client.page(undefined)).has_more, true, 'a full page without has_more may have more');
      answer = { data: [crash('c1')] };
      assert.equal((await client.page(undefined)).has_more, false, 'a short page is the last');
      answer = { data: [crash('c1')], has_more: true };
      assert.equal((await client.page(undefined)).has_more, true, 'has_more, where given, is believed');
      for (const bad of [
        { data: [{ count: 3, first_seen: 'a', last_seen: 'b' }] },
        { data: [{ fingerprint: 'f1', count: '3', first_seen: 'a', last_seen: 'b' }] },
        { data: [{ fingerprint: 'f1', count: 3, first_seen: 'a', last_seen: 'b', platforms: 'windows' }] },
      ]) {
        answer = bad;
        await assert.rejects(client.trends(), /not the documented shape/, JSON.stringify(bad));
      }
      for (const bad of [{ data: [{ ...crash('c1'), stack_trace: undefined }] }, { data: [crash('c1')], has_more: 'yes' }, { items: [] }]) {
        answer = bad;
        await assert.rejects(client.page(undefined), /not the documented shape/, JSON.stringify(bad));
      }
    } finally {
      await server.close();
    }
  });

  it('sets a status with PATCH and gets the crash back', async () => {
    const crash = await new CrashReportsClient(rest()).setStatus('crash_0003', 'wont_fix');
    assert.equal(crash.status, 'wont_fix');
    const patch = gateway.requests.find((r) => r.method === 'PATCH');
    assert.equal(patch?.path, '/v1/debug/crashes/crash_0003');
    assert.deepEqual(patch.body, { status: 'wont_fix' });
  });

  it('asks for a stored crash by crash_id; the gateway moves it to investigating', async () => {
    const analysis = await requestAnalysis(rest(), { crash_id: 'crash_0001' }, new AbortController().signal);
    assert.equal(analysis.crash_id, 'crash_0001');
    assert.match(analysis.analysis, /PlayerController\.FixedUpdate/);
    const [investigating] = (await new CrashReportsClient(rest()).page(undefined)).data.filter((c) => c.status === 'investigating');
    assert.equal(investigating.id, 'crash_0001');
  });

  it('fails with the gateway error: a bad key, a queued 503', async () => {
    await assert.rejects(new CrashReportsClient(rest('')).trends(), (error: unknown) => error instanceof GatewayError && error.code === 'INVALID_API_KEY');
    gateway.setFault({ kind: 'error', code: 'PROVIDER_UNAVAILABLE' });
    await assert.rejects(new CrashReportsClient(rest()).stats(), (error: unknown) => error instanceof GatewayError && error.code === 'PROVIDER_UNAVAILABLE');
  });

  it('turns stored frames into the crash pipeline\'s frames, bounded', () => {
    assert.deepEqual(storedFrame('Inventory.TryAdd (Assets/Scripts/Inventory.cs:17)'), { function: 'Inventory.TryAdd', file: 'Assets/Scripts/Inventory.cs', line: 17 });
    assert.deepEqual(storedFrame('UnityPlayer.dll!PlayerLoop'), { function: 'UnityPlayer.dll!PlayerLoop' });
    const huge = storedCrash({ id: 'c', fingerprint: 'f', status: 'new', stack_trace: Array.from({ length: 1000 }, () => `${'x'.repeat(5000)} (a.cs:1)`), created_at: '2026-01-01T00:00:00Z', platform: 'windows', engine: 'cryengine' });
    assert.equal(huge.frames.length, 256);
    assert.equal(huge.droppedFrames, 744);
    assert.ok(huge.frames.every((f) => (f.function ?? '').length <= 1000));
    assert.equal(huge.platform, 'windows');
    assert.equal(huge.engine, undefined, 'an engine the pipeline does not know is left out');
  });

  /** The crashes the view reads (crashPages.ts): pages, and a group's crashes sought a bounded number of pages further. */
  describe('CrashPages finds a group\'s crashes in later pages, within a bound', () => {
    const client = (): CrashReportsClient => new CrashReportsClient(rest());
    const pagesRead = (): string[] => gateway.requests.filter((r) => r.path === '/v1/debug/crashes' && r.method === 'GET').map((r) => r.query);

    const submit = (count: number): Promise<void> => submitCrashes(gateway.url, 'mg_live_starter_crashclient', count);

    it('reads further pages until an older group\'s crashes appear', async () => {
      await submit(250);
      const reports = client();
      const player = (await reports.trends()).find((t) => t.count === 64);
      assert.ok(player);
      const pages = new CrashPages(reports, await reports.page(undefined));
      assert.deepEqual(pages.of(player.fingerprint), [], 'the first page holds only the newer group');
      const found = await pages.seek(player.fingerprint);
      assert.ok(found.length > 0 && found.every((c) => c.fingerprint === player.fingerprint));
      assert.equal(pagesRead().length, 3, 'stopped at the page that held them');
      assert.equal(pages.read, 300);
      await pages.seek(player.fingerprint);
      assert.equal(pagesRead().length, 3, 'a group already found reads nothing');
    });

    it(`stops after ${SEEK_PAGES} more pages, once per group; a command seeks further, Load more reads on`, async () => {
      await submit(650);
      const reports = client();
      const segfault = (await reports.trends()).find((t) => t.count === 6);
      assert.ok(segfault);
      const pages = new CrashPages(reports, await reports.page(undefined));
      assert.deepEqual(await pages.seek(segfault.fingerprint), []);
      assert.equal(pages.read, (1 + SEEK_PAGES) * CRASH_PAGE);
      assert.equal(pages.hasMore, true);
      assert.equal(pagesRead().length, 1 + SEEK_PAGES);
      assert.deepEqual(await pages.seek(segfault.fingerprint), [], 'a redraw of the group reads nothing more');
      assert.equal(pagesRead().length, 1 + SEEK_PAGES);
      assert.equal((await pages.seek(segfault.fingerprint, true)).length, 6, 'a command on its row seeks further');
      assert.equal(pagesRead().length, 2 + SEEK_PAGES, 'one page more held them');
      await pages.loadMore();
      assert.equal(pagesRead().length, 3 + SEEK_PAGES, 'Load more reads the next page');
    });

    it('rows expanding together wait for one request per page; a page that adds nothing ends the paging', async () => {
      await submit(150);
      const reports = client();
      const trends = await reports.trends();
      const pages = new CrashPages(reports, await reports.page(undefined));
      await Promise.all(trends.map((t) => pages.seek(t.fingerprint)));
      assert.deepEqual(pagesRead(), ['limit=100', 'limit=100&before=crash_new_0051']);
      assert.ok(trends.every((t) => pages.of(t.fingerprint).length > 0));

      // A gateway that ignores `before` sends the first page again: no crash twice, and no endless paging.
      let asked = 0;
      const first = await reports.page(undefined);
      const stuck = { page: (): Promise<CrashPage> => ((asked += 1), Promise.resolve(first)) };
      const looping = new CrashPages(stuck, first);
      assert.deepEqual(await looping.seek('no such group'), []);
      assert.equal(asked, 1);
      assert.equal(looping.read, 100);
      assert.equal(looping.hasMore, false);
    });
  });
});

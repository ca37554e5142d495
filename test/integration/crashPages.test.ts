import * as assert from 'node:assert/strict';
import { GatewayRest } from '../../src/account/gatewayRest';
import { CrashPages, SEEK_PAGES } from '../../src/crash/crashPages';
import { CRASH_PAGE, CrashReportsClient, type CrashPage } from '../../src/crash/crashReports';
import { Wire } from '../../src/network/wire';
import { startGateway, type DevGateway } from '../gateway/server';

/** The crashes the Crash Reports view reads (crashPages.ts): pages, and a group's crashes sought a bounded number of pages further. */
describe('CrashPages finds a group\'s crashes in later pages, within a bound', () => {
  let gateway: DevGateway;
  const key = 'mg_live_starter_crashpages';
  const wire = new Wire({ userAgent: 'monster-gaming-vscode/crash-pages-test' });
  const client = (): CrashReportsClient => new CrashReportsClient(new GatewayRest(() => Promise.resolve({ baseUrl: gateway.url, apiKey: key }), wire));
  const pagesRead = (): string[] => gateway.requests.filter((r) => r.path === '/v1/debug/crashes' && r.method === 'GET').map((r) => r.query);

  /** `count` crashes of one new group, newer than every seeded one. */
  async function submit(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${gateway.url}/debug/crashes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ stack_trace: ['Boss.Enrage (Assets/Scripts/Boss.cs:12)', 'Boss.Update (Assets/Scripts/Boss.cs:8)', 'UnityPlayer.dll!PlayerLoop'] }),
      });
      assert.equal(response.status, 201);
    }
  }

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(async () => {
    wire.dispose();
    await gateway.close();
  });
  beforeEach(() => gateway.reset());

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

  it(`stops after ${SEEK_PAGES} more pages; Load more then continues from there`, async () => {
    await submit(650);
    const reports = client();
    const segfault = (await reports.trends()).find((t) => t.count === 6);
    assert.ok(segfault);
    const pages = new CrashPages(reports, await reports.page(undefined));
    assert.deepEqual(await pages.seek(segfault.fingerprint), []);
    assert.equal(pages.read, (1 + SEEK_PAGES) * CRASH_PAGE);
    assert.equal(pages.hasMore, true);
    assert.equal(pagesRead().length, 1 + SEEK_PAGES);
    await pages.loadMore();
    assert.equal(pages.of(segfault.fingerprint).length, 6);
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

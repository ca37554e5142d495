import * as assert from 'node:assert/strict';
import { GatewayRest } from '../../src/account/gatewayRest';
import { requestAnalysis } from '../../src/crash/crashAnalysis';
import { CrashReportsClient, storedCrash, storedFrame } from '../../src/crash/crashReports';
import { GatewayError } from '../../src/gateway/errors';
import { Wire } from '../../src/network/wire';
import { startGateway, type DevGateway } from '../gateway/server';

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
});

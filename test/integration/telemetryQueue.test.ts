import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sanitizeProperties, TelemetryQueue } from '../../src/telemetry/telemetryQueue';
import { startGateway, type DevGateway } from '../gateway/server';
import type { Socket } from 'node:net';

const KEY = 'mg_live_starter_telemetry';

/** A server that accepts connections and never answers: the "hanging endpoint". */
async function hangingServer(): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer(() => {
    hits++;
  });
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => resolve());
    }),
  };
}

describe('telemetry queue', () => {
  let gateway: DevGateway;
  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  it('sends batched events with source vscode_extension and the key, and the gateway records them', async () => {
    const lines: string[] = [];
    const queue = new TelemetryQueue({ target: () => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }), log: (l) => lines.push(l), batchDelayMs: 5 });
    queue.enqueue('session_start', { vscode_version: '1.139.1' });
    queue.enqueue('generate_completed', { model: 'monster-gpt', discipline: 'shader', duration_ms: 812.4, completion_tokens: 120 });
    await queue.flush();
    assert.deepEqual(gateway.telemetry.map((e) => e.event), ['session_start', 'generate_completed']);
    const completed = gateway.telemetry[1];
    assert.equal(completed.source, 'vscode_extension');
    assert.deepEqual(completed.properties, { model: 'monster-gpt', discipline: 'shader', duration_ms: 812, completion_tokens: 120 });
    assert.equal(gateway.requests.find((r) => r.path === '/v1/telemetry/event')?.headers.authorization, `Bearer ${KEY}`);
    assert.ok(lines.some((l) => l.startsWith('Telemetry sent: generate_completed')), 'what is sent shows in the output channel');
    assert.ok(lines.every((l) => !l.includes(KEY)));
  });

  it('returns from enqueue at once, even when the endpoint hangs, and drops after bounded tries', async () => {
    const hanging = await hangingServer();
    try {
      const queue = new TelemetryQueue({ target: () => Promise.resolve({ baseUrl: hanging.url, apiKey: KEY }), batchDelayMs: 1, requestTimeoutMs: 200, maxAttempts: 2 });
      const started = process.hrtime.bigint();
      queue.enqueue('session_start');
      const enqueueMs = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(enqueueMs < 50, `enqueue took ${enqueueMs} ms`);
      await queue.flush(5000);
      assert.equal(hanging.hits(), 2, 'two tries, then given up');
      assert.equal(queue.droppedCount, 1);
      assert.equal(queue.pendingCount, 0);
    } finally {
      await hanging.close();
    }
  });

  it('gives up on flush at its deadline, so deactivation never hangs', async () => {
    const hanging = await hangingServer();
    try {
      const queue = new TelemetryQueue({ target: () => Promise.resolve({ baseUrl: hanging.url, apiKey: KEY }), requestTimeoutMs: 10_000 });
      queue.enqueue('session_end');
      const started = Date.now();
      await queue.flush(300);
      assert.ok(Date.now() - started < 2000, 'flush returned near its deadline');
    } finally {
      await hanging.close();
    }
  });

  it('drops silently when nothing listens', async () => {
    const queue = new TelemetryQueue({ target: () => Promise.resolve({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: KEY }), batchDelayMs: 1 });
    queue.enqueue('session_start');
    await queue.flush();
    assert.equal(queue.droppedCount, 1);
  });

  it('does not retry a 4xx (the gateway rejected the event)', async () => {
    const queue = new TelemetryQueue({ target: () => Promise.resolve({ baseUrl: gateway.url, apiKey: 'mg_live_invalid_key' }), batchDelayMs: 1, maxAttempts: 3 });
    queue.enqueue('session_start');
    await queue.flush();
    assert.equal(gateway.requests.filter((r) => r.path === '/v1/telemetry/event').length, 1);
    assert.equal(queue.droppedCount, 1);
  });

  it('drops events when there is no key', async () => {
    const queue = new TelemetryQueue({ target: () => Promise.resolve(undefined), batchDelayMs: 1 });
    queue.enqueue('session_start');
    await queue.flush();
    assert.equal(gateway.requests.length, 0);
    assert.equal(queue.droppedCount, 1);
  });

  it('keeps the queue bounded, dropping the oldest', async () => {
    const queue = new TelemetryQueue({ target: () => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }), maxQueued: 3, batchDelayMs: 10_000 });
    for (let i = 0; i < 5; i++) queue.enqueue('generate_started', { n: i });
    assert.equal(queue.pendingCount, 3);
    assert.equal(queue.droppedCount, 2);
    await queue.flush();
    assert.deepEqual(gateway.telemetry.map((e) => e.properties.n), [2, 3, 4]);
  });

  it('never lets paths, e-mail addresses, keys or text into properties', () => {
    assert.deepEqual(
      sanitizeProperties({
        model: 'monster-gpt',
        file: '/home/dev/game/Assets/Player.cs',
        win: 'C:\\Users\\dev\\game',
        email: 'dev@studio.com',
        key: 'mg_live_abc123',
        prompt: 'x'.repeat(200),
        multi: 'a\nb',
        'Bad Key': 'x',
        ok: true,
        n: 3.7,
      }),
      { model: 'monster-gpt', ok: true, n: 4 },
    );
  });
});

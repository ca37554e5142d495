import * as assert from 'node:assert/strict';
import { GatewayClient, type ChatRequest } from '../../src/gateway/client';
import { GatewayError } from '../../src/gateway/errors';
import { Wire } from '../../src/network/wire';
import { TelemetryQueue } from '../../src/telemetry/telemetryQueue';
import { startGateway, type DevGateway, type RecordedRequest } from '../gateway/server';

const KEY = 'mg_live_starter_wiretests01';
const USER_AGENT = 'monster-gaming-vscode/wire-test';
const ask = (content: string): ChatRequest => ({ model: 'monster-gpt', messages: [{ role: 'user', content }] });

/** Headers HTTP and fetch add on their own; what is left is what the extension (or someone else) chose to send. */
const TRANSPORT = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'accept-encoding', 'accept-language', 'sec-fetch-mode']);

function chosenHeaders(request: RecordedRequest | undefined): Record<string, string> {
  assert.ok(request, 'the gateway should have received the request');
  return Object.fromEntries(Object.entries(request.headers).filter(([name]) => !TRANSPORT.has(name)));
}

async function failure(run: () => Promise<unknown>): Promise<GatewayError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
    return error;
  }
  assert.fail('the request should have failed');
}

describe('The wire: only the extension decides what is sent, and where (real HTTP)', () => {
  let gateway: DevGateway;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  describe('the openai SDK does not pick up OPENAI_* environment variables', () => {
    /** What a developer's shell (or another tool's setup) may well have set in VS Code's environment. */
    const HOSTILE_ENV: Readonly<Record<string, string>> = {
      OPENAI_CUSTOM_HEADERS: 'Authorization: Bearer sk-from-the-environment\nx-portkey-custom-host: http://127.0.0.1:9/steal',
      OPENAI_ORG_ID: 'org-from-the-environment',
      OPENAI_PROJECT_ID: 'proj_from_the_environment',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENAI_API_KEY: 'sk-from-the-environment',
      OPENAI_LOG: 'debug',
    };
    const saved: Record<string, string | undefined> = {};
    let client: GatewayClient;

    before(() => {
      for (const [name, value] of Object.entries(HOSTILE_ENV)) {
        saved[name] = process.env[name];
        process.env[name] = value;
      }
      client = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY, headers: { 'x-prxy-pipe': 'wire-test' } }), { userAgent: USER_AGENT });
    });
    after(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('a streamed chat carries exactly our headers: our key, our client name, the provider header; no x-stainless-*, no OpenAI-Organization/-Project', async () => {
      const result = await client.streamChat(ask('hello'), { onDelta: () => undefined }, new AbortController().signal);
      assert.equal(result.end, 'complete');
      const sent = chosenHeaders(gateway.requests.find((r) => r.path === '/v1/chat/completions'));
      assert.deepEqual(sent, {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: `Bearer ${KEY}`,
        'user-agent': USER_AGENT,
        'x-client': USER_AGENT,
        'x-prxy-pipe': 'wire-test',
      });
    });

    it('so do GET /models and GET /whoami (the key check)', async () => {
      await client.models();
      await client.whoami();
      for (const path of ['/v1/models', '/v1/whoami']) {
        assert.deepEqual(chosenHeaders(gateway.requests.find((r) => r.path === path)), {
          accept: 'application/json',
          authorization: `Bearer ${KEY}`,
          'user-agent': USER_AGENT,
          'x-client': USER_AGENT,
          'x-prxy-pipe': 'wire-test',
        }, path);
      }
    });

    it('telemetry carries exactly our headers too', async () => {
      const queue = new TelemetryQueue({ target: () => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }), batchDelayMs: 1, wire: new Wire({ userAgent: USER_AGENT }) });
      queue.enqueue('session_start', { extension_version: '0.1.0' });
      await queue.flush(10_000);
      assert.deepEqual(chosenHeaders(gateway.requests.find((r) => r.path === '/v1/telemetry/event')), {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: `Bearer ${KEY}`,
        'user-agent': USER_AGENT,
        'x-client': USER_AGENT,
      });
    });

    it('sends nothing at all without a key of ours, whatever OPENAI_API_KEY says', async () => {
      const keyless = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url }), { userAgent: USER_AGENT });
      await failure(() => keyless.models());
      const sent = chosenHeaders(gateway.requests.find((r) => r.path === '/v1/models'));
      assert.equal(sent.authorization, undefined);
    });
  });

  describe('redirects are refused', () => {
    let elsewhere: DevGateway;

    before(async () => {
      elsewhere = await startGateway({ rateLimits: false });
    });
    after(() => elsewhere.close());
    beforeEach(() => elsewhere.reset());

    it('a cross-origin 307 is an error naming the new origin, and the other server receives nothing (no x-portkey-api-key)', async () => {
      const target = `${elsewhere.url}/chat/completions`;
      gateway.setFault({ kind: 'redirect', status: 307, location: target });
      const client = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY, headers: { 'x-portkey-api-key': 'pk-secret-wiretests' } }));
      const error = await failure(() => client.streamChat(ask('hello'), { onDelta: () => undefined }, new AbortController().signal));
      assert.equal(error.code, 'REDIRECT_REFUSED');
      assert.match(error.message, new RegExp(new URL(elsewhere.url).origin.replace(/[.]/g, '\\.')));
      assert.match(error.message, /base URL/);
      assert.deepEqual(elsewhere.requests, [], 'the second server must receive nothing');
    });

    it('a same-origin 308 is refused too (the base URL is what the user set; nothing moves it silently)', async () => {
      gateway.setFault({ kind: 'redirect', status: 308, location: `${gateway.url}/stream` });
      const client = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }));
      const error = await failure(() => client.streamChat(ask('hello'), { onDelta: () => undefined }, new AbortController().signal));
      assert.equal(error.code, 'REDIRECT_REFUSED');
      assert.equal(gateway.requests.filter((r) => r.path === '/v1/stream').length, 0);
    });
  });

  describe('the idle watchdog counts bytes, not parsed chunks', () => {
    it('SSE keep-alive comments every 500 ms keep a slow stream alive past the idle timeout; the answer completes', async () => {
      gateway.setFault({ kind: 'keepalive', durationMs: 3000, intervalMs: 500 });
      const client = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }), { idleTimeoutMs: () => 2000 });
      const deltas: string[] = [];
      const result = await client.streamChat(ask('How do I write a toon shader in HLSL?'), { onDelta: (t) => deltas.push(t) }, new AbortController().signal);
      assert.equal(result.end, 'complete');
      assert.ok(deltas.join('').length > 0);
    });

    it('real silence still stalls', async () => {
      gateway.setFault({ kind: 'stall', afterChunks: 2 });
      const client = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }), { idleTimeoutMs: () => 2000 });
      const error = await failure(() => client.streamChat(ask('hello'), { onDelta: () => undefined }, new AbortController().signal));
      assert.equal(error.code, 'STALLED');
    });
  });
});

import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayClient, type ChatRequest, type ChatResult } from '../../src/gateway/client';
import { GatewayError } from '../../src/gateway/errors';
import { startGateway, type DevGateway, type ErrorCode } from '../gateway/server';

const KEY = 'mg_live_starter_clienttests';
const ask = (content: string, model = 'monster-gpt'): ChatRequest => ({ model, messages: [{ role: 'user', content }] });

describe('GatewayClient against the development gateway (real HTTP, SSE)', () => {
  let gateway: DevGateway;
  let key = KEY;
  let client: GatewayClient;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
    client = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: key }));
  });
  after(() => gateway.close());
  beforeEach(() => {
    gateway.reset();
    key = KEY;
  });

  async function stream(request: ChatRequest, signal = new AbortController().signal): Promise<{ result: ChatResult; deltas: string[]; discipline?: string }> {
    const deltas: string[] = [];
    let discipline: string | undefined;
    const result = await client.streamChat(request, { onDelta: (t) => deltas.push(t), onResponse: (info) => (discipline = info.discipline) }, signal);
    return { result, deltas, discipline };
  }

  async function failure(request: ChatRequest): Promise<{ error: GatewayError; deltas: string[] }> {
    const deltas: string[] = [];
    try {
      await client.streamChat(request, { onDelta: (t) => deltas.push(t) }, new AbortController().signal);
    } catch (error) {
      assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
      return { error, deltas };
    }
    assert.fail('the request should have failed');
  }

  it('streams an answer token by token and names the discipline from X-Monster-Discipline', async () => {
    const { result, deltas, discipline } = await stream(ask('How do I write a toon shader in HLSL?'));
    assert.equal(result.end, 'complete');
    assert.ok(deltas.length > 5, 'many small deltas, not one blob');
    assert.equal(deltas.join(''), result.text);
    assert.equal(discipline, 'shader');
    assert.equal(result.info.discipline, 'shader');
    assert.ok(result.usage && result.usage.completionTokens > 0);
  });

  it('reports the tokens of a streamed answer: asks for them with stream_options.include_usage, as OpenAI streams send none otherwise', async () => {
    const { result, deltas } = await stream(ask('How do I write a toon shader in HLSL?'));
    const body = gateway.requests.find((r) => r.path === '/v1/chat/completions')?.body as { stream_options?: unknown };
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(result.end, 'complete');
    assert.equal(result.usage?.completionTokens, deltas.length, 'the usage chunk after the finish chunk was read');
    assert.ok((result.usage?.promptTokens ?? 0) > 0);
  });

  it('reads the usage of an OpenAI-compatible server (vLLM, Ollama, Portkey passing OpenAI through) the same way', async () => {
    const openai = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url.replace(/\/v1$/, '/openai/v1') }));
    const result = await openai.streamChat({ model: 'llama3.2', messages: [{ role: 'user', content: 'What is a draw call?' }] }, { onDelta: () => undefined }, new AbortController().signal);
    assert.equal(result.end, 'complete');
    assert.ok((result.usage?.completionTokens ?? 0) > 5, JSON.stringify(result.usage));
  });

  it('a gateway that refuses stream_options (400 naming it): retried once without, then never sent to that gateway again; others still get it', async () => {
    // A client of its own: what it remembers lasts the session.
    const fresh = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: key }));
    gateway.setFault({ kind: 'rejectStreamOptions', count: 5 });
    const first = await fresh.streamChat(ask('What is a draw call?'), { onDelta: () => undefined }, new AbortController().signal);
    assert.equal(first.end, 'complete');
    assert.match(first.text, /draw call/i);
    const second = await fresh.streamChat(ask('And a batch?'), { onDelta: () => undefined }, new AbortController().signal);
    assert.equal(second.end, 'complete');
    const sent = gateway.requests.filter((r) => r.path === '/v1/chat/completions');
    assert.deepEqual(sent.map((r) => r.status), [400, 200, 200]);
    assert.deepEqual(sent.map((r) => (r.body as { stream_options?: unknown }).stream_options), [{ include_usage: true }, undefined, undefined]);
    assert.equal(second.usage, undefined, 'no usage from such a gateway, and no error either');
    // Another gateway (here the OpenAI-compatible route of the same server) is asked as usual.
    const other = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url.replace(/\/v1$/, '/openai/v1') }));
    gateway.clearFaults();
    const elsewhere = await other.streamChat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }, { onDelta: () => undefined }, new AbortController().signal);
    assert.ok(elsewhere.usage);
  });

  it('reads usage from the finishing choice too, where a gateway puts it there (Moonshot\'s streams)', async () => {
    const chunk = (choice: object): string => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'moonshot-v1-8k', choices: [choice] })}\n\n`;
    // The model's name picks the usage: Moonshot's, or a hostile gateway's nonsense (not shown as a count).
    const usages: Record<string, unknown> = { moonshot: { prompt_tokens: 19, completion_tokens: 13, total_tokens: 32 }, hostile: { prompt_tokens: -5, completion_tokens: 1e300 }, text: 'lots' };
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (piece: Buffer) => (body += piece.toString()));
      req.on('end', () => {
        const model = (JSON.parse(body) as { model: string }).model;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(chunk({ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }) + chunk({ index: 0, delta: {}, finish_reason: 'stop', usage: usages[model] }) + 'data: [DONE]\n\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const raw = new GatewayClient(() => Promise.resolve({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` }));
      const usageFrom = async (model: string): Promise<ChatResult['usage']> => (await raw.streamChat({ model, messages: [{ role: 'user', content: 'hi' }] }, { onDelta: () => undefined }, new AbortController().signal)).usage;
      assert.deepEqual(await usageFrom('moonshot'), { promptTokens: 19, completionTokens: 13 });
      assert.equal(await usageFrom('hostile'), undefined);
      assert.equal(await usageFrom('text'), undefined);
    } finally {
      server.close();
    }
  });

  it('does not retry a 400 that is about something else', async () => {
    gateway.setFault({ kind: 'error', code: 'INVALID_REQUEST', message: 'messages[0].content is too long' });
    const { error } = await failure(ask('hi'));
    assert.equal(error.code, 'INVALID_REQUEST');
    assert.equal(gateway.requests.filter((r) => r.path === '/v1/chat/completions').length, 1);
  });

  it('sends the key as a Bearer token and the conversation in OpenAI format', async () => {
    await stream({ model: 'monster-gpt', messages: [{ role: 'system', content: 'Engine: Unity 2022.3. Language: C#.' }, { role: 'user', content: 'hi' }] });
    const request = gateway.requests.find((r) => r.path === '/v1/chat/completions');
    assert.ok(request);
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    const body = request.body as { stream: boolean; messages: unknown[]; model: string };
    assert.equal(body.stream, true);
    assert.equal(body.model, 'monster-gpt');
    assert.deepEqual(body.messages, [{ role: 'system', content: 'Engine: Unity 2022.3. Language: C#.' }, { role: 'user', content: 'hi' }]);
  });

  it('gets general on a free key, as the gateway documents', async () => {
    key = 'mg_live_free_clienttests';
    const { discipline } = await stream(ask('How do I write a toon shader in HLSL?'));
    assert.equal(discipline, 'general');
  });

  it('reads rate-limit headers', async () => {
    const { result } = await stream(ask('hello'));
    assert.ok(result.info.rateLimit?.limit !== undefined);
    assert.ok(result.info.rateLimit?.remaining !== undefined);
  });

  it('stops at once when aborted, keeping what arrived', async () => {
    gateway.setFault({ kind: 'slow', tokenDelayMs: 30 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const started = Date.now();
    const result = await client.streamChat(ask('tokens:200 long answer'), {
      onDelta: (t) => {
        deltas.push(t);
        if (deltas.length === 3) controller.abort();
      },
    }, controller.signal);
    assert.equal(result.end, 'stopped');
    assert.equal(result.text, deltas.join(''));
    assert.ok(deltas.length >= 3 && deltas.length < 200);
    assert.ok(Date.now() - started < 5000, 'abort does not wait for the stream to end');
  });

  const documented: ReadonlyArray<[ErrorCode, number]> = [
    ['INVALID_REQUEST', 400], ['INVALID_ROLE', 400], ['INVALID_MAX_TOKENS', 400], ['MODEL_NOT_FOUND', 400], ['CONTEXT_OVERFLOW', 400],
    ['INVALID_API_KEY', 401], ['CREDITS_EXHAUSTED', 402], ['TOS_REQUIRED', 403], ['TIER_RESTRICTED', 403], ['PAYLOAD_TOO_LARGE', 413],
    ['RATE_LIMITED', 429], ['SPEND_CAP_EXCEEDED', 429], ['MONTHLY_CAP_EXCEEDED', 429], ['PROVIDER_UNAVAILABLE', 503], ['MAINTENANCE', 503],
  ];
  for (const [code, status] of documented) {
    it(`turns ${status} ${code} into a GatewayError with the gateway's remediation`, async () => {
      gateway.setFault({ kind: 'error', code, retryAfter: 2 });
      const { error } = await failure(ask('hello'));
      assert.equal(error.code, code);
      assert.equal(error.details.status, status);
      assert.ok(error.details.remediation && error.details.remediation.length > 0);
      if (status === 429 || status === 503) {
        assert.equal(error.details.retryAfterSeconds, 2);
      }
    });
  }

  it('reports real conditions, not only injected ones: a wrong key, an unknown model, a body over 64 KB', async () => {
    key = 'mg_live_invalid_key';
    assert.equal((await failure(ask('hello'))).error.code, 'INVALID_API_KEY');
    key = KEY;
    assert.equal((await failure(ask('hello', 'no-such-model'))).error.code, 'MODEL_NOT_FOUND');
    assert.equal((await failure(ask('x'.repeat(70 * 1024)))).error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('says NETWORK when nothing listens', async () => {
    const dead = new GatewayClient(() => Promise.resolve({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: KEY }));
    await assert.rejects(dead.streamChat(ask('hi'), { onDelta: () => undefined }, new AbortController().signal), (e: unknown) => e instanceof GatewayError && e.code === 'NETWORK');
  });

  it('says NETWORK when the connection is reset before any answer', async () => {
    gateway.setFault({ kind: 'resetBeforeHeaders' });
    assert.equal((await failure(ask('hello'))).error.code, 'NETWORK');
  });

  it('keeps the partial answer when the connection drops mid-stream (STREAM_CUT)', async () => {
    gateway.setFault({ kind: 'disconnect', afterChunks: 4 });
    const { error, deltas } = await failure(ask('How do I write a toon shader in HLSL?'));
    assert.equal(error.code, 'STREAM_CUT');
    assert.ok(deltas.length >= 3, 'the chunks before the cut arrived');
  });

  it('names a malformed chunk MALFORMED_STREAM, after the good chunks', async () => {
    gateway.setFault({ kind: 'malformed', afterChunks: 3 });
    const { error, deltas } = await failure(ask('hello'));
    assert.equal(error.code, 'MALFORMED_STREAM');
    assert.ok(deltas.length >= 2);
  });

  it('marks a stream that ends without finishing as incomplete', async () => {
    gateway.setFault({ kind: 'noDone', noFinish: true });
    const { result } = await stream(ask('hello'));
    assert.equal(result.end, 'incomplete');
    assert.ok(result.text.length > 0);
  });

  it('marks a stream that lacks only [DONE] as incomplete, keeping the text', async () => {
    gateway.setFault({ kind: 'noDone' });
    const { result } = await stream(ask('hello'));
    assert.equal(result.end, 'incomplete');
    assert.ok(result.finishReason, 'the finish_reason chunk did arrive');
    assert.ok(result.text.length > 0);
  });

  it('shows a plain JSON body as a normal answer when a stream was asked for', async () => {
    gateway.setFault({ kind: 'jsonBody' });
    const { result, deltas, discipline } = await stream(ask('How do I write a toon shader in HLSL?'));
    assert.equal(result.end, 'complete');
    assert.equal(deltas.length, 1);
    assert.ok(result.text.length > 20);
    assert.equal(discipline, 'shader');
  });

  it('aborts a stalled stream when the caller gives up', async () => {
    gateway.setFault({ kind: 'stall', afterChunks: 2 });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 300);
    const { result, deltas } = await stream(ask('hello'), controller.signal);
    clearTimeout(timer);
    assert.equal(result.end, 'stopped');
    assert.equal(deltas.length, 2);
  });

  it('starts the idle watchdog when the request goes out, not while the extension is still getting ready', async () => {
    // Reading the key from secret storage (or loading the SDK on the first request) takes longer
    // than the idle limit here; the gateway itself answers at once, so nothing is stalled.
    const slowToConnect = new GatewayClient(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        return { baseUrl: gateway.url, apiKey: key };
      },
      { idleTimeoutMs: () => 200 },
    );
    const result = await slowToConnect.streamChat(ask('hi'), { onDelta: () => undefined }, new AbortController().signal);
    assert.equal(result.end, 'complete');
  });

  it('stops a stream that goes silent (idle watchdog) and says STALLED, keeping what arrived', async () => {
    const watched = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: key }), { idleTimeoutMs: () => 300 });
    gateway.setFault({ kind: 'stall', afterChunks: 2 });
    const deltas: string[] = [];
    const started = Date.now();
    await assert.rejects(
      watched.streamChat(ask('hello'), { onDelta: (t) => deltas.push(t) }, new AbortController().signal),
      (e: unknown) => e instanceof GatewayError && e.code === 'STALLED',
    );
    assert.equal(deltas.length, 2);
    assert.ok(Date.now() - started < 3000, 'aborted near the idle limit');
  });

  it('does not trip the watchdog on a slow but steady stream', async () => {
    const watched = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: key }), { idleTimeoutMs: () => 300 });
    gateway.setFault({ kind: 'slow', tokenDelayMs: 50 });
    const result = await watched.streamChat(ask('tokens:20 steady'), { onDelta: () => undefined }, new AbortController().signal);
    assert.equal(result.end, 'complete');
  });

  it('validates a key with whoami', async () => {
    const who = await client.whoami();
    assert.equal(who.tier, 'starter');
    assert.equal(who.environment, 'production');
    key = 'mg_test_pro_sandboxkey';
    assert.equal((await client.whoami()).environment, 'sandbox');
    key = 'mg_live_revoked_key';
    await assert.rejects(client.whoami(), (e: unknown) => e instanceof GatewayError && e.code === 'INVALID_API_KEY');
  });

  it('lists the models the key may use, with their context windows', async () => {
    const starter = await client.models();
    assert.ok(starter.some((m) => m.id === 'monster-gpt' && m.contextWindow === 128_000), JSON.stringify(starter));
    assert.ok(starter.some((m) => m.id === 'gpt-4o'), 'Starter models are listed');
    key = 'mg_live_free_clienttests';
    const free = await client.models();
    assert.ok(!free.some((m) => m.id === 'gpt-4o'), 'a Free key sees only free models');
    key = 'mg_live_invalid_clienttests';
    await assert.rejects(client.models(), (e: unknown) => e instanceof GatewayError && e.code === 'INVALID_API_KEY');
  });
});

/**
 * The development gateway against the Monster Gaming API reference: wire format seen through raw
 * `fetch` and through the `openai` SDK, over real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import OpenAI from 'openai';
import type { ErrorCode } from '../gateway/errors';
import type { DevGateway } from '../gateway/server';
import { startGateway } from '../gateway/server';
import { SHADER_MESSAGES, STARTER_KEY, chunksOf, contentOf, get, post, readSse } from '../gateway/client';

interface ErrorJson {
  readonly error: Record<string, unknown> & { readonly code: string; readonly type: string; readonly remediation: string };
}

/** The reference's error table, written out independently of the gateway's own copy. */
const ERROR_TABLE: ReadonlyArray<readonly [ErrorCode, number, boolean]> = [
  ['INVALID_REQUEST', 400, false], ['INVALID_ROLE', 400, false], ['INVALID_MAX_TOKENS', 400, false],
  ['MODEL_NOT_FOUND', 400, false], ['CONTEXT_OVERFLOW', 400, false], ['INVALID_API_KEY', 401, false],
  ['CREDITS_EXHAUSTED', 402, false], ['TOS_REQUIRED', 403, false], ['TIER_RESTRICTED', 403, false],
  ['PAYLOAD_TOO_LARGE', 413, false], ['RATE_LIMITED', 429, true], ['SPEND_CAP_EXCEEDED', 429, true],
  ['MONTHLY_CAP_EXCEEDED', 429, true], ['PROVIDER_UNAVAILABLE', 503, true], ['MAINTENANCE', 503, true],
];

const chat = (model: string, content: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model,
  messages: [{ role: 'user', content }],
  ...extra,
});

/** Checks the documented error shape and returns it. */
async function expectError(response: Response, status: number, code: ErrorCode): Promise<ErrorJson['error']> {
  assert.equal(response.status, status, `status for ${code}`);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  const body = (await response.json()) as ErrorJson;
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'is_retryable', 'message', 'remediation', 'reset_at', 'retry_after', 'type']);
  assert.equal(body.error.code, code);
  assert.equal(body.error.type, code.toLowerCase());
  assert.ok(body.error.remediation.length > 10);
  return body.error;
}

describe('development gateway', function () {
  let gateway: DevGateway;
  const url = (): string => gateway.url;

  before(async () => {
    gateway = await startGateway({ keys: { 'studio-key-for-tests': 'studio' }, contextWindows: { 'gemini-3-flash': 500 } });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  describe('chat completions wire format', () => {
    it('streams SSE chunks: role first, word-sized content, finish chunk, then [DONE]; no usage unless asked, as OpenAI', async () => {
      const response = await post(url(), '/chat/completions', { model: 'monster-gpt', stream: true, messages: SHADER_MESSAGES });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/event-stream');
      const read = await readSse(response);
      assert.ok(read.wellFramed, 'every event is one data: line and a blank line');
      assert.equal(read.payloads.at(-1), '[DONE]');
      const chunks = chunksOf(read);
      const last = chunks.at(-1);
      assert.ok(last);
      assert.deepEqual(last.choices[0], { index: 0, delta: {}, finish_reason: 'stop' });
      const content = chunks.slice(0, -1);
      assert.ok(content.length > 20, 'split into many tokens');
      assert.equal(content[0].choices[0].delta.role, 'assistant');
      for (const chunk of content) {
        assert.match(chunk.id, /^chatcmpl-mg_/);
        assert.equal(chunk.id, content[0].id);
        assert.equal(chunk.object, 'chat.completion.chunk');
        assert.equal(chunk.model, 'monster-gpt');
        assert.equal(chunk.choices[0].finish_reason, null);
        assert.ok((chunk.choices[0].delta.content ?? '').trim().split(/\s+/).length <= 2, 'word-sized');
      }
      assert.ok(chunks.every((chunk) => !('usage' in chunk)), 'no usage in a stream that did not ask for it');
    });

    it('with stream_options.include_usage: usage null on every chunk, then a last chunk with empty choices and the usage', async () => {
      const read = await readSse(await post(url(), '/chat/completions', { model: 'monster-gpt', stream: true, stream_options: { include_usage: true }, messages: SHADER_MESSAGES }));
      assert.equal(read.payloads.at(-1), '[DONE]');
      const chunks = chunksOf(read);
      const usage = chunks.at(-1);
      assert.deepEqual(usage?.choices, []);
      const finish = chunks.at(-2);
      assert.deepEqual(finish?.choices[0], { index: 0, delta: {}, finish_reason: 'stop' });
      const content = chunks.slice(0, -2);
      assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null), 'usage: null before the last chunk');
      assert.equal(usage?.usage?.completion_tokens, content.length);
      assert.equal(usage?.usage?.total_tokens, (usage?.usage?.prompt_tokens ?? 0) + content.length);
      // include_usage false is asking for none.
      const none = chunksOf(await readSse(await post(url(), '/stream', { model: 'monster-gpt', stream_options: { include_usage: false }, messages: SHADER_MESSAGES })));
      assert.ok(none.every((chunk) => !chunk.usage && chunk.choices.length === 1));
    });

    it('refuses stream_options on a request that does not stream, and a malformed one, as OpenAI does', async () => {
      const error = await expectError(await post(url(), '/chat/completions', { model: 'monster-gpt', stream_options: { include_usage: true }, messages: SHADER_MESSAGES }), 400, 'INVALID_REQUEST');
      assert.match(String(error.message), /'stream_options' parameter is only allowed when 'stream' is enabled/);
      await expectError(await post(url(), '/chat/completions', { model: 'monster-gpt', stream: true, stream_options: { include_usage: 'yes' }, messages: SHADER_MESSAGES }), 400, 'INVALID_REQUEST');
      await expectError(await post(url(), '/structured', { model: 'monster-gpt', stream_options: { include_usage: true }, messages: SHADER_MESSAGES, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } }), 400, 'INVALID_REQUEST');
    });

    it('the rejectStreamOptions fault answers a request carrying stream_options with 400 naming it, and waits for one', async () => {
      gateway.setFault({ kind: 'rejectStreamOptions' });
      const plain = await post(url(), '/chat/completions', { model: 'monster-gpt', stream: true, messages: SHADER_MESSAGES });
      assert.equal(plain.status, 200, 'a request without stream_options passes');
      await readSse(plain);
      const error = await expectError(await post(url(), '/chat/completions', { model: 'monster-gpt', stream: true, stream_options: { include_usage: true }, messages: SHADER_MESSAGES }), 400, 'INVALID_REQUEST');
      assert.equal(error.message, 'Unrecognized request argument supplied: stream_options');
      assert.equal((await post(url(), '/chat/completions', { model: 'monster-gpt', stream: true, stream_options: { include_usage: true }, messages: SHADER_MESSAGES })).status, 200, 'used up');
    });

    it('answers non-streaming requests with a chat.completion equal to the streamed text', async () => {
      const streamed = contentOf(chunksOf(await readSse(await post(url(), '/stream', { model: 'monster-gpt', messages: SHADER_MESSAGES }))));
      const response = await post(url(), '/chat/completions', { model: 'monster-gpt', messages: SHADER_MESSAGES });
      const body = (await response.json()) as { object: string; choices: Array<{ message: { role: string; content: string }; finish_reason: string }>; usage: { completion_tokens: number } };
      assert.equal(body.object, 'chat.completion');
      assert.equal(body.choices[0].message.role, 'assistant');
      assert.equal(body.choices[0].finish_reason, 'stop');
      assert.equal(body.choices[0].message.content, streamed);
      assert.ok(body.usage.completion_tokens > 20);
    });

    it('writes real markdown and echoes the question with the engine and language', async () => {
      const response = await post(url(), '/chat/completions', { model: 'monster-gpt', messages: SHADER_MESSAGES });
      const text = ((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content;
      const firstLine = text.split('\n')[0];
      assert.ok(firstLine.includes(SHADER_MESSAGES[1].content.slice(0, 50)), firstLine);
      assert.match(firstLine, /Unity 2022\.3/);
      assert.match(firstLine, /C#/);
      assert.match(text, /^## /m);
      assert.match(text, /\*\*[^*]+\*\*/);
      assert.match(text, /^- /m);
      assert.match(text, /`[^`\n]+`/);
      assert.match(text, /```hlsl\n[\s\S]+\n```/);
      assert.match(text, /\[[^\]]+\]\(https:\/\/[^)]+\)/);
    });

    it('picks the code language from the engine (GDScript for Godot, C++ for Unreal)', async () => {
      const ask = async (system: string): Promise<string> => {
        const body = { model: 'monster-gpt', messages: [{ role: 'system', content: system }, { role: 'user', content: 'How do I structure a health component class?' }] };
        return ((await (await post(url(), '/chat/completions', body)).json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content;
      };
      assert.match(await ask('Engine: Godot 4.2. Language: GDScript.'), /```gdscript/);
      assert.match(await ask('Engine: Unreal Engine 5.4. Language: C++.'), /```cpp/);
    });

    it('yields exactly N content chunks for tokens:N and stops at max_tokens with finish_reason length', async () => {
      const read = await readSse(await post(url(), '/stream', chat('deepseek-chat', 'benchmark tokens:500 please', { stream_options: { include_usage: true } })));
      const chunks = chunksOf(read);
      assert.equal(chunks.length, 502);
      assert.equal(chunks.at(-1)?.usage?.completion_tokens, 500);
      assert.equal(read.payloads.at(-1), '[DONE]');
      const cut = chunksOf(await readSse(await post(url(), '/stream', chat('deepseek-chat', 'hello', { max_tokens: 3 }))));
      assert.equal(cut.length, 4);
      assert.equal(cut.at(-1)?.choices[0].finish_reason, 'length');
    });

    it('answers response_format json_object with {explanation, edits}', async () => {
      const body = chat('monster-gpt', 'Fix error CS0246 on line 12', { response_format: { type: 'json_object' } });
      const content = ((await (await post(url(), '/chat/completions', body)).json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content;
      const parsed = JSON.parse(content) as { explanation: string; edits: unknown[] };
      assert.match(parsed.explanation, /CS0246/);
      assert.deepEqual(parsed.edits, []);
    });
  });

  describe('monster-gpt routing', () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['How do I write a GLSL compute shader for fog?', 'shader'],
      ['How do I implement rollback netcode for a fighting game in Unreal Engine 5?', 'multiplayer'],
      ['Should I enable Lumen and Nanite for ray tracing?', 'rendering'],
      ['My blend tree and root motion look wrong', 'animation'],
      ['Write branching dialogue for a quest giver', 'narrative'],
      ['How do I set up FMOD footsteps with spatial audio?', 'audio'],
      ['Make a Niagara particle trail for the sword', 'vfx'],
      ['Write a test plan and bug triage process', 'qa'],
      ['How do I handle string tables for localization?', 'localization'],
      ['Balance the economy and progression of my RPG', 'design'],
      ['PBR texture roughness looks off', 'art'],
      ['Refactor this C# class to use a design pattern', 'programming'],
      ['hello there', 'general'],
    ];
    for (const [question, discipline] of cases) {
      it(`routes "${question.slice(0, 40)}" to ${discipline}`, async () => {
        const response = await post(url(), '/chat/completions', chat('monster-gpt', question));
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('x-monster-discipline'), discipline);
        await response.arrayBuffer();
      });
    }

    it('sends the header on streams too, and only for monster-gpt', async () => {
      const stream = await post(url(), '/chat/completions', { model: 'monster-gpt', stream: true, messages: SHADER_MESSAGES });
      assert.equal(stream.headers.get('x-monster-discipline'), 'shader');
      await readSse(stream);
      const direct = await post(url(), '/chat/completions', { model: 'deepseek-chat', stream: true, messages: SHADER_MESSAGES });
      assert.equal(direct.headers.get('x-monster-discipline'), null);
      await readSse(direct);
      assert.deepEqual(gateway.requests.map((r) => r.discipline), ['shader', undefined]);
    });

    it("answers VS Code's chat-title job (Copilot Chat's utility prompt) with a few words of the request, not a specialist's answer", async () => {
      const system = 'You are an expert in crafting ultra-compact titles for chatbot conversations. You are presented with a chat request, and you reply with only a brief title that captures the main topic of that request.';
      const user = 'Please write a brief title for the following request:\n\nQuote line 7 of Assets/Scripts/Inventory.cs';
      const response = await post(url(), '/chat/completions', { model: 'monster-gpt', messages: [{ role: 'system', content: system }, { role: 'user', content: user }] });
      assert.equal(response.status, 200);
      const text = ((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content;
      assert.equal(text, 'Quote line 7 of Inventory.cs');
      const long = await post(url(), '/chat/completions', chat('monster-gpt', 'Please write a brief title for the following request:\n\n' + 'why does my netcode rollback desync after exactly ninety frames?'));
      assert.equal(((await long.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content, 'Why does my netcode rollback desync');
    });

    it('gives Free and Pay-as-you-go keys the general discipline only', async () => {
      for (const key of ['mg_live_free_tests01', 'mg_live_payg_tests01']) {
        const response = await post(url(), '/chat/completions', { model: 'monster-gpt', messages: SHADER_MESSAGES }, key);
        assert.equal(response.headers.get('x-monster-discipline'), 'general');
        await response.arrayBuffer();
      }
    });
  });

  describe('keys, whoami and models', () => {
    it('refuses missing, malformed, invalid and revoked keys with 401 INVALID_API_KEY', async () => {
      for (const key of [null, 'sk-openai-123456', 'mg_live_abc', 'mg_live_invalid_key1', 'mg_test_revoked_01']) {
        const error = await expectError(await post(url(), '/chat/completions', chat('monster-gpt', 'hi'), key), 401, 'INVALID_API_KEY');
        assert.equal(error.remediation, 'Missing or invalid API key. Get a key at monstergaming.ai/signup.');
        assert.equal(error.is_retryable, false);
        assert.equal(error.retry_after, null);
      }
    });

    it('describes keys in whoami: tier from the key name, environment from the prefix', async () => {
      const whoami = async (key: string): Promise<unknown> => (await get(url(), '/whoami', key)).json();
      assert.deepEqual(await whoami(STARTER_KEY), {
        tier: 'starter', environment: 'production', key_type: 'live', game_id: 'game_dev_local',
        rate_limits: { requests_per_minute: 60, daily_cap_usd: 10 },
      });
      assert.deepEqual(await whoami('mg_test_sandbox01'), {
        tier: 'starter', environment: 'sandbox', key_type: 'test', game_id: 'game_dev_local',
        rate_limits: { requests_per_minute: 5, daily_cap_usd: 10 },
      });
      assert.equal(((await whoami('mg_pat_pro_token1')) as { tier: string; key_type: string }).tier, 'pro');
      assert.equal(((await whoami('studio-key-for-tests')) as { tier: string }).tier, 'studio');
      await expectError(await get(url(), '/whoami', 'mg_live_revoked_1'), 401, 'INVALID_API_KEY');
    });

    it('lists models for the key tier in the OpenAI list shape', async () => {
      const ids = async (key: string): Promise<string[]> => {
        const body = (await (await get(url(), '/models', key)).json()) as { object: string; data: Array<{ id: string; object: string; tier_minimum: string; pricing: { currency: string } }>; _meta: { tiers: unknown[] } };
        assert.equal(body.object, 'list');
        assert.ok(body._meta.tiers.length > 0);
        body.data.forEach((m) => assert.equal(m.object, 'model'));
        return body.data.map((m) => m.id).sort();
      };
      assert.deepEqual(await ids('mg_live_free_tests01'), ['deepseek-chat', 'gemini-3-flash', 'monster-gpt']);
      assert.deepEqual(await ids(STARTER_KEY), ['claude-sonnet-4-6', 'deepseek-chat', 'gemini-3-flash', 'gpt-4o', 'monster-gpt']);
      assert.equal((await ids('mg_live_pro_tests01')).length, 6);
    });

    it('serves public health and 404s unknown paths with the error shape', async () => {
      const health = (await (await get(url(), '/health', null)).json()) as { status: string };
      assert.equal(health.status, 'healthy');
      await expectError(await get(url(), '/does-not-exist'), 404, 'INVALID_REQUEST');
    });
  });

  describe('validation errors from real conditions', () => {
    it('reports INVALID_REQUEST, INVALID_ROLE and INVALID_MAX_TOKENS', async () => {
      await expectError(await post(url(), '/chat/completions', '{"model": "monster-gpt", '), 400, 'INVALID_REQUEST');
      await expectError(await post(url(), '/chat/completions', { model: 'monster-gpt' }), 400, 'INVALID_REQUEST');
      const role = { model: 'monster-gpt', messages: [{ role: 'wizard', content: 'hi' }] };
      await expectError(await post(url(), '/chat/completions', role), 400, 'INVALID_ROLE');
      for (const max of [0, 128_001, 1.5]) {
        await expectError(await post(url(), '/chat/completions', chat('monster-gpt', 'hi', { max_tokens: max })), 400, 'INVALID_MAX_TOKENS');
      }
    });

    it('reports MODEL_NOT_FOUND, TIER_RESTRICTED and CONTEXT_OVERFLOW', async () => {
      await expectError(await post(url(), '/chat/completions', chat('gpt-9000', 'hi')), 400, 'MODEL_NOT_FOUND');
      await expectError(await post(url(), '/chat/completions', chat('claude-sonnet-4-6', 'hi'), 'mg_live_free_tests01'), 403, 'TIER_RESTRICTED');
      await expectError(await post(url(), '/chat/completions', chat('claude-opus-4-6', 'hi')), 403, 'TIER_RESTRICTED');
      assert.equal((await post(url(), '/chat/completions', chat('claude-opus-4-6', 'hi'), 'mg_live_pro_tests01')).status, 200);
      await expectError(await post(url(), '/chat/completions', chat('deepseek-chat', 'hi', { max_tokens: 100_000 })), 400, 'CONTEXT_OVERFLOW');
      await expectError(await post(url(), '/chat/completions', chat('gemini-3-flash', 'x'.repeat(4000))), 400, 'CONTEXT_OVERFLOW');
    });

    it('accepts a 64 KB body and answers 413 PAYLOAD_TOO_LARGE above it', async () => {
      const sized = (bytes: number): string => {
        const shell = JSON.stringify(chat('monster-gpt', ''));
        return JSON.stringify(chat('monster-gpt', 'a'.repeat(bytes - shell.length)));
      };
      assert.equal(Buffer.byteLength(sized(65_536)), 65_536);
      assert.equal((await post(url(), '/chat/completions', sized(65_536))).status, 200);
      const error = await expectError(await post(url(), '/chat/completions', sized(70_000)), 413, 'PAYLOAD_TOO_LARGE');
      assert.match(error.remediation, /64KB/);
    });

    it('answers 413 while the client is still sending a large body', async () => {
      const target = new URL(`${url()}/chat/completions`);
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(target, { method: 'POST', headers: { Authorization: `Bearer ${STARTER_KEY}`, 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', reject);
        req.write(`{"model":"monster-gpt","messages":[{"role":"user","content":"${'b'.repeat(80_000)}`);
      });
      assert.equal(status, 413);
    });
  });

  describe('rate limits', () => {
    it('sends X-RateLimit headers and refuses sandbox keys after 5 requests a minute', async () => {
      const key = 'mg_test_ratelimit1';
      for (let i = 0; i < 3; i++) assert.equal((await get(url(), '/whoami', key)).status, 200, 'whoami is free');
      for (let i = 1; i <= 5; i++) {
        const response = await post(url(), '/chat/completions', chat('monster-gpt', 'hi'), key);
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('x-ratelimit-limit'), '5');
        assert.equal(response.headers.get('x-ratelimit-remaining'), String(5 - i));
        assert.ok(Number(response.headers.get('x-ratelimit-reset')) > Date.now() / 1000);
        await response.arrayBuffer();
      }
      const refused = await post(url(), '/chat/completions', chat('monster-gpt', 'hi'), key);
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60);
      assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
      const error = await expectError(refused, 429, 'RATE_LIMITED');
      assert.equal(error.is_retryable, true);
      assert.equal(error.retry_after, retryAfter);
      assert.ok(typeof error.reset_at === 'string' && !Number.isNaN(Date.parse(error.reset_at)));
    });

    it('keeps the headers but never refuses with rateLimits: false, and resets after the window', async () => {
      const open = await startGateway({ rateLimits: false });
      const short = await startGateway({ rateLimitWindowMs: 150 });
      try {
        for (let i = 0; i < 7; i++) {
          const response = await post(open.url, '/chat/completions', chat('monster-gpt', 'hi'), 'mg_test_open0001');
          assert.equal(response.status, 200);
          assert.equal(response.headers.get('x-ratelimit-limit'), '5');
          await response.arrayBuffer();
        }
        for (let i = 0; i < 5; i++) await (await post(short.url, '/chat/completions', chat('monster-gpt', 'hi'), 'mg_test_short001')).arrayBuffer();
        assert.equal((await post(short.url, '/chat/completions', chat('monster-gpt', 'hi'), 'mg_test_short001')).status, 429);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal((await post(short.url, '/chat/completions', chat('monster-gpt', 'hi'), 'mg_test_short001')).status, 200);
      } finally {
        await Promise.all([open.close(), short.close()]);
      }
    });
  });

  describe('faults', () => {
    it('produces every documented error code with its status and Retry-After', async () => {
      for (const [code, status, retryable] of ERROR_TABLE) {
        gateway.setFault({ kind: 'error', code });
        const response = await post(url(), '/chat/completions', chat('monster-gpt', 'hi'));
        const error = await expectError(response, status, code);
        assert.equal(error.is_retryable, retryable);
        assert.equal(response.headers.get('retry-after'), retryable ? '2' : null);
        assert.equal(error.retry_after, retryable ? 2 : null);
      }
      gateway.setFault({ kind: 'error', code: 'MAINTENANCE', retryAfter: 7 });
      assert.equal((await post(url(), '/stream', chat('monster-gpt', 'hi'))).headers.get('retry-after'), '7');
    });

    it('consumes faults in order, each for `count` requests', async () => {
      gateway.setFault({ kind: 'error', code: 'PROVIDER_UNAVAILABLE', count: 2 });
      gateway.setFault({ kind: 'error', code: 'CREDITS_EXHAUSTED' });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(url(), '/chat/completions', chat('monster-gpt', 'hi'))).status);
      assert.deepEqual(statuses, [503, 503, 402, 200]);
    });

    it('disconnect: N chunks, then the connection drops without [DONE]', async () => {
      gateway.setFault({ kind: 'disconnect', afterChunks: 3 });
      const read = await readSse(await post(url(), '/stream', chat('monster-gpt', 'hi')));
      assert.ok(read.error, 'the body errors');
      assert.equal(read.payloads.length, 3);
      assert.ok(!read.payloads.includes('[DONE]'));
    });

    it('stall: headers and N chunks, then silence until the client gives up', async () => {
      gateway.setFault({ kind: 'stall', afterChunks: 2 });
      const read = await readSse(await post(url(), '/stream', chat('monster-gpt', 'hi')), 150);
      assert.ok(read.stalled);
      assert.equal(read.payloads.length, 2);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(gateway.requests[0].clientAborted, true);
    });

    it('slow: waits tokenDelayMs between chunks', async () => {
      gateway.setFault({ kind: 'slow', tokenDelayMs: 25 });
      const started = Date.now();
      const chunks = chunksOf(await readSse(await post(url(), '/stream', chat('monster-gpt', 'go tokens:6'))));
      assert.equal(chunks.length, 7);
      assert.ok(Date.now() - started >= 5 * 25 - 5);
    });

    it('malformed: a broken data line after N chunks, then the stream carries on', async () => {
      gateway.setFault({ kind: 'malformed', afterChunks: 2 });
      const read = await readSse(await post(url(), '/stream', chat('monster-gpt', 'hi')));
      assert.equal(read.payloads[2], '{not json');
      assert.throws(() => chunksOf(read));
      assert.equal(read.payloads.at(-1), '[DONE]');
    });

    it('noDone: ends after the finish chunk, or (noFinish) after the content alone', async () => {
      gateway.setFault({ kind: 'noDone' });
      const read = await readSse(await post(url(), '/stream', chat('monster-gpt', 'hi')));
      assert.equal(read.error, undefined);
      assert.ok(!read.payloads.includes('[DONE]'));
      assert.equal(chunksOf(read).at(-1)?.choices[0].finish_reason, 'stop');
      gateway.setFault({ kind: 'noDone', noFinish: true });
      const bare = chunksOf(await readSse(await post(url(), '/stream', chat('monster-gpt', 'hi'))));
      assert.ok(bare.length > 5);
      assert.ok(bare.every((c) => c.choices[0].finish_reason === null));
    });

    it('jsonBody: a streaming request gets a plain chat.completion', async () => {
      gateway.setFault({ kind: 'jsonBody' });
      const response = await post(url(), '/chat/completions', chat('monster-gpt', 'hi', { stream: true }));
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(((await response.json()) as { object: string }).object, 'chat.completion');
    });

    it('resetBeforeHeaders: the connection drops with no response', async () => {
      gateway.setFault({ kind: 'resetBeforeHeaders' });
      await assert.rejects(post(url(), '/chat/completions', chat('monster-gpt', 'hi')));
      assert.equal(gateway.requests[0].status, undefined);
    });

    it('keepalive: `: keepalive` SSE comments for durationMs, then the whole answer', async () => {
      gateway.setFault({ kind: 'keepalive', durationMs: 300, intervalMs: 100 });
      const text = await (await post(url(), '/stream', chat('monster-gpt', 'go tokens:4'))).text();
      const events = text.split('\n\n').filter(Boolean);
      const comments = events.filter((e) => e === ': keepalive');
      assert.ok(comments.length >= 2, `several keep-alive comments, got ${comments.length}`);
      assert.deepEqual(events.slice(0, comments.length), comments, 'before any data');
      assert.equal(events.at(-1), 'data: [DONE]');
      assert.equal(events.filter((e) => e.startsWith('data: {')).length, 5);
    });

    it('keepalive on a non-streaming request: leading whitespace, then a valid chat.completion', async () => {
      gateway.setFault({ kind: 'keepalive', durationMs: 200, intervalMs: 50 });
      const text = await (await post(url(), '/chat/completions', chat('monster-gpt', 'hi'))).text();
      assert.match(text, /^ {2,}\{/);
      assert.equal((JSON.parse(text) as { object: string }).object, 'chat.completion');
    });

    it('redirect: answers with the status and Location, and nothing else', async () => {
      gateway.setFault({ kind: 'redirect', location: 'http://127.0.0.1:1/v1/chat/completions' });
      const response = await fetch(`${url()}/chat/completions`, { method: 'POST', redirect: 'manual', headers: { Authorization: `Bearer ${STARTER_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(chat('monster-gpt', 'hi')) });
      assert.equal(response.status, 307);
      assert.equal(response.headers.get('location'), 'http://127.0.0.1:1/v1/chat/completions');
      gateway.setFault({ kind: 'redirect', status: 301, location: '/elsewhere' });
      const moved = await fetch(`${url()}/chat/completions`, { method: 'POST', redirect: 'manual', headers: { Authorization: `Bearer ${STARTER_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(chat('monster-gpt', 'hi')) });
      assert.equal(moved.status, 301);
      assert.deepEqual(gateway.requests.map((r) => r.status), [307, 301]);
    });

    it('close() does not hang on a stalled stream', async () => {
      const own = await startGateway();
      own.setFault({ kind: 'stall' });
      const response = await post(own.url, '/stream', chat('monster-gpt', 'hi'));
      assert.equal(response.status, 200);
      const started = Date.now();
      await own.close();
      assert.ok(Date.now() - started < 1000);
      assert.ok((await readSse(response)).error);
    });
  });

  describe('telemetry and recording', () => {
    it('records valid events and rejects unknown events, sources and missing keys', async () => {
      const event = { event: 'generate_completed', source: 'vscode_extension', properties: { discipline: 'shader' }, timestamp: '2026-01-01T00:00:00.000Z' };
      const response = await post(url(), '/telemetry/event', event);
      const body = (await response.json()) as { ok: boolean; id: string };
      assert.equal(body.ok, true);
      assert.match(body.id, /^evt_/);
      assert.equal(gateway.telemetry.length, 1);
      assert.deepEqual(gateway.telemetry[0].properties, { discipline: 'shader' });
      assert.equal(gateway.telemetry[0].event, 'generate_completed');
      await expectError(await post(url(), '/telemetry/event', { ...event, event: 'mined_bitcoin' }), 400, 'INVALID_REQUEST');
      await expectError(await post(url(), '/telemetry/event', { ...event, source: 'browser' }), 400, 'INVALID_REQUEST');
      await expectError(await post(url(), '/telemetry/event', event, null), 401, 'INVALID_API_KEY');
      assert.equal(gateway.telemetry.length, 1);
    });

    it('records what the client sent, including the Authorization header and messages', async () => {
      await (await post(url(), '/chat/completions', { model: 'monster-gpt', messages: SHADER_MESSAGES })).arrayBuffer();
      const [recorded] = gateway.requests;
      assert.equal(recorded.method, 'POST');
      assert.equal(recorded.path, '/v1/chat/completions');
      assert.equal(recorded.headers['authorization'], `Bearer ${STARTER_KEY}`);
      assert.deepEqual((recorded.body as { messages: unknown }).messages, SHADER_MESSAGES);
      assert.equal(recorded.status, 200);
      assert.equal(recorded.finished, true);
    });

    it('is driven over HTTP through /__control/', async () => {
      const control = (p: string, body?: unknown): Promise<Response> =>
        fetch(`http://127.0.0.1:${gateway.port}/__control/${p}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
      assert.equal((await control('fault', { kind: 'explode' })).status, 400);
      assert.equal((await control('fault', { kind: 'redirect' })).status, 400, 'a redirect needs a location');
      assert.equal((await control('fault', { kind: 'redirect', location: '/x', status: 200 })).status, 400);
      assert.equal((await control('fault', { kind: 'keepalive' })).status, 400, 'keepalive needs durationMs');
      assert.equal((await control('fault', [{ kind: 'error', code: 'TOS_REQUIRED' }, { kind: 'jsonBody' }])).status, 200);
      assert.equal((await control('clear-faults', {})).status, 200);
      assert.equal((await control('fault', { kind: 'error', code: 'TOS_REQUIRED' })).status, 200);
      await expectError(await post(url(), '/chat/completions', chat('monster-gpt', 'hi')), 403, 'TOS_REQUIRED');
      await (await post(url(), '/telemetry/event', { event: 'session_start', source: 'cli' })).arrayBuffer();
      const requests = (await (await control('requests')).json()) as Array<{ path: string; status: number }>;
      assert.deepEqual(requests.map((r) => [r.path, r.status]), [['/v1/chat/completions', 403], ['/v1/telemetry/event', 200]]);
      assert.equal(((await (await control('telemetry')).json()) as unknown[]).length, 1);
      assert.equal((await control('reset', {})).status, 200);
      assert.deepEqual(await (await control('requests')).json(), []);
    });
  });

  describe('openai SDK compatibility', () => {
    const client = (key = STARTER_KEY): OpenAI => new OpenAI({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });

    it('streams with the SDK and exposes the routing header', async () => {
      const { data: stream, response } = await client()
        .chat.completions.create({ model: 'monster-gpt', messages: [...SHADER_MESSAGES], stream: true })
        .withResponse();
      assert.equal(response.headers.get('x-monster-discipline'), 'shader');
      let text = '';
      let finish: string | null = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      assert.equal(finish, 'stop');
      assert.match(text, /^You asked: "How do I write a dissolve shader/);
      assert.match(text, /```hlsl/);
    });

    it('completes without streaming and surfaces gateway errors as APIError', async () => {
      const completion = await client().chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }] });
      assert.ok(completion.usage && completion.usage.total_tokens > 0);
      await assert.rejects(
        client('mg_live_invalid_1').chat.completions.create({ model: 'monster-gpt', messages: [{ role: 'user', content: 'hi' }] }),
        (error: unknown) => error instanceof OpenAI.APIError && error.status === 401 && error.code === 'INVALID_API_KEY',
      );
      gateway.setFault({ kind: 'error', code: 'RATE_LIMITED' });
      await assert.rejects(
        client().chat.completions.create({ model: 'monster-gpt', messages: [{ role: 'user', content: 'hi' }], stream: true }),
        (error: unknown) => error instanceof OpenAI.RateLimitError && error.headers.get('retry-after') === '2',
      );
    });
  });

  describe('command line', () => {
    it('prints its URL, serves, and exits cleanly on SIGTERM', async () => {
      const child = spawn(process.execPath, [path.join(__dirname, '..', 'gateway', 'main.js'), '--port', '0', '--token-delay-ms', '0', '--quiet']);
      try {
        const line = await new Promise<string>((resolve, reject) => {
          child.stdout.once('data', (data: Buffer) => resolve(data.toString()));
          child.once('error', reject);
        });
        const match = /^Monster Gaming development gateway on (http:\/\/127\.0\.0\.1:\d+\/v1)\n$/.exec(line);
        assert.ok(match, line);
        assert.equal((await get(match[1], '/health', null)).status, 200);
        const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        assert.equal(await exit, 0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  });
});

import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { readSettings, type Settings } from '../../src/config/readSettings';
import { GatewayClient, type GatewayConnection } from '../../src/gateway/client';
import { type GatewayError } from '../../src/gateway/errors';
import { ApiKeyStore } from '../../src/secrets/apiKeyStore';
import { ProviderCredentials } from '../../src/secrets/credentials';
import { startPortkey, type RunningPortkey } from '../gateway/portkey';
import { startGateway, type DevGateway } from '../gateway/server';
import { memorySecrets, userConfig } from './providerHelpers';

/**
 * The real Portkey gateway (`@portkey-ai/gateway` from npm) in front of the development gateway:
 * the extension's own client and credentials chat through it with the providers the reference
 * documents (openai, moonshot, monsterapi), streaming and not, and errors come back through it.
 */
describe('through the real Portkey gateway (self-hosted preset)', function () {
  this.timeout(30_000);
  let gateway: DevGateway;
  let portkey: RunningPortkey;
  let keys: ApiKeyStore;
  let settings: Settings;
  let credentials: ProviderCredentials;
  let client: GatewayClient;

  /** Upstreams on the development gateway; Portkey's moonshot provider appends `/v1/chat/completions` itself. */
  const providers = {
    openai: { customHost: (origin: string) => `${origin}/v1`, model: 'monster-gpt', key: 'mg_live_starter_portkey01' },
    moonshot: { customHost: (origin: string) => `${origin}/moonshot`, model: 'moonshot-v1-8k', key: 'sk-moonshotthroughportkey' },
    monsterapi: { customHost: (origin: string) => `${origin}/monsterapi/v1`, model: 'google/gemma-2-9b-it', key: 'monsterapi-through-portkey' },
  } as const;
  type Upstream = keyof typeof providers;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
    portkey = await startPortkey();
    keys = new ApiKeyStore(memorySecrets(), {});
    credentials = new ProviderCredentials(keys, () => settings);
    client = new GatewayClient(() => credentials.connection());
  });
  after(async () => {
    await portkey?.close();
    await gateway?.close();
  });
  beforeEach(() => gateway.reset());
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(portkey.output().slice(-3000));
  });

  async function use(upstream: Upstream): Promise<void> {
    const origin = new URL(gateway.url).origin;
    settings = readSettings(
      userConfig({
        provider: 'portkeySelfHosted',
        'portkeySelfHosted.baseUrl': portkey.url,
        'portkey.provider': upstream,
        'portkey.customHost': providers[upstream].customHost(origin),
        'portkey.model': providers[upstream].model,
      }),
    );
    await keys.setSlot('portkeySelfHosted.providerKey', providers[upstream].key);
  }

  async function streamed(question: string): Promise<{ text: string; deltas: number; discipline?: string }> {
    let text = '';
    let deltas = 0;
    let discipline: string | undefined;
    const result = await client.streamChat(
      { model: settings.model, messages: [{ role: 'user', content: question }] },
      { onDelta: (d) => ((text += d), deltas++), onResponse: (info) => (discipline = info.discipline) },
      new AbortController().signal,
    );
    assert.equal(result.end, 'complete', 'the answer finished');
    return { text, deltas, discipline };
  }

  /** The same request without streaming, with the openai SDK and the preset's own connection. */
  async function notStreamed(connection: GatewayConnection, question: string): Promise<string> {
    const sdk = new OpenAI({ apiKey: connection.apiKey, baseURL: connection.baseUrl, defaultHeaders: connection.headers, maxRetries: 0 });
    const completion = await sdk.chat.completions.create({ model: settings.model, messages: [{ role: 'user', content: question }], stream: false });
    return completion.choices[0]?.message?.content ?? '';
  }

  for (const upstream of Object.keys(providers) as Upstream[]) {
    it(`${upstream}: streams an answer through Portkey, with the provider key as Authorization`, async () => {
      await use(upstream);
      const answer = await streamed('How do I write a dissolve shader in HLSL?');
      assert.match(answer.text, /dissolve/i);
      const request = gateway.requests.find((r) => r.path.endsWith('/chat/completions'));
      assert.ok(request, 'Portkey forwarded the request to the development gateway');
      assert.equal(request.headers.authorization, `Bearer ${providers[upstream].key}`);
      assert.equal((request.body as { model: string }).model, providers[upstream].model);
      if (upstream === 'monsterapi') {
        // Portkey's monsterapi provider drops `stream: true`: one JSON body, still shown as the answer.
        assert.equal((request.body as { stream?: boolean }).stream, undefined);
        assert.equal(answer.deltas, 1);
      } else {
        assert.equal((request.body as { stream?: boolean }).stream, true);
        assert.ok(answer.deltas > 5, `streamed in ${answer.deltas} deltas`);
      }
      if (upstream === 'openai') assert.equal(answer.discipline, 'shader', 'X-Monster-Discipline passes through Portkey');
    });

    it(`${upstream}: reports the answer's tokens through Portkey (stream_options.include_usage passed on, or a JSON body's usage)`, async () => {
      await use(upstream);
      const result = await client.streamChat({ model: settings.model, messages: [{ role: 'user', content: 'What is a draw call?' }] }, { onDelta: () => undefined }, new AbortController().signal);
      assert.equal(result.end, 'complete');
      const request = gateway.requests.find((r) => r.path.endsWith('/chat/completions'));
      const sent = (request?.body as { stream_options?: unknown } | undefined)?.stream_options;
      if (upstream === 'moonshot') {
        // Portkey's moonshot provider forwards only model, messages, max_tokens, temperature, top_p
        // and stream, and rebuilds each chunk from index, delta and finish_reason: no usage can
        // come through it. The answer is whole all the same, just without a count.
        assert.equal(sent, undefined);
        assert.equal(result.usage, undefined);
        return;
      }
      assert.ok((result.usage?.completionTokens ?? 0) > 5 && (result.usage?.promptTokens ?? 0) > 0, JSON.stringify(result.usage));
      if (upstream === 'monsterapi') assert.equal(sent, undefined, 'Portkey drops stream (and stream_options) for monsterapi; the JSON body carries usage');
      else assert.deepEqual(sent, { include_usage: true }, 'Portkey passed stream_options on');
    });

    it(`${upstream}: answers without streaming through Portkey`, async () => {
      await use(upstream);
      const text = await notStreamed(await credentials.connection(), 'Explain blend trees for a run cycle.');
      assert.match(text, /blend/i);
    });

    it(`${upstream}: a wrong provider key comes back through Portkey as INVALID_API_KEY`, async () => {
      await use(upstream);
      await keys.setSlot('portkeySelfHosted.providerKey', 'invalid-key-through-portkey');
      await assert.rejects(streamed('hi'), (error: GatewayError) => {
        assert.equal(error.code, 'INVALID_API_KEY');
        assert.equal(error.details.status, 401);
        assert.match(error.message, /^(Incorrect API key provided|Missing or invalid API key)\./, 'the provider\'s own words, without Portkey\'s prefix');
        return true;
      });
    });
  }

  it('a rate limit from the upstream passes through Portkey with its Retry-After', async () => {
    await use('openai');
    gateway.setFault({ kind: 'error', code: 'RATE_LIMITED', retryAfter: 9 });
    await assert.rejects(streamed('hi'), (error: GatewayError) => error.code === 'RATE_LIMITED' && error.details.retryAfterSeconds === 9);
  });

  it('Portkey\'s own refusal (an unknown provider) is explained, not shown as raw JSON', async () => {
    await use('openai');
    settings = { ...settings, provider: { ...settings.provider, portkeyProvider: 'no-such-provider' } };
    await assert.rejects(streamed('hi'), (error: GatewayError) => error.code === 'INVALID_REQUEST' && error.message === 'Invalid provider passed');
  });

  it('lists models through Portkey for the model picker', async () => {
    await use('openai');
    assert.ok((await client.listModels()).includes('monster-gpt'));
  });
});

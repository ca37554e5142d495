import * as assert from 'node:assert/strict';
import { readSettings, type Settings } from '../../src/config/readSettings';
import { GatewayClient } from '../../src/gateway/client';
import { GatewayError } from '../../src/gateway/errors';
import { PROVIDERS, type ProviderId } from '../../src/gateway/providers';
import { ApiKeyStore } from '../../src/secrets/apiKeyStore';
import { ProviderCredentials } from '../../src/secrets/credentials';
import { startGateway, type DevGateway, type RecordedRequest } from '../gateway/server';
import { memorySecrets, userConfig } from './providerHelpers';

/** A distinct, valid-looking secret in every slot, so any leak between providers is visible. */
const SLOT_VALUES: Record<string, string> = {
  monsterGaming: 'mg_live_starter_providers01',
  prxy: 'prxy_live_providers01',
  'portkey.apiKey': 'pk-portkey-hosted-01',
  'portkey.providerKey': 'sk-portkeyhostedprovider01',
  'portkey.virtualKey': 'vk-unused-01',
  'portkeySelfHosted.providerKey': 'sk-portkeyselfhosted01',
  moonshot: 'sk-moonshotproviders01',
  monsterApi: 'monsterapi-providers-01',
  openaiCompatible: 'local-server-key-01',
};

describe('provider presets against servers on 127.0.0.1 (real HTTP)', () => {
  let gateway: DevGateway;
  let origin: string;
  let secrets: ReturnType<typeof memorySecrets>;
  let keys: ApiKeyStore;
  let settings: Settings;
  let client: GatewayClient;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
    origin = new URL(gateway.url).origin;
  });
  after(() => gateway.close());
  beforeEach(async () => {
    gateway.reset();
    secrets = memorySecrets();
    keys = new ApiKeyStore(secrets, {});
    for (const [slot, value] of Object.entries(SLOT_VALUES)) {
      if (slot !== 'portkey.virtualKey') await keys.setSlot(slot, value);
    }
    const credentials = new ProviderCredentials(keys, () => settings);
    client = new GatewayClient(() => credentials.connection());
  });

  /** Points every preset at the development gateway's matching wire format. */
  function use(id: ProviderId, extra: Record<string, unknown> = {}): void {
    settings = readSettings(
      userConfig({
        provider: id,
        baseUrl: gateway.url,
        'prxy.baseUrl': `${origin}/prxy/v1`,
        'portkey.baseUrl': `${origin}/openai/v1`,
        'portkeySelfHosted.baseUrl': `${origin}/openai/v1`,
        'moonshot.baseUrl': `${origin}/moonshot/v1`,
        'monsterApi.baseUrl': `${origin}/monsterapi/v1`,
        'openaiCompatible.baseUrl': `${origin}/openai/v1`,
        ...extra,
      }),
    );
  }

  async function ask(question: string): Promise<{ text: string; discipline?: string }> {
    let discipline: string | undefined;
    let text = '';
    const result = await client.streamChat(
      { model: settings.model, messages: [{ role: 'user', content: question }] },
      { onDelta: (d) => (text += d), onResponse: (info) => (discipline = info.discipline) },
      new AbortController().signal,
    );
    assert.equal(result.end, 'complete');
    assert.equal(result.text, text);
    return { text, discipline };
  }

  function chatRequests(): RecordedRequest[] {
    return gateway.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  /** No request may carry a secret of a provider other than `id`. */
  function assertOnlyOwnSecrets(id: ProviderId): void {
    const own = new Set(PROVIDERS.find((p) => p.id === id)?.slots.map((s) => SLOT_VALUES[s.id]));
    for (const request of gateway.requests) {
      const wire = JSON.stringify({ headers: request.headers, body: request.body, query: request.query });
      for (const value of Object.values(SLOT_VALUES)) {
        if (!own.has(value)) assert.ok(!wire.includes(value), `${id} sent another provider's secret (${value}) to ${request.path}`);
      }
    }
  }

  it('Monster Gaming: /v1, its key, monster-gpt, and the routed discipline', async () => {
    use('monsterGaming');
    const answer = await ask('Why does my HLSL shader turn pink?');
    assert.equal(answer.discipline, 'shader');
    const [request] = chatRequests();
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${SLOT_VALUES.monsterGaming}`);
    assert.equal((request.body as { model: string }).model, 'monster-gpt');
    assertOnlyOwnSecrets('monsterGaming');
  });

  it('prxy.monster: its key, x-prxy-pipe, and no discipline header', async () => {
    use('prxy', { 'prxy.pipe': 'cheap-first' });
    const answer = await ask('How do I pool bullets in Unity?');
    assert.ok(answer.text.length > 20);
    assert.equal(answer.discipline, undefined);
    const [request] = chatRequests();
    assert.equal(request.path, '/prxy/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${SLOT_VALUES.prxy}`);
    assert.equal(request.headers['x-prxy-pipe'], 'cheap-first');
    assert.equal((request.body as { model: string; stream: boolean }).model, 'gpt-4o-mini');
    assertOnlyOwnSecrets('prxy');
  });

  it('Moonshot and Monster API: their keys and their models', async () => {
    use('moonshot');
    await ask('Write a dialogue tree for a shopkeeper.');
    use('monsterApi');
    await ask('Explain quaternions for a camera rig.');
    const [moonshot, monsterApi] = chatRequests();
    assert.equal(moonshot.path, '/moonshot/v1/chat/completions');
    assert.equal(moonshot.headers.authorization, `Bearer ${SLOT_VALUES.moonshot}`);
    assert.equal((moonshot.body as { model: string }).model, 'moonshot-v1-8k');
    assert.equal(monsterApi.path, '/monsterapi/v1/chat/completions');
    assert.equal(monsterApi.headers.authorization, `Bearer ${SLOT_VALUES.monsterApi}`);
    assert.equal((monsterApi.body as { model: string }).model, 'meta-llama/Meta-Llama-3-8B-Instruct');
    assert.ok(!JSON.stringify(moonshot.headers).includes(SLOT_VALUES.monsterApi));
    assert.ok(!JSON.stringify(monsterApi.headers).includes(SLOT_VALUES.moonshot));
  });

  it('Portkey: x-portkey-api-key, x-portkey-provider, custom host, and the provider key as Authorization', async () => {
    use('portkey', { 'portkey.provider': 'moonshot', 'portkey.customHost': 'http://127.0.0.1:1' , 'portkey.model': 'llama3.2' });
    await ask('What is a good tick rate for a shooter?');
    const [request] = chatRequests();
    assert.equal(request.headers['x-portkey-api-key'], SLOT_VALUES['portkey.apiKey']);
    assert.equal(request.headers['x-portkey-provider'], 'moonshot');
    assert.equal(request.headers['x-portkey-custom-host'], 'http://127.0.0.1:1');
    assert.equal(request.headers.authorization, `Bearer ${SLOT_VALUES['portkey.providerKey']}`);
    assertOnlyOwnSecrets('portkey');

    // With a virtual key Portkey holds the provider key: neither it nor x-portkey-provider is sent.
    gateway.reset();
    await keys.setSlot('portkey.virtualKey', SLOT_VALUES['portkey.virtualKey']);
    await ask('And for a racing game?');
    const [virtual] = chatRequests();
    assert.equal(virtual.headers['x-portkey-virtual-key'], SLOT_VALUES['portkey.virtualKey']);
    assert.equal(virtual.headers.authorization, undefined);
    assert.equal(virtual.headers['x-portkey-provider'], undefined);
  });

  it('an OpenAI-compatible server: no key, no Authorization, and the first listed model when none is picked', async () => {
    await keys.clearSlot('openaiCompatible');
    use('openaiCompatible');
    assert.equal(settings.model, '');
    await ask('Generate a name for a dwarven city.');
    const paths = gateway.requests.map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(paths, ['GET /openai/v1/models', 'POST /openai/v1/chat/completions']);
    assert.equal(chatRequests()[0].headers.authorization, undefined);
    assert.equal((chatRequests()[0].body as { model: string }).model, 'llama3.2');
    assertOnlyOwnSecrets('openaiCompatible');
  });

  it('lists each gateway\'s models for the model picker', async () => {
    use('moonshot');
    assert.deepEqual(await client.listModels(), ['moonshot-v1-8k', 'moonshot-v1-16k', 'moonshot-v1-128k']);
    use('monsterGaming');
    assert.ok((await client.listModels()).includes('monster-gpt'));
  });

  it('a missing key is NO_API_KEY naming the provider, and nothing is sent', async () => {
    await keys.clearSlot('moonshot');
    use('moonshot');
    await assert.rejects(ask('hi'), (error: GatewayError) => error.code === 'NO_API_KEY' && /Moonshot API key/.test(error.message));
    assert.equal(gateway.requests.length, 0);
  });

  describe('each gateway\'s errors read the same way', () => {
    async function failure(): Promise<GatewayError> {
      try {
        await ask('hi');
      } catch (error) {
        assert.ok(error instanceof GatewayError);
        return error;
      }
      assert.fail('expected the request to fail');
    }

    it('a wrong key is INVALID_API_KEY on every gateway', async () => {
      for (const [id, slot] of [['moonshot', 'moonshot'], ['monsterApi', 'monsterApi'], ['prxy', 'prxy'], ['monsterGaming', 'monsterGaming']] as const) {
        await keys.setSlot(slot, 'invalid-key-0000000000');
        use(id);
        const error = await failure();
        assert.equal(error.code, 'INVALID_API_KEY', id);
        assert.equal(error.details.status, 401, id);
      }
    });

    it('prxy.monster\'s cost caps and rate limits', async () => {
      use('prxy');
      gateway.setFault({ kind: 'error', code: 'SPEND_CAP_EXCEEDED', message: 'Daily cost cap exceeded' });
      const cap = await failure();
      assert.deepEqual([cap.code, cap.message], ['SPEND_CAP_EXCEEDED', 'Daily cost cap exceeded']);
      gateway.setFault({ kind: 'error', code: 'RATE_LIMITED', retryAfter: 7 });
      const limited = await failure();
      assert.deepEqual([limited.code, limited.details.retryAfterSeconds], ['RATE_LIMITED', 7]);
    });

    it('Moonshot\'s exhausted quota (a 429) is not mistaken for a rate limit to wait out', async () => {
      use('moonshot');
      gateway.setFault({ kind: 'error', code: 'CREDITS_EXHAUSTED', message: 'Your account is suspended due to insufficient balance.' });
      const error = await failure();
      assert.deepEqual([error.code, error.details.status], ['CREDITS_EXHAUSTED', 429]);
    });

    it('Monster API\'s {"message"} errors and an unknown model', async () => {
      use('monsterApi', { 'monsterApi.model': 'no/such-model' });
      const error = await failure();
      assert.equal(error.code, 'MODEL_NOT_FOUND');
      assert.match(error.message, /no\/such-model/);
    });

    it('a cut stream keeps the partial answer on a foreign gateway too', async () => {
      use('moonshot');
      gateway.setFault({ kind: 'disconnect', afterChunks: 3 });
      let text = '';
      await assert.rejects(
        client.streamChat({ model: settings.model, messages: [{ role: 'user', content: 'hi' }] }, { onDelta: (d) => (text += d) }, new AbortController().signal),
        (error: GatewayError) => error.code === 'STREAM_CUT',
      );
      assert.ok(text.length > 0);
    });
  });
});

import * as assert from 'node:assert/strict';
import { readSettings, type ConfigurationSource } from '../../src/config/readSettings';
import { describeError, gatewayErrorFromResponse } from '../../src/gateway/errors';
import { PROVIDERS, connectionFor, missingSlots, providerById, secretStorageKey, type ProviderId } from '../../src/gateway/providers';

/** A configuration with user (global) values and package.json-like defaults. */
function config(user: Record<string, unknown>, workspace: Record<string, unknown> = {}): ConfigurationSource {
  return {
    get: <T>(key: string) => (workspace[key] ?? user[key]) as T | undefined,
    inspect: <T>(key: string) => ({ globalValue: user[key] as T | undefined, defaultValue: undefined }),
  };
}

/** A distinct secret in every slot of every provider, to prove none leaks to another provider. */
const ALL_SECRETS: Record<string, string> = Object.fromEntries(PROVIDERS.flatMap((p) => p.slots.map((s) => [s.id, `secret-of-${s.id}`])));

describe('provider presets', () => {
  it('reads each provider with its own base URL and default model', () => {
    const expected: Record<ProviderId, [string, string]> = {
      monsterGaming: ['https://api.monstergaming.ai/v1', 'monster-gpt'],
      prxy: ['https://api.prxy.monster/v1', 'gpt-4o-mini'],
      portkey: ['https://api.portkey.ai/v1', 'gpt-4o-mini'],
      portkeySelfHosted: ['http://localhost:8787/v1', 'gpt-4o-mini'],
      moonshot: ['https://api.moonshot.ai/v1', 'moonshot-v1-8k'],
      monsterApi: ['https://llm.monsterapi.ai/v1', 'meta-llama/Meta-Llama-3-8B-Instruct'],
      openaiCompatible: ['http://localhost:11434/v1', ''],
    };
    for (const [id, [baseUrl, model]] of Object.entries(expected)) {
      const settings = readSettings(config({ provider: id }));
      assert.equal(settings.provider.id, id);
      assert.equal(settings.baseUrl, baseUrl, id);
      assert.equal(settings.model, model, id);
      assert.equal(settings.gatewayRoutes, id === 'monsterGaming', `${id} routes`);
    }
  });

  it('keeps a model and a base URL per provider, and only user settings can redirect the key', () => {
    const user = { provider: 'moonshot', 'moonshot.model': 'moonshot-v1-128k', 'moonshot.baseUrl': 'https://api.moonshot.cn/v1/', model: 'gpt-4o' };
    const settings = readSettings(config(user, { 'moonshot.baseUrl': 'https://evil.example/v1', provider: 'openaiCompatible' }));
    assert.equal(settings.provider.id, 'moonshot');
    assert.equal(settings.baseUrl, 'https://api.moonshot.cn/v1');
    assert.equal(settings.model, 'moonshot-v1-128k');
    assert.equal(readSettings(config({ ...user, provider: 'monsterGaming' })).model, 'gpt-4o');
    assert.equal(readSettings(config({ provider: 'nonsense' })).provider.id, 'monsterGaming');
    assert.equal(readSettings(config({ provider: 'monsterGaming', model: 'gpt-4o' })).gatewayRoutes, false, 'only monster-gpt routes');
  });

  it('Portkey models follow the provider Portkey forwards to', () => {
    assert.equal(readSettings(config({ provider: 'portkeySelfHosted', 'portkey.provider': 'moonshot' })).model, 'moonshot-v1-8k');
    assert.equal(readSettings(config({ provider: 'portkey', 'portkey.provider': 'monsterapi' })).model, 'google/gemma-2-9b-it');
    assert.equal(readSettings(config({ provider: 'portkey', 'portkey.provider': 'monsterapi', 'portkey.model': 'custom/model' })).model, 'custom/model');
  });

  it('sends each provider only its own secrets, in its own headers', () => {
    const seen = new Map<ProviderId, string[]>();
    for (const preset of PROVIDERS) {
      const settings = readSettings(config({ provider: preset.id, 'portkey.customHost': 'http://127.0.0.1:9/v1', 'prxy.pipe': 'fast' })).provider;
      const connection = connectionFor(settings, ALL_SECRETS);
      const sent = [connection.apiKey ?? '', ...Object.values(connection.headers)].filter((v) => v.startsWith('secret-of-'));
      const own = preset.slots.map((s) => `secret-of-${s.id}`);
      for (const value of sent) assert.ok(own.includes(value), `${preset.id} must not send ${value}`);
      seen.set(preset.id, sent);
    }
    assert.deepEqual(seen.get('monsterGaming'), ['secret-of-monsterGaming']);
    assert.deepEqual(seen.get('moonshot'), ['secret-of-moonshot']);
    assert.deepEqual(seen.get('prxy'), ['secret-of-prxy']);
    assert.deepEqual(seen.get('portkeySelfHosted'), ['secret-of-portkeySelfHosted.providerKey']);
  });

  it('builds Portkey and prxy headers as their documents say', () => {
    const hosted = connectionFor({ id: 'portkey', baseUrl: 'https://api.portkey.ai/v1', model: 'moonshot-v1-16k', portkeyProvider: 'moonshot' }, { 'portkey.apiKey': 'pk', 'portkey.providerKey': 'sk-moon' });
    assert.deepEqual(hosted, { baseUrl: 'https://api.portkey.ai/v1', apiKey: 'sk-moon', headers: { 'x-portkey-api-key': 'pk', 'x-portkey-provider': 'moonshot' } });

    // A virtual key replaces the provider and its key: neither is sent.
    const virtual = connectionFor({ id: 'portkey', baseUrl: 'https://api.portkey.ai/v1', model: 'm', portkeyProvider: 'moonshot' }, { 'portkey.apiKey': 'pk', 'portkey.providerKey': 'sk-moon', 'portkey.virtualKey': 'vk' });
    assert.deepEqual(virtual, { baseUrl: 'https://api.portkey.ai/v1', apiKey: undefined, headers: { 'x-portkey-api-key': 'pk', 'x-portkey-virtual-key': 'vk' } });

    const self = connectionFor({ id: 'portkeySelfHosted', baseUrl: 'http://localhost:8787/v1', model: 'm', portkeyProvider: 'openai', portkeyCustomHost: 'http://127.0.0.1:1/v1' }, { 'portkeySelfHosted.providerKey': 'k' });
    assert.deepEqual(self.headers, { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': 'http://127.0.0.1:1/v1' });

    const prxy = connectionFor({ id: 'prxy', baseUrl: 'https://api.prxy.monster/v1', model: 'gpt-4o-mini', prxyPipe: 'cheap' }, { prxy: 'prxy_live_x' });
    assert.deepEqual(prxy, { baseUrl: 'https://api.prxy.monster/v1', apiKey: 'prxy_live_x', headers: { 'x-prxy-pipe': 'cheap' } });

    // A local server without a key sends no Authorization at all.
    assert.equal(connectionFor({ id: 'openaiCompatible', baseUrl: 'http://localhost:11434/v1', model: '' }, {}).apiKey, undefined);
  });

  it('knows which secrets are still missing', () => {
    const portkey = providerById('portkey');
    assert.deepEqual(missingSlots(portkey, {}).map((s) => s.id), ['portkey.apiKey', 'portkey.providerKey']);
    assert.deepEqual(missingSlots(portkey, { 'portkey.apiKey': 'a', 'portkey.virtualKey': 'v' }), []);
    assert.deepEqual(missingSlots(providerById('openaiCompatible'), {}), []);
    assert.equal(missingSlots(providerById('moonshot'), { prxy: 'x' }).length, 1);
  });

  it('keeps Monster Gaming in the SecretStorage entry it always had', () => {
    assert.equal(secretStorageKey('monsterGaming'), 'monsterGaming.apiKey');
    assert.equal(secretStorageKey('portkey.apiKey'), 'monsterGaming.apiKey.portkey.apiKey');
  });
});

describe('other gateways\' error shapes', () => {
  it('reads prxy.monster\'s OpenAI-wrapped errors', () => {
    const error = gatewayErrorFromResponse(429, { error: { type: 'cost_limit_per_day', message: 'Daily cost cap exceeded', code: 'cost_limit_per_day' } });
    assert.equal(error.code, 'SPEND_CAP_EXCEEDED');
    assert.equal(error.message, 'Daily cost cap exceeded');
  });

  it('reads Monster API\'s {"message"} and Ollama\'s {"error": "…"}', () => {
    assert.deepEqual([gatewayErrorFromResponse(401, { message: 'No valid API key provided.' }).code, gatewayErrorFromResponse(401, { message: 'No valid API key provided.' }).message], ['INVALID_API_KEY', 'No valid API key provided.']);
    const ollama = gatewayErrorFromResponse(404, { error: 'model "llama9" not found, try pulling it first' });
    assert.deepEqual([ollama.code, ollama.message], ['MODEL_NOT_FOUND', 'model "llama9" not found, try pulling it first']);
  });

  it('unwraps what Portkey passes back from the provider', () => {
    const wrapped = gatewayErrorFromResponse(401, {
      error: { message: 'Invalid response received from moonshot: {"error":{"message":"Incorrect API key provided.","type":"invalid_authentication_error"}}', type: null, param: null, code: null },
      provider: 'moonshot',
    });
    assert.deepEqual([wrapped.code, wrapped.message], ['INVALID_API_KEY', 'Incorrect API key provided.']);
    const prefixed = gatewayErrorFromResponse(429, { error: { message: 'openai error: Slow down.', type: 'rate_limit_error', code: null }, provider: 'openai' }, '3');
    assert.deepEqual([prefixed.code, prefixed.message, prefixed.details.retryAfterSeconds], ['RATE_LIMITED', 'Slow down.', 3]);
    const own = gatewayErrorFromResponse(400, { status: 'failure', message: 'Either x-portkey-config or x-portkey-provider header is required' });
    assert.deepEqual([own.code, own.message], ['INVALID_REQUEST', 'Either x-portkey-config or x-portkey-provider header is required']);
  });

  it('gives advice that fits the gateway', () => {
    const moonshot = { providerLabel: 'Moonshot', monsterGaming: false, baseUrl: 'https://api.moonshot.ai/v1' };
    const rejected = describeError(gatewayErrorFromResponse(401, { error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } }), moonshot);
    assert.match(rejected.remediation ?? '', /Moonshot key/);
    assert.ok(!rejected.actions.some((a) => a.kind === 'getApiKey'), 'no Monster Gaming signup for a Moonshot key');
    const down = describeError(gatewayErrorFromResponse(503, {}), moonshot);
    assert.ok(!down.actions.some((a) => a.kind === 'retryWithFallback'), 'allow_fallback is Monster Gaming\'s');
    const unreachable = describeError(gatewayErrorFromResponse(404, { error: { message: 'model not found' } }), moonshot);
    assert.deepEqual(unreachable.actions.map((a) => a.kind), ['selectModel']);
    const monster = describeError(gatewayErrorFromResponse(401, { error: { code: 'INVALID_API_KEY', message: 'x' } }), { providerLabel: 'Monster Gaming', monsterGaming: true, baseUrl: '' });
    assert.ok(monster.actions.some((a) => a.kind === 'getApiKey'));
  });
});

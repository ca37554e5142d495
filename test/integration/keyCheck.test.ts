import * as assert from 'node:assert/strict';
import { readSettings } from '../../src/config/readSettings';
import { Wire } from '../../src/network/wire';
import { ApiKeyStore } from '../../src/secrets/apiKeyStore';
import { ProviderCredentials } from '../../src/secrets/credentials';
import { createKeyCheck } from '../../src/secrets/keyCheck';
import { startGateway, type DevGateway } from '../gateway/server';
import { memorySecrets, userConfig } from './providerHelpers';

describe('Set API Key checks the Monster Gaming key with Monster Gaming, whatever provider is active', () => {
  let monster: DevGateway;
  let other: DevGateway;
  const wire = new Wire({ userAgent: 'monster-gaming-vscode/key-check-test' });

  before(async () => {
    monster = await startGateway({ rateLimits: false });
    other = await startGateway({ rateLimits: false });
  });
  after(async () => {
    wire.dispose();
    await monster.close();
    await other.close();
  });
  beforeEach(() => {
    monster.reset();
    other.reset();
  });

  it('sends GET /whoami to monsterGaming.baseUrl while prxy.monster is the active provider; prxy receives nothing', async () => {
    const settings = readSettings(userConfig({ provider: 'prxy', 'prxy.baseUrl': `${new URL(other.url).origin}/prxy/v1`, baseUrl: monster.url }));
    const keys = new ApiKeyStore(memorySecrets(), {});
    const check = createKeyCheck(() => settings, new ProviderCredentials(keys, () => settings), wire);
    const result = await check.check('monsterGaming', 'mg_live_pro_keychecktests', AbortSignal.timeout(10_000));
    assert.ok('tier' in result && result.tier === 'pro');
    assert.deepEqual(monster.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/whoami']);
    assert.deepEqual(other.requests, [], 'the Monster Gaming key never goes to the active provider');
  });

  it('checks another provider\'s key with that provider (its model list)', async () => {
    const settings = readSettings(userConfig({ provider: 'moonshot', 'moonshot.baseUrl': `${new URL(other.url).origin}/moonshot/v1`, baseUrl: monster.url }));
    const keys = new ApiKeyStore(memorySecrets(), {});
    const check = createKeyCheck(() => settings, new ProviderCredentials(keys, () => settings), wire);
    const result = await check.check('moonshot', 'sk-keycheckmoonshot01', AbortSignal.timeout(10_000));
    assert.ok('models' in result && result.models > 0);
    assert.deepEqual(other.requests.map((r) => r.path), ['/moonshot/v1/models']);
    assert.deepEqual(monster.requests, []);
  });
});

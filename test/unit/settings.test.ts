import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectedOnce, readSettings, type ConfigurationSource } from '../../src/config/readSettings';
import { PROVIDERS } from '../../src/gateway/providers';

function config(user: Record<string, unknown>): ConfigurationSource {
  return { get: <T>(key: string) => user[key] as T | undefined, inspect: <T>(key: string) => ({ globalValue: user[key] as T | undefined }) };
}

describe('settings: base URLs, proxy settings', () => {
  it('refuses a base URL with user:pass@ (the URL is not used) and says why, for every preset, never repeating the password', () => {
    for (const preset of PROVIDERS) {
      const key = preset.id === 'monsterGaming' ? 'baseUrl' : `${preset.id}.baseUrl`;
      const settings = readSettings(config({ provider: preset.id, [key]: 'https://alice:hunter2-secret@gateway.example/v1' }));
      assert.equal(settings.baseUrl, preset.defaultBaseUrl, `${preset.id}: the default, not the URL with credentials`);
      const problem = settings.problems.find((p) => p.setting === `monsterGaming.${key}`);
      assert.ok(problem, `${preset.id}: a problem names monsterGaming.${key}`);
      assert.match(problem.message, /user name or password/);
      assert.ok(!problem.message.includes('hunter2-secret'), 'the message never repeats the password');
    }
  });

  it('reports a base URL with credentials even while another provider is active', () => {
    const settings = readSettings(config({ provider: 'monsterGaming', 'moonshot.baseUrl': 'https://token@api.moonshot.ai/v1' }));
    assert.deepEqual(settings.problems.map((p) => p.setting), ['monsterGaming.moonshot.baseUrl']);
  });

  it('refuses Portkey\'s custom host with credentials', () => {
    const settings = readSettings(config({ provider: 'portkeySelfHosted', 'portkey.customHost': 'http://user:pw-secret@127.0.0.1:9/v1' }));
    assert.equal(settings.provider.portkeyCustomHost, undefined);
    assert.deepEqual(settings.problems.map((p) => p.setting), ['monsterGaming.portkey.customHost']);
  });

  it('has no problems with plain URLs', () => {
    assert.deepEqual(readSettings(config({ provider: 'openaiCompatible', 'openaiCompatible.baseUrl': 'http://localhost:11434/v1', 'portkey.customHost': 'http://127.0.0.1:9/v1' })).problems, []);
  });

  it('keeps the Monster Gaming base URL at hand whatever provider is active (the key check goes there)', () => {
    const settings = readSettings(config({ provider: 'prxy', 'prxy.baseUrl': 'https://api.prxy.monster/v1', baseUrl: 'http://127.0.0.1:8790/v1' }));
    assert.equal(settings.baseUrl, 'https://api.prxy.monster/v1');
    assert.equal(settings.monsterGamingBaseUrl, 'http://127.0.0.1:8790/v1');
    assert.equal(readSettings(config({ provider: 'prxy' })).monsterGamingBaseUrl, 'https://api.monstergaming.ai/v1');
  });

  it('reads VS Code\'s http.proxy, http.proxyStrictSSL, http.noProxy, http.proxyAuthorization and http.proxySupport', () => {
    const http = config({ proxy: ' http://proxy.corp:3128 ', proxyStrictSSL: false, noProxy: ['lan', 7, ''], proxyAuthorization: 'Basic c3R1ZGlvOnMzY3JldA==', proxySupport: 'override' });
    assert.deepEqual(readSettings(config({}), http).proxy, { proxy: 'http://proxy.corp:3128', strictSSL: false, noProxy: ['lan'], authorization: 'Basic c3R1ZGlvOnMzY3JldA==', support: 'override' });
    assert.deepEqual(readSettings(config({})).proxy, { proxy: '', strictSSL: true, noProxy: [], support: 'override' }, 'VS Code\'s defaults without an http section');
    assert.equal(readSettings(config({}), config({ proxySupport: 'off' })).proxy.support, 'off');
  });
});

describe('settings: the chat', () => {
  it('attaches the active editor unless monsterGaming.chat.includeActiveEditor is false', () => {
    assert.equal(readSettings(config({})).includeActiveEditor, true);
    assert.equal(readSettings(config({ 'chat.includeActiveEditor': false })).includeActiveEditor, false);
    assert.equal(readSettings(config({ 'chat.includeActiveEditor': 'no' })).includeActiveEditor, true, 'a value of the wrong type falls back to the default');
  });
});

describe('settings: the account', () => {
  it('warns under monsterGaming.account.lowCreditWarning USD: 1 by default, never below 0, wrong types fall back', () => {
    assert.equal(readSettings(config({})).lowCreditWarningUsd, 1);
    assert.equal(readSettings(config({ 'account.lowCreditWarning': 2.5 })).lowCreditWarningUsd, 2.5);
    assert.equal(readSettings(config({ 'account.lowCreditWarning': -4 })).lowCreditWarningUsd, 0);
    assert.equal(readSettings(config({ 'account.lowCreditWarning': '3' })).lowCreditWarningUsd, 1);
  });
});

describe('settings: one inspection of the section', () => {
  /** VS Code's trees: dotted keys nest (`portkey.customHost` is `portkey: { customHost }`). */
  function nest(flat: Record<string, unknown>): Record<string, unknown> {
    const tree: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(flat)) {
      const parts = key.split('.');
      let node = tree;
      for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      node[parts[parts.length - 1] ?? key] = value;
    }
    return tree;
  }

  it('reads the same settings as a per-key inspection, nested keys included', () => {
    const user = {
      provider: 'portkeySelfHosted',
      'portkey.customHost': 'http://127.0.0.1:8787/v1',
      'moonshot.baseUrl': 'https://alice:pw@api.moonshot.example/v1',
      discipline: 'shader',
      'agent.maxSteps': 7,
    };
    const perKey = readSettings(config(user));
    const once = readSettings(inspectedOnce({ get: (key) => (user as Record<string, unknown>)[key] as never }, { globalValue: nest(user), defaultValue: nest({ provider: 'monsterGaming' }) }));
    assert.deepEqual(once, perKey);
    assert.equal(once.provider.portkeyCustomHost, 'http://127.0.0.1:8787/v1');
    assert.deepEqual(once.problems.map((p) => p.setting), ['monsterGaming.moonshot.baseUrl']);
  });

  it('takes the default where the user set nothing, and never a property of Object.prototype', () => {
    const source = inspectedOnce({ get: () => undefined }, { globalValue: { portkey: {} }, defaultValue: { provider: 'monsterGaming' } });
    assert.deepEqual(source.inspect?.('provider'), { globalValue: undefined, defaultValue: 'monsterGaming' });
    assert.deepEqual(source.inspect?.('portkey.constructor'), { globalValue: undefined, defaultValue: undefined });
    assert.deepEqual(source.inspect?.('toString'), { globalValue: undefined, defaultValue: undefined });
    assert.deepEqual(inspectedOnce({ get: () => undefined }, undefined).inspect?.('provider'), { globalValue: undefined, defaultValue: undefined });
  });
});

describe('settings: the manifest', () => {
  it('declares the counts the reader rounds to whole numbers as integers with a minimum, so the Settings editor refuses 2.5 or 0', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { type?: string; minimum?: number; default?: unknown }> } } };
    const properties = manifest.contributes.configuration.properties;
    for (const key of ['monsterGaming.agent.maxSteps', 'monsterGaming.history.maxConversations']) {
      assert.equal(properties[key]?.type, 'integer', key);
      assert.equal(properties[key]?.minimum, 1, key);
      assert.ok(Number.isInteger(properties[key]?.default), key);
    }
    assert.equal(readSettings(config({ 'agent.maxSteps': 7.6 })).agentMaxSteps, 8, 'a value edited in settings.json by hand is still rounded');
  });
});

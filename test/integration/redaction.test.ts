import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnswerEngine } from '../../src/answering/engine';
import { ChatController } from '../../src/chat/chatController';
import { ConversationStore } from '../../src/chat/historyStore';
import { redactedHistory } from '../../src/chat/redactedHistory';
import { readSettings } from '../../src/config/readSettings';
import { DisciplineRouter } from '../../src/disciplines/router';
import { GatewayClient } from '../../src/gateway/client';
import { describeError, toGatewayError } from '../../src/gateway/errors';
import { ApiKeyStore } from '../../src/secrets/apiKeyStore';
import { ProviderCredentials } from '../../src/secrets/credentials';
import type { HostToWebview } from '../../src/shared/protocol';
import { startGateway, type DevGateway } from '../gateway/server';
import { tempHistory } from '../unit/tempHistory';
import { memorySecrets, userConfig } from './providerHelpers';

/** A Portkey virtual key and a provider key that only live in secret storage. */
const PROVIDER_KEY = 'sk-redactionproviderkey-0042';
const VIRTUAL_KEY = 'vk-redaction-virtual-key-0042';

/**
 * A gateway that echoes the key it was given in its error body must never get that key to the UI
 * (error cards), the log or the saved history.
 */
describe('Secrets never reach the UI, the log or history, even when a gateway echoes them', () => {
  let gateway: DevGateway;

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => gateway.reset());

  it('an error body echoing the key and a Bearer header: the error card, the log and the history files carry neither', async () => {
    const key = 'mg_live_starter_redactiontests';
    const secrets = memorySecrets();
    secrets.values.set('monsterGaming.apiKey', key);
    const keys = new ApiKeyStore(secrets, {});
    await keys.rememberAll();
    const settings = readSettings(userConfig({ baseUrl: gateway.url }));
    const credentials = new ProviderCredentials(keys, () => settings);
    gateway.setFault({ kind: 'error', code: 'INVALID_API_KEY', message: `The key ${key} is revoked (Authorization: Bearer ${key}).` });

    const posted: HostToWebview[] = [];
    const logged: string[] = [];
    const history = tempHistory();
    const log = (line: string): number => logged.push(line);
    const controller = new ChatController({
      engine: new AnswerEngine({ gateway: new GatewayClient(() => credentials.connection()), settings: () => settings, hasKey: () => credentials.hasKey(), router: new DisciplineRouter(), log }),
      settings: () => settings,
      account: () => ({ hasKey: true, signupUrl: 'https://monstergaming.ai/signup' }),
      store: new ConversationStore(redactedHistory(history.files), () => 50),
      post: (message) => posted.push(message),
      log,
    });
    await controller.send({ text: `Is my key ${key} the right one?` });
    controller.dispose();
    await new Promise((resolve) => setTimeout(resolve, 50));

    const done = posted.find((m) => m.type === 'done');
    assert.ok(done && done.type === 'done' && done.error, 'an error card was shown');
    assert.match(done.error.message, /The key \[redacted\] is revoked/);
    assert.ok(!JSON.stringify(done).includes(key), 'the error card does not carry the key');
    assert.ok(logged.length > 0 && !logged.join('\n').includes(key), `the log does not carry the key:\n${logged.join('\n')}`);
    const saved = history.names().map((name) => fs.readFileSync(path.join(history.folder, name), 'utf8')).join('\n');
    assert.match(saved, /\[redacted\]/, 'the history was written');
    assert.ok(!saved.includes(key), 'the history files do not carry the key (question or error)');
    JSON.parse(fs.readFileSync(path.join(history.folder, history.names().find((n) => n.startsWith('conversation-'))!), 'utf8'));
  });

  it('another provider\'s secrets (all slots), echoed by that provider, are redacted as well', async () => {
    const secrets = memorySecrets();
    secrets.values.set('monsterGaming.apiKey.portkey.apiKey', 'pk-redaction-portkey-api-0042');
    secrets.values.set('monsterGaming.apiKey.portkey.providerKey', PROVIDER_KEY);
    secrets.values.set('monsterGaming.apiKey.portkey.virtualKey', VIRTUAL_KEY);
    await new ApiKeyStore(secrets, {}).rememberAll();
    const echoed = toGatewayError(new Error(`upstream said: bad key ${PROVIDER_KEY}, virtual ${VIRTUAL_KEY}, portkey pk-redaction-portkey-api-0042`));
    const view = describeError(toGatewayError(echoed));
    for (const secret of [PROVIDER_KEY, VIRTUAL_KEY, 'pk-redaction-portkey-api-0042']) {
      assert.ok(!view.message.includes(secret), secret);
    }
  });

  it('the environment\'s key (MONSTER_GAMING_API_KEY) is redacted as well', async () => {
    const fromEnv = 'mg_live_env_redactiontests99';
    await new ApiKeyStore(memorySecrets(), { MONSTER_GAMING_API_KEY: fromEnv }).rememberAll();
    assert.equal(toGatewayError(new Error(`nope: ${fromEnv}`)).message, 'nope: [redacted]');
  });
});

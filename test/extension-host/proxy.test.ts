/**
 * VS Code's proxy settings, set as a user would (`http.proxy` in user settings), honoured by the
 * extension in the real extension host: a chat answer through vscode.lm, the model list and the key
 * check (GET /whoami) all go through a real proxy (tinyproxy), and a proxy that is down is named.
 * The gateway for this suite listens on 127.0.0.2: VS Code never proxies localhost/127.0.0.1.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startGateway, type DevGateway } from '../gateway/server';
import { closedPort, startTinyproxy, type RunningProxy } from '../integration/tinyproxy';
import { activated, itFrom, LM_PROVIDER_API, waitFor } from './helpers';

const KEY = 'mg_live_studio_ext_host_proxy';

describe('http.proxy from the user settings (real extension host, real proxy)', function () {
  this.timeout(60_000);
  let gateway: DevGateway;
  let proxy: RunningProxy;
  const http = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('http');
  const ours = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('monsterGaming');
  let previousBaseUrl: string | undefined;
  const proxied = (pathname: string): string[] => proxy.requests().filter((line) => line.includes(`${new URL(gateway.url).host}/v1${pathname}`));

  before(async () => {
    await activated();
    gateway = await startGateway({ host: '127.0.0.2', rateLimits: false });
    proxy = await startTinyproxy();
    process.env.MONSTER_GAMING_API_KEY = KEY;
    previousBaseUrl = ours().inspect<string>('baseUrl')?.globalValue;
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await ours().update('baseUrl', gateway.url, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    delete process.env.MONSTER_GAMING_API_KEY;
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await ours().update('baseUrl', previousBaseUrl, vscode.ConfigurationTarget.Global);
    await proxy.stop();
    await gateway.close();
  });

  // The answer goes through vscode.lm; on VS Code before 1.104 the key check below proves the proxy.
  itFrom(LM_PROVIDER_API, 'lists the models and streams an answer through the proxy (the proxy\'s log shows both)', async () => {
    const models = await waitFor('the models of the proxied gateway', async () => {
      const found = await vscode.lm.selectChatModels({ vendor: 'monstergaming' });
      return found.some((m) => m.id === 'claude-opus-4-6') && found;
    });
    assert.ok(proxied('/models').length >= 1, proxy.log());
    const model = models.find((m) => m.id === 'monster-gpt');
    assert.ok(model);
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('How do I write a toon shader in HLSL?')], {}, new vscode.CancellationTokenSource().token);
    let text = '';
    for await (const part of response.text) text += part;
    assert.match(text, /shader/i);
    assert.equal(proxied('/chat/completions').length, 1, proxy.log());
    assert.ok(gateway.requests.some((r) => r.path === '/v1/chat/completions' && r.headers.authorization === `Bearer ${KEY}`));
  });

  it('checks the key (GET /whoami) through the proxy when the account is refreshed', async () => {
    const before = proxied('/whoami').length;
    // Switching provider and back refreshes the account, as a user switching would.
    await ours().update('provider', 'prxy', vscode.ConfigurationTarget.Global);
    await ours().update('provider', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('GET /whoami through the proxy', () => proxied('/whoami').length > before);
  });

  itFrom(LM_PROVIDER_API, 'names the proxy that is down, and where it was set', async () => {
    const dead = await closedPort();
    await http().update('proxy', `http://127.0.0.1:${dead}`, vscode.ConfigurationTarget.Global);
    try {
      const [model] = await vscode.lm.selectChatModels({ vendor: 'monstergaming', id: 'monster-gpt' });
      assert.ok(model);
      await assert.rejects(
        (async () => {
          const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('hello?')], {}, new vscode.CancellationTokenSource().token);
          for await (const part of response.text) void part;
        })(),
        (error: Error) => {
          assert.match(error.message, new RegExp(`Could not reach the proxy 127\\.0\\.0\\.1:${dead} \\(from http\\.proxy\\)`));
          return true;
        },
      );
    } finally {
      await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    }
  });
});

/**
 * The network as a user meets it in a real VS Code: a proxy set in the user settings (`http.proxy`
 * in settings.json) that the chat goes through (a real tinyproxy, whose log shows the request),
 * the message when that proxy is down, and another extension asking to use the key through the
 * Monster Gaming models (test/fixtures/lm-caller): the modal, Don't Allow, Allow.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesBelow } from '../../scripts/files';
import { startGateway, type DevGateway } from '../gateway/server';
import { closedPort, startTinyproxy, type RunningProxy } from '../integration/tinyproxy';
import { ChatView } from './chatView';
import { env } from './environment';
import { editUserSettings, settingsFile } from './userSettings';
import { waitUntil } from './wait';

const KEY = 'mg_live_studio_e2e_network';
const CALLER = 'LM Caller (Monster Gaming test fixture)';

/** The extension's own log (the Monster Gaming output channel), as written to disk. */
function extensionLog(): string {
  return filesBelow(path.join(env().profileDir, 'user-data', 'logs'))
    .filter((file) => file.includes(`${path.sep}monstergaming.monster-gaming${path.sep}`) && file.endsWith('.log'))
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');
}

/** Waits until the extension has read the new proxy settings (it logs every change). */
async function proxyInUse(summary: string): Promise<void> {
  await waitUntil(() => extensionLog().includes(`Proxy: ${summary}.`), `the extension logs "Proxy: ${summary}."`);
}

describe('The network in a real VS Code', function () {
  this.timeout(120_000);
  let proxy: RunningProxy;
  let proxied: DevGateway;
  let originalBaseUrl: unknown;

  before(async () => {
    const { workbench } = env();
    proxy = await startTinyproxy();
    // VS Code never proxies localhost/127.0.0.1: this gateway is on 127.0.0.2.
    proxied = await startGateway({ host: '127.0.0.2', rateLimits: false });
    originalBaseUrl = (JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>)['monsterGaming.baseUrl'];
    await workbench.dismissNotifications();
    if (!(await workbench.statusItem().innerText()).includes('Studio · production')) await workbench.setApiKey(KEY, 'Studio · production');
  });
  after(async () => {
    const saved = JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
    if (saved['http.proxy'] !== undefined || saved['monsterGaming.baseUrl'] !== originalBaseUrl) await editUserSettings({ 'http.proxy': undefined, 'monsterGaming.baseUrl': originalBaseUrl });
    await proxy.stop();
    await proxied.close();
  });

  it('chats through the proxy set in the user settings; the proxy\'s log shows the request', async () => {
    const { workbench } = env();
    await editUserSettings({ 'http.proxy': proxy.url, 'monsterGaming.baseUrl': proxied.url }, '59-proxy-in-user-settings');
    await proxyInUse(`127.0.0.1:${proxy.port} (from http.proxy)`);
    await workbench.openChat();
    const answer = await workbench.askAndWait('How do I write a dissolve shader in HLSL?');
    assert.match(await answer.locator('.mg-msg__body').innerText(), /dissolve/i);
    const carried = proxy.requests().filter((line) => line.includes(`POST http://${new URL(proxied.url).host}/v1/chat/completions`));
    assert.equal(carried.length, 1, `the proxy carried the chat request:\n${proxy.log()}`);
    assert.equal(proxied.requests.filter((r) => r.path === '/v1/chat/completions').length, 1);
    await workbench.screenshot('60-chat-through-proxy');
  });

  it('names the proxy when it is down, with a way to its settings', async () => {
    const { workbench } = env();
    const dead = await closedPort();
    await editUserSettings({ 'http.proxy': `http://127.0.0.1:${dead}` });
    await proxyInUse(`127.0.0.1:${dead} (from http.proxy)`);
    const answer = await workbench.askAndWait('Are you there?');
    const card = answer.locator('.mg-error');
    await card.getByText('Cannot reach the gateway through the proxy').waitFor({ timeout: 10_000 });
    await card.getByText(new RegExp(`Could not reach the proxy 127\\.0\\.0\\.1:${dead} \\(from http\\.proxy\\)`)).waitFor();
    await card.getByRole('button', { name: 'Open proxy settings' }).waitFor();
    await workbench.screenshot('61-proxy-down');
    await editUserSettings({ 'http.proxy': undefined, 'monsterGaming.baseUrl': originalBaseUrl });
    await proxyInUse('none');
  });

  it("never asks about VS Code's own Chat view using a Monster Gaming model (and logs who called)", async () => {
    const { workbench, gateway } = env();
    // chat.allowAnonymousAccess is on in the environment's user settings (VS Code's Chat view without a sign-in).
    const chat = new ChatView(workbench);
    try {
      await chat.open();
      await chat.newChat();
      await chat.pickModel('Monster GPT');
      gateway.reset();
      const response = await chat.ask('How do I write a toon shader in HLSL?');
      assert.match(await response.innerText(), /toon shader/i, 'answered through the Monster Gaming model');
      assert.equal(await workbench.dialog('wants to use your Monster Gaming key').isVisible(), false);
      const callers = [...extensionLog().matchAll(/Language model request from (\S+) for/g)].map((m) => m[1]);
      // VS Code 1.139's Chat view is the Copilot Chat extension built into it; it names itself as the caller.
      assert.ok(callers.includes('github.copilot-chat'), `the Chat view's requests come from github.copilot-chat (callers: ${callers.join(', ')})`);
      assert.ok(!/Asked whether/.test(extensionLog()), `nobody was asked (callers: ${callers.join(', ')})`);
      await workbench.screenshot('65-chat-view-not-asked');
    } catch (error) {
      // The Chat view as it failed, before closing it hides the reason.
      await workbench.screenshot('FAILED-chat-view-before-close');
      throw error;
    } finally {
      await chat.close();
    }
  });

  it('asks before another extension uses the key; Don\'t Allow refuses it, and nothing is sent', async () => {
    const { workbench, gateway } = env();
    gateway.reset();
    await workbench.runCommand('LM Caller: Ask the Monster Gaming model');
    const dialog = workbench.dialog(`${CALLER} wants to use your Monster Gaming key`);
    await dialog.waitFor({ timeout: 20_000 });
    await workbench.screenshot('62-another-extension-asks');
    await workbench.clickDialogButton(`${CALLER} wants to use your Monster Gaming key`, "Don't Allow");
    await workbench.notification(/LM Caller was refused: .*may not use your Monster Gaming key/).waitFor({ timeout: 15_000 });
    await workbench.screenshot('63-another-extension-refused');
    assert.equal(gateway.requests.filter((r) => r.path === '/v1/chat/completions').length, 0, 'nothing reached the gateway');
    // Remembered: refused again at once, without a question.
    await workbench.dismissNotifications();
    await workbench.runCommand('LM Caller: Ask the Monster Gaming model');
    await workbench.notification(/LM Caller was refused/).waitFor({ timeout: 15_000 });
    assert.equal(await workbench.dialog('wants to use your Monster Gaming key').isVisible(), false);
  });

  it('after Reset Model Access it asks again; Allow lets the request through and is remembered', async () => {
    const { workbench, gateway } = env();
    await workbench.dismissNotifications();
    await workbench.runCommand('Monster Gaming: Reset Model Access');
    await workbench.runCommand('LM Caller: Ask the Monster Gaming model');
    await workbench.clickDialogButton(`${CALLER} wants to use your Monster Gaming key`, 'Allow');
    await workbench.notification(/LM Caller got an answer/).waitFor({ timeout: 20_000 });
    await workbench.screenshot('64-another-extension-allowed');
    await workbench.dismissNotifications();
    const before = gateway.requests.filter((r) => r.path === '/v1/chat/completions').length;
    await workbench.runCommand('LM Caller: Ask the Monster Gaming model');
    await workbench.notification(/LM Caller got an answer/).waitFor({ timeout: 20_000 });
    assert.equal(await workbench.dialog('wants to use your Monster Gaming key').isVisible(), false, 'not asked again');
    assert.equal(gateway.requests.filter((r) => r.path === '/v1/chat/completions').length, before + 1);
  });
});

/**
 * Switching gateways in a real VS Code: from the palette to the real Portkey gateway (self-hosted
 * preset) forwarding to a Moonshot-format upstream, chatting through it with that provider's own
 * key, picking a model in the chat header, and switching back to Monster Gaming.
 */
import * as assert from 'node:assert/strict';
import { env } from './environment';
import { waitUntil } from './wait';

const PROVIDER_KEY = 'sk-e2ethroughportkey01';
const MONSTER_KEY = 'mg_live_studio_e2e_key';

describe('Providers in a real VS Code', function () {
  this.timeout(120_000);

  before(async () => {
    // Start from Monster Gaming with its key set, whatever ran before.
    const { workbench } = env();
    if (!(await workbench.statusItem().innerText()).includes('Studio · production')) await workbench.setApiKey(MONSTER_KEY, 'Studio · production');
  });

  it('switches to Portkey (self-hosted) from the palette, sets its key, and chats through it', async () => {
    const { workbench, gateway } = env();
    await workbench.dismissNotifications();
    await workbench.runCommand('Monster Gaming: Select Provider');
    await workbench.pickQuickItem('Monster Gaming: Select Provider', 'Portkey (self-hosted)');
    await workbench.pickQuickItem('Monster Gaming: Portkey (self-hosted) provider', 'moonshot');
    // Its key is not stored yet: the notification offers to set it, in Portkey's own slot.
    await workbench.clickNotificationButton(/Its key is not set yet/, /Set Provider key for Portkey/);
    await workbench.answerQuickInput('Monster Gaming: Set Provider key for Portkey', PROVIDER_KEY);
    await workbench.statusItem().filter({ hasText: 'Portkey (self-hosted) → moonshot' }).waitFor({ timeout: 15_000 });

    const chat = await workbench.openChat();
    await chat.getByRole('button', { name: /Model: moonshot-v1-8k on Portkey \(self-hosted\) → moonshot/ }).waitFor({ timeout: 10_000 });
    gateway.reset();
    const answer = await workbench.askAndWait('How should I structure dialogue for a branching quest?');
    assert.match(await answer.locator('.mg-msg__body').innerText(), /dialogue|quest|branch/i);
    // Moonshot does not route: the local router's choice is shown, marked as such.
    assert.match(await answer.locator('.mg-msg__who').innerText(), /Narrative.*predicted locally/);
    await workbench.screenshot('30-portkey-answer');

    const forwarded = gateway.requests.filter((r) => r.path === '/moonshot/v1/chat/completions');
    assert.equal(forwarded.length, 1, 'Portkey forwarded exactly one request to the Moonshot upstream');
    assert.equal(forwarded[0].headers.authorization, `Bearer ${PROVIDER_KEY}`);
    assert.equal((forwarded[0].body as { model: string }).model, 'moonshot-v1-8k');
    for (const request of gateway.requests) {
      assert.ok(!JSON.stringify(request).includes(MONSTER_KEY), `the Monster Gaming key stayed home (${request.path})`);
    }
  });

  it('picks another model from the chat header', async () => {
    const { workbench, gateway } = env();
    const chat = workbench.chat();
    await chat.getByRole('button', { name: /^Model: / }).click();
    await workbench.pickQuickItem('Monster Gaming: Select Model (Portkey (self-hosted) → moonshot)', 'moonshot-v1-128k');
    await chat.getByRole('button', { name: /Model: moonshot-v1-128k/ }).waitFor({ timeout: 10_000 });
    gateway.reset();
    await workbench.askAndWait('Give me three names for a haunted lighthouse level.');
    await waitUntil(() => Promise.resolve(gateway.requests.some((r) => (r.body as { model?: string } | undefined)?.model === 'moonshot-v1-128k')), 'the next request used the picked model');
  });

  it('shows an upstream rejection through Portkey with advice for that gateway', async () => {
    const { workbench, gateway } = env();
    gateway.setFault({ kind: 'error', code: 'INVALID_API_KEY' });
    const answer = await workbench.askAndWait('Hello?');
    const card = answer.locator('.mg-error');
    await card.getByText('Your API key was rejected').waitFor();
    await card.getByText(/Check the Portkey \(self-hosted\) → moonshot key/).waitFor();
    assert.equal(await card.getByRole('button', { name: 'Get a free key' }).count(), 0, 'no Monster Gaming signup for a Portkey key');
    await workbench.screenshot('31-portkey-error');
  });

  it('switches back to Monster Gaming, whose key and routing are still there', async () => {
    const { workbench } = env();
    await workbench.runCommand('Monster Gaming: Select Provider');
    await workbench.pickQuickItem('Monster Gaming: Select Provider', 'Monster Gaming', /^Monster Gaming/);
    await workbench.statusItem().filter({ hasText: 'Studio · production' }).waitFor({ timeout: 15_000 });
    const chat = workbench.chat();
    await chat.getByRole('button', { name: /Model: monster-gpt on Monster Gaming/ }).waitFor({ timeout: 10_000 });
    const answer = await workbench.askAndWait('Why is my HLSL shader pink?');
    assert.match(await answer.locator('.mg-msg__who').innerText(), /Shader · Technical Artist/);
    await workbench.dismissNotifications();
  });
});

/**
 * Agent mode's view in a real VS Code: the composer's Ask / Agent control switches through the
 * extension host, and the agent bundle (dist/webview-agent.js, loaded on first need) runs inside
 * VS Code's webview under the production CSP, from the URL next to the chat's own script.
 */
import * as assert from 'node:assert/strict';
import { env } from './environment';

describe('Agent mode view in a real VS Code', function () {
  this.timeout(90_000);

  it('switches to Agent from the composer and loads the agent view', async () => {
    const { workbench } = env();
    const chat = await workbench.openChat();
    const ask = chat.getByRole('button', { name: 'Mode: Ask' });
    await ask.click();
    const agent = chat.getByRole('button', { name: /Agent/, pressed: true });
    await agent.waitFor({ timeout: 10_000 });
    assert.match((await chat.locator('textarea').getAttribute('placeholder')) ?? '', /agent/i);
    // The agent bundle adds its stylesheet when it runs: it loaded and ran under the CSP.
    await chat.locator('link[href$="webview-agent.css"]').waitFor({ state: 'attached', timeout: 10_000 });
    await workbench.screenshot('60-agent-mode');
    await agent.click();
    await ask.waitFor({ timeout: 10_000 });
  });
});

/**
 * The real-editor smoke test for the oldest VS Code we claim: the packaged .vsix in code-server
 * 4.96.4 (VS Code 1.96, its extension host on Node 20.18), driven like a user with the e2e suite's
 * helpers: set the key, one streamed answer in the sidebar, one fix (quick fix, diff, Accept); and
 * that this VS Code gets no Monster Gaming models for its chat (so no agent mode on them).
 *
 *   MG_CODE_SERVER=oldest mocha --config .mocharc.json --require out/test/e2e/hooks.js --timeout 180000 out/test/e2e/smoke.js
 *
 * Not a `*.test.ts`: the full suite proves these paths in depth on the current VS Code, and
 * `npm run test:oldest:run` runs this file on the oldest. Screenshots: test-results/e2e-oldest/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesBelow } from '../../scripts/files';
import { CODE_SERVER, env } from './environment';
import { cursorOnTypeError, onDisk, TYPE_ERROR_FILE, undoFixAndSaveBack } from './typeError';
import { waitUntil } from './wait';

const KEY = 'mg_live_studio_e2e_smoke';

describe('Smoke test in a real VS Code', function () {
  this.timeout(120_000);

  it('sets the API key from the palette; the status bar and the chat show the account', async () => {
    const { workbench } = env();
    const chat = await workbench.openChat();
    await workbench.setApiKey(KEY, 'Studio · production');
    await chat.getByText('Studio · production').first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('01-key-set');
  });

  it('streams an answer in the sidebar, naming the specialist', async () => {
    const { workbench, gateway } = env();
    gateway.setFault({ kind: 'slow', tokenDelayMs: 25 });
    try {
      const answer = await workbench.askForAnswer('How do I implement rollback netcode for a fighting game?');
      // Streaming: the text grows while the Stop button is there.
      await workbench.chat().getByRole('button', { name: /Stop/ }).waitFor({ timeout: 10_000 });
      const body = answer.locator('.mg-msg__body');
      await body.filter({ hasText: /\S/ }).waitFor();
      const early = (await body.innerText()).length;
      await workbench.waitForDone(answer);
      const final = (await body.innerText()).length;
      assert.ok(final > early, `the answer grew after the first tokens (${early} → ${final})`);
      assert.match(await answer.locator('.mg-msg__who').innerText(), /Multiplayer · Network Engineer/);
      await workbench.screenshot('02-answer');
    } finally {
      gateway.clearFaults();
    }
  });

  it('fixes the TypeScript error from the lightbulb: diff first, Accept writes the file', async () => {
    const { workbench, page, gateway } = env();
    const before = await cursorOnTypeError();
    await workbench.quickFix('Fix with Monster Gaming');
    await page.locator('.tab').filter({ hasText: 'Monster Gaming fix' }).first().waitFor({ timeout: 20_000 });
    await workbench.notification(/Monster Gaming fix for 2322/).waitFor();
    assert.equal(onDisk(TYPE_ERROR_FILE), before, 'nothing is written before Accept');
    await workbench.screenshot('03-fix-diff');
    // Monster Gaming: the fix comes through structured output with the edit-list schema.
    const fixes = gateway.requests.filter((r) => r.path === '/v1/structured');
    assert.equal(fixes.length, 1, 'one fix request reached the gateway');

    await workbench.clickNotificationButton(/Monster Gaming fix for 2322/, 'Accept');
    await waitUntil(() => onDisk(TYPE_ERROR_FILE).includes('warnings: 3,'), 'the fix is saved to disk');
    assert.equal(onDisk(TYPE_ERROR_FILE), before.replace("warnings: '3'", 'warnings: 3'), 'only the broken line changed');
    await workbench.screenshot('04-fixed');
    await undoFixAndSaveBack(TYPE_ERROR_FILE, before);
  });

  it("offers VS Code's chat no Monster Gaming model where the provider API is missing (1.96): no agent mode on our models there", async () => {
    const { profileDir } = env();
    const log = (): string =>
      filesBelow(path.join(profileDir, 'user-data', 'logs'))
        .filter((file) => file.includes(`${path.sep}monstergaming.monster-gaming${path.sep}`) && file.endsWith('.log'))
        .map((file) => fs.readFileSync(file, 'utf8'))
        .join('\n');
    await waitUntil(() => /Activated in/.test(log()), 'the extension logged its activation');
    // VS Code 1.96 has only the proposed registerChatModelProvider (not for published extensions) and no built-in agent.
    const missing = log().includes('This VS Code has no language model provider API');
    assert.equal(missing, CODE_SERVER.tier === 'oldest', `tier ${CODE_SERVER.tier}: ${missing ? 'no provider API' : 'the provider API is there'}`);
  });
});

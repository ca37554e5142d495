/**
 * Context the user controls, in a real VS Code: `#file` and `#problems` typed in the sidebar's
 * composer become chips, reach the request as named, fenced items (the development gateway
 * records it) with the engine line, the sent question keeps its chips, and the context meter
 * shows the request's real size against the limit. (A path outside the workspace refused:
 * chat.test.ts.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';
import { TYPE_ERROR_FILE } from './typeError';

const KEY = 'mg_live_studio_e2e_context';
const SCRIPT = 'Assets/Scripts/PlayerController.cs';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface SentBody {
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string }>;
}

describe('Context the user controls, in a real VS Code', function () {
  this.timeout(120_000);

  before(async () => {
    const { workbench } = env();
    await workbench.setApiKey(KEY, 'Studio · production');
  });

  it('#file and #problems show as chips, reach the request as named fenced items with the engine line, and the meter shows the real body size', async () => {
    const { workbench, page, gateway, workspace } = env();
    await workbench.openFile(TYPE_ERROR_FILE);
    await workbench.runCommand('File: Revert File');
    // The real TypeScript language service reports the sample's type error: that is what #problems lists.
    await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    const chat = await workbench.openChat();
    await workbench.runCommand('Monster Gaming: New Chat');
    gateway.reset();

    const box = chat.locator('textarea');
    // Mentions first, the question last: the picker is closed when Enter is pressed.
    const question = `#file:${SCRIPT} #problems Why does the nightly build report fail, and does the player script share the bug?`;
    await box.fill(question);
    const composerChips = chat.locator('.mg-context [aria-label="Attached context"] [role="listitem"]');
    await composerChips.filter({ hasText: 'PlayerController.cs' }).first().waitFor({ timeout: 15_000 });
    await composerChips.filter({ hasText: 'problems' }).first().waitFor({ timeout: 15_000 });
    await composerChips.filter({ hasText: 'buildReport.ts' }).first().waitFor({ timeout: 15_000 });
    await box.press('Enter');
    const answer = workbench.answers().last();
    await answer.waitFor({ timeout: 30_000 });
    await workbench.waitForDone(answer);

    const request = gateway.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    assert.ok(request, 'the question reached the gateway');
    const body = request.body as SentBody;
    const user = body.messages.at(-1)!;
    assert.equal(user.role, 'user');
    assert.ok(user.content.startsWith(`${question}\n\n`), 'the question as typed comes first');
    // Each item: a line naming it (label, path, lines), then a fenced block with the file's own text.
    const script = fs.readFileSync(path.join(workspace, SCRIPT), 'utf8');
    const fenced = new RegExp(`^#file:${escape(SCRIPT)} · \`${escape(SCRIPT)}\`:\n\`\`\`csharp\n${escape(script.replace(/\n$/, ''))}\n\`\`\`$`, 'm');
    assert.match(user.content, fenced, 'the file, named and fenced whole');
    assert.match(user.content, /^Tools\/buildReport\.ts:13:\d+: error: Type 'string' is not assignable to type 'number'\. \[ts 2322\]$/m, 'the active file\'s problem, in the line format');
    assert.match(user.content, /`Tools\/buildReport\.ts`/, 'the active editor, attached implicitly');
    const engineLine = body.messages.find((m) => m.role === 'system' && m.content.includes('Engine: Unity 2022.3'));
    assert.ok(engineLine, `the engine line goes with every question: ${JSON.stringify(body.messages.filter((m) => m.role === 'system').map((m) => m.content.slice(0, 120)))}`);

    // The sent question keeps its chips; the meter shows the body the gateway received.
    const sent = chat.locator('article.mg-msg--user').last().locator('[role="listitem"]');
    assert.deepEqual((await sent.allInnerTexts()).map((t) => t.trim()).sort(), [`#file:${SCRIPT}`, '#problems', 'buildReport.ts'].sort());
    const meter = chat.getByRole('meter', { name: 'Context used' });
    await meter.waitFor({ timeout: 10_000 });
    assert.equal(Number(await meter.getAttribute('aria-valuenow')), request.bodyBytes, 'the meter counts the bytes the gateway received');
    assert.equal(Number(await meter.getAttribute('aria-valuemax')), 64 * 1024, "Monster Gaming's 64 KB body limit");
    await workbench.screenshot('40-context-chips-answer');
    // The README's first picture (`npm run media` copies it to media/readme/): the question with its chips, then the answer.
    await chat.locator('article.mg-msg--user').last().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await workbench.screenshotOf('.part.sidebar', 'readme-chat');
  });
});

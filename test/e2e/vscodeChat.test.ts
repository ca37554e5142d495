/**
 * `@monster` in VS Code's own Chat view, in a real VS Code with no Copilot sign-in: the Monster
 * Gaming models in its model picker make the Chat view usable at all (without a model it answers
 * every participant "Language model unavailable"), and `@monster` answers and fixes through them.
 */
import * as assert from 'node:assert/strict';
import { ChatView } from './chatView';
import { env } from './environment';
import { cursorOnTypeError, onDisk, TYPE_ERROR_FILE as file, undoFixAndSaveBack } from './typeError';
import { waitUntil } from './wait';

const KEY = 'mg_live_studio_e2e_chat_view';

describe("@monster in VS Code's Chat view", function () {
  this.timeout(120_000);
  let chat: ChatView;

  before(async () => {
    const { workbench, gateway } = env();
    gateway.reset();
    await workbench.setApiKey(KEY, 'Studio · production');
    await workbench.dismissNotifications();
    // No editor open: the Chat view would attach the active file to every question (as it should).
    await workbench.runCommand('View: Close All Editors');
    chat = new ChatView(workbench);
  });
  after(async () => {
    await chat.close();
  });

  it('offers the gateway models in the model picker and answers @monster with the specialist named', async () => {
    const { workbench, gateway } = env();
    await chat.open();
    await chat.newChat();
    await chat.pickModel('Monster GPT');
    const response = await chat.ask('@monster How do I write a toon shader in HLSL?');
    await response.getByText('Shader · Technical Artist').first().waitFor({ timeout: 10_000 });
    const text = await response.innerText();
    assert.match(text, /How do I write a toon shader in HLSL\?/, 'the gateway answered this question');
    assert.match(text, /float4|SV_Target/, 'with its code');
    await workbench.page.getByText('Keep asking the Shader · Technical Artist').first().waitFor({ timeout: 10_000 });
    await workbench.screenshot('40-monster-in-chat-view');
    const sent = gateway.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { model: string; messages: Array<{ role: string; content: string }> };
    assert.equal(sent.model, 'monster-gpt');
    assert.deepEqual(sent.messages.at(-1), { role: 'user', content: 'How do I write a toon shader in HLSL?' });
  });

  it('carries the conversation into a follow-up', async () => {
    const { gateway } = env();
    await chat.newChat();
    await chat.ask('@monster How do I write a toon shader in HLSL?');
    await chat.ask('@monster And how do I add an outline?');
    const sent = gateway.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    const turns = sent.messages.filter((m) => m.role !== 'system');
    assert.deepEqual(turns.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.equal(turns[0].content, 'How do I write a toon shader in HLSL?');
    assert.ok(!turns[1].content.startsWith('**'), 'the specialist header is not sent back');
  });

  it('/agent runs the agent loop there: the file is read through the workspace tools, each step is a line, the answer quotes it', async () => {
    const { workbench, gateway } = env();
    await chat.newChat();
    gateway.reset();
    const response = await chat.ask('@monster /agent Read Assets/Scripts/Inventory.cs', 60_000);
    const text = (await response.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /✓ read_file Assets\/Scripts\/Inventory\.cs \(\d+ ms\)/, text);
    const bodies = gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as { tools?: Array<{ function: { name: string } }>; messages: Array<{ role: string; content: string | null }> });
    assert.equal(bodies.length, 2, 'one step with the call, one with its result');
    assert.ok(bodies[0].tools?.some((t) => t.function.name === 'read_file'));
    const result = bodies[1].messages.find((m) => m.role === 'tool')?.content ?? '';
    assert.match(result, /^\s*1 \| /m, 'the real file, numbered, went back to the model');
    await workbench.screenshot('41-monster-agent-in-chat-view');
  });

  it('/agent asks before an edit in its answer: Accept, clicked while the turn waits, writes it; the turn ends with its tokens; Undo Agent Changes puts it back', async () => {
    const { workbench, gateway, page } = env();
    await chat.newChat();
    gateway.reset();
    const script = 'Assets/Scripts/Inventory.cs';
    const before = onDisk(script);
    await chat.send(`@monster /agent Replace "private int capacity = 24;" with "private int capacity = 32;" in ${script}`);
    const response = page.locator('.interactive-item-container.interactive-response.chat-most-recent-response');
    const accept = response.getByRole('button', { name: 'Accept' });
    await accept.waitFor({ timeout: 60_000 });
    assert.match((await response.innerText()).replace(/\s+/g, ' '), /The agent wants to change Assets\/Scripts\/Inventory\.cs \(1 line added, 1 removed\)\./);
    assert.equal(onDisk(script), before, 'nothing is written while it asks');
    await page.locator('.tab').filter({ hasText: 'edit proposed by the agent' }).first().waitFor({ timeout: 20_000 });
    await workbench.screenshot('41-monster-agent-approval-in-chat-view');
    await accept.click();
    await response.and(page.locator(':not(.chat-response-loading)')).waitFor({ timeout: 30_000 });
    await waitUntil(() => onDisk(script) === before.replace('capacity = 24;', 'capacity = 32;'), 'the accepted edit is on disk');
    const text = (await response.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /✓ edit_file Assets\/Scripts\/Inventory\.cs \(\d+ ms\)/, text);
    assert.match(text, /[\d,]+ tokens \([\d,]+ prompt \+ [\d,]+ completion\)/, text);
    await workbench.screenshot('41-monster-agent-approved-in-chat-view');
    await response.getByRole('button', { name: 'Undo Agent Changes' }).click();
    await waitUntil(() => onDisk(script) === before, 'Undo Agent Changes restored the file');
    await workbench.dismissNotifications();
  });

  it('/fix fixes the error at the cursor: a diff, Accept in the chat, one undo', async () => {
    const { workbench, page } = env();
    const before = await cursorOnTypeError();
    const response = await chat.ask('@monster /fix');
    await page.locator('.tab').filter({ hasText: 'Monster Gaming fix' }).first().waitFor({ timeout: 20_000 });
    assert.match(await response.innerText(), /2322/);
    assert.equal(onDisk(file), before, 'nothing is written before Accept');
    await workbench.screenshot('41-monster-fix-in-chat-view');
    await response.getByRole('button', { name: 'Accept' }).click();
    await waitUntil(() => onDisk(file).includes('warnings: 3,'), 'the fix is saved to disk');
    assert.equal(onDisk(file), before.replace("warnings: '3'", 'warnings: 3'), 'only the broken line changed');

    await undoFixAndSaveBack(file, before);
    await workbench.dismissNotifications();
  });
});

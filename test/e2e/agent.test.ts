/**
 * An agent turn in a real VS Code, as a user runs it: agent mode on in the sidebar, "make this
 * shader compile" on the sample's broken GLSL shader. The real glslangValidator reports the error,
 * the agent reads the file, proposes the edit (a diff opens; the user accepts it in the sidebar's
 * card), compiles again (OK), and the review lists the file; Undo All puts it back. Then Keep All
 * and Undo Agent Changes from the palette: the file is restored after Keep and after saves. "Fix
 * the build" runs the sample's "build shaders" task (Run in the card) and gets its problem matcher's
 * problem. And a real Godot project from the corpus, searched.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { env, RESULTS_DIR } from './environment';
import { waitUntil } from './wait';
import { corpusDir } from '../support/corpus';

const KEY = 'mg_live_studio_e2e_agent';
const SHADER = 'Assets/Shaders/Ripple.frag';

interface SentBody {
  readonly tools?: ReadonlyArray<{ readonly function: { readonly name: string } }>;
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string | null; readonly tool_call_id?: string }>;
}

describe('Agent mode in a real VS Code', function () {
  this.timeout(240_000);
  let original = '';

  before(async () => {
    const { workbench, workspace } = env();
    original = fs.readFileSync(path.join(workspace, SHADER), 'utf8');
    await workbench.setApiKey(KEY, 'Studio · production');
  });

  after(async () => {
    // Whatever happened, the sample is as it was for the tests after this one, and the composer is back in Ask mode.
    fs.writeFileSync(path.join(env().workspace, SHADER), original);
    const chat = await env().workbench.openChat();
    const on = chat.getByRole('button', { name: /Agent/, pressed: true });
    if (await on.isVisible()) await on.click();
    await chat.getByRole('button', { name: 'Mode: Ask' }).waitFor({ timeout: 10_000 });
    // And without the key this suite set: the chat suite after it starts as a new user.
    await env().workbench.runCommand('Monster Gaming: New Chat');
    await env().workbench.runCommand('Monster Gaming: Clear API Key');
    await env().workbench.statusItem().filter({ hasText: 'Set API Key' }).waitFor({ timeout: 10_000 });
  });

  async function agentOn(): Promise<void> {
    const { workbench } = env();
    const chat = await workbench.openChat();
    await workbench.runCommand('Monster Gaming: New Chat');
    // The webview clears the transcript a moment later: askForAnswer counts the answers there are.
    await waitUntil(async () => (await workbench.answers().count()) === 0, 'New Chat cleared the transcript', 10_000);
    const on = chat.getByRole('button', { name: /Agent/, pressed: true });
    if (!(await on.isVisible())) await chat.getByRole('button', { name: 'Mode: Ask' }).click();
    await on.waitFor({ timeout: 10_000 });
  }

  interface Turn {
    readonly answer: Locator;
    /** Clicks Accept on the edit's card in the sidebar. */
    accept(): Promise<void>;
  }

  /** Asks "make this shader compile" and waits for the edit's approval card and its diff. */
  async function makeItCompile(): Promise<Turn> {
    const { workbench, page } = env();
    const chat = workbench.chat();
    const answer = await workbench.askForAnswer(`Make this shader compile: ${SHADER}`);
    const card = chat.getByRole('group', { name: /Edit Ripple\.frag|Ripple\.frag.*waiting for your approval/ });
    await card.waitFor({ timeout: 60_000 });
    // The proposed edit is open as a diff beside the chat.
    await page.locator('.tab', { hasText: 'edit proposed by the agent' }).first().waitFor({ timeout: 20_000 });
    await waitUntil(async () => (await workbench.diffSide('modified')).includes('vec4(tint.rgb'), 'the diff shows the proposed line', 20_000);
    assert.ok((await workbench.diffSide('original')).includes('vec4(tnt.rgb'), 'the diff shows the file as it is on its left');
    return { answer, accept: () => chat.getByRole('button', { name: /^Accept edit/ }).click() };
  }

  it('runs compile → read → edit (accepted in the diff card) → compile, shows each step, and Undo All restores the file', async () => {
    const { workbench, gateway, workspace } = env();
    await agentOn();
    gateway.reset();
    const chat = workbench.chat();
    const turn = await makeItCompile();
    await workbench.screenshot('61-agent-approval');
    await workbench.screenshot('readme-agent');
    assert.equal(fs.readFileSync(path.join(workspace, SHADER), 'utf8'), original, 'nothing is written before Accept');
    await turn.accept();
    await workbench.waitForDone(turn.answer, 90_000);
    assert.match((await turn.answer.innerText()).replace(/\s+/g, ' '), /The shader compiles now \(compile_shader: OK/);

    // The step rows: the real compiler's error, then OK.
    const rows = turn.answer.locator('details');
    assert.deepEqual(
      (await rows.locator('summary').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').match(/(compile_shader|read_file|edit_file)/)?.[1]),
      ['compile_shader', 'read_file', 'edit_file', 'compile_shader'],
    );
    const review = chat.locator('.mg-review');
    await review.waitFor({ timeout: 20_000 });
    assert.match(await review.innerText(), /Ripple\.frag/);
    await review.scrollIntoViewIfNeeded();
    await workbench.screenshot('62-agent-review');
    await rows.first().locator('summary').click();
    assert.match(await rows.first().innerText(), /Ripple\.frag:10:\d+: error: 'tnt' : undeclared identifier/);

    // On disk: fixed, and the real compiler agrees (the last step said OK).
    const fixed = fs.readFileSync(path.join(workspace, SHADER), 'utf8');
    assert.ok(fixed.includes('vec4(tint.rgb'), fixed);

    // What the gateway saw: tools offered, and the compiler's result sent back by call id.
    const bodies = gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as SentBody);
    assert.equal(bodies.length, 5);
    assert.ok(bodies[0].tools?.some((t) => t.function.name === 'compile_shader'));
    const results = bodies[4].messages.filter((m) => m.role === 'tool');
    assert.equal(results.length, 4);
    assert.ok(results.every((m) => m.tool_call_id?.startsWith('call_')));
    assert.match(results[0].content ?? '', /error: 'tnt' : undeclared identifier \[glslang\]/);
    assert.match(results[3].content ?? '', /^OK/);
    // The turn as the gateway saw it (its last request holds every call and result), for the record.
    fs.writeFileSync(path.join(RESULTS_DIR, 'agent-turn.json'), JSON.stringify(bodies[4].messages, null, 2));

    await chat.getByRole('button', { name: 'Undo All' }).click();
    await waitUntil(() => fs.readFileSync(path.join(workspace, SHADER), 'utf8') === original, 'the file is back as it was', 20_000);
    await review.filter({ hasText: /undone/i }).waitFor({ timeout: 10_000 });
  });

  it('Undo Agent Changes from the palette restores the file after Keep All and after a save', async () => {
    const { workbench, workspace } = env();
    await agentOn();
    const chat = workbench.chat();
    const turn = await makeItCompile();
    await turn.accept();
    await workbench.waitForDone(turn.answer, 90_000);
    await chat.getByRole('button', { name: 'Keep All' }).click();
    await chat.locator('.mg-review').filter({ hasText: /kept/i }).first().waitFor({ timeout: 10_000 });
    assert.ok(fs.readFileSync(path.join(workspace, SHADER), 'utf8').includes('vec4(tint.rgb'));
    await workbench.runCommand('Monster Gaming: Undo Agent Changes');
    await waitUntil(() => fs.readFileSync(path.join(workspace, SHADER), 'utf8') === original, 'Undo Agent Changes put the file back', 20_000);
  });

  it('fixes the build: runs the "build shaders" task (Run in the card), reads its problems, edits (Accept), runs it again: exit 0', async () => {
    const { workbench, gateway, workspace } = env();
    await agentOn();
    gateway.reset();
    const chat = workbench.chat();
    const answer = await workbench.askForAnswer('Fix the build: the "build shaders" task fails');
    const run = chat.getByRole('button', { name: /^Run task/ });
    await run.waitFor({ timeout: 60_000 });
    assert.match(await chat.locator('.mg-approval pre').innerText(), /glslangValidator/);
    await workbench.screenshot('63-agent-run-task');
    await run.click();
    await chat.getByRole('button', { name: /^Accept edit/ }).click({ timeout: 90_000 });
    await chat.getByRole('button', { name: /^Run task/ }).click({ timeout: 90_000 });
    await workbench.waitForDone(answer, 120_000);
    assert.match((await answer.innerText()).replace(/\s+/g, ' '), /The build passes now/);
    const bodies = gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as SentBody);
    const results = bodies.at(-1)?.messages.filter((m) => m.role === 'tool').map((m) => m.content ?? '') ?? [];
    // The task's own exit code and its problem matcher's problem, then a clean run.
    assert.match(results[0], /Exit code: 2\./);
    assert.match(results[0], /Assets\/Shaders\/Ripple\.frag:10:\d+: error: 'tnt' : undeclared identifier/);
    assert.match(results.at(-1) ?? '', /Exit code: 0\./);
    assert.ok(fs.readFileSync(path.join(workspace, SHADER), 'utf8').includes('vec4(tint.rgb'));
    await workbench.runCommand('Monster Gaming: Undo Agent Changes');
    await waitUntil(() => fs.readFileSync(path.join(workspace, SHADER), 'utf8') === original, 'Undo Agent Changes put the file back', 20_000);
  });

  it('runs a command (Run in the card) live in the "Monster Gaming Agent" terminal, and the model gets its whole output', async () => {
    const { workbench, gateway, page } = env();
    await agentOn();
    gateway.reset();
    const chat = workbench.chat();
    const answer = await workbench.askForAnswer('Run `node -e "console.log(\'frames: \' + (40 + 2))"`');
    await chat.getByRole('button', { name: /^Run command/ }).click({ timeout: 60_000 });
    await workbench.waitForDone(answer, 60_000);
    const result = gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as SentBody).at(-1)?.messages.find((m) => m.role === 'tool')?.content ?? '';
    assert.equal(result, 'Ran in the terminal "Monster Gaming Agent" (the user can see it). Exit code: 0.\nOutput:\nframes: 42');
    // The user watched it: the terminal shows the command, its output and how it ended.
    const shown = page.locator('.terminal-wrapper.active .xterm-rows');
    await waitUntil(async () => /\[exit code 0\]/.test(await shown.innerText().catch(() => '')), 'the terminal shows the exit code', 20_000);
    const text = (await shown.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /\$ node -e "console\.log\('frames: ' \+ \(40 \+ 2\)\)"\s+frames: 42\n\[exit code 0\]/, 'the ending on the next line, no blank one');
    await workbench.screenshot('64-agent-run-command');
    await workbench.runCommand('View: Hide Panel');
  });

  it('searches a real Godot project from the corpus with the ripgrep VS Code ships, without asking (a read)', async () => {
    const { workbench, gateway, workspace } = env();
    const copy = path.join(workspace, 'corpus', 'dodge_the_creeps');
    fs.cpSync(path.join(corpusDir(), 'godot-demo-projects', '2d', 'dodge_the_creeps'), copy, { recursive: true });
    try {
      await agentOn();
      gateway.reset();
      const answer = await workbench.askAndWait('Search for "func _on_"');
      const rows = answer.locator('details');
      assert.equal(await rows.count(), 1);
      assert.match(await rows.locator('summary').innerText(), /search_text/);
      const result = gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as SentBody).at(-1)?.messages.find((m) => m.role === 'tool')?.content ?? '';
      // ripgrep's own matches, workspace-relative, from the copied project's scripts.
      assert.match(result, /^corpus\/dodge_the_creeps\/hud\.gd:24: func _on_StartButton_pressed\(\):$/m, result);
      assert.match(result, /^corpus\/dodge_the_creeps\/main\.gd:\d+: func _on_MobTimer_timeout\(\):$/m, result);
    } finally {
      fs.rmSync(path.join(workspace, 'corpus'), { recursive: true, force: true });
    }
  });
});

/**
 * An agent turn in a real VS Code, as a user runs it: agent mode on in the sidebar, "make this
 * shader compile" on the sample's broken GLSL shader. The real glslangValidator reports the error,
 * the agent reads the file, proposes the edit (a diff opens; the user accepts it in the sidebar's
 * card), compiles again (OK), and the review lists the file; Undo All puts it back. Then Keep All
 * and Undo Agent Changes from the palette: the file is restored after Keep and after saves. "Fix
 * the build" runs the sample's "build shaders" task (Run in the card) and gets its problem matcher's
 * problem in the Problems view, which the second run clears. Accept and Reject (with a reason) from
 * the diff editor's own title bar and from the card; Stop in the middle of a long command. A copy
 * of a real Unity package from the corpus (unity-noiseshader) made to compile with the real
 * glslangValidator's HLSL front end, and a real Godot project, searched.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { env, RESULTS_DIR } from './environment';
import { waitUntil } from './wait';
import { corpusDir } from '../support/corpus';

const KEY = 'mg_live_studio_e2e_agent';

/** Every file of the workspace (outside .git) and its text: to see that a turn changed nothing. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !path.relative(root, file).split(path.sep).includes('.git')) files[path.relative(root, file)] = fs.readFileSync(file, 'latin1');
  }
  return files;
}
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

  /** A new chat in agent mode, and an empty record of the gateway's requests. */
  async function agentOn(): Promise<void> {
    const { workbench } = env();
    const chat = await workbench.openChat();
    await workbench.runCommand('Monster Gaming: New Chat');
    // The webview clears the transcript a moment later: askForAnswer counts the answers there are.
    await waitUntil(async () => (await workbench.answers().count()) === 0, 'New Chat cleared the transcript', 10_000);
    const on = chat.getByRole('button', { name: /Agent/, pressed: true });
    if (!(await on.isVisible())) await chat.getByRole('button', { name: 'Mode: Ask' }).click();
    await on.waitFor({ timeout: 10_000 });
    // The turn's requests are the only ones the gateway holds.
    env().gateway.reset();
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
    const chat = workbench.chat();
    const answer = await workbench.askForAnswer('Fix the build: the "build shaders" task fails');
    const run = chat.getByRole('button', { name: /^Run task/ });
    await run.waitFor({ timeout: 60_000 });
    assert.match(await chat.locator('.mg-approval pre').innerText(), /glslangValidator/);
    await workbench.screenshot('63-agent-run-task');
    await run.click();
    const accept = chat.getByRole('button', { name: /^Accept edit/ });
    await accept.waitFor({ timeout: 90_000 });
    // The user sees what the first run found, where VS Code shows problems: the status bar and the Problems view.
    await waitUntil(async () => (await workbench.problems()).some((row) => /'tnt' : undeclared identifier/.test(row)), 'the Problems view lists the task\'s error', 20_000);
    assert.match(await workbench.problemsSummary(), /\b[1-9]\d* errors?\b|Errors?: [1-9]/i);
    await workbench.screenshot('65-agent-build-problems');
    await accept.click();
    await chat.getByRole('button', { name: /^Run task/ }).click({ timeout: 90_000 });
    await workbench.waitForDone(answer, 120_000);
    assert.match((await answer.innerText()).replace(/\s+/g, ' '), /The build passes now/);
    // …and after the second run the problem is gone from both.
    await waitUntil(async () => !(await workbench.problems()).some((row) => /'tnt' : undeclared identifier/.test(row)), 'the task\'s error left the Problems view', 20_000);
    await waitUntil(async () => !/\b[1-9]\d* errors?\b|Errors?: [1-9]/i.test(await workbench.problemsSummary()), 'the status bar counts no error', 10_000);
    await workbench.screenshot('66-agent-build-problems-gone');
    await workbench.runCommand('View: Hide Panel');
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

  /** The tool results the gateway got back in its last request of the turn. */
  function toolResults(): string[] {
    const bodies = env().gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as SentBody);
    return bodies.at(-1)?.messages.filter((m) => m.role === 'tool').map((m) => m.content ?? '') ?? [];
  }

  it('takes Accept and Reject (with a reason the model is told) from the diff editor\'s own title bar, and the card follows', async () => {
    const { workbench, gateway, workspace, page } = env();
    await agentOn();
    const chat = workbench.chat();
    const card = chat.locator('.mg-approval');

    // Accept in the diff's title: the edit is written, the card goes, the turn goes on to compile it.
    const accepted = await makeItCompile();
    await workbench.screenshot('67-agent-diff-title-actions');
    await workbench.clickEditorTitleAction('Accept Agent Edit');
    await card.waitFor({ state: 'detached', timeout: 10_000 });
    await workbench.waitForDone(accepted.answer, 90_000);
    assert.match((await accepted.answer.innerText()).replace(/\s+/g, ' '), /The shader compiles now/);
    assert.ok(fs.readFileSync(path.join(workspace, SHADER), 'utf8').includes('vec4(tint.rgb'));
    await workbench.runCommand('Monster Gaming: Undo Agent Changes');
    await waitUntil(() => fs.readFileSync(path.join(workspace, SHADER), 'utf8') === original, 'Undo Agent Changes put the file back', 20_000);

    // Reject in the diff's title, saying why: nothing is written, the model reads the reason.
    gateway.reset();
    const rejected = await makeItCompile();
    await workbench.clickEditorTitleAction('Reject Agent Edit');
    await workbench.answerQuickInput('Reject Agent Edit', 'keep tnt, it is renamed in the next commit');
    await card.waitFor({ state: 'detached', timeout: 10_000 });
    await workbench.waitForDone(rejected.answer, 60_000);
    assert.match(toolResults().find((r) => r.includes('rejected')) ?? '', /^Error: the user rejected the change to Assets\/Shaders\/Ripple\.frag, saying: keep tnt, it is renamed in the next commit\. Nothing was changed\.$/);
    const edit = rejected.answer.locator('details', { hasText: 'edit_file' });
    assert.match(await edit.locator('summary').innerText(), /Rejected/);
    assert.equal(fs.readFileSync(path.join(workspace, SHADER), 'utf8'), original, 'nothing was written');
    // The proposal's diff closed with its answer.
    await page.locator('.tab', { hasText: 'edit proposed by the agent' }).waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('rejects an edit from the card with a typed reason the model is told, and shows the tokens the turn used', async () => {
    const { workbench, workspace } = env();
    await agentOn();
    const chat = workbench.chat();
    const turn = await makeItCompile();
    await chat.getByRole('textbox', { name: 'Reason for rejecting (optional)' }).fill('use a uniform instead');
    await chat.getByRole('button', { name: /^Reject edit/ }).click();
    await workbench.waitForDone(turn.answer, 60_000);
    assert.match(toolResults().find((r) => r.includes('rejected')) ?? '', /saying: use a uniform instead\. Nothing was changed\.$/);
    assert.match((await turn.answer.innerText()).replace(/\s+/g, ' '), /The edit was not applied: Error: the user rejected the change/);
    assert.equal(fs.readFileSync(path.join(workspace, SHADER), 'utf8'), original, 'nothing was written');
    // The turn's tokens (every request of it, from the stream's usage) under the answer.
    const tokens = turn.answer.locator('.mg-msg__tokens');
    await tokens.waitFor({ timeout: 10_000 });
    assert.match(await tokens.innerText(), /^[\d,]+ tokens$/);
    assert.match((await tokens.getAttribute('title')) ?? '', /^[\d,]+ prompt \+ [\d,]+ completion$/);
  });

  it('keeps the waiting edit card when the sidebar is hidden and shown again (its page rebuilt): Accept on it applies the edit', async () => {
    const { workbench, page, workspace } = env();
    await agentOn();
    const turn = await makeItCompile();
    // The sidebar's page: the one frame inside VS Code's webview frame of this extension.
    const before = page.frames().find((f) => f.parentFrame()?.url().includes('extensionId=monstergaming.monster-gaming'));
    assert.ok(before, "the sidebar's page is there");
    // The Explorer takes the side bar; VS Code keeps no hidden page of this view (retainContextWhenHidden off).
    await workbench.runCommand('View: Show Explorer');
    const chat = await workbench.openChat();
    await waitUntil(() => before.isDetached(), "the sidebar's page was rebuilt", 20_000);
    await chat.getByRole('group', { name: /Ripple\.frag.*waiting for your approval/ }).waitFor({ timeout: 20_000 });
    await workbench.screenshot('83-agent-approval-after-reshow');
    await turn.accept();
    await workbench.waitForDone(turn.answer, 90_000);
    assert.ok(fs.readFileSync(path.join(workspace, SHADER), 'utf8').includes('vec4(tint.rgb'), 'the edit accepted on the redrawn card was applied');
    await chat.getByRole('button', { name: 'Undo All' }).click();
    await waitUntil(() => fs.readFileSync(path.join(workspace, SHADER), 'utf8') === original, 'the file is back as it was', 20_000);
  });

  it('Stop ends a long command at once: the terminal says stopped, the model is not asked again, no file changed', async () => {
    const { workbench, gateway, page, workspace } = env();
    const before = snapshot(workspace);
    await agentOn();
    const chat = workbench.chat();
    const answer = await workbench.askForAnswer('Run `node -e "let i = 0; setInterval(() => console.log(\'tick \' + i++), 100)"`');
    await chat.getByRole('button', { name: /^Run command/ }).click({ timeout: 60_000 });
    const shown = page.locator('.terminal-wrapper.active .xterm-rows');
    await waitUntil(async () => /tick 5/.test(await shown.innerText().catch(() => '')), 'the command prints in the terminal', 20_000);
    const asked = gateway.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const pressed = Date.now();
    await chat.getByRole('button', { name: 'Stop generating' }).click();
    await workbench.waitForDone(answer, 5_000);
    const took = Date.now() - pressed;
    assert.ok(took < 3_000, `the turn ended ${took} ms after Stop`);
    await waitUntil(async () => /\[stopped\]/.test(await shown.innerText().catch(() => '')), 'the terminal says the command stopped', 10_000);
    // The process is gone: nothing more is printed.
    const printed = (await shown.innerText()).replace(/\u00a0/g, ' ');
    await page.waitForTimeout(1_000);
    assert.equal((await shown.innerText()).replace(/\u00a0/g, ' '), printed, 'the terminal stays still after Stop');
    await workbench.screenshot('68-agent-stop-command');
    assert.match(await answer.locator('details', { hasText: 'run_command' }).locator('summary').innerText(), /Stopped/);
    assert.equal(gateway.requests.filter((r) => r.path === '/v1/chat/completions').length, asked, 'the model was not asked again');
    assert.deepEqual(snapshot(workspace), before, 'no file of the workspace changed');
    await workbench.runCommand('View: Hide Panel');
  });

  it('makes a real Unity HLSL package compile (a copy of unity-noiseshader): compile → read → edit accepted in the diff → compile OK; Undo restores it byte for byte', async () => {
    const { workbench, workspace } = env();
    const copy = path.join(workspace, 'corpus', 'unity-noiseshader');
    fs.cpSync(path.join(corpusDir(), 'unity-noiseshader'), copy, { recursive: true });
    const noise = 'Packages/jp.keijiro.noiseshader/Shader/SimplexNoise2D.hlsl';
    const pristine = fs.readFileSync(path.join(copy, noise));
    // A typo in the package's own code, and a pixel shader using it the way Unity would (its includes are project-relative).
    const broken = Buffer.from(pristine.toString('latin1').replace('cos(phi.y)', 'cos(phu.y)'), 'latin1');
    assert.notDeepEqual(broken, pristine);
    fs.writeFileSync(path.join(copy, noise), broken);
    fs.writeFileSync(path.join(copy, 'NoiseCheck.hlsl'), `#include "${noise}"\nfloat4 main(float4 pos : SV_Position) : SV_Target { float n = SimplexNoise(pos.xy); return float4(n, n, n, 1); }\n`);
    try {
      await agentOn();
      const chat = workbench.chat();
      const answer = await workbench.askForAnswer('Make this shader compile: corpus/unity-noiseshader/NoiseCheck.hlsl (a pixel shader)');
      await chat.getByRole('group', { name: /Edit SimplexNoise2D\.hlsl|SimplexNoise2D\.hlsl.*waiting for your approval/ }).waitFor({ timeout: 60_000 });
      await waitUntil(async () => (await workbench.diffSide('modified').catch(() => '')).includes('cos(phi.y)'), 'the diff shows the proposed line', 20_000);
      await workbench.screenshot('69-agent-corpus-hlsl');
      await workbench.clickEditorTitleAction('Accept Agent Edit');
      await workbench.waitForDone(answer, 90_000);
      assert.match((await answer.innerText()).replace(/\s+/g, ' '), /The shader compiles now \(compile_shader: OK/);
      const results = toolResults();
      // The real glslangValidator's HLSL front end found the typo in the included file, and then compiled it all.
      assert.match(results[0], /corpus\/unity-noiseshader\/Packages\/jp\.keijiro\.noiseshader\/Shader\/SimplexNoise2D\.hlsl:47(?::\d+)?: error: 'phu' : unknown variable/, results[0]);
      assert.match(results.at(-1) ?? '', /^OK: corpus\/unity-noiseshader\/NoiseCheck\.hlsl compiles with glslangValidator/);
      // The fix is the package as it ships, byte for byte.
      assert.deepEqual(fs.readFileSync(path.join(copy, noise)), pristine);
      await workbench.runCommand('Monster Gaming: Undo Agent Changes');
      await waitUntil(() => fs.readFileSync(path.join(copy, noise)).equals(broken), 'Undo Agent Changes put the file back byte for byte', 20_000);
    } finally {
      fs.rmSync(path.join(workspace, 'corpus'), { recursive: true, force: true });
    }
  });

  it('searches a real Godot project from the corpus with the ripgrep VS Code ships, without asking (a read)', async () => {
    const { workbench, gateway, workspace } = env();
    const copy = path.join(workspace, 'corpus', 'dodge_the_creeps');
    fs.cpSync(path.join(corpusDir(), 'godot-demo-projects', '2d', 'dodge_the_creeps'), copy, { recursive: true });
    try {
      await agentOn();
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

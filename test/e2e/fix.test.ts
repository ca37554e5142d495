/**
 * Fixing errors in place, in a real VS Code: the lightbulb's "Fix with Monster Gaming" on a real
 * TypeScript error, the diff preview, Accept writing the file, one undo, refusing after an edit,
 * and engine/shader logs imported into diagnostics that get the same quick fix (files outside the
 * workspace a log names are skipped and listed, never opened).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';
import { onDisk, undoFixAndSaveBack } from './typeError';
import { waitUntil as until } from './wait';

const KEY = 'mg_live_studio_e2e_fix';

describe('Fix errors in place in a real VS Code', function () {
  this.timeout(120_000);

  before(async () => {
    const { workbench, gateway } = env();
    gateway.reset();
    await workbench.setApiKey(KEY, 'Studio · production');
  });

  it('fixes a TypeScript type error from the lightbulb: diff, Accept writes the file, one undo restores it', async () => {
    const { workbench, page, gateway } = env();
    const file = 'Tools/buildReport.ts';
    const before = onDisk(file);
    await workbench.openFile(file);
    // The real TypeScript language service reports the error.
    await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    await workbench.goToLine(13, 60);
    await workbench.quickFix('Fix with Monster Gaming');
    await page.locator('.tab').filter({ hasText: 'Monster Gaming fix' }).first().waitFor({ timeout: 20_000 });
    await workbench.notification(/Monster Gaming fix for 2322/).waitFor();
    assert.equal(onDisk(file), before, 'nothing is written before Accept');
    await workbench.screenshot('20-fix-diff');
    // The README's second picture (`npm run media` copies it to media/readme/).
    await workbench.screenshotOf('.part.editor', 'readme-fix');

    // Asked with structured output: POST /v1/structured with the edit-list schema.
    const request = gateway.requests.find((r) => r.path === '/v1/structured');
    const body = request?.body as { response_format?: { type: string; json_schema?: { name: string; strict: boolean } }; messages: Array<{ role: string; content: string }> };
    assert.equal(body.response_format?.type, 'json_schema');
    assert.deepEqual({ name: body.response_format?.json_schema?.name, strict: body.response_format?.json_schema?.strict }, { name: 'edit_list', strict: true });
    assert.match(body.messages[1].content, /Diagnostic: Type 'string' is not assignable to type 'number'/);
    assert.match(body.messages[1].content, /File: Tools\/buildReport\.ts \(typescript\)/);

    await workbench.clickNotificationButton(/Monster Gaming fix for 2322/, 'Accept');
    await until(() => onDisk(file).includes("warnings: 3,"), 'the fix is saved to disk');
    assert.equal(onDisk(file), before.replace("warnings: '3'", 'warnings: 3'), 'only the broken line changed');
    await until(async () => (await page.locator('.tab').filter({ hasText: 'Monster Gaming fix' }).count()) === 0, 'the diff closes');

    await undoFixAndSaveBack(file, before);
  });

  it('Edit Selection… on a shader: an instruction, progress, the diff, Accept writes exactly its right side, one undo restores', async () => {
    const { workbench, page, gateway, workspace } = env();
    const file = 'Assets/Shaders/Foam.hlsl';
    const before = onDisk(file);
    const lines = before.split('\n');
    // The function, found by its text: an earlier suite may have added a line above it.
    const from = lines.findIndex((l) => l.startsWith('float4 ApplyFoam')) + 1;
    const to = lines.findIndex((l, i) => i >= from && l === '}') + 1;
    assert.ok(from > 0 && to > from, `ApplyFoam in ${file}:\n${before}`);
    const expected = lines.map((l, i) => (i + 1 >= from && i + 1 <= to ? l.replace(/\bfoam\b/g, 'foamAmount') : l)).join('\n');
    assert.notEqual(expected, before);
    gateway.reset();
    try {
      await workbench.openFile(file);
      await workbench.selectLines(from, to);
      // The keybinding (VS Code and Copilot leave Ctrl+Shift+Alt+M free).
      await page.keyboard.press('Control+Shift+Alt+M');
      await workbench.answerQuickInput('Monster Gaming: Edit Selection', 'rename foam to foamAmount');
      await page.locator('.tab').filter({ hasText: 'Monster Gaming edit' }).first().waitFor({ timeout: 20_000 });
      const review = workbench.notification(new RegExp(`Monster Gaming edit of lines ${from}–${to} of Foam\\.hlsl: Renamed`));
      await review.waitFor({ timeout: 10_000 });
      // diffSide joins the rendered lines, so a final newline shows as an empty last line.
      assert.equal(await workbench.diffSide('original'), before, 'the left side is the file');
      const right = await workbench.diffSide('modified');
      assert.equal(right, expected, 'the right side renames foam inside the selection only');
      assert.equal(onDisk(file), before, 'nothing is written before Accept');
      await workbench.screenshot('27-edit-selection-diff');

      const sent = gateway.requests.find((r) => r.path === '/v1/structured')?.body as { response_format?: { type: string }; messages: Array<{ role: string; content: string }> };
      assert.equal(sent.response_format?.type, 'json_schema');
      assert.match(sent.messages.at(-1)!.content, new RegExp(`^Instruction: rename foam to foamAmount\nFile: Assets/Shaders/Foam\\.hlsl \\(\\w+\\)\nSelected lines: ${from}-${to} of `));
      assert.match(sent.messages[0].content, /Engine: Unity 2022\.3\./, 'with the engine profile');
      assert.equal(gateway.requests.find((r) => r.path === '/v1/structured')?.discipline, 'shader', 'routed like a fix of a shader');

      await workbench.clickNotificationButton(/Monster Gaming edit of lines/, 'Accept');
      await until(() => onDisk(file) !== before, 'the edit is saved to disk');
      assert.equal(onDisk(file), expected, 'the saved file is the diff’s right side, byte for byte');
      await until(async () => (await page.locator('.tab').filter({ hasText: 'Monster Gaming edit' }).count()) === 0, 'the diff closes');
      await workbench.notification(/Monster Gaming: edit applied\. Renamed/).waitFor({ timeout: 10_000 });
      await workbench.screenshot('28-edit-selection-applied');
      await workbench.openFile(file);
      await workbench.editor().click();
      await page.keyboard.press('Control+Z');
      await until(async () => !(await workbench.editorText()).includes('foamAmount'), 'one undo restores the lines');
      await page.keyboard.press('Control+S');
      await until(() => onDisk(file) === before, 'saved back to the original');
    } finally {
      // The log import below reads this file at its original lines, whatever happened here.
      if (onDisk(file) !== before) fs.writeFileSync(path.join(workspace, file), before);
      await workbench.runCommand('View: Close All Editors');
      await workbench.dismissNotifications();
    }
  });

  it('refuses to apply a fix to a file that changed after the fix was requested', async () => {
    const { workbench, page } = env();
    const file = 'Tools/buildReport.ts';
    await workbench.openFile(file);
    await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    await workbench.goToLine(13, 60);
    await workbench.quickFix('Fix with Monster Gaming');
    await page.locator('.tab').filter({ hasText: 'Monster Gaming fix' }).first().waitFor({ timeout: 20_000 });
    // Type in the file while the proposal waits.
    await workbench.openFile(file);
    await workbench.goToLine(1, 1);
    await page.keyboard.type('// edited meanwhile\n');
    // Back to the diff, and Accept from its title bar (the notification may have gone by now).
    await page.locator('.tab').filter({ hasText: 'Monster Gaming fix' }).first().click();
    await workbench.clickEditorTitleAction('Accept Fix');
    await workbench.notification(/changed after the fix was requested/).waitFor({ timeout: 10_000 });
    await workbench.screenshot('21-fix-refused');
    await workbench.openFile(file);
    const after = await workbench.editorText();
    assert.ok(after.includes('edited meanwhile') && after.includes("warnings: '3'"), `the edited document was not touched:\n${after}`);
    assert.match(onDisk(file), /warnings: '3'/, 'nothing was written to disk');
    await workbench.runCommand('File: Revert File');
    await workbench.dismissNotifications();
  });

  it('deletes a line when that is the fix: the diff shows it gone, and Accept saves exactly the diff’s right side', async () => {
    const { workbench, page, workspace } = env();
    const file = 'Tools/levelConfig.ts';
    const before = ['export const forest = {', "  name: 'Forest',", '  enemies: 12,', '  enemies: 14,', "  boss: 'Troll',", '};', ''].join('\n');
    fs.writeFileSync(path.join(workspace, file), before);
    try {
      await workbench.openFile(file);
      // TypeScript's own error on the repeated property (TS1117); the gateway's fix deletes its line.
      await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
      await workbench.goToLine(4, 4);
      await workbench.quickFix('Fix with Monster Gaming');
      await page.locator('.tab').filter({ hasText: 'Monster Gaming fix' }).first().waitFor({ timeout: 20_000 });
      await workbench.notification(/Monster Gaming fix for 1117/).waitFor();
      const left = await workbench.diffSide('original');
      const right = await workbench.diffSide('modified');
      assert.equal(left, before, 'the left side is the file');
      assert.equal(right, before.replace('  enemies: 14,\n', ''), 'the right side is the file without line 4: deleted, not blanked');
      assert.equal(onDisk(file), before, 'nothing is written before Accept');
      await workbench.screenshot('24-fix-deletes-line');

      await workbench.clickNotificationButton(/Monster Gaming fix for 1117/, 'Accept');
      await until(() => onDisk(file) !== before, 'the fix is saved to disk');
      assert.equal(onDisk(file), right, 'the saved file is the diff’s right side, byte for byte');
      await until(async () => (await page.locator('.squiggly-error').count()) === 0, 'the error is gone');
      await workbench.screenshot('25-fix-line-deleted');
    } finally {
      await workbench.runCommand('View: Close All Editors');
      await workbench.dismissNotifications();
      fs.rmSync(path.join(workspace, file), { force: true });
    }
  });

  it('refuses a proposal that edits outside the code it was shown, with the reason, and writes nothing', async () => {
    const { workbench, page, workspace, gateway } = env();
    const file = 'Tools/tileCosts.ts';
    const lines = Array.from({ length: 200 }, (_, i) => `export const tile${i + 1} = ${i + 1};`);
    lines[189] = "export const hp: number = '100';";
    const before = `${lines.join('\n')}\n`;
    fs.writeFileSync(path.join(workspace, file), before);
    try {
      await workbench.openFile(file);
      // The error is far down: scroll to it so its squiggle is rendered.
      await workbench.goToLine(190, 27);
      await page.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
      // The model is shown the code around line 190 and answers with a deletion of lines 1-5 as well.
      gateway.setFault({
        kind: 'content',
        text: JSON.stringify({
          explanation: 'hp is a number; I also tidied the first tiles.',
          edits: [{ startLine: 1, endLine: 5, newText: '' }, { startLine: 190, endLine: 190, newText: 'export const hp: number = 100;' }],
        }),
      });
      await workbench.goToLine(190, 27);
      await workbench.quickFix('Fix with Monster Gaming');
      const warning = workbench.notification(/lines 1–5 is outside the code that was sent \(line 190\)/);
      await warning.waitFor({ timeout: 20_000 });
      assert.match(await warning.innerText(), /nothing was changed/);
      await page.locator('.notification-toast').filter({ hasText: /fixing 2322/ }).waitFor({ state: 'hidden' });
      await workbench.screenshot('26-fix-outside-window-refused');
      assert.equal(await page.locator('.tab').filter({ hasText: 'Monster Gaming fix' }).count(), 0, 'no diff was offered');
      assert.equal(onDisk(file), before, 'the file on disk is unchanged');
      assert.ok((await workbench.editorText()).includes("export const hp: number = '100';"), 'the editor is unchanged');
    } finally {
      gateway.reset();
      await workbench.runCommand('View: Close All Editors');
      await workbench.dismissNotifications();
      fs.rmSync(path.join(workspace, file), { force: true });
    }
  });

  for (const log of [
    { name: 'Unity Editor.log', logFile: 'Logs/Editor.log', file: 'Assets/Scripts/Inventory.cs', line: 9, column: 23, problem: 'CS0029', fixed: 'public int gold = 100;' },
    { name: 'DXC', logFile: 'Logs/dxc.log', file: 'Assets/Shaders/Foam.hlsl', line: 8, column: 28, problem: 'X3004', fixed: 'float4 foamColor' },
  ]) {
    it(`imports a ${log.name} log into diagnostics at the right file and line, and fixes one the same way`, async () => {
      const { workbench, page } = env();
      const before = onDisk(log.file);
      await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(onDisk(log.logFile))})`);
      await workbench.runCommand('Monster Gaming: Import Engine Log');
      await workbench.pickQuickItem('Monster Gaming: Import Engine Log', 'clipboard', /clipboard/i);
      await workbench.notification(/Imported \d+ problem/).waitFor({ timeout: 10_000 });

      await workbench.openFile(log.file);
      await workbench.goToLine(log.line, log.column);
      // The imported problem is at the right place: its squiggle sits on the cursor's line.
      await page.locator('.squiggly-error').first().waitFor({ timeout: 10_000 });
      await workbench.runCommand('View: Toggle Problems');
      await page.locator('.markers-panel .monaco-list-row').filter({ hasText: log.problem }).filter({ hasText: `[Ln ${log.line}, Col ${log.column}]` }).first().waitFor({ timeout: 10_000 });
      await workbench.screenshot(`22-imported-${log.problem}`);
      await workbench.runCommand('View: Toggle Problems');

      await workbench.goToLine(log.line, log.column);
      await workbench.quickFix('Fix with Monster Gaming');
      await workbench.clickNotificationButton(new RegExp(`Monster Gaming fix for ${log.problem}`), 'Accept');
      // Wait for the saved result itself: a save in progress can be read half-written.
      await until(() => onDisk(log.file).includes(log.fixed), `the fix (${log.fixed}) is written to disk`);
      assert.notEqual(onDisk(log.file), before);
      // The log described the file before the fix: its problem is gone from the editor now.
      await until(async () => (await page.locator('.squiggly-error').count()) === 0, 'the stale imported problem is cleared');
    });
  }

  it('skips what a log names outside the workspace: says so, lists it, and opens nothing there', async () => {
    const { workbench, page, workspace } = env();
    // A real file beside the workspace, named by its absolute path: it exists, and must not be followed.
    const outside = path.join(path.dirname(workspace), 'outside');
    fs.mkdirSync(outside, { recursive: true });
    const secret = path.join(outside, 'Secret.hlsl');
    fs.writeFileSync(secret, 'float4 secret;\n');
    const log = [onDisk('Logs/dxc.log').trimEnd(), `${secret}(1,8-14): error X3004: undeclared identifier 'secret'`, 'res://../../../etc/passwd:3 - Parse Error: outside the project'].join('\n');
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(log)})`);
    await workbench.runCommand('Monster Gaming: Import Engine Log');
    await workbench.pickQuickItem('Monster Gaming: Import Engine Log', 'clipboard', /clipboard/i);
    const toast = workbench.notification(/Imported 1 problem in 1 file from the clipboard/);
    await toast.waitFor({ timeout: 10_000 });
    assert.match(await toast.innerText(), /2 problems were skipped: their files are outside the workspace \(not opened\)/);
    await toast.getByRole('button', { name: 'Show Details' }).waitFor({ timeout: 10_000 });
    await workbench.screenshot('24-import-skipped-outside');

    await workbench.clickNotificationButton(/were skipped/, 'Show Details');
    const listed = page.locator('.part.panel .view-lines');
    await listed.filter({ hasText: 'Secret.hlsl (outside the workspace folders)' }).waitFor({ timeout: 10_000 });
    await listed.filter({ hasText: 'res://../../../etc/passwd (leaves the Godot project)' }).waitFor({ timeout: 10_000 });
    await workbench.screenshot('25-import-skipped-listed');

    await workbench.runCommand('View: Toggle Problems');
    await page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'X3004' }).first().waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'Secret.hlsl' }).count(), 0, 'no problem on the file outside');
    assert.equal(await page.locator('.tab').filter({ hasText: 'Secret.hlsl' }).count(), 0, 'the file outside was not opened');
    await workbench.runCommand('View: Toggle Problems');
    await workbench.dismissNotifications();
  });

  it('explains a problem in the chat from the lightbulb, with its code and the right specialist', async () => {
    const { workbench, page, gateway } = env();
    gateway.reset();
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(onDisk('Logs/dxc.log').replace('(8,28-36)', '(9,28-36)'))})`);
    await workbench.runCommand('Monster Gaming: Import Engine Log');
    await workbench.pickQuickItem('Monster Gaming: Import Engine Log', 'clipboard', /clipboard/i);
    await workbench.notification(/Imported 1 problem/).waitFor({ timeout: 10_000 });
    await workbench.openFile('Assets/Shaders/Foam.hlsl');
    await workbench.goToLine(9, 28);
    await workbench.quickFix('Explain with Monster Gaming');
    const chat = workbench.chat();
    const question = chat.locator('article.mg-msg--user').last();
    await question.getByText(/Explain this error and how to fix it/).waitFor({ timeout: 15_000 });
    await question.getByText(/Foam\.hlsl:\d+-\d+ · HLSL · Unity 2022\.3/).waitFor();
    const answer = chat.locator('article.mg-msg--assistant').last();
    await workbench.waitForDone(answer);
    assert.match(await answer.locator('.mg-msg__who').innerText(), /Shader · Technical Artist/);
    const sent = gateway.requests.find((r) => r.path === '/v1/chat/completions')?.body as { messages: Array<{ content: string }> };
    assert.match(sent.messages.at(-1)!.content, /undeclared identifier 'foamColor'/);
    assert.match(sent.messages.at(-1)!.content, /```hlsl\n/);
    await workbench.screenshot('23-explain');
  });
});

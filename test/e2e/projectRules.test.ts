/**
 * Project rules and the engine profile in a real VS Code: Create Project Rules from the palette
 * writes the sample game's starter AGENTS.md and opens it (and never overwrites it), the chat
 * header shows the engine profile with the evidence files in its tooltip, and rules reach the
 * request by glob.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { env } from './environment';
import { GLOB_RULES, projectRulesMessage, removeRules, writeGlobRules } from './projectRulesFiles';
import { waitUntil } from './wait';

describe('Project rules and the engine profile in a real VS Code', function () {
  this.timeout(120_000);

  after(async () => {
    const { workbench, workspace } = env();
    await workbench.runCommand('View: Close All Editors').catch(() => undefined);
    removeRules(workspace);
  });

  it('Create Project Rules from the palette writes a starter AGENTS.md from the engine profile and opens it', async () => {
    const { workbench, page, workspace } = env();
    const file = path.join(workspace, 'AGENTS.md');
    assert.ok(!fs.existsSync(file), 'the sample game ships without AGENTS.md');
    await workbench.runCommand('Monster Gaming: Create Project Rules');
    await page.locator('.tab.active[aria-label^="AGENTS.md"]').waitFor({ timeout: 20_000 });
    await workbench.notification(/AGENTS\.md created from the engine profile/).waitFor({ timeout: 10_000 });
    await workbench.editor().locator('.view-lines').filter({ hasText: 'Unity 2022.3 (2022.3.21f1)' }).waitFor({ timeout: 10_000 });
    const onDisk = fs.readFileSync(file, 'utf8');
    assert.match(onDisk, /^- Engine: Unity 2022\.3 \(2022\.3\.21f1\)$/m);
    assert.match(onDisk, /^## Engine version constraints$/m);
    assert.match(onDisk, /^## Do not touch$/m);
    assert.match(await workbench.editorText(), /# sample-game: instructions for AI assistants/);
    await workbench.screenshot('30-create-project-rules');
    await workbench.dismissNotifications();
  });

  it('run again, it opens the existing AGENTS.md and does not overwrite it', async () => {
    const { workbench, workspace } = env();
    const file = path.join(workspace, 'AGENTS.md');
    fs.writeFileSync(file, '# Our rules\nKeep gameplay code in Assets/Scripts.\n');
    await workbench.runCommand('View: Close All Editors');
    await workbench.runCommand('Monster Gaming: Create Project Rules');
    await workbench.notification(/already has an AGENTS\.md; it is opened, not overwritten/).waitFor({ timeout: 10_000 });
    await workbench.editor().locator('.view-lines').filter({ hasText: 'Keep gameplay code in Assets/Scripts.' }).waitFor({ timeout: 10_000 });
    assert.equal(fs.readFileSync(file, 'utf8'), '# Our rules\nKeep gameplay code in Assets/Scripts.\n');
    await workbench.dismissNotifications();
  });

  it('the chat header shows the engine profile; its tooltip lists the evidence files, what could not be read and the rules', async () => {
    const { workbench, workspace } = env();
    writeGlobRules(workspace);
    const chat = await workbench.openChat();
    const profile = chat.getByRole('note', { name: 'Engine profile: Unity 2022.3' });
    await profile.waitFor({ timeout: 20_000 });
    // The rules files written above reach the tooltip through the file watcher.
    await waitUntil(async () => ((await profile.getAttribute('title')) ?? '').includes('.monster/rules/shaders.md'), 'the tooltip to list the new rules', 20_000);
    const tooltip = (await profile.getAttribute('title')) ?? '';
    assert.match(tooltip, /^Read from:\n {2}ProjectSettings\/ProjectVersion\.txt$/m);
    assert.match(tooltip, /^Could not read:$/m);
    assert.match(tooltip, /^ {2}Packages\/manifest\.json: missing$/m);
    assert.match(tooltip, /^Project rules:\n {2}AGENTS\.md\n {2}\.monster\/rules\/csharp\.md \(applyTo: \*\*\/\*\.cs\)\n {2}\.monster\/rules\/shaders\.md \(applyTo: \*\*\/\*\.hlsl\)$/m);
    await profile.hover();
    await workbench.screenshot('31-header-engine-profile');
  });

  it('rules apply by glob: a shader question carries the HLSL rule, a C# question the C# rule (the active editor is the file the question is about)', async () => {
    const { workbench, gateway, workspace } = env();
    writeGlobRules(workspace);
    await workbench.setApiKey('mg_live_studio_e2e_rules', 'Studio · production');
    const lastRules = (): string | undefined => projectRulesMessage(gateway.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body);

    await workbench.openFile('Assets/Shaders/Foam.hlsl');
    await workbench.openChat();
    await workbench.askAndWait('Why does the foam flicker?');
    const forShader = lastRules() ?? '';
    assert.match(forShader, /^Project rules/);
    assert.ok(forShader.includes('Keep gameplay code in Assets/Scripts.'), 'the root AGENTS.md');
    assert.ok(forShader.includes(GLOB_RULES['shaders.md'].marker), forShader);
    assert.ok(!forShader.includes(GLOB_RULES['csharp.md'].marker), forShader);
    // The sent question shows which rules applied.
    const question = (await workbench.openChat()).locator('article.mg-msg--user').last();
    const applied = question.getByRole('list', { name: 'Project rules applied' }).getByRole('listitem');
    await applied.first().waitFor({ timeout: 10_000 });
    assert.deepEqual(await applied.allInnerTexts(), ['AGENTS.md', '.monster/rules/shaders.md']);
    await question.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await workbench.screenshot('32-rules-applied-chips');

    await workbench.openFile('Assets/Scripts/PlayerController.cs');
    await workbench.openChat();
    await workbench.askAndWait('Why does the player jitter against walls?');
    const forScript = lastRules() ?? '';
    assert.ok(forScript.includes(GLOB_RULES['csharp.md'].marker), forScript);
    assert.ok(!forScript.includes(GLOB_RULES['shaders.md'].marker), forScript);
  });
});

/**
 * Project rules in a real VS Code: the ProjectRules service reading a copy of the Unity corpus
 * project (its own AGENTS.md, plus .monster/rules added here) through vscode.workspace.fs, and
 * reading again when the real file watcher reports a change; Create Project Rules on the sample
 * game (the window's folder); the chat header's profile. The copy is not a folder of this window
 * (adding one would reload it), so the service is given it as the question's folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HeaderProfile } from '../../src/chat/headerProfile';
import { EngineDetector } from '../../src/engine/workspaceEngine';
import { ProjectRules } from '../../src/rules/projectRules';
import { copyCorpus, needCorpus } from '../support/corpus';
import { activated, waitFor } from './helpers';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const SHADER_RULE = '---\napplyTo: "**/*.hlsl"\n---\nShaders: use the noise functions of Packages/jp.keijiro.noiseshader.\n';
const CS_RULE = '---\r\napplyTo: "**/*.cs"\r\n---\r\nC#: no allocations in Update().\r\n';

describe('project rules (vscode.workspace.fs, the file watcher, Create Project Rules, the header)', () => {
  let temp = '';
  let unity: vscode.Uri;
  let rules: ProjectRules;
  const changes: string[] = [];

  before(async function () {
    needCorpus(this);
    await activated();
    temp = copyCorpus(['unity-noiseshader']);
    unity = vscode.Uri.file(path.join(temp, 'unity-noiseshader'));
    fs.mkdirSync(path.join(unity.fsPath, '.monster', 'rules'), { recursive: true });
    fs.writeFileSync(path.join(unity.fsPath, '.monster', 'rules', 'shaders.md'), SHADER_RULE);
    fs.writeFileSync(path.join(unity.fsPath, '.monster', 'rules', 'csharp.md'), CS_RULE);
    rules = new ProjectRules((uri) => (uri && uri.path.startsWith(`${unity.path}/`) ? unity : undefined));
    rules.onDidChange((folder) => changes.push(folder.toString()));
  });

  after(() => {
    rules?.dispose();
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  it('gives each question the rules its files call for: the project AGENTS.md, and .monster/rules by applyTo', async () => {
    const shader = vscode.Uri.joinPath(unity, 'Packages', 'jp.keijiro.noiseshader', 'Shader', 'Noise1D.hlsl');
    const forShader = await rules.rulesFor([shader]);
    assert.deepEqual(forShader.map((r) => r.source), ['AGENTS.md', '.monster/rules/shaders.md']);
    assert.match(forShader[0].text, /^This repository contains a UPM Unity package project\./);
    assert.equal(forShader[1].applyTo, '**/*.hlsl');

    const forScript = await rules.rulesFor(['Assets/Test/ValueRangeTest.cs'], unity);
    assert.deepEqual(forScript.map((r) => r.source), ['AGENTS.md', '.monster/rules/csharp.md']);
    assert.equal(forScript[1].text, 'C#: no allocations in Update().', 'CRLF front matter read, line ends normalized');

    assert.deepEqual((await rules.rulesFor([], unity)).map((r) => r.source), ['AGENTS.md']);
    assert.deepEqual(await rules.rulesFor([vscode.Uri.file('/somewhere/else.hlsl')]), [], 'a file in no folder: no folder, no rules');
  });

  it('reads again when a rules file is created, changed or deleted, and when a nested AGENTS.md appears', async () => {
    const script = ['Assets/Test/ValueRangeTest.cs'];
    await rules.rulesFor(script, unity);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(unity, '.monster', 'rules', 'tests.md'), encode('Tests: NUnit, one assert per test.'));
    await waitFor('the new rule to apply', async () => (await rules.rulesFor(script, unity)).some((r) => r.source === '.monster/rules/tests.md'));
    assert.ok(changes.includes(unity.toString()), 'onDidChange fired for the folder');

    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(unity, 'AGENTS.md'), encode('Edited: keep the package API stable.'));
    await waitFor('the edited AGENTS.md', async () => (await rules.rulesFor(script, unity))[0]?.text === 'Edited: keep the package API stable.');

    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(unity, 'Assets', 'Test', 'AGENTS.md'), encode('Test folder: EditMode tests only.'));
    const nested = await waitFor('the nested AGENTS.md', async () => {
      const current = await rules.rulesFor(script, unity);
      return current.some((r) => r.source === 'Assets/Test/AGENTS.md') ? current : undefined;
    });
    assert.deepEqual(nested.map((r) => r.source), ['AGENTS.md', 'Assets/Test/AGENTS.md', '.monster/rules/csharp.md', '.monster/rules/tests.md']);

    await vscode.workspace.fs.delete(vscode.Uri.joinPath(unity, '.monster', 'rules', 'tests.md'));
    await waitFor('the deleted rule to go', async () => !(await rules.rulesFor(script, unity)).some((r) => r.source === '.monster/rules/tests.md'));
  });

  it('refuses a rules file that is a symbolic link out of the folder, and reports malformed front matter', async () => {
    const outside = path.join(temp, 'outside.md');
    fs.writeFileSync(outside, 'SECRET from outside the workspace');
    fs.symlinkSync(outside, path.join(unity.fsPath, '.cursorrules'));
    fs.writeFileSync(path.join(unity.fsPath, '.monster', 'rules', 'broken.md'), '---\napplyTo: [unclosed\n---\nBroken');
    const selection = await waitFor('both files to be seen', async () => {
      const current = await rules.selectionFor([], unity);
      return current.problems.length >= 2 ? current : undefined;
    });
    assert.ok(!selection.rules.some((r) => r.text.includes('SECRET')), 'nothing from outside the folder');
    assert.deepEqual(selection.problems.map((p) => `${p.source} ${p.reason}`).sort(), ['.cursorrules symlink', '.monster/rules/broken.md frontMatter']);
  });

  describe('Create Project Rules on the sample game', () => {
    let agents: vscode.Uri;

    before(() => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the sample game is open');
      agents = vscode.Uri.joinPath(folder.uri, 'AGENTS.md');
      assert.ok(!fs.existsSync(agents.fsPath), 'the sample game has no AGENTS.md yet');
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(agents.fsPath, { force: true });
    });

    it('writes a starter AGENTS.md from the engine profile and opens it', async () => {
      const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('monsterGaming.createProjectRules');
      assert.equal(created?.toString(), agents.toString());
      const text = fs.readFileSync(agents.fsPath, 'utf8');
      assert.match(text, /^# sample-game: instructions for AI assistants$/m);
      assert.match(text, /^- Engine: Unity 2022\.3 \(2022\.3\.21f1\)$/m);
      assert.match(text, /^Could not be read when this file was written:$/m);
      assert.match(text, /^- `Packages\/manifest\.json`: missing$/m);
      assert.match(text, /^## Do not touch$/m);
      await waitFor('AGENTS.md in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === agents.toString());
      assert.equal(vscode.window.activeTextEditor?.document.isDirty, false, 'written to disk, not left unsaved');
    });

    it('never overwrites an existing AGENTS.md: it opens it instead', async () => {
      fs.writeFileSync(agents.fsPath, '# Ours\nHand-written rules.\n');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>('monsterGaming.createProjectRules');
      assert.equal(opened?.toString(), agents.toString());
      assert.equal(fs.readFileSync(agents.fsPath, 'utf8'), '# Ours\nHand-written rules.\n');
      await waitFor('the existing AGENTS.md in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === agents.toString());
    });
  });

  it('the chat header profile: the active editor\'s folder, its evidence files, and its rules', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const engines = new EngineDetector();
    const folderRules = new ProjectRules();
    const header = new HeaderProfile(engines, folderRules, () => undefined);
    try {
      await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, 'Assets', 'Scripts', 'Inventory.cs'));
      const changed = new Promise<void>((resolve) => header.onDidChange(() => resolve()));
      assert.equal(header.view(), undefined, 'nothing until the first read is done');
      await changed;
      const view = header.view();
      assert.equal(view?.label, 'Unity 2022.3');
      assert.ok(view?.tooltip.includes('  ProjectSettings/ProjectVersion.txt'), view?.tooltip.join('\n'));
      assert.ok(view?.tooltip.includes('Could not read:'), 'says what could not be read');
      assert.ok(view?.tooltip.some((line) => line.startsWith('Project rules: none')), view?.tooltip.join('\n'));

      fs.writeFileSync(path.join(folder.uri.fsPath, '.cursorrules'), 'Cursor: short answers.');
      await waitFor('the header to list .cursorrules', () => header.view()?.tooltip.includes('  .cursorrules'));
    } finally {
      fs.rmSync(path.join(folder.uri.fsPath, '.cursorrules'), { force: true });
      header.dispose();
      folderRules.dispose();
      engines.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});

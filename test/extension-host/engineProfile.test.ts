/**
 * The engine detector in a real VS Code: profiles read through vscode.workspace.fs, re-read when
 * the real file watcher reports a change, per folder. Three folders: the workspace's own (the
 * sample game), and copies of two corpus projects in a temp folder. Which folder holds a file is
 * VS Code's `getWorkspaceFolder` in the product; the suite's window has one folder (adding one
 * would reload it), so the two copies are given to the detector as folders of their own.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GodotProfile, UnityProfile } from '../../src/engine/profileTypes';
import { profileHeader } from '../../src/engine/profileTooltip';
import { systemLine } from '../../src/engine/profileText';
import { EngineDetector, questionFolder } from '../../src/engine/workspaceEngine';
import { copyCorpus, needCorpus } from '../support/corpus';
import { activated, waitFor } from './helpers';

describe('engine profile per folder (vscode.workspace.fs and the file watcher)', () => {
  let temp: string;
  let unity: vscode.Uri;
  let godot: vscode.Uri;
  let sample: vscode.Uri;
  let detector: EngineDetector;
  const changes: string[] = [];

  before(async function () {
    needCorpus(this);
    await activated();
    temp = copyCorpus(['unity-noiseshader', 'godot-demo-projects/mono/2.5d']);
    unity = vscode.Uri.file(path.join(temp, 'unity-noiseshader'));
    godot = vscode.Uri.file(path.join(temp, 'godot-demo-projects', 'mono', '2.5d'));
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the sample workspace is open');
    sample = first.uri;
    const folders = [unity, godot];
    detector = new EngineDetector((uri) => folders.find((f) => uri?.path === f.path || uri?.path.startsWith(`${f.path}/`)) ?? questionFolder(uri));
    detector.onDidChange((folder) => changes.push(folder.toString()));
  });

  after(() => {
    detector?.dispose();
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  it('gives each question the profile of its own folder', async () => {
    const unityProfile = (await detector.profileFor(vscode.Uri.joinPath(unity, 'Assets', 'Test', 'ValueRangeTest.cs'))) as UnityProfile;
    assert.equal(unityProfile.engine, 'Unity');
    assert.equal(unityProfile.fullVersion, '6000.0.34f1');
    assert.deepEqual(unityProfile.renderPipeline, { name: 'URP', version: '17.0.3', source: 'manifest' });
    assert.equal(systemLine(unityProfile, 'csharp'), 'Engine: Unity 6.0 (URP 17.0.3, legacy Input Manager). Language: C#.');

    const godotProfile = (await detector.profileFor(vscode.Uri.joinPath(godot, 'assets', 'player', 'PlayerMath25D.cs'))) as GodotProfile;
    assert.equal(godotProfile.engine, 'Godot');
    assert.equal(systemLine(godotProfile, 'csharp'), 'Engine: Godot 4.7 (Compatibility, C#). Language: C#.');
    assert.deepEqual(godotProfile.plugins, [{ id: 'node25d-cs', name: 'Node25D (C#)', version: '1.0' }]);

    // The workspace's own folder, through VS Code's getWorkspaceFolder: the sample game (Unity 2022.3, no Packages/).
    const own = await detector.profileFor(vscode.Uri.joinPath(sample, 'Assets', 'Scripts', 'Inventory.cs'));
    assert.equal(own?.engine, 'Unity');
    assert.equal(own?.version, '2022.3');
    assert.deepEqual(own?.problems.map((p) => `${p.path} ${p.reason}`), ['Packages/manifest.json missing', 'ProjectSettings/ProjectSettings.asset missing']);
    assert.equal(await detector.profileFor(), own, 'no file: the first folder, from the cache');
    assert.equal(await detector.engineFor(vscode.Uri.joinPath(sample, 'README.md')), own, 'engineFor() is the same profile');
  });

  it('the chat header label and its tooltip with the evidence files', async () => {
    const profile = await detector.profileFor(vscode.Uri.joinPath(unity, 'README.md'));
    assert.ok(profile);
    const header = profileHeader(profile);
    assert.equal(header.label, 'Unity 6.0 · URP 17.0.3 · legacy Input Manager');
    for (const file of ['ProjectSettings/ProjectVersion.txt', 'Packages/manifest.json', 'Packages/packages-lock.json', 'ProjectSettings/ProjectSettings.asset']) {
      assert.match(header.tooltip, new RegExp(`^ {2}${file.replace(/[./]/g, '\\$&')}$`, 'm'));
    }
  });

  it('re-reads a folder when its manifest changes, and only that folder', async () => {
    const godotBefore = detector.profileFor(vscode.Uri.joinPath(godot, 'project.godot'));
    const manifest = vscode.Uri.joinPath(unity, 'Packages', 'manifest.json');
    await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode(JSON.stringify({ dependencies: { 'com.unity.render-pipelines.high-definition': '17.0.3', 'com.unity.inputsystem': '1.11.2' } })));
    const profile = await waitFor('the watcher to drop the Unity profile and a re-read to show HDRP', async () => {
      const current = (await detector.profileFor(manifest)) as UnityProfile;
      return current.renderPipeline?.name === 'HDRP' ? current : undefined;
    });
    assert.deepEqual(profile.renderPipeline, { name: 'HDRP', version: '17.0.3', source: 'manifest' });
    assert.ok(changes.includes(unity.toString()), changes.join(', '));
    assert.ok(!changes.includes(godot.toString()), 'the Godot folder was not touched');
    assert.equal(detector.profileFor(vscode.Uri.joinPath(godot, 'project.godot')), godotBefore, 'the Godot profile is still the cached one');
  });

  it('re-reads when a plugin.cfg changes, and reports malformed files instead of failing', async () => {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(godot, 'addons', 'node25d-cs', 'plugin.cfg'), new TextEncoder().encode('[plugin]\nname="Node25D (C#)"\nversion="2.0"\n'));
    await waitFor('the Godot profile to show plugin version 2.0', async () => ((await detector.profileFor(vscode.Uri.joinPath(godot, 'project.godot'))) as GodotProfile).plugins[0]?.version === '2.0');

    const manifest = vscode.Uri.joinPath(unity, 'Packages', 'manifest.json');
    await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode('{"dependencies": {'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(unity, 'ProjectSettings', 'ProjectSettings.asset'), new Uint8Array([0, 1, 2, 3, 0, 0, 9]));
    const broken = await waitFor('the Unity profile to report both files', async () => {
      const current = (await detector.profileFor(manifest)) as UnityProfile;
      return current.problems.length === 2 ? current : undefined;
    });
    assert.deepEqual(broken.problems.map((p) => `${p.path} ${p.reason}`), ['Packages/manifest.json badJson', 'ProjectSettings/ProjectSettings.asset binary']);
    // The manifest is unreadable: the lock file (still the project's own) says URP.
    assert.deepEqual(broken.renderPipeline, { name: 'URP', version: '17.0.3', source: 'packages-lock' });
    assert.match(profileHeader(broken).tooltip, /^Could not read:$/m);
  });
});

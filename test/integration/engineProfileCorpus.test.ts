/**
 * The engine profile on real projects nobody here wrote (shared/corpus, copied to a temp folder):
 * the Unity 6 URP project, the Godot 4 demo projects, and Quake III, which is no engine's.
 * Expected values are the ones in the projects' files (see the comments).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectEngine } from '../../src/engine/detect';
import { detectProfile } from '../../src/engine/profile';
import type { EngineProfile, GodotProfile, UnityProfile } from '../../src/engine/profileTypes';
import type { ProfileFiles } from '../../src/engine/projectFiles';
import { profileDetails, systemLine } from '../../src/engine/profileText';
import { copyCorpus, godotProjects, needCorpus } from '../support/corpus';
import { nodeProfileFiles, nodeProjectFiles } from '../support/nodeProjectFiles';

/** Counts what the detector asks of the file system. */
function counted(files: ProfileFiles): ProfileFiles & { reads: string[]; lists: string[] } {
  const reads: string[] = [];
  const lists: string[] = [];
  return {
    reads,
    lists,
    read: (p, max) => (reads.push(p), files.read(p, max)),
    list: (p) => (lists.push(p), files.list(p)),
  };
}

describe('engine profile on the corpus', function () {
  this.timeout(60_000);
  let temp = '';

  before(function () {
    needCorpus(this);
    temp = copyCorpus(['unity-noiseshader', 'godot-demo-projects', 'quake3']);
  });

  after(() => {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  const profileOf = async (relative: string): Promise<EngineProfile | undefined> => detectProfile(nodeProfileFiles(path.join(temp, relative)));

  it('unity-noiseshader: Unity 6.0 (6000.0.34f1), URP 17.0.3, legacy input, per-platform backends', async () => {
    const profile = (await profileOf('unity-noiseshader')) as UnityProfile;
    assert.equal(profile.engine, 'Unity');
    // ProjectSettings/ProjectVersion.txt: m_EditorVersion: 6000.0.34f1
    assert.equal(profile.version, '6.0');
    assert.equal(profile.fullVersion, '6000.0.34f1');
    assert.equal(profile.root, '');
    // Packages/manifest.json: "com.unity.render-pipelines.universal": "17.0.3"
    assert.deepEqual(profile.renderPipeline, { name: 'URP', version: '17.0.3', source: 'manifest' });
    // ProjectSettings.asset: activeInputHandler: 0, and no com.unity.inputsystem in either package file.
    assert.deepEqual(profile.input, { mode: 'legacy', source: 'ProjectSettings' });
    assert.deepEqual(profile.netcode, []);
    assert.equal(profile.entities, undefined);
    // scriptingBackend: Android 0, Standalone 0, WP8 2, WebGL 1, Windows Store Apps 2, iPhone 1
    assert.deepEqual(profile.scriptingBackends, [
      { platform: 'Android', backend: 'Mono' },
      { platform: 'Standalone', backend: 'Mono' },
      { platform: 'WP8', backend: '.NET' },
      { platform: 'WebGL', backend: 'IL2CPP' },
      { platform: 'Windows Store Apps', backend: '.NET' },
      { platform: 'iOS', backend: 'IL2CPP' },
    ]);
    assert.deepEqual(profile.evidenceFiles, ['ProjectSettings/ProjectVersion.txt', 'Packages/manifest.json', 'Packages/packages-lock.json', 'ProjectSettings/ProjectSettings.asset']);
    assert.deepEqual(profile.problems, []);
    assert.equal(systemLine(profile, 'csharp'), 'Engine: Unity 6.0 (URP 17.0.3, legacy Input Manager). Language: C#.');
  });

  it('the Unity project opened from the folder above it: found one level down', async () => {
    const files = counted(nodeProfileFiles(temp));
    const profile = await detectProfile(files);
    assert.equal(profile?.engine, 'Unity');
    assert.equal(profile?.root, 'unity-noiseshader');
    assert.equal(profile?.evidence, 'unity-noiseshader/ProjectSettings/ProjectVersion.txt');
    assert.ok(profile?.evidenceFiles.every((f) => f.startsWith('unity-noiseshader/')));
  });

  it('mono/squash_the_creeps: C# (features), Forward+ by default', async () => {
    const profile = (await profileOf('godot-demo-projects/mono/squash_the_creeps')) as GodotProfile;
    // config/features=PackedStringArray("4.7", "C#", "Forward Plus"), no rendering_method setting.
    assert.equal(profile.version, '4.7');
    assert.deepEqual(profile.renderer, { name: 'Forward+', source: 'default' });
    assert.equal(profile.featureRenderer, 'Forward Plus');
    assert.equal(profile.csharp, true);
    assert.equal(systemLine(profile, 'csharp'), 'Engine: Godot 4.7 (Forward+, C#). Language: C#.');
  });

  it('mono/2.5d: a C# project with a Godot 3 style plugin entry (node25d-cs) and its plugin.cfg', async () => {
    const profile = (await profileOf('godot-demo-projects/mono/2.5d')) as GodotProfile;
    // [editor_plugins] enabled=PackedStringArray("node25d-cs"); addons/node25d-cs/plugin.cfg name="Node25D (C#)" version="1.0"
    assert.deepEqual(profile.plugins, [{ id: 'node25d-cs', name: 'Node25D (C#)', version: '1.0' }]);
    assert.deepEqual(profile.renderer, { name: 'Compatibility', source: 'setting' });
    assert.equal(profile.csharp, true);
    assert.deepEqual(profile.evidenceFiles, ['project.godot', '2.5D Demo with C#.csproj', 'addons/node25d-cs/plugin.cfg']);
  });

  it('plugins: four enabled editor plugins read from addons/*/plugin.cfg, Compatibility renderer', async () => {
    const profile = (await profileOf('godot-demo-projects/plugins')) as GodotProfile;
    assert.deepEqual(profile.plugins.map((p) => p.id), ['custom_node', 'main_screen', 'material_creator', 'simple_import_plugin']);
    assert.ok(profile.plugins.every((p) => p.name !== undefined), JSON.stringify(profile.plugins));
    assert.deepEqual(profile.renderer, { name: 'Compatibility', source: 'setting' });
    assert.equal(profile.csharp, false);
    assert.deepEqual(profile.problems, []);
  });

  it('xr/mobile_vr_interface_demo: the rendering_method setting wins over a stale "Forward Plus" feature', async () => {
    const profile = (await profileOf('godot-demo-projects/xr/mobile_vr_interface_demo')) as GodotProfile;
    assert.equal(profile.featureRenderer, 'Forward Plus');
    assert.deepEqual(profile.renderer, { name: 'Compatibility', source: 'setting' });
  });

  it('2d/glow: the Mobile renderer', async () => {
    const profile = (await profileOf('godot-demo-projects/2d/glow')) as GodotProfile;
    assert.equal(systemLine(profile, 'gdscript'), 'Engine: Godot 4.7 (Mobile). Language: GDScript.');
  });

  it('misc/os_test: C# from its .csproj alone; audio/audio_effects: a [dotnet] section alone is GDScript', async () => {
    const os = (await profileOf('godot-demo-projects/misc/os_test')) as GodotProfile;
    assert.equal(os.csharp, true);
    assert.ok(os.evidenceFiles.includes('Operating System Testing.csproj'));
    const audio = (await profileOf('godot-demo-projects/audio/audio_effects')) as GodotProfile;
    assert.equal(audio.dotnetAssembly, 'audio_effects');
    assert.equal(audio.csharp, false);
  });

  it('mobile/android_iap: an enabled plugin whose folder is not in the project is reported missing', async () => {
    const profile = (await profileOf('godot-demo-projects/mobile/android_iap')) as GodotProfile;
    assert.deepEqual(profile.plugins, [{ id: 'GodotGooglePlayBilling' }]);
    assert.deepEqual(profile.problems, [{ path: 'addons/GodotGooglePlayBilling/plugin.cfg', reason: 'missing' }]);
    assert.match(profileDetails(profile), /^ {2}addons\/GodotGooglePlayBilling\/plugin\.cfg: missing$/m);
  });

  it('every Godot demo project: Godot 4.7, the renderer its settings say, C# where the project uses it; same engine and version as the first detector', async () => {
    const projects = godotProjects();
    assert.ok(projects.length >= 130, `${projects.length} projects`);
    const renderers: Record<string, number> = {};
    const csharp: string[] = [];
    for (const relative of projects) {
      const profile = (await profileOf(relative)) as GodotProfile;
      const first = await detectEngine(nodeProjectFiles(path.join(temp, relative)));
      assert.deepEqual([profile.engine, profile.version], [first?.engine, first?.version], relative);
      assert.equal(profile.version, '4.7', relative);
      renderers[profile.renderer?.name ?? 'none'] = (renderers[profile.renderer?.name ?? 'none'] ?? 0) + 1;
      if (profile.csharp) csharp.push(relative.replace('godot-demo-projects/', ''));
      const unexpected = profile.problems.filter((p) => p.path !== 'addons/GodotGooglePlayBilling/plugin.cfg');
      assert.deepEqual(unexpected, [], relative);
    }
    // grep: 97 rendering_method="gl_compatibility", 10 rendering_method="mobile", the rest unset.
    assert.deepEqual(renderers, { Compatibility: 97, Mobile: 10, 'Forward+': projects.length - 107 });
    assert.deepEqual(csharp, ['misc/os_test', 'mono/2.5d', 'mono/android_iap', 'mono/dodge_the_creeps', 'mono/multiplayer_pong', 'mono/pong', 'mono/squash_the_creeps']);
  });

  it('quake3: no engine profile, nothing read but directory listings, nothing thrown', async () => {
    const files = counted(nodeProfileFiles(path.join(temp, 'quake3')));
    assert.equal(await detectProfile(files), undefined);
    assert.deepEqual(files.reads, []);
    assert.ok(files.lists.length <= 1 + 64, `${files.lists.length} listings`);
    assert.equal(await detectEngine(nodeProjectFiles(path.join(temp, 'quake3'))), undefined);
    assert.equal(systemLine(undefined, 'c'), 'Language: C.');
  });
});

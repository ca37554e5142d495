import * as assert from 'node:assert/strict';
import { detectProfile } from '../../src/engine/profile';
import type { UnityProfile } from '../../src/engine/profileTypes';
import {
  inputOf,
  netcodeOf,
  parseUnityManifest,
  parseUnityPackagesLock,
  parseUnityProjectSettings,
  plainVersion,
  renderPipelineOf,
  UnityPackages,
} from '../../src/engine/unityProfile';
import { memoryFiles, type MemoryEntry } from './memoryProfileFiles';

const VERSION = 'm_EditorVersion: 6000.0.34f1\nm_EditorVersionWithRevision: 6000.0.34f1 (5ab2d9ed9190)\n';

/** The shape of a real ProjectSettings.asset around the keys the profile reads. */
function playerSettings(lines: string): string {
  return `%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!129 &1\nPlayerSettings:\n  m_ObjectHideFlags: 0\n  productName: Noise\n${lines}  cloudProjectId: \n`;
}

const BACKENDS = '  scriptingBackend:\n    Android: 0\n    Standalone: 1\n    Windows Store Apps: 2\n    iPhone: 1\n  il2cppCompilerConfiguration: {}\n';

function lock(packages: Record<string, { version: string; depth?: number; source?: string }>): string {
  const dependencies = Object.fromEntries(Object.entries(packages).map(([id, p]) => [id, { version: p.version, depth: p.depth ?? 0, source: p.source ?? 'registry', dependencies: {} }]));
  return JSON.stringify({ dependencies }, null, 2);
}

async function unity(files: Record<string, MemoryEntry>): Promise<UnityProfile> {
  const profile = await detectProfile(memoryFiles({ 'ProjectSettings/ProjectVersion.txt': VERSION, ...files }));
  assert.equal(profile?.engine, 'Unity');
  return profile;
}

describe('engine profile: Unity', () => {
  describe('parsers', () => {
    it('reads the manifest dependencies, and reports wrong JSON instead of throwing', () => {
      const parsed = parseUnityManifest('{"dependencies": {"com.unity.render-pipelines.universal": "17.0.3", "local.pkg": "file:../shared/pkg", "bad": 3}}');
      assert.ok('value' in parsed);
      assert.deepEqual([...parsed.value], [['com.unity.render-pipelines.universal', '17.0.3'], ['local.pkg', 'file:../shared/pkg']]);
      assert.ok('error' in parseUnityManifest('{"dependencies": {'));
      assert.ok('error' in parseUnityManifest('{"dependencies": {"a": "1.0.0",}}'), 'a trailing comma');
      assert.deepEqual(parseUnityManifest('[1, 2]'), { error: 'the top level is not an object' });
      assert.deepEqual(parseUnityManifest('{"dependencies": ["com.unity.inputsystem"]}'), { error: 'no "dependencies" object' });
      assert.deepEqual(parseUnityManifest(`${'['.repeat(50_000)}${']'.repeat(50_000)}`), { error: 'the top level is not an object' }, 'deep nesting');
    });

    it('ignores __proto__ and other odd keys as plain package ids', () => {
      const parsed = parseUnityManifest('{"dependencies": {"__proto__": "1.0.0", "constructor": "2.0.0"}}');
      assert.ok('value' in parsed);
      assert.deepEqual([...parsed.value.keys()], ['__proto__', 'constructor']);
      const locked = parseUnityPackagesLock('{"dependencies": {"__proto__": {"version": "1.0.0"}, "toString": "x"}}');
      assert.ok('value' in locked);
      assert.deepEqual([...locked.value], [['__proto__', { version: '1.0.0', source: undefined }]]);
    });

    it('reads every resolved package of packages-lock.json', () => {
      const parsed = parseUnityPackagesLock(lock({ 'com.unity.inputsystem': { version: '1.11.2', depth: 1 }, 'com.studio.tools': { version: 'file:com.studio.tools', source: 'embedded' } }));
      assert.ok('value' in parsed);
      assert.deepEqual(parsed.value.get('com.unity.inputsystem'), { version: '1.11.2', source: 'registry' });
      assert.deepEqual(parsed.value.get('com.studio.tools'), { version: 'file:com.studio.tools', source: 'embedded' });
    });

    it('reads activeInputHandler and the scripting backend per platform from ProjectSettings.asset', () => {
      assert.deepEqual(parseUnityProjectSettings(playerSettings(`  activeInputHandler: 2\n${BACKENDS}`)), {
        value: {
          activeInputHandler: 2,
          scriptingBackends: [
            { platform: 'Android', backend: 'Mono' },
            { platform: 'Standalone', backend: 'IL2CPP' },
            { platform: 'Windows Store Apps', backend: '.NET' },
            { platform: 'iOS', backend: 'IL2CPP' },
          ],
        },
      });
      assert.deepEqual(parseUnityProjectSettings(playerSettings('  scriptingBackend: {}\n')), { value: { activeInputHandler: undefined, scriptingBackends: [] } });
      const flow = parseUnityProjectSettings(playerSettings('  scriptingBackend: {Standalone: 1, Android: 7}\n'));
      assert.ok('value' in flow);
      assert.deepEqual(flow.value.scriptingBackends, [{ platform: 'Standalone', backend: 'IL2CPP' }, { platform: 'Android', backend: 'unknown (7)' }]);
      assert.deepEqual(parseUnityProjectSettings('{"not": "yaml"}'), { error: 'no PlayerSettings in the file' });
    });

    it('takes plain versions only: never a path, a URL or a git ref', () => {
      assert.equal(plainVersion('17.0.3'), '17.0.3');
      assert.equal(plainVersion('1.0.0-pre.65'), '1.0.0-pre.65');
      for (const value of ['file:../pkg', 'https://github.com/x/y.git#1.2.3', '1.2', '', '17.0.3 ; rm -rf /']) assert.equal(plainVersion(value), undefined, value);
    });
  });

  describe('facts', () => {
    const packages = (manifest: Record<string, string> | undefined, locked?: Record<string, string>): UnityPackages =>
      new UnityPackages(manifest && new Map(Object.entries(manifest)), locked && new Map(Object.entries(locked).map(([id, version]) => [id, { version }])));

    it('render pipeline: a direct dependency first, then one an embedded package pulls in, else Built-in', () => {
      assert.deepEqual(renderPipelineOf(packages({ 'com.unity.render-pipelines.high-definition': '17.0.3' })), { name: 'HDRP', version: '17.0.3', source: 'manifest' });
      assert.deepEqual(
        renderPipelineOf(packages({ 'com.studio.core': 'file:com.studio.core' }, { 'com.unity.render-pipelines.universal': '14.0.11' })),
        { name: 'URP', version: '14.0.11', source: 'packages-lock' },
      );
      assert.deepEqual(
        renderPipelineOf(packages({ 'com.unity.render-pipelines.universal': 'https://example.invalid/urp.git' }, { 'com.unity.render-pipelines.universal': '17.0.3' })),
        { name: 'URP', version: '17.0.3', source: 'manifest' },
        'a git dependency takes its version from the lock file',
      );
      assert.deepEqual(renderPipelineOf(packages({ 'com.unity.ugui': '2.0.0' })), { name: 'Built-in', source: 'none' });
      assert.equal(renderPipelineOf(packages(undefined)), undefined, 'no package file read: unknown, not Built-in');
    });

    it('input: the activeInputHandler setting; the package alone only when the setting cannot be read', () => {
      const withPackage = packages({ 'com.unity.inputsystem': '1.11.2' });
      assert.deepEqual(inputOf({ activeInputHandler: 1, scriptingBackends: [] }, withPackage), { mode: 'inputSystem', source: 'ProjectSettings', packageVersion: '1.11.2' });
      assert.deepEqual(inputOf({ activeInputHandler: 0, scriptingBackends: [] }, withPackage), { mode: 'legacy', source: 'ProjectSettings', packageVersion: '1.11.2' });
      assert.deepEqual(inputOf({ activeInputHandler: 2, scriptingBackends: [] }, packages({})), { mode: 'both', source: 'ProjectSettings' });
      assert.deepEqual(inputOf({ scriptingBackends: [] }, packages({})), { mode: 'legacy', source: 'ProjectSettings' }, 'before Unity 2019.1');
      assert.deepEqual(inputOf(undefined, withPackage), { mode: 'inputSystem', source: 'package', packageVersion: '1.11.2' });
      assert.equal(inputOf(undefined, packages({})), undefined);
    });

    it('netcode: by package id, or by the folder its download creates under Assets/', () => {
      const none = new Set<string>();
      assert.deepEqual(netcodeOf(packages({ 'com.unity.netcode.gameobjects': '2.1.1', 'com.unity.netcode': '1.4.0' }), none, none), [
        { name: 'Netcode for GameObjects', version: '2.1.1', evidence: 'com.unity.netcode.gameobjects' },
        { name: 'Netcode for Entities', version: '1.4.0', evidence: 'com.unity.netcode' },
      ]);
      assert.deepEqual(netcodeOf(packages({ 'com.mirror-networking.mirror': '89.0.0' }), new Set(['FishNet']), none), [
        { name: 'Mirror', version: '89.0.0', evidence: 'com.mirror-networking.mirror' },
        { name: 'Fish-Net', evidence: 'Assets/FishNet' },
      ]);
      assert.deepEqual(netcodeOf(packages({}), new Set(['Mirror', 'Photon']), new Set(['PhotonUnityNetworking', 'PhotonRealtime', 'Fusion'])), [
        { name: 'Mirror', evidence: 'Assets/Mirror' },
        { name: 'Photon PUN 2', evidence: 'Assets/Photon/PhotonUnityNetworking' },
        { name: 'Photon Fusion', evidence: 'Assets/Photon/Fusion' },
      ]);
      assert.deepEqual(netcodeOf(packages({}), new Set(['Photon']), new Set(['PhotonChat'])), [{ name: 'Photon', evidence: 'Assets/Photon' }]);
    });
  });

  describe('detectProfile', () => {
    it('reads a Unity 6 URP project with the Input System, Entities and Netcode for Entities', async () => {
      const profile = await unity({
        'Packages/manifest.json': JSON.stringify({ dependencies: { 'com.unity.render-pipelines.universal': '17.0.3', 'com.unity.inputsystem': '1.11.2', 'com.unity.entities': '1.3.5', 'com.unity.netcode': '1.4.0' } }),
        'Packages/packages-lock.json': lock({ 'com.unity.render-pipelines.universal': { version: '17.0.3', source: 'builtin' } }),
        'ProjectSettings/ProjectSettings.asset': playerSettings(`  activeInputHandler: 1\n${BACKENDS}`),
        'Assets/Scripts/Player.cs': '',
      });
      assert.deepEqual(
        { version: profile.version, fullVersion: profile.fullVersion, root: profile.root, renderPipeline: profile.renderPipeline, input: profile.input, entities: profile.entities, netcode: profile.netcode },
        {
          version: '6.0',
          fullVersion: '6000.0.34f1',
          root: '',
          renderPipeline: { name: 'URP', version: '17.0.3', source: 'manifest' },
          input: { mode: 'inputSystem', source: 'ProjectSettings', packageVersion: '1.11.2' },
          entities: { name: 'com.unity.entities', version: '1.3.5' },
          netcode: [{ name: 'Netcode for Entities', version: '1.4.0', evidence: 'com.unity.netcode' }],
        },
      );
      assert.equal(profile.scriptingBackends.length, 4);
      assert.deepEqual(profile.evidenceFiles, ['ProjectSettings/ProjectVersion.txt', 'Packages/manifest.json', 'Packages/packages-lock.json', 'ProjectSettings/ProjectSettings.asset']);
      assert.deepEqual(profile.problems, []);
    });

    it('handles BOMs and CRLF line ends as Windows editors save them', async () => {
      const bom = '\ufeff';
      const profile = await unity({
        'Packages/manifest.json': `${bom}{\r\n  "dependencies": {\r\n    "com.unity.render-pipelines.high-definition": "17.0.3"\r\n  }\r\n}\r\n`,
        'ProjectSettings/ProjectSettings.asset': `${bom}${playerSettings(`  activeInputHandler: 2\n${BACKENDS}`).replace(/\n/g, '\r\n')}`,
      });
      assert.deepEqual(profile.renderPipeline, { name: 'HDRP', version: '17.0.3', source: 'manifest' });
      assert.equal(profile.input?.mode, 'both');
      assert.deepEqual(profile.scriptingBackends[2], { platform: 'Windows Store Apps', backend: '.NET' });
      assert.deepEqual(profile.problems, []);
    });

    it('reports a broken manifest, a binary ProjectSettings.asset and a huge lock file, and keeps what it can', async () => {
      const profile = await unity({
        'Packages/manifest.json': '{"dependencies": {"com.unity.render-pipelines.universal": "17.0.3",',
        'Packages/packages-lock.json': `{"dependencies": {}, "pad": "${'x'.repeat(1024 * 1024)}"}`,
        // Asset Serialization "Force Binary" writes ProjectSettings.asset as a binary file.
        'ProjectSettings/ProjectSettings.asset': new Uint8Array([0, 0, 0, 0, 0x14, 0, 0, 0, 0x32, 0x30, 0x32, 0x32]),
      });
      assert.equal(profile.version, '6.0');
      assert.equal(profile.renderPipeline, undefined);
      assert.equal(profile.input, undefined);
      assert.deepEqual(profile.problems.map((p) => `${p.path} ${p.reason}`), ['Packages/manifest.json badJson', 'Packages/packages-lock.json tooBig', 'ProjectSettings/ProjectSettings.asset binary']);
      assert.deepEqual(profile.evidenceFiles, ['ProjectSettings/ProjectVersion.txt']);
    });

    it('takes the render pipeline from the lock file when an embedded package pulls it in', async () => {
      const profile = await unity({
        'Packages/manifest.json': JSON.stringify({ dependencies: { 'com.studio.rendering': 'file:com.studio.rendering' } }),
        'Packages/packages-lock.json': lock({ 'com.studio.rendering': { version: 'file:com.studio.rendering', source: 'embedded' }, 'com.unity.render-pipelines.universal': { version: '14.0.11', depth: 1 } }),
        'ProjectSettings/ProjectSettings.asset': playerSettings('  activeInputHandler: 0\n'),
      });
      assert.deepEqual(profile.renderPipeline, { name: 'URP', version: '14.0.11', source: 'packages-lock' });
      assert.equal(profile.input?.mode, 'legacy');
    });

    it('never opens a local package outside the project, and reads nothing outside the folder', async () => {
      const files = memoryFiles({
        'ProjectSettings/ProjectVersion.txt': VERSION,
        'Packages/manifest.json': JSON.stringify({ dependencies: { 'com.studio.secret': 'file:../../../etc', 'com.studio.abs': 'file:/etc/passwd' } }),
        'Assets/Mirror/Core/NetworkServer.cs': '',
        'Assets/Photon/Fusion/Runtime/Fusion.Unity.cs': '',
      });
      const profile = (await detectProfile(files)) as UnityProfile;
      assert.deepEqual(profile.netcode.map((n) => n.name), ['Mirror', 'Photon Fusion']);
      assert.ok(profile.evidenceFiles.includes('Assets/Photon/Fusion'));
      for (const path of files.asked) {
        assert.ok(!path.split('/').includes('..') && !path.startsWith('/') && !path.includes('etc'), `asked for ${path}`);
      }
    });

    it('reads a Unity project one folder down, with paths relative to the workspace folder', async () => {
      const profile = (await detectProfile(
        memoryFiles({
          'README.md': '',
          'UnityProject/ProjectSettings/ProjectVersion.txt': 'm_EditorVersion: 2022.3.10f1\n',
          'UnityProject/Packages/manifest.json': JSON.stringify({ dependencies: { 'com.unity.ugui': '1.0.0' } }),
          'UnityProject/ProjectSettings/ProjectSettings.asset': playerSettings('  activeInputHandler: 0\n'),
        }),
      )) as UnityProfile;
      assert.equal(profile.root, 'UnityProject');
      assert.equal(profile.version, '2022.3');
      assert.deepEqual(profile.renderPipeline, { name: 'Built-in', source: 'none' });
      assert.deepEqual(profile.evidenceFiles, ['UnityProject/ProjectSettings/ProjectVersion.txt', 'UnityProject/Packages/manifest.json', 'UnityProject/ProjectSettings/ProjectSettings.asset']);
    });

    it('says what is missing when a Unity project has no manifest or ProjectSettings.asset', async () => {
      const profile = await unity({});
      assert.deepEqual(profile.problems, [
        { path: 'Packages/manifest.json', reason: 'missing' },
        { path: 'ProjectSettings/ProjectSettings.asset', reason: 'missing' },
      ]);
      assert.equal(profile.renderPipeline, undefined);
      assert.deepEqual(profile.netcode, []);
    });
  });
});

import * as assert from 'node:assert/strict';
import { detectEngine, engineLabel, parseProjectGodot, parseUnityProjectVersion, parseUProject, type ProjectFiles } from '../../src/engine/detect';

/** An in-memory project folder. */
function project(files: Record<string, string>): ProjectFiles {
  const paths = Object.keys(files);
  const toRegExp = (glob: string): RegExp => new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return {
    readText: (path) => Promise.resolve(files[path]),
    find: (glob) => Promise.resolve(paths.filter((p) => toRegExp(glob).test(p))),
  };
}

describe('engine detection', () => {
  it('detects Unity and its version from ProjectVersion.txt', async () => {
    const info = await detectEngine(project({ 'ProjectSettings/ProjectVersion.txt': 'm_EditorVersion: 2022.3.10f1\nm_EditorVersionWithRevision: 2022.3.10f1 (ff3792e53c62)\n' }));
    assert.deepEqual(info, { engine: 'Unity', version: '2022.3', fullVersion: '2022.3.10f1', evidence: 'ProjectSettings/ProjectVersion.txt' });
    assert.equal(engineLabel(info), 'Unity 2022.3');
  });

  it('calls Unity 6000.x "Unity 6.x"', () => {
    assert.equal(parseUnityProjectVersion('m_EditorVersion: 6000.0.23f1')?.version, '6.0');
  });

  it('finds a Unity project one folder down', async () => {
    const info = await detectEngine(project({ 'Game/ProjectSettings/ProjectVersion.txt': 'm_EditorVersion: 2021.3.5f1' }));
    assert.equal(info?.engine, 'Unity');
    assert.equal(info?.evidence, 'Game/ProjectSettings/ProjectVersion.txt');
  });

  it('detects Unreal and its EngineAssociation', async () => {
    const info = await detectEngine(project({ 'Shooter.uproject': JSON.stringify({ FileVersion: 3, EngineAssociation: '5.3', Modules: [] }) }));
    assert.equal(info?.engine, 'Unreal Engine');
    assert.equal(engineLabel(info), 'Unreal Engine 5.3');
  });

  it('treats a GUID association as a source build without a version', () => {
    assert.deepEqual(parseUProject('{"EngineAssociation": "{4C3F1D2E-0000-1111-2222-333344445555}"}'), {});
    assert.deepEqual(parseUProject('not json'), {});
  });

  it('detects Godot from config/features, else from config_version', async () => {
    const info = await detectEngine(project({ 'project.godot': '; Engine configuration file.\nconfig_version=5\n\n[application]\nconfig/name="Platformer"\nconfig/features=PackedStringArray("4.2", "Forward Plus")\n' }));
    assert.equal(engineLabel(info!), 'Godot 4.2');
    assert.deepEqual(parseProjectGodot('config_version=4\n'), { version: '3.x' });
  });

  it('finds nothing in a plain folder', async () => {
    assert.equal(await detectEngine(project({ 'README.md': '# hi', 'src/main.ts': '' })), undefined);
  });
});

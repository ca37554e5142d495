import * as assert from 'node:assert/strict';
import { godotStrings, parseGodotConfig, parsePluginCfg, parseProjectGodotFile, pluginFolder } from '../../src/engine/godotProfile';
import { detectProfile } from '../../src/engine/profile';
import type { GodotProfile } from '../../src/engine/profileTypes';
import { memoryFiles, type MemoryEntry } from './memoryProfileFiles';

/** Shaped like the demo projects' project.godot: a multi-line description, an input map, sections. */
const PROJECT = `; Engine configuration file.
; It's best edited using the editor UI and not directly,
; since the parameters that go here are not all obvious.
;
; Format:
;   [section] ; section goes between []
;   param=value ; assign values to parameters

config_version=5

[application]

config/name="Plugin Demos"
config/description="This contains multiple plugin demos.
[not_a_section]
renderer/rendering_method=\\"mobile\\" is text, not a setting."
config/tags=PackedStringArray("demo", "editor", "official")
config/features=PackedStringArray("4.7", "C#", "Forward Plus")

[editor_plugins]

enabled=PackedStringArray("res://addons/custom_node/plugin.cfg", "res://addons/main_screen/plugin.cfg")

[input]

move_left={
"deadzone": 0.5,
"events": [Object(InputEventKey,"resource_local_to_scene":false,"keycode":0,"physical_keycode":65,"unicode":97,"script":null)
]
}

[rendering]

renderer/rendering_method="gl_compatibility"
renderer/rendering_method.mobile="gl_compatibility"
`;

async function godot(files: Record<string, MemoryEntry>): Promise<GodotProfile> {
  const profile = await detectProfile(memoryFiles(files));
  assert.equal(profile?.engine, 'Godot');
  return profile;
}

describe('engine profile: Godot', () => {
  describe('parsers', () => {
    it('reads ConfigFile settings, with values over several lines and brackets in strings', () => {
      const values = parseGodotConfig(PROJECT);
      assert.equal(values.get('config_version'), '5');
      assert.equal(godotStrings(values.get('application/config/description'))[0].split('\n').length, 3);
      assert.equal(values.get('not_a_section/renderer/rendering_method'), undefined);
      assert.ok(values.get('input/move_left')?.endsWith(']\n}'));
      assert.equal(values.get('rendering/renderer/rendering_method'), '"gl_compatibility"');
      assert.deepEqual(godotStrings(values.get('application/config/features')), ['4.7', 'C#', 'Forward Plus']);
    });

    it('reads version, renderer, C# feature and enabled plugins', () => {
      assert.deepEqual(parseProjectGodotFile(PROJECT), {
        value: {
          version: '4.7',
          renderer: { name: 'Compatibility', source: 'setting' },
          featureRenderer: 'Forward Plus',
          csharpFeature: true,
          dotnetAssembly: undefined,
          enabledPlugins: ['res://addons/custom_node/plugin.cfg', 'res://addons/main_screen/plugin.cfg'],
        },
      });
    });

    it('the renderer is the setting, else Forward+ (what Godot 4 runs), whatever config/features says', () => {
      const facts = (text: string): unknown => {
        const parsed = parseProjectGodotFile(text);
        return 'value' in parsed ? parsed.value.renderer : parsed.error;
      };
      assert.deepEqual(facts('config_version=5\n[application]\nconfig/features=PackedStringArray("4.3", "Mobile")\n'), { name: 'Forward+', source: 'default' });
      assert.deepEqual(facts('config_version=5\n[rendering]\nrenderer/rendering_method="mobile"\n'), { name: 'Mobile', source: 'setting' });
      assert.deepEqual(facts('config_version=5\n[rendering]\nrenderer/rendering_method.mobile="gl_compatibility"\n'), { name: 'Forward+', source: 'default', mobile: 'Compatibility' });
      assert.deepEqual(facts('config_version=5\n[rendering]\nrenderer/rendering_method="vulkan_raytraced"\n'), undefined, 'an unknown method is not guessed');
      assert.deepEqual(facts('config_version=4\n[rendering]\nquality/driver/driver_name="GLES2"\n'), { name: 'GLES2', source: 'setting' }, 'Godot 3');
      assert.deepEqual(facts('config_version=4\n'), { name: 'GLES3', source: 'default' });
      assert.equal(facts(''), undefined);
      assert.equal(facts('\u0007\u0008 garbage without settings'), 'no settings in the file');
    });

    it('turns enabled plugin entries into addon folders, refusing any path that leaves addons/', () => {
      assert.equal(pluginFolder('res://addons/custom_node/plugin.cfg'), 'custom_node');
      assert.equal(pluginFolder('node25d-cs'), 'node25d-cs', 'Godot 3 names the folder alone');
      for (const entry of ['res://addons/../../etc/plugin.cfg', 'res://../secret/plugin.cfg', 'res://addons//plugin.cfg', 'res://addons/x/other.cfg', '/etc/passwd', 'C:\\Windows', '..', 'user://addons/x/plugin.cfg', '']) {
        assert.equal(pluginFolder(entry), undefined, entry);
      }
    });

    it('reads a plugin.cfg', () => {
      assert.deepEqual(parsePluginCfg('[plugin]\r\n\r\nname="Node25D"\ndescription="Adds Node25D"\nauthor="Aaron Franke"\nversion="1.0"\nscript="node25d_plugin.gd"\n'.replace(/\r/g, '')), { name: 'Node25D', version: '1.0' });
      assert.deepEqual(parsePluginCfg('name="not in [plugin]"'), {});
    });

    it('parses hostile ConfigFile text in one pass (a timeout here means a quadratic parser)', () => {
      assert.equal(parseGodotConfig('[\n'.repeat(300_000)).size, 0);
      assert.equal(parseGodotConfig('no equals sign here\n'.repeat(50_000)).size, 0);
      assert.equal(parseGodotConfig(`a=${'('.repeat(500_000)}`).size, 1);
      assert.equal(godotStrings(`PackedStringArray(${'"\\'.repeat(300_000)}`).length, 0);
      assert.equal(parseGodotConfig('k=1\n'.repeat(20_000)).size, 1);
    });
  });

  describe('detectProfile', () => {
    it('reads plugins from their plugin.cfg, and C# from a .csproj beside project.godot', async () => {
      const profile = await godot({
        'project.godot': PROJECT,
        'Game.csproj': '<Project Sdk="Godot.NET.Sdk/4.7.0"></Project>',
        'addons/custom_node/plugin.cfg': '[plugin]\nname="Heart"\nversion="1.0"\n',
        'addons/main_screen/plugin.cfg': '[plugin]\nname="Main screen plugin"\n',
      });
      assert.deepEqual(
        { version: profile.version, renderer: profile.renderer, csharp: profile.csharp, plugins: profile.plugins },
        {
          version: '4.7',
          renderer: { name: 'Compatibility', source: 'setting' },
          csharp: true,
          plugins: [
            { id: 'custom_node', name: 'Heart', version: '1.0' },
            { id: 'main_screen', name: 'Main screen plugin' },
          ],
        },
      );
      assert.deepEqual(profile.evidenceFiles, ['project.godot', 'Game.csproj', 'addons/custom_node/plugin.cfg', 'addons/main_screen/plugin.cfg']);
    });

    it('a [dotnet] section alone is not C#: the .NET editor writes it for GDScript projects too', async () => {
      const profile = await godot({ 'project.godot': 'config_version=5\n\n[dotnet]\n\nproject/assembly_name="audio_effects"\n', 'main.gd': 'extends Node\n' });
      assert.equal(profile.csharp, false);
      assert.equal(profile.dotnetAssembly, 'audio_effects');
    });

    it('never reads a plugin path that leaves addons/, and says a missing plugin.cfg is missing', async () => {
      const memory = memoryFiles({
        'project.godot': 'config_version=5\n[editor_plugins]\nenabled=PackedStringArray("res://addons/../../../etc/passwd/plugin.cfg", "res://addons/gone/plugin.cfg", "res://addons/ok/plugin.cfg")\n',
        'addons/ok/plugin.cfg': { link: '/etc/shadow' },
      });
      const profile = (await detectProfile(memory)) as GodotProfile;
      assert.deepEqual(profile.plugins, [{ id: 'gone' }, { id: 'ok' }]);
      assert.deepEqual(profile.problems, [
        { path: 'res://addons/../../../etc/passwd/plugin.cfg', reason: 'unsafePath', detail: 'project.godot [editor_plugins]' },
        { path: 'addons/gone/plugin.cfg', reason: 'missing' },
        { path: 'addons/ok/plugin.cfg', reason: 'symlink' },
      ]);
      assert.ok(memory.asked.every((p) => !p.includes('..') && !p.includes('etc')), memory.asked.join(', '));
    });

    it('reads a Godot project one folder down, and reads a bounded number of plugin.cfg files', async () => {
      const plugins = Array.from({ length: 40 }, (_, i) => `"res://addons/p${i}/plugin.cfg"`).join(', ');
      const files: Record<string, MemoryEntry> = { 'game/project.godot': `config_version=5\n[editor_plugins]\nenabled=PackedStringArray(${plugins})\n` };
      for (let i = 0; i < 40; i++) files[`game/addons/p${i}/plugin.cfg`] = `[plugin]\nname="P${i}"\n`;
      const memory = memoryFiles(files);
      const profile = (await detectProfile(memory)) as GodotProfile;
      assert.equal(profile.root, 'game');
      assert.equal(profile.plugins.length, 40);
      assert.equal(profile.plugins.filter((p) => p.name).length, 32);
      assert.equal(memory.asked.filter((p) => p.endsWith('plugin.cfg')).length, 32);
    });
  });
});

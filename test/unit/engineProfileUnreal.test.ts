import * as assert from 'node:assert/strict';
import { detectProfile } from '../../src/engine/profile';
import type { UnrealProfile } from '../../src/engine/profileTypes';
import { orderPlugins, parseBuildCs, parseUProjectFile, stripCSharpComments, unrealVersionOf } from '../../src/engine/unrealProfile';
import { memoryFiles, type MemoryEntry } from './memoryProfileFiles';

const UPROJECT = `{
\t"FileVersion": 3,
\t"EngineAssociation": "5.4",
\t"Category": "",
\t"Description": "",
\t"Modules": [
\t\t{ "Name": "Shooter", "Type": "Runtime", "LoadingPhase": "Default", "AdditionalDependencies": ["Engine"] },
\t\t{ "Name": "ShooterEditor", "Type": "Editor", "LoadingPhase": "PostEngineInit" }
\t],
\t"Plugins": [
\t\t{ "Name": "ModelingToolsEditorMode", "Enabled": true, "TargetAllowList": ["Editor"] },
\t\t{ "Name": "Niagara", "Enabled": true },
\t\t{ "Name": "EnhancedInput", "Enabled": true },
\t\t{ "Name": "Bridge", "Enabled": false, "SupportedTargetPlatforms": ["Win64", "Mac", "Linux"] },
\t\t{ "Name": "GameplayAbilities", "Enabled": true }
\t]
}
`;

/** As Unreal's C++ template writes it, commented-out lines included. */
const BUILD_CS = `// Copyright Epic Games, Inc. All Rights Reserved.

using UnrealBuildTool;

public class Shooter : ModuleRules
{
\tpublic Shooter(ReadOnlyTargetRules Target) : base(Target)
\t{
\t\tPCHUsage = PCHUsageMode.UseExplicitOrSharedPCHs;
\t
\t\tPublicDependencyModuleNames.AddRange(new string[] { "Core", "CoreUObject", "Engine", "InputCore", "EnhancedInput" });

\t\tPrivateDependencyModuleNames.AddRange(new string[] {  });

\t\t// Uncomment if you are using Slate UI
\t\t// PrivateDependencyModuleNames.AddRange(new string[] { "Slate", "SlateCore" });

\t\t/* Uncomment if you are using online features
\t\tPrivateDependencyModuleNames.Add("OnlineSubsystem"); */

\t\tif (Target.bBuildEditor)
\t\t{
\t\t\tPrivateDependencyModuleNames.Add("UnrealEd");
\t\t}
\t\tPublicIncludePaths.Add(@"C:\\Program Files\\Epic Games\\"); // not a module
\t}
}
`;

async function unreal(files: Record<string, MemoryEntry>): Promise<UnrealProfile> {
  const profile = await detectProfile(memoryFiles(files));
  assert.equal(profile?.engine, 'Unreal Engine');
  return profile;
}

describe('engine profile: Unreal', () => {
  describe('parsers', () => {
    it('reads modules and the plugins enabled in the .uproject', () => {
      assert.deepEqual(parseUProjectFile(UPROJECT), {
        value: {
          association: '5.4',
          modules: [
            { name: 'Shooter', type: 'Runtime' },
            { name: 'ShooterEditor', type: 'Editor' },
          ],
          enabledPlugins: ['ModelingToolsEditorMode', 'Niagara', 'EnhancedInput', 'GameplayAbilities'],
        },
      });
    });

    it('ignores entries of the wrong shape instead of failing on them', () => {
      const parsed = parseUProjectFile('{"EngineAssociation": 5.3, "Modules": {"Name": "X"}, "Plugins": [null, 3, "Niagara", {"Name": 7, "Enabled": true}, {"Name": "PCG", "Enabled": "true"}, {"Name": "StateTree", "Enabled": true}]}');
      assert.deepEqual(parsed, { value: { association: '', modules: [], enabledPlugins: ['StateTree'] } });
      assert.ok('error' in parseUProjectFile('{"EngineAssociation": "5.3",'));
    });

    it('a GUID or an empty EngineAssociation is a source build', () => {
      assert.deepEqual(unrealVersionOf('5.3'), { version: '5.3', sourceBuild: false });
      assert.deepEqual(unrealVersionOf('{4C3F1D2E-0000-1111-2222-333344445555}'), { sourceBuild: true });
      assert.deepEqual(unrealVersionOf(''), { sourceBuild: true });
    });

    it('lists notable plugins first, in order of how much they change an answer', () => {
      assert.deepEqual(orderPlugins(['ModelingToolsEditorMode', 'Niagara', 'EnhancedInput', 'GameplayAbilities']), [
        { name: 'GameplayAbilities', notable: true },
        { name: 'EnhancedInput', notable: true },
        { name: 'Niagara', notable: true },
        { name: 'ModelingToolsEditorMode', notable: false },
      ]);
    });

    it('strips comments but not comment-like text inside strings', () => {
      assert.equal(stripCSharpComments('a // b\nc /* d */ e "f // g" \'/\' @"h ""//"" i" // j'), 'a \nc   e "f // g" \'/\' @"h ""//"" i" ');
      assert.equal(stripCSharpComments('/* never closed'), ' ');
      assert.equal(stripCSharpComments('"never closed // x'), '"never closed // x');
    });

    it('reads the dependency modules of a Build.cs, not the commented-out ones', () => {
      assert.deepEqual(parseBuildCs(BUILD_CS), {
        publicDependencies: ['Core', 'CoreUObject', 'Engine', 'InputCore', 'EnhancedInput'],
        privateDependencies: ['UnrealEd'],
      });
      assert.deepEqual(parseBuildCs('PublicDependencyModuleNames.Add("Core"); PublicDependencyModuleNamesX.Add("No"); MyPublicDependencyModuleNames.Add("No");'), {
        publicDependencies: ['Core'],
        privateDependencies: [],
      });
    });

    it('parses hostile Build.cs text in one pass (a timeout here means a quadratic parser)', () => {
      const noSemicolons = 'PublicDependencyModuleNames.Add("A")\n'.repeat(30_000);
      assert.deepEqual(parseBuildCs(noSemicolons), { publicDependencies: ['A'], privateDependencies: [] });
      const openComments = '/* '.repeat(300_000);
      assert.deepEqual(parseBuildCs(openComments), { publicDependencies: [], privateDependencies: [] });
      const quotes = `PrivateDependencyModuleNames.Add(${'"a'.repeat(300_000)});`;
      assert.deepEqual(parseBuildCs(quotes).publicDependencies, []);
      const many = `PublicDependencyModuleNames.AddRange(new string[] { ${Array.from({ length: 1000 }, (_, i) => `"M${i}"`).join(', ')} });`;
      assert.equal(parseBuildCs(many).publicDependencies.length, 300, 'capped');
    });
  });

  describe('detectProfile', () => {
    it('reads version, plugins and modules with the dependencies of their Build.cs', async () => {
      const profile = await unreal({
        'Shooter.uproject': UPROJECT,
        'Source/Shooter.Target.cs': '',
        'Source/Shooter/Shooter.Build.cs': BUILD_CS,
        'Source/Shooter/Private/Player.cpp': '',
        'Source/ShooterEditor/ShooterEditor.Build.cs': 'PrivateDependencyModuleNames.AddRange(new [] { "Shooter", "UnrealEd" });',
        'Source/Plugins/Tools/Source/ToolsRuntime/ToolsRuntime.Build.cs': 'PublicDependencyModuleNames.Add("Core");',
      });
      assert.equal(profile.version, '5.4');
      assert.equal(profile.sourceBuild, false);
      assert.deepEqual(profile.plugins.filter((p) => p.notable).map((p) => p.name), ['GameplayAbilities', 'EnhancedInput', 'Niagara']);
      assert.deepEqual(profile.modules, [
        { name: 'Shooter', type: 'Runtime', buildFile: 'Source/Shooter/Shooter.Build.cs', publicDependencies: ['Core', 'CoreUObject', 'Engine', 'InputCore', 'EnhancedInput'], privateDependencies: ['UnrealEd'] },
        { name: 'ShooterEditor', type: 'Editor', buildFile: 'Source/ShooterEditor/ShooterEditor.Build.cs', publicDependencies: [], privateDependencies: ['Shooter', 'UnrealEd'] },
        { name: 'ToolsRuntime', type: undefined, buildFile: 'Source/Plugins/Tools/Source/ToolsRuntime/ToolsRuntime.Build.cs', publicDependencies: ['Core'], privateDependencies: [] },
      ]);
      assert.deepEqual(profile.evidenceFiles, ['Shooter.uproject', 'Source/Shooter/Shooter.Build.cs', 'Source/ShooterEditor/ShooterEditor.Build.cs', 'Source/Plugins/Tools/Source/ToolsRuntime/ToolsRuntime.Build.cs']);
    });

    it('reads a bounded number of Build.cs files', async () => {
      const files: Record<string, MemoryEntry> = { 'Big.uproject': '{"EngineAssociation": "5.3"}' };
      for (let i = 0; i < 100; i++) files[`Source/M${String(i).padStart(3, '0')}/M${String(i).padStart(3, '0')}.Build.cs`] = 'PublicDependencyModuleNames.Add("Core");';
      const memory = memoryFiles(files);
      const profile = (await detectProfile(memory)) as UnrealProfile;
      assert.equal(profile.modules.length, 48);
      assert.ok(memory.asked.filter((p) => p.endsWith('.Build.cs')).length <= 48);
    });

    it('a source build, a broken .uproject, and a project one folder down', async () => {
      const source = await unreal({ 'Game.uproject': '{"EngineAssociation": "{4C3F1D2E-0000-1111-2222-333344445555}", "Plugins": [{"Name": "CommonUI", "Enabled": true}]}' });
      assert.equal(source.version, undefined);
      assert.equal(source.sourceBuild, true);

      const broken = await unreal({ 'Game.uproject': '{"EngineAssociation": "5.3", "Plugins": [' });
      assert.equal(broken.version, undefined);
      assert.deepEqual(broken.problems.map((p) => `${p.path} ${p.reason}`), ['Game.uproject badJson']);

      const down = await unreal({ 'Unreal/Game.uproject': '{"EngineAssociation": "5.5"}', 'Unreal/Source/Game/Game.Build.cs': 'PublicDependencyModuleNames.Add("Core");', 'docs/index.md': '' });
      assert.equal(down.root, 'Unreal');
      assert.equal(down.evidence, 'Unreal/Game.uproject');
      assert.deepEqual(down.modules.map((m) => m.buildFile), ['Unreal/Source/Game/Game.Build.cs']);
    });

    it('does not follow symbolic links under Source/', async () => {
      const memory = memoryFiles({ 'Game.uproject': '{"EngineAssociation": "5.3"}', 'Source/Linked': { link: '/usr/src' }, 'Source/Game/Game.Build.cs': { link: '/etc/passwd' } });
      const profile = (await detectProfile(memory)) as UnrealProfile;
      assert.deepEqual(profile.modules, []);
      assert.ok(!memory.asked.some((p) => p.startsWith('Source/Linked')), memory.asked.join(', '));
    });
  });
});

/**
 * The engine tools on real things: the real glslangValidator (Debian's glslang-tools, on PATH)
 * compiling real GLSL and HLSL in a temp workspace, hostile paths refused, and a copy of the
 * corpus' Unity and Godot projects for the log import and the engine profile.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileShader, engineProfile, importEngineLog } from '../../src/agent/tools/engineTools';
import { findShaderCompilers, type ShaderCompilers } from '../../src/agent/tools/shaderCompiler';
import type { ToolEnv } from '../../src/agent/tools/toolTypes';
import type { WorkspaceFolderPath } from '../../src/context/workspacePaths';
import { detectProfile } from '../../src/engine/profile';
import { copyCorpus, needCorpus } from '../support/corpus';
import { nodeProfileFiles } from '../support/nodeProjectFiles';
import { stubToolEnv } from '../support/toolEnv';

function toolEnv(folders: readonly WorkspaceFolderPath[], compilers: () => ShaderCompilers = () => findShaderCompilers()): ToolEnv {
  return stubToolEnv({
    folders,
    approve: () => Promise.reject(new Error('the engine tools never ask to change a file')),
    confirmRun: () => Promise.reject(new Error('the engine tools never ask to run anything')),
    engine: { shaderCompilers: compilers, profile: (folder) => detectProfile(nodeProfileFiles(folder.path)) },
  });
}

/** Every file below `dir`, relative, sorted: what a tool must leave as it was. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

const BAD_FRAG = ['#version 450', 'layout(location = 0) out vec4 color;', 'void main() {', '  color = vec4(foam, 1.0);', '}', ''].join('\n');
const GOOD_FRAG = ['#version 450', 'layout(location = 0) out vec4 color;', 'void main() {', '  color = vec4(1.0);', '}', ''].join('\n');
const BAD_HLSL = ['float4 main(float4 p : SV_Position) : SV_Target', '{', '    return undefinedThing;', '}', ''].join('\n');

describe('compile_shader with the real glslangValidator', function () {
  this.timeout(60_000);
  let temp = '';
  let work = '';
  let env: ToolEnv;

  before(function () {
    if (!findShaderCompilers().glslangValidator) {
      console.warn('  (skipped: glslangValidator is not on PATH; apt-get install glslang-tools)');
      this.skip();
    }
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-shader-tool-'));
    work = path.join(temp, 'Game');
    fs.mkdirSync(path.join(work, 'Shaders'), { recursive: true });
    fs.writeFileSync(path.join(work, 'Shaders', 'bad.frag'), BAD_FRAG);
    fs.writeFileSync(path.join(work, 'Shaders', 'good.frag'), GOOD_FRAG);
    fs.writeFileSync(path.join(work, 'Shaders', 'lit.glsl'), GOOD_FRAG);
    fs.writeFileSync(path.join(work, 'Shaders', 'bad.hlsl'), BAD_HLSL);
    fs.writeFileSync(path.join(work, 'Shaders', 'Water.shader'), 'Shader "Custom/Water" { SubShader { Pass { } } }\n');
    fs.writeFileSync(path.join(temp, 'secret.frag'), BAD_FRAG);
    fs.symlinkSync(path.join(temp, 'secret.frag'), path.join(work, 'Shaders', 'link.frag'));
    env = toolEnv([{ path: work, name: 'Game' }]);
  });

  after(() => {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  it('returns the compiler\'s error on its line, in the problem line format', async () => {
    const result = await compileShader({ path: 'Shaders/bad.frag' }, env);
    assert.equal(result.ok, true, result.text);
    assert.match(result.text, /^Shaders\/bad\.frag failed to compile with glslangValidator \(GLSL fragment shader\): 1 error, 0 warnings\./);
    assert.ok(result.text.includes("Shaders/bad.frag:4:1: error: 'foam' : undeclared identifier [glslang]"), result.text);
    assert.ok(!result.text.includes('compilation terminated'), result.text);
  });

  it('says OK, naming the compiler, for a shader that compiles', async () => {
    const result = await compileShader({ path: 'Shaders/good.frag' }, env);
    assert.deepEqual(result, { ok: true, text: 'OK: Shaders/good.frag compiles with glslangValidator (GLSL fragment shader); no problems.' });
    const glsl = await compileShader({ path: 'Shaders/lit.glsl', stage: 'frag' }, env);
    assert.match(glsl.text, /^OK: Shaders\/lit\.glsl compiles/);
  });

  it('compiles for Vulkan without writing into the workspace', async () => {
    const before = tree(temp);
    const result = await compileShader({ path: 'Shaders/good.frag', target: 'vulkan1.2' }, env);
    assert.match(result.text, /^OK: /);
    assert.deepEqual(tree(temp), before);
  });

  it('compiles HLSL through glslang\'s HLSL front end when there is no DXC', async () => {
    const result = await compileShader({ path: 'Shaders/bad.hlsl', stage: 'frag' }, toolEnv(env.folders, () => ({ glslangValidator: findShaderCompilers().glslangValidator })));
    assert.ok(result.text.includes("Shaders/bad.hlsl:3:1: error: 'undefinedThing' : unknown variable [glslang]"), result.text);
  });

  it('refuses paths outside the workspace, by "..", absolute path or link', async () => {
    for (const written of ['../secret.frag', path.join(temp, 'secret.frag'), 'Shaders/link.frag']) {
      const result = await compileShader({ path: written }, env);
      assert.equal(result.ok, false, written);
      assert.match(result.text, /^Error: .* is outside the workspace/, written);
    }
  });

  it('says a Unity .shader is not standalone, and a missing stage or compiler what to do', async () => {
    const unity = await compileShader({ path: 'Shaders/Water.shader' }, env);
    assert.match(unity.text, /^Error: Shaders\/Water\.shader is a Unity shader file.*import_engine_log/);
    const stage = await compileShader({ path: 'Shaders/lit.glsl' }, env);
    assert.match(stage.text, /^Error: Shaders\/lit\.glsl does not say its stage/);
    const none = await compileShader({ path: 'Shaders/good.frag' }, toolEnv(env.folders, () => ({})));
    assert.match(none.text, /^Error: no shader compiler was found on PATH\. Install glslangValidator/);
  });
});

describe('import_engine_log and engine_profile on the corpus', function () {
  this.timeout(60_000);
  let temp = '';
  let unity: WorkspaceFolderPath;
  let godot: WorkspaceFolderPath;

  before(function () {
    needCorpus(this);
    temp = copyCorpus(['unity-noiseshader', 'godot-demo-projects/2d/dodge_the_creeps']);
    unity = { path: path.join(temp, 'unity-noiseshader'), name: 'unity-noiseshader' };
    godot = { path: path.join(temp, 'godot-demo-projects', '2d', 'dodge_the_creeps'), name: 'dodge_the_creeps' };
    fs.mkdirSync(path.join(unity.path, 'Logs'), { recursive: true });
    // An Editor.log as Unity writes it on another machine: a Windows path to a real script of the project, a path outside.
    fs.writeFileSync(
      path.join(unity.path, 'Logs', 'Editor.log'),
      [
        'Refreshing native plugins compatible for Editor in 2.11 ms, found 3 plugins.',
        'Assets\\Catalog\\CatalogController.cs(12,9): error CS0103: The name \'textur\' does not exist in the current context',
        'C:\\Users\\dev\\noiseshader\\Assets\\Test\\ValueRangeTest.cs(20,13): warning CS0219: The variable \'unused\' is assigned but its value is never used',
        '/etc/passwd(1,1): error CS1001: Identifier expected',
        'Assets\\Catalog\\CatalogController.cs(12,9): error CS0103: The name \'textur\' does not exist in the current context',
        '',
      ].join('\r\n'),
    );
    fs.writeFileSync(path.join(godot.path, 'godot.log'), ['Godot Engine v4.3.stable.official', 'SCRIPT ERROR: Parse Error: Identifier "speeed" not declared in the current scope.', '   at: GDScript::reload (res://player.gd:12)', ''].join('\n'));
  });

  after(() => {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  it('lists a Unity log\'s problems with workspace paths, once each, and names paths outside', async () => {
    const result = await importEngineLog({ path: 'Logs/Editor.log' }, toolEnv([unity]));
    assert.equal(result.ok, true, result.text);
    const lines = result.text.split('\n');
    assert.equal(lines[0], 'Logs/Editor.log: 2 errors, 1 warning (3 problems in all).');
    assert.ok(lines.includes("Assets/Catalog/CatalogController.cs:12:9: error: The name 'textur' does not exist in the current context [Unity CS0103]"), result.text);
    assert.ok(lines.includes("Assets/Test/ValueRangeTest.cs:20:13: warning: The variable 'unused' is assigned but its value is never used [Unity CS0219]"), result.text);
    assert.ok(lines.includes('/etc/passwd (outside the workspace):1:1: error: Identifier expected [Unity CS1001]'), result.text);
    assert.ok(result.text.includes('1 problem in files outside the workspace'), result.text);
  });

  it('resolves a Godot log\'s res:// paths against the Godot project', async () => {
    const result = await importEngineLog({ path: 'godot.log' }, toolEnv([godot]));
    assert.ok(result.text.includes('player.gd:12:1: error: Parse Error: Identifier "speeed" not declared in the current scope. [Godot]'), result.text);
  });

  it('refuses a log outside the workspace', async () => {
    const result = await importEngineLog({ path: '../godot-demo-projects/2d/dodge_the_creeps/godot.log' }, toolEnv([unity]));
    assert.match(result.text, /^Error: .* is outside the workspace/);
  });

  it('describes the engine project of each folder', async () => {
    const one = await engineProfile({}, toolEnv([unity]));
    assert.equal(one.ok, true);
    // ProjectSettings/ProjectVersion.txt of unity-noiseshader; manifest.json names URP.
    assert.match(one.text, /^Unity 6/);
    assert.ok(one.text.includes('ProjectSettings/ProjectVersion.txt'), one.text);
    const empty = path.join(temp, 'empty');
    fs.mkdirSync(empty);
    const both = await engineProfile({}, toolEnv([unity, godot, { path: empty, name: 'empty' }]));
    const sections = both.text.split('\n\n');
    assert.equal(sections.length, 3, both.text);
    assert.match(sections[0], /^# unity-noiseshader\nUnity 6/);
    assert.match(sections[1], /^# dodge_the_creeps\nGodot 4/);
    assert.match(sections[2], /^# empty\nNo Unity, Unreal Engine or Godot project found/);
  });
});

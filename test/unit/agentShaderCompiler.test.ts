import * as assert from 'node:assert/strict';
import { parseToolArgs } from '../../src/agent/tools/toolArgs';
import { compileCommand, findOnPath, findShaderCompilers, shaderPlan } from '../../src/agent/tools/shaderCompiler';

describe('compile_shader planning', () => {
  it('takes the stage from a GLSL extension, and needs one for .glsl and .hlsl', () => {
    assert.deepEqual(shaderPlan('Shaders/water.frag', undefined), { ok: true, language: 'glsl', stage: 'frag' });
    assert.deepEqual(shaderPlan('a/b.COMP', undefined), { ok: true, language: 'glsl', stage: 'comp' });
    assert.deepEqual(shaderPlan('lib/noise.glsl', 'vert'), { ok: true, language: 'glsl', stage: 'vert' });
    assert.deepEqual(shaderPlan('lib/noise.hlsl', 'comp'), { ok: true, language: 'hlsl', stage: 'comp' });
    const missing = shaderPlan('lib/noise.hlsl', undefined);
    assert.ok(!missing.ok && /^Error: .*stage, one of vert, frag, comp, geom, tesc, tese/.test(missing.error), JSON.stringify(missing));
    const clash = shaderPlan('water.frag', 'vert');
    assert.ok(!clash.ok && clash.error.includes('fragment shader by its extension'), JSON.stringify(clash));
  });

  it('says engine shader files are compiled by their engine, and what to do instead', () => {
    for (const [file, engine] of [['Assets/Water.shader', 'Unity'], ['Assets/Common.cginc', 'Unity'], ['water.gdshader', 'Godot'], ['Shaders/Private/Water.usf', 'Unreal']]) {
      const plan = shaderPlan(file, 'frag');
      assert.ok(!plan.ok, file);
      assert.match(plan.error, new RegExp(`^Error: .*${engine}.*cannot compile it standalone.*import_engine_log`), file);
    }
    const other = shaderPlan('notes.txt', 'frag');
    assert.ok(!other.ok && other.error.includes('not a shader compile_shader knows'));
  });

  it('finds compilers on PATH: absolute folders only, .exe on Windows', () => {
    const files = new Set(['/opt/vulkan/bin/glslangValidator', 'C:\\VulkanSDK\\Bin\\glslangValidator.exe', './dxc', '/usr/bin/dxc']);
    const isFile = (p: string): boolean => files.has(p);
    assert.equal(findOnPath('glslangValidator', '/usr/local/bin:/opt/vulkan/bin', 'linux', isFile), '/opt/vulkan/bin/glslangValidator');
    assert.equal(findOnPath('glslangValidator', 'C:\\Windows;"C:\\VulkanSDK\\Bin"', 'win32', isFile), 'C:\\VulkanSDK\\Bin\\glslangValidator.exe');
    // A relative entry would pick up a binary planted in the workspace (the tool's cwd is not it, but PATH is the user's).
    assert.equal(findOnPath('dxc', '.:/usr/bin', 'linux', isFile), '/usr/bin/dxc');
    assert.equal(findOnPath('dxc', '.', 'linux', isFile), undefined);
    assert.equal(findOnPath('dxc', undefined, 'linux', isFile), undefined);
    assert.deepEqual(findShaderCompilers('', 'linux'), {});
  });

  it('builds each compiler\'s argv with the shader last, by its absolute path', () => {
    const file = '/work/Game/-rf.hlsl';
    const hlsl = { language: 'hlsl', stage: 'frag', file } as const;
    const dxc = compileCommand(hlsl, { dxc: '/usr/bin/dxc', glslangValidator: '/usr/bin/glslangValidator' }, '/tmp/x/out.bin');
    assert.ok(dxc.ok);
    assert.deepEqual(dxc.command.args, ['-nologo', '-T', 'ps_6_0', '-E', 'main', '-Fo', '/tmp/x/out.bin', file]);
    const fxc = compileCommand({ ...hlsl, entry: 'PSMain', target: 'ps_5_1' }, { fxc: 'C:\\fxc.exe' }, 'C:\\t\\out.bin');
    assert.ok(fxc.ok);
    assert.deepEqual(fxc.command.args, ['/nologo', '/T', 'ps_5_1', '/E', 'PSMain', '/Fo', 'C:\\t\\out.bin', file]);
    const glslangHlsl = compileCommand({ ...hlsl, stage: 'comp' }, { glslangValidator: '/usr/bin/glslangValidator' }, '/tmp/x/out.bin');
    assert.ok(glslangHlsl.ok);
    assert.deepEqual(glslangHlsl.command.args, ['-S', 'comp', '-D', '-e', 'main', '-V', '-o', '/tmp/x/out.bin', file]);
    const glsl = compileCommand({ language: 'glsl', stage: 'frag', file: '/w/a.frag' }, { glslangValidator: 'g' }, '/tmp/o');
    assert.ok(glsl.ok);
    assert.deepEqual(glsl.command.args, ['-S', 'frag', '/w/a.frag']);
    const vulkan = compileCommand({ language: 'glsl', stage: 'frag', file: '/w/a.frag', target: 'vulkan1.2', entry: 'shade' }, { glslangValidator: 'g' }, '/tmp/o');
    assert.ok(vulkan.ok);
    assert.deepEqual(vulkan.command.args, ['-S', 'frag', '-e', 'main', '--source-entrypoint', 'shade', '--target-env', 'vulkan1.2', '-o', '/tmp/o', '/w/a.frag']);
  });

  it('names what to install when no compiler is on PATH', () => {
    const none = compileCommand({ language: 'glsl', stage: 'frag', file: '/w/a.frag' }, {}, '/tmp/o');
    assert.ok(!none.ok && /^Error: no shader compiler was found on PATH\. Install glslangValidator .*glslang-tools/.test(none.error), JSON.stringify(none));
    const hlsl = compileCommand({ language: 'hlsl', stage: 'frag', file: '/w/a.hlsl' }, {}, '/tmp/o');
    assert.ok(!hlsl.ok && hlsl.error.includes('DXC (dxc'));
  });

  it('refuses option-like or unknown stage, entry and target values before anything runs', () => {
    const bad = [
      ['{"path":"a.glsl","stage":"pixel"}', '"stage" must be one of "vert", "frag"'],
      ['{"path":"a.frag","target":"-o/etc/passwd"}', '"target" must be a plain name'],
      ['{"path":"a.frag","entry":"--help"}', '"entry" must be a plain name'],
      ['{"path":"a.frag","entry":"x".repeat(200)}', 'not valid JSON'],
      ['{"path":"a.frag","flags":"-V"}', 'unknown argument "flags"'],
    ];
    for (const [raw, why] of bad) {
      const parsed = parseToolArgs('compile_shader', raw);
      assert.ok(!parsed.ok && parsed.error.includes(why), `${raw}: ${JSON.stringify(parsed)}`);
    }
    assert.deepEqual(parseToolArgs('compile_shader', '{"path":"a.hlsl","stage":"frag","entry":"PSMain","target":"ps_6_6"}'), { ok: true, args: { path: 'a.hlsl', stage: 'frag', entry: 'PSMain', target: 'ps_6_6' } });
    assert.deepEqual(parseToolArgs('engine_profile', ''), { ok: true, args: {} });
    const extra = parseToolArgs('engine_profile', '{"folder":"x"}');
    assert.ok(!extra.ok && extra.error.includes('unknown argument "folder"'));
    assert.deepEqual(parseToolArgs('import_engine_log', '{"path":"Logs/Editor.log"}'), { ok: true, args: { path: 'Logs/Editor.log' } });
  });
});

/**
 * Our engine tools as other agents see them: listed in `vscode.lm.tools` from package.json, and
 * `vscode.lm.invokeTool` running the real glslangValidator through the same implementation as
 * our agent (loaded lazily from dist/agent.js or its transpiled twin), and Analyze Crash's parse
 * and analysis (dist/crash.js) on a crash log in the workspace, through the development gateway's
 * `POST /v1/debug/analyze`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, gatewayControl, itFrom } from './helpers';

/** The release that finalized `vscode.lm.registerTool` / `invokeTool`. */
const LM_TOOLS_API = '1.95';
const BAD_FRAG = ['#version 450', 'layout(location = 0) out vec4 color;', 'void main() {', '  color = vec4(foam, 1.0);', '}', ''].join('\n');

const KEY = 'mg_live_starter_ext_host_lm_crash_tool';
const CRASH = [
  'NullReferenceException: Object reference not set to an instance of an object',
  '  at PlayerController.FixedUpdate () [0x0001c] in C:\\Users\\dev\\SampleGame\\Assets\\Scripts\\PlayerController.cs:30 ',
  '  at UnityEngine.Internal.$MethodUtility.InvokeMethod (System.Object target, System.Void* method) [0x00000] in <a1b2c3>:0 ',
].join('\n');

const control = gatewayControl;
const analyzeRequests = async (): Promise<Array<{ path: string; body: unknown }>> => ((await control('requests')) as Array<{ path: string; body: unknown }>).filter((r) => r.path === '/v1/debug/analyze');

function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

describe('Engine tools for other agents (vscode.lm tools)', function () {
  this.timeout(60_000);
  let shader = '';

  before(async () => {
    await activated();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    shader = path.join(folder, 'mg-lm-tool-test', 'broken.frag');
    fs.mkdirSync(path.dirname(shader), { recursive: true });
    fs.writeFileSync(shader, BAD_FRAG);
    fs.writeFileSync(path.join(path.dirname(shader), 'Player.log'), `Initialize engine version: 6000.0.23f1\n${CRASH}\n`);
    process.env.MONSTER_GAMING_API_KEY = KEY;
    await control('reset', {});
  });

  after(() => {
    delete process.env.MONSTER_GAMING_API_KEY;
    if (shader) fs.rmSync(path.dirname(shader), { recursive: true, force: true });
  });

  itFrom(LM_TOOLS_API, 'lists the compile shader, import engine log, engine profile and analyze crash tools', () => {
    const ours = vscode.lm.tools.filter((tool) => tool.name.startsWith('monsterGaming_'));
    assert.deepEqual(ours.map((tool) => tool.name).sort(), ['monsterGaming_analyzeCrash', 'monsterGaming_compileShader', 'monsterGaming_engineProfile', 'monsterGaming_importEngineLog']);
    const crash = ours.find((tool) => tool.name === 'monsterGaming_analyzeCrash')!;
    assert.match(crash.description, /Analyze a game crash .* root cause/);
    const schema = crash.inputSchema as { properties?: Record<string, { maxLength?: number }> } | undefined;
    assert.deepEqual(Object.keys(schema?.properties ?? {}).sort(), ['path', 'question', 'text']);
    assert.equal(schema?.properties?.question.maxLength, 500);
    const compile = ours.find((tool) => tool.name === 'monsterGaming_compileShader')!;
    assert.match(compile.description, /GLSL or HLSL/);
    assert.deepEqual((compile.inputSchema as { required?: string[] } | undefined)?.required, ['path']);
    return Promise.resolve();
  });

  itFrom(LM_TOOLS_API, 'invokeTool compiles a shader with the real glslangValidator and returns its error', async () => {
    const result = await vscode.lm.invokeTool('monsterGaming_compileShader', { input: { path: 'mg-lm-tool-test/broken.frag' }, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
    const text = textOf(result);
    assert.ok(text.includes("mg-lm-tool-test/broken.frag:4:1: error: 'foam' : undeclared identifier [glslang]"), text);
  });

  itFrom(LM_TOOLS_API, 'invokeTool answers a path outside the workspace with an Error: text, reading nothing', async () => {
    const result = await vscode.lm.invokeTool('monsterGaming_importEngineLog', { input: { path: '../../etc/passwd' }, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
    assert.match(textOf(result), /^Error: \.\.\/\.\.\/etc\/passwd is outside the workspace/);
  });

  itFrom(LM_TOOLS_API, "invokeTool analyzes a crash log of the workspace with Analyze Crash's parse and POST /debug/analyze; the answer names the top frame", async () => {
    const result = await vscode.lm.invokeTool(
      'monsterGaming_analyzeCrash',
      { input: { path: 'mg-lm-tool-test/Player.log', question: 'Why only in the second level?' }, toolInvocationToken: undefined },
      new vscode.CancellationTokenSource().token,
    );
    const text = textOf(result);
    assert.match(text, /\*\*Root Cause:\*\* The crash happens in `PlayerController\.FixedUpdate \(Assets\/Scripts\/PlayerController\.cs:30\)`/, text);
    assert.match(text, /Assets\/Scripts\/PlayerController\.cs:30/);
    const [request] = await analyzeRequests();
    assert.deepEqual(request?.body, {
      stack_trace: ['PlayerController.FixedUpdate (Assets/Scripts/PlayerController.cs:30)', 'UnityEngine.Internal.$MethodUtility.InvokeMethod'],
      platform: 'windows',
      engine: 'unity',
      question: 'Why only in the second level?',
    });
  });

  itFrom(LM_TOOLS_API, 'invokeTool analyzeCrash refuses a path outside the workspace, text without a stack and an empty input with Error: texts, sending nothing', async () => {
    await control('reset', {});
    const run = async (input: object): Promise<string> => textOf(await vscode.lm.invokeTool('monsterGaming_analyzeCrash', { input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token));
    assert.match(await run({ path: '../../etc/passwd' }), /^Error: \.\.\/\.\.\/etc\/passwd is outside the workspace/);
    assert.match(await run({ path: 'mg-lm-tool-test/broken.frag' }), /^Error: no stack trace found in mg-lm-tool-test\/broken\.frag/);
    assert.match(await run({ text: 'Just some notes.' }), /^Error: no stack trace found in the given text/);
    assert.match(await run({}), /^Error: give the crash as `text` or a workspace `path`/);
    assert.match(await run({ text: CRASH, question: 'x'.repeat(501) }), /^Error: `question` is 501 characters; at most 500/);
    assert.deepEqual(await analyzeRequests(), []);
  });
});

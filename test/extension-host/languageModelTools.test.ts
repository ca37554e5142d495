/**
 * Our engine tools as other agents see them: listed in `vscode.lm.tools` from package.json, and
 * `vscode.lm.invokeTool` running the real glslangValidator through the same implementation as
 * our agent (loaded lazily from dist/agent.js or its transpiled twin).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, itFrom } from './helpers';

/** The release that finalized `vscode.lm.registerTool` / `invokeTool`. */
const LM_TOOLS_API = '1.95';
const BAD_FRAG = ['#version 450', 'layout(location = 0) out vec4 color;', 'void main() {', '  color = vec4(foam, 1.0);', '}', ''].join('\n');

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
  });

  after(() => {
    if (shader) fs.rmSync(path.dirname(shader), { recursive: true, force: true });
  });

  itFrom(LM_TOOLS_API, 'lists the compile shader, import engine log and engine profile tools', () => {
    const ours = vscode.lm.tools.filter((tool) => tool.name.startsWith('monsterGaming_'));
    assert.deepEqual(ours.map((tool) => tool.name).sort(), ['monsterGaming_compileShader', 'monsterGaming_engineProfile', 'monsterGaming_importEngineLog']);
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
});

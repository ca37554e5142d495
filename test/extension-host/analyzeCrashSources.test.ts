/**
 * Analyze Crash's other sources and gateways in the real extension host: the clipboard (the quick
 * pick answered as a user would), a crash file in the workspace (UTF-8, UTF-16 with a byte order
 * mark, and one over the 32 MB limit, which is refused before it is read), and an OpenAI-compatible
 * provider, where the analysis is a chat request with the crash analyst's brief while the
 * transcript shows the short question.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MonsterGamingApi } from '../../src/extension';
import { control, runAccepting } from './crashCommand';
import { activated, extensionLog, gatewayUrl, waitFor } from './helpers';

const KEY = 'mg_live_starter_ext_host_crash_sources';

interface Recorded {
  readonly path: string;
  readonly body: unknown;
}


const requests = async (path: string): Promise<Recorded[]> => ((await control('requests')) as Recorded[]).filter((r) => r.path === path);


const UNITY_CRASH = [
  'NullReferenceException: Object reference not set to an instance of an object',
  '  at PlayerController.FixedUpdate () [0x0001c] in C:\\Users\\dev\\SampleGame\\Assets\\Scripts\\PlayerController.cs:30 ',
  '  at UnityEngine.Internal.$MethodUtility.InvokeMethod (System.Object target, System.Void* method) [0x00000] in <a1b2c3>:0 ',
].join('\n');

describe('Analyze Crash: the clipboard, crash files and other gateways (real extension host)', function () {
  this.timeout(90_000);
  let api: MonsterGamingApi;
  let folder: string;
  const written: string[] = [];

  before(async () => {
    api = (await activated()).exports as MonsterGamingApi;
    await control('reset', {});
    process.env.MONSTER_GAMING_API_KEY = KEY;
    folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? assert.fail('a workspace folder');
  });
  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('monsterGaming.newChat');
  });
  after(async () => {
    delete process.env.MONSTER_GAMING_API_KEY;
    for (const file of written) fs.rmSync(file, { force: true });
    const config = vscode.workspace.getConfiguration('monsterGaming');
    for (const name of ['provider', 'openaiCompatible.baseUrl', 'openaiCompatible.model']) await config.update(name, undefined, vscode.ConfigurationTarget.Global);
    await control('reset', {});
  });

  function crashFile(name: string, bytes: Uint8Array | string): vscode.Uri {
    const file = path.join(folder, name);
    fs.writeFileSync(file, bytes);
    written.push(file);
    return vscode.Uri.file(file);
  }

  it('analyzes the crash on the clipboard, picked in the quick pick', async () => {
    await vscode.env.clipboard.writeText(`Copied from the console:\n${UNITY_CRASH}\n`);
    const before = (await requests('/v1/debug/analyze')).length;
    assert.equal(await runAccepting({ question: 'Why on the clipboard?' }), true);
    const analyze = (await requests('/v1/debug/analyze')).slice(before);
    assert.equal(analyze.length, 1);
    assert.deepEqual((analyze[0].body as { stack_trace: string[] }).stack_trace, ['PlayerController.FixedUpdate (Assets/Scripts/PlayerController.cs:30)', 'UnityEngine.Internal.$MethodUtility.InvokeMethod']);
    const question = api.sidebarMessages().at(-2);
    assert.match(question?.text ?? '', /^Analyze this crash from the clipboard: NullReferenceException/);
  });

  it('reads a crash file given to it: UTF-8, and UTF-16 with a byte order mark (PowerShell\'s >)', async () => {
    const before = (await requests('/v1/debug/analyze')).length;
    assert.equal(await runAccepting(crashFile('Player-utf8.log', `[Player] started\n${UNITY_CRASH}\n`)), true);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`[Player] started\r\n${UNITY_CRASH.replace(/\n/g, '\r\n')}\r\n`, 'utf16le')]);
    assert.equal(await runAccepting(crashFile('Player-utf16.log', utf16)), true);
    const analyze = (await requests('/v1/debug/analyze')).slice(before);
    assert.equal(analyze.length, 2);
    for (const request of analyze) assert.equal((request.body as { stack_trace: string[] }).stack_trace[0], 'PlayerController.FixedUpdate (Assets/Scripts/PlayerController.cs:30)');
    assert.match(api.sidebarMessages().at(-2)?.text ?? '', /^Analyze this crash from Player-utf16\.log: NullReferenceException/);
  });

  it('refuses a crash file over 32 MB before reading it, and says what to do instead', async () => {
    const big = crashFile('Huge-Player.log', '');
    fs.truncateSync(big.fsPath, 33 * 1024 * 1024);
    const before = (await requests('/v1/debug/analyze')).length;
    assert.equal(await runAccepting(big), false);
    assert.equal((await requests('/v1/debug/analyze')).length, before);
    await waitFor('the refusal in the log', () => /Could not read Huge-Player\.log: it is 33 MB; select the crash in it and analyze the selection/.test(extensionLog()));
  });

  it('fits an enormous stack under the 64 KB request limit and says so on the question', async () => {
    const frames = Array.from({ length: 64 }, (_, i) => `#${i}  0x00007ffd4a1b2c3d in ${'std::vector<'.repeat(50)}Reactor::Tick${i} (this=0x0) at C:\\${'deep\\'.repeat(100)}Reactor.cpp:${i + 1}`);
    const before = (await requests('/v1/debug/analyze')).length;
    assert.equal(await vscode.commands.executeCommand('monsterGaming.analyzeCrash', { text: `Program received signal SIGSEGV, Segmentation fault.\n${frames.join('\n')}\n`, question: '' }), true);
    const [sent] = (await requests('/v1/debug/analyze')).slice(before);
    assert.ok(sent, 'the request was sent');
    assert.ok(JSON.stringify(sent.body).length < 64 * 1024);
    assert.match(api.sidebarMessages().at(-1)?.status ?? '', /^complete$/);
    assert.match(api.sidebarMessages().at(-2)?.contextLabel ?? '', /^crash · 64 frames · 0 in the workspace · 64 long frames shortened to fit the 64 KB request limit$/);
  });

  it('with an OpenAI-compatible server: a chat request carries the crash analyst\'s brief; the transcript shows the short question', async () => {
    const config = vscode.workspace.getConfiguration('monsterGaming');
    await config.update('openaiCompatible.baseUrl', gatewayUrl().replace(/\/v1$/, '/openai/v1'), vscode.ConfigurationTarget.Global);
    await config.update('openaiCompatible.model', 'llama3.2', vscode.ConfigurationTarget.Global);
    await config.update('provider', 'openaiCompatible', vscode.ConfigurationTarget.Global);
    const analyzeBefore = (await requests('/v1/debug/analyze')).length;
    const chatBefore = (await requests('/openai/v1/chat/completions')).length;
    const document = await vscode.workspace.openTextDocument({ content: `${UNITY_CRASH}\n`, language: 'log' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 3, 0);
    assert.equal(await vscode.commands.executeCommand('monsterGaming.analyzeCrash', { question: 'Only on level 2?' }), true);

    assert.equal((await requests('/v1/debug/analyze')).length, analyzeBefore, 'no /debug/analyze on another gateway');
    const sent = (await requests('/openai/v1/chat/completions')).slice(chatBefore);
    assert.equal(sent.length, 1);
    const body = sent[0].body as { model: string; messages: Array<{ role: string; content: string }> };
    assert.equal(body.model, 'llama3.2');
    const asked = body.messages.at(-1)?.content ?? '';
    assert.match(asked, /You are a game crash analyst/);
    assert.match(asked, /Only on level 2\?/);
    assert.ok(asked.includes('PlayerController.FixedUpdate (Assets/Scripts/PlayerController.cs:30)'));

    const [question, answer] = api.sidebarMessages().slice(-2);
    assert.equal(question.text, 'Analyze this crash from the selection: NullReferenceException: Object reference not set to an instance of an object\n\nOnly on level 2?');
    assert.equal(answer.status, 'complete');
    assert.deepEqual(answer.frames, [{ function: 'PlayerController.FixedUpdate', path: 'Assets/Scripts/PlayerController.cs', line: 30 }]);
  });
});

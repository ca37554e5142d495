/**
 * Analyze Crash in the real extension host: a Unity crash selected in an editor goes to the
 * development gateway's `POST /v1/debug/analyze` with its frames (workspace paths), the platform
 * and the engine of the workspace's profile; the analysis lands in the sidebar with links to the
 * frames in the workspace, and a frame naming a file outside the workspace is neither linked nor read.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MonsterGamingApi } from '../../src/extension';
import { control } from './crashCommand';
import { activated, waitFor } from './helpers';

const KEY = 'mg_live_starter_ext_host_crash';

interface Recorded {
  readonly path: string;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}


const analyzeRequests = async (): Promise<Recorded[]> => ((await control('requests')) as Recorded[]).filter((r) => r.path === '/v1/debug/analyze');

describe('Analyze Crash: a selected crash to POST /debug/analyze and into the sidebar (real extension host)', function () {
  this.timeout(60_000);
  let api: MonsterGamingApi;
  let outside: string;

  before(async () => {
    api = (await activated()).exports as MonsterGamingApi;
    await control('reset', {});
    process.env.MONSTER_GAMING_API_KEY = KEY;
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-crash-outside-'));
    fs.writeFileSync(path.join(outside, 'Secret.cs'), 'class Secret { /* never read */ }\n'.repeat(40));
  });
  after(async () => {
    delete process.env.MONSTER_GAMING_API_KEY;
    fs.rmSync(outside, { recursive: true, force: true });
    await control('reset', {});
  });

  it('sends the frames, platform, engine and question; the analysis and its frame links show in the sidebar', async () => {
    await vscode.commands.executeCommand('monsterGaming.newChat');
    const crash = [
      'NullReferenceException: Object reference not set to an instance of an object',
      '  at PlayerController.FixedUpdate () [0x0001c] in C:\\Users\\dev\\SampleGame\\Assets\\Scripts\\PlayerController.cs:30 ',
      `  at Secret.Leak () [0x00000] in ${path.join(outside, 'Secret.cs')}:3 `,
      '  at UnityEngine.Internal.$MethodUtility.InvokeMethod (System.Object target, System.Void* method) [0x00000] in <a1b2c3>:0 ',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ content: `Player.log excerpt\n${crash}\n`, language: 'log' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 0, 5, 0);

    const shown = await vscode.commands.executeCommand<boolean>('monsterGaming.analyzeCrash', { question: 'Why only in the second level?' });
    assert.equal(shown, true);

    const [request] = await waitFor('the analyze request', async () => {
      const found = await analyzeRequests();
      return found.length > 0 ? found : undefined;
    });
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(request.body, {
      stack_trace: [
        'PlayerController.FixedUpdate (Assets/Scripts/PlayerController.cs:30)',
        // Outside the workspace: sent as the crash wrote it, never resolved to the file.
        `Secret.Leak (${path.join(outside, 'Secret.cs')}:3)`,
        'UnityEngine.Internal.$MethodUtility.InvokeMethod',
      ],
      platform: 'windows',
      engine: 'unity',
      question: 'Why only in the second level?',
    });

    const messages = api.sidebarMessages();
    const answer = messages.at(-1);
    assert.ok(answer && answer.role === 'assistant');
    assert.equal(answer.status, 'complete');
    assert.match(answer.text, /\*\*Root Cause:\*\* The crash happens in `PlayerController\.FixedUpdate \(Assets\/Scripts\/PlayerController\.cs:30\)`/);
    assert.deepEqual(answer.frames, [{ function: 'PlayerController.FixedUpdate', path: 'Assets/Scripts/PlayerController.cs', line: 30 }]);
    const question = messages.at(-2);
    assert.match(question?.text ?? '', /^Analyze this crash from the selection: NullReferenceException/);
    assert.ok(!JSON.stringify(messages).includes('never read'), 'the file outside the workspace was not read');
  });

  it('says so, and sends nothing, when the selection holds no stack trace', async () => {
    const before = (await analyzeRequests()).length;
    const document = await vscode.workspace.openTextDocument({ content: 'Just some notes.\nNo crash here!\n', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    assert.equal(await vscode.commands.executeCommand('monsterGaming.analyzeCrash', { question: '' }), false);
    assert.equal((await analyzeRequests()).length, before);
  });
});

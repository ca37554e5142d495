import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, gatewayUrl, manifest, waitFor } from './helpers';

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
}

async function recordedRequests(): Promise<RecordedRequest[]> {
  const response = await fetch(`${gatewayUrl().replace(/\/v1$/, '')}/__control/requests`);
  assert.equal(response.status, 200);
  return (await response.json()) as RecordedRequest[];
}

const isChatRequest = (r: RecordedRequest): boolean => r.path === '/v1/chat/completions' || r.path === '/v1/stream';

describe('Commands (real extension host)', () => {
  before(async () => {
    await activated();
  });

  it('registers every command contributed in package.json', async () => {
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 8, `package.json contributes ${contributed.length} commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('registers no monsterGaming.* command that package.json does not contribute (besides view commands)', async () => {
    const contributed = new Set(manifest().contributes.commands.map((c) => c.command));
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('monsterGaming.'));
    // VS Code adds `<viewId>.focus`, `.open`, `.resetViewLocation`, … for each contributed view.
    const views = Object.values(manifest().contributes.views).flat().map((v) => `${v.id}.`);
    const extra = registered.filter((id) => !contributed.has(id) && !views.some((view) => id.startsWith(view)) && !id.startsWith('workbench.'));
    assert.deepEqual(extra, []);
  });

  it('opens the chat view: monsterGaming.openChat resolves once the webview is ready', async () => {
    const views = Object.values(manifest().contributes.views).flat();
    assert.ok(views.some((v) => v.id === 'monsterGaming.chatView' && v.type === 'webview'), 'package.json declares the webview view');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('monsterGaming.chatView.focus'), 'VS Code created the view focus command');
    assert.equal(await vscode.commands.executeCommand('monsterGaming.openChat'), undefined);
    // A second reveal of the already resolved view resolves too.
    assert.equal(await vscode.commands.executeCommand('monsterGaming.openChat'), undefined);
  });

  it('monsterGaming.clearApiKey runs without throwing (no MONSTER_GAMING_API_KEY, nothing stored)', async () => {
    assert.equal(process.env.MONSTER_GAMING_API_KEY, undefined, 'the launcher must not pass MONSTER_GAMING_API_KEY');
    assert.equal(await vscode.commands.executeCommand('monsterGaming.clearApiKey'), undefined);
    // Twice: deleting a key that is already gone is fine too.
    assert.equal(await vscode.commands.executeCommand('monsterGaming.clearApiKey'), undefined);
  });

  it('monsterGaming.askAboutSelection with no editor open does not throw and sends nothing', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('no active text editor', () => vscode.window.activeTextEditor === undefined && vscode.window.visibleTextEditors.length === 0);
    const before = (await recordedRequests()).filter(isChatRequest).length;
    assert.equal(await vscode.commands.executeCommand('monsterGaming.askAboutSelection'), undefined);
    assert.equal((await recordedRequests()).filter(isChatRequest).length, before);
  });

  it('monsterGaming.newChat then monsterGaming.stop is harmless', async () => {
    const before = (await recordedRequests()).filter(isChatRequest).length;
    assert.equal(await vscode.commands.executeCommand('monsterGaming.newChat'), undefined);
    assert.equal(await vscode.commands.executeCommand('monsterGaming.stop'), undefined);
    // Stop with nothing streaming, again, and a new chat after a stop: all still fine.
    assert.equal(await vscode.commands.executeCommand('monsterGaming.stop'), undefined);
    assert.equal(await vscode.commands.executeCommand('monsterGaming.newChat'), undefined);
    assert.equal((await recordedRequests()).filter(isChatRequest).length, before, 'no chat request was sent');
    assert.equal(extensionStillActive(), true);
  });
});

function extensionStillActive(): boolean {
  return vscode.extensions.getExtension('monstergaming.monster-gaming')?.isActive === true;
}

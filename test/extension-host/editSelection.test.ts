/**
 * Edit Selection in the real extension host: the command on a shader no language server knows,
 * the diff, Accept applying exactly the diff's right side as one undo step, a document changed
 * meanwhile refused, and a keybinding that no default of this VS Code takes.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, gatewayUrl, manifest, waitFor } from './helpers';

const KEY = 'mg_live_studio_ext_host_edit';
const FIX_SCHEME = 'monster-gaming-fix';
const FOAM = [
  '// Foam on wave crests, included by Water.shader.',
  'float4 _FoamTint;',
  'float _FoamCutoff;',
  '',
  'float4 ApplyFoam(float4 baseColor, float crest)',
  '{',
  '    float foam = saturate((crest - _FoamCutoff) * 8.0);',
  '    return lerp(baseColor, _FoamTint, foam);',
  '}',
  '',
].join('\n');

async function control(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${gatewayUrl().replace(/\/v1$/, '')}/__control/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200, `control ${path}`);
  return response.json();
}

describe('Edit Selection (real extension host)', function () {
  this.timeout(60_000);
  let folder: vscode.Uri;
  let counter = 0;

  before(async () => {
    await activated();
    process.env.MONSTER_GAMING_API_KEY = KEY;
    await control('reset', {});
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the sample workspace is open');
    folder = vscode.Uri.joinPath(workspace.uri, 'mg-edit-selection');
    await vscode.workspace.fs.createDirectory(folder);
  });
  after(async () => {
    delete process.env.MONSTER_GAMING_API_KEY;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  /** A shader file in the workspace, open in an editor with lines `from`–`to` (1-based) selected. */
  async function shaderWithSelection(from: number, to: number): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.joinPath(folder, `Foam${++counter}.hlsl`);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(FOAM, 'utf8'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.selection = new vscode.Selection(from - 1, 0, to - 1, editor.document.lineAt(to - 1).text.length);
    return editor;
  }

  const diffOf = (document: vscode.TextDocument): vscode.TabInputTextDiff | undefined =>
    vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .map((tab) => tab.input)
      .find((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff && input.modified.scheme === FIX_SCHEME && input.original.toString() === document.uri.toString());

  it('proposes the edit of the selected lines of a shader as a diff; Accept applies the diff\'s right side; one undo restores', async () => {
    const editor = await shaderWithSelection(5, 9);
    const { document } = editor;
    void vscode.commands.executeCommand('monsterGaming.editSelection', { instruction: 'rename foam to foamAmount' });
    const diff = await waitFor('the edit diff', () => diffOf(document), 20_000);
    const label = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input === diff)?.label;
    assert.match(label ?? '', /Foam\d+\.hlsl ↔ Monster Gaming edit/);
    const preview = (await vscode.workspace.openTextDocument(diff.modified)).getText();
    assert.equal(preview, FOAM.replace('float foam =', 'float foamAmount =').replace('_FoamTint, foam)', '_FoamTint, foamAmount)'));
    assert.equal(document.getText(), FOAM, 'nothing is written before Accept');

    const sent = ((await control('requests')) as Array<{ path: string; body?: { messages: Array<{ role: string; content: string }> } }>).filter((r) => r.path === '/v1/structured').at(-1);
    const user = sent?.body?.messages.at(-1)?.content ?? '';
    assert.match(user, /^Instruction: rename foam to foamAmount\nFile: mg-edit-selection\/Foam\d+\.hlsl \(\w+\)\nSelected lines: 5-9 of 10\n/);
    assert.match(sent?.body?.messages[0].content ?? '', /Engine: Unity 2022\.3\./, 'the engine profile of the sample game goes along');

    assert.equal(await vscode.commands.executeCommand('monsterGaming.acceptFix', diff.modified), true);
    assert.equal(document.getText(), preview, 'the document equals the diff\'s right side');
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(document.uri)).toString('utf8'), preview, 'and was saved');
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), FOAM, 'one undo restores the selection as it was');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('does not apply a proposal to a document that changed after it was asked for', async () => {
    const { document } = await shaderWithSelection(2, 3);
    void vscode.commands.executeCommand('monsterGaming.editSelection', { instruction: 'comment out' });
    const diff = await waitFor('the edit diff', () => diffOf(document), 20_000);
    // The user types in the file while the diff is open (the editor itself is behind the diff now).
    const typing = new vscode.WorkspaceEdit();
    typing.insert(document.uri, new vscode.Position(0, 0), '// edited meanwhile\n');
    assert.equal(await vscode.workspace.applyEdit(typing), true);
    const changed = document.getText();
    void vscode.commands.executeCommand('monsterGaming.acceptFix', diff.modified);
    await waitFor('the diff closes', () => diffOf(document) === undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(document.getText(), changed, 'the proposal was not applied');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('is in the editor context menu, and its keybinding is none of this VS Code\'s defaults', async () => {
    const contributes = (manifest() as unknown as { contributes: { menus: Record<string, Array<{ command: string }>>; keybindings: Array<{ command: string; key: string; mac?: string }> } }).contributes;
    assert.ok(contributes.menus['editor/context'].some((m) => m.command === 'monsterGaming.editSelection'));
    const ours = contributes.keybindings.find((k) => k.command === 'monsterGaming.editSelection');
    assert.ok(ours, 'Edit Selection has a keybinding');
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const defaults = await waitFor('the default keybindings', () => vscode.window.activeTextEditor?.document.uri.scheme === 'vscode' && vscode.window.activeTextEditor.document.getText());
    // JSON with comments: the key lines are enough.
    const taken = [...defaults.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].filter(([, , command]) => !command.startsWith('monsterGaming.'));
    assert.ok(taken.length > 200, `read ${taken.length} default keybindings`);
    const normalize = (key: string): string => key.split(' ').map((chord) => chord.split('+').sort().join('+')).join(' ');
    // The defaults of this platform (Linux here; the Windows key is the same, macOS's is its cmd twin).
    const clash = taken.filter(([, k]) => normalize(k) === normalize(ours.key));
    assert.deepEqual(clash.map(([, k, c]) => `${k} → ${c}`), [], `${ours.key} is free`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

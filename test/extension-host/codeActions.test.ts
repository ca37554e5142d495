import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, waitFor } from './helpers';

/** Code actions VS Code would show in the lightbulb for a range. */
async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

describe('quick fixes on diagnostics', () => {
  let collection: vscode.DiagnosticCollection;

  before(async () => {
    await activated();
    collection = vscode.languages.createDiagnosticCollection('mg-ext-host-test');
  });
  after(() => collection.dispose());

  // Lines (0-based) that hold code in each file: the CS0029 line and the X3004 line.
  for (const [file, line] of [['Assets/Scripts/Inventory.cs', 8], ['Assets/Shaders/Foam.hlsl', 7]] as const) {
    it(`offers Fix and Explain with Monster Gaming for a diagnostic in ${file}, never preferred`, async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the sample workspace is open');
      const uri = vscode.Uri.joinPath(folder.uri, file);
      const document = await vscode.workspace.openTextDocument(uri);
      const range = new vscode.Range(line, 4, line, 12);
      const diagnostic = new vscode.Diagnostic(range, 'something is wrong here', vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'test';
      collection.set(uri, [diagnostic]);

      // Diagnostics reach the lightbulb's context asynchronously; wait for ours like the lightbulb does.
      let actions: vscode.CodeAction[] = [];
      await waitFor('our quick fixes appear', async () => {
        actions = await quickFixesAt(document.uri, range);
        return actions.some((a) => a.title === 'Fix with Monster Gaming');
      });
      const fix = actions.find((a) => a.title === 'Fix with Monster Gaming');
      const explain = actions.find((a) => a.title === 'Explain with Monster Gaming');
      assert.ok(fix, `a Fix action among: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(explain, 'an Explain action');
      for (const action of [fix, explain]) {
        assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
        assert.notEqual(action.isPreferred, true, 'never preferred over the language\'s own fixes');
      }
      assert.equal(fix.command?.command, 'monsterGaming.fixError');
      assert.equal(explain.command?.command, 'monsterGaming.explainError');
      assert.equal(String(fix.command?.arguments?.[0]), document.uri.toString(), 'the fix targets this document');
      collection.delete(uri);
    });
  }

  it('offers nothing where there is no diagnostic', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const uri = vscode.Uri.joinPath(folder.uri, 'Assets/Scripts/Inventory.cs');
    const actions = await quickFixesAt(uri, new vscode.Range(0, 0, 0, 1));
    assert.equal(actions.filter((a) => a.title.includes('Monster Gaming')).length, 0);
  });
});

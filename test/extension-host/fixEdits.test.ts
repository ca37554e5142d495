/**
 * What Accept applies is exactly what the fix's diff showed, on real VS Code documents: files with
 * LF, CRLF, no final newline, empty or one line, and random valid edits. Two properties (fast-check,
 * fixed seed, in the test titles; MG_FIX_EDITS_SEED runs another):
 * - many cases through the exact function Accept builds its WorkspaceEdit with;
 * - fewer through the whole product path: the quick fix's command, the development gateway
 *   answering the edits, the diff, Accept from its title bar, the save.
 * The document and the file on disk must equal the diff's right side byte for byte.
 * Also: a proposal outside the lines sent, or on a line sent cut, is refused and nothing is written.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vscode from 'vscode';
import type { MonsterGamingApi } from '../../src/extension';
import { applyReplacements, planEdits } from '../../src/fix/editPlan';
import { workspaceEditFor } from '../../src/fix/workspaceEdit';
import { documentAndEdits, type Edit } from '../shared/fixEdits';
import { activated, gatewayUrl, waitFor } from './helpers';

const KEY = 'mg_live_studio_ext_host_fix_edits';
const SEED = Number(process.env.MG_FIX_EDITS_SEED ?? 1212);
const FIX_SCHEME = 'monster-gaming-fix';

async function control(path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${gatewayUrl().replace(/\/v1$/, '')}/__control/${path}`, {
    method: 'POST',
    body: JSON.stringify(body ?? {}),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(response.status, 200, `control ${path}`);
}

/** The model's next answer: these edits (through the gateway's `content` fault switch). */
const answerWith = (edits: readonly Edit[], explanation = 'test edits'): Promise<void> => control('fault', { kind: 'content', text: JSON.stringify({ explanation, edits }) });

/** Shown with JSON.stringify so line breaks are visible in a failure. */
function sameBytes(actual: string, expected: string, what: string): void {
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), what);
}

const eolOf = (document: vscode.TextDocument): '\n' | '\r\n' => (document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');

describe('fix edits on real documents: Accept applies exactly what the diff showed', function () {
  this.timeout(180_000);
  let folder: vscode.Uri;
  let collection: vscode.DiagnosticCollection;
  let counter = 0;

  before(async () => {
    await activated();
    process.env.MONSTER_GAMING_API_KEY = KEY;
    await control('reset');
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace, 'the sample workspace is open');
    folder = vscode.Uri.joinPath(workspace.uri, 'mg-fix-edits');
    await vscode.workspace.fs.createDirectory(folder);
    collection = vscode.languages.createDiagnosticCollection('mg-ext-host-fix-edits');
  });
  after(async () => {
    delete process.env.MONSTER_GAMING_API_KEY;
    collection.dispose();
    await control('clear-faults');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  /** A new file in the workspace holding exactly `text`, opened. */
  async function fileWith(text: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.joinPath(folder, `doc-${++counter}.txt`);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    const document = await vscode.workspace.openTextDocument(uri);
    sameBytes(document.getText(), text, 'VS Code reads the file as written');
    return document;
  }

  const onDisk = async (document: vscode.TextDocument): Promise<string> => Buffer.from(await vscode.workspace.fs.readFile(document.uri)).toString('utf8');

  /** An error on `line` (0-based) of the document, as a language would report it. */
  function errorOn(document: vscode.TextDocument, line: number): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Math.min(5, document.lineAt(line).text.length)), 'something is wrong here', vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'test';
    collection.set(document.uri, [diagnostic]);
    return diagnostic;
  }

  /** The diff tab of a pending fix of `document`, if one is open. */
  function diffOf(document: vscode.TextDocument): vscode.TabInputTextDiff | undefined {
    return vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .map((tab) => tab.input)
      .find((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff && input.modified.scheme === FIX_SCHEME && input.original.toString() === document.uri.toString());
  }

  it(`the WorkspaceEdit Accept builds turns the document into the preview (property, seed ${SEED})`, async () => {
    // Untitled documents (EOL from their content): many cases, quickly. Saving is checked below.
    await fc.assert(
      fc.asyncProperty(documentAndEdits, async ({ text, edits }) => {
        const document = await vscode.workspace.openTextDocument({ content: text });
        sameBytes(document.getText(), text, 'VS Code holds the text as given');
        // What the controller does: one plan; the preview is the plan on the text, Accept applies the plan.
        const plan = planEdits(document.getText(), edits, eolOf(document));
        const preview = applyReplacements(document.getText(), plan);
        assert.equal(await vscode.workspace.applyEdit(workspaceEditFor(document, plan)), true, 'VS Code applied the edit');
        sameBytes(document.getText(), preview, 'the document equals the preview');
      }),
      { seed: SEED, numRuns: 100, endOnFailure: true },
    );
  });

  it(`quick fix → diff → Accept: the saved file equals the diff’s right side byte for byte (property, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(documentAndEdits, async ({ text, edits }) => {
        const document = await fileWith(text);
        const diagnostic = errorOn(document, 0);
        await answerWith(edits);
        void vscode.commands.executeCommand('monsterGaming.fixError', document.uri, diagnostic);
        const diff = await waitFor('the fix diff', () => diffOf(document));
        const preview = (await vscode.workspace.openTextDocument(diff.modified)).getText();
        sameBytes(document.getText(), text, 'nothing is written before Accept');

        assert.equal(await vscode.commands.executeCommand('monsterGaming.acceptFix', diff.modified), true, 'Accept applied the fix');
        assert.equal(document.isDirty, false, 'and saved it');
        sameBytes(document.getText(), preview, 'the document equals the preview');
        sameBytes(await onDisk(document), preview, 'the saved file equals the preview');
        collection.delete(document.uri);
        await vscode.commands.executeCommand('notifications.clearAll');
      }),
      { seed: SEED, numRuns: 10, endOnFailure: true },
    );
  });

  describe('edits stay where the model looked', () => {
    // 400 lines, the error on line 300 (no symbols in plain text: the model is shown lines 240-360).
    const far = Array.from({ length: 400 }, (_, i) => `value ${i + 1}`).join('\n') + '\n';
    // Line 3 is too long to send whole.
    const cut = ['alpha', 'beta', `gamma ${'9'.repeat(1500)}`, 'delta', ''].join('\n');

    /** The quick fix on `line` (1-based) with the model answering `edits`: it must be refused, nothing written. */
    async function quickFixRefused(text: string, line: number, edits: readonly Edit[]): Promise<void> {
      const document = await fileWith(text);
      const diagnostic = errorOn(document, line - 1);
      await answerWith(edits);
      // The command ends once the refusal is shown (Try Again acts later).
      await vscode.commands.executeCommand('monsterGaming.fixError', document.uri, diagnostic);
      assert.equal(diffOf(document), undefined, 'no diff was opened');
      sameBytes(document.getText(), text, 'the document is unchanged');
      assert.equal(document.isDirty, false);
      sameBytes(await onDisk(document), text, 'the file is unchanged');
      collection.delete(document.uri);
    }

    it('refuses, from the quick fix, a model shown lines 240-360 that deletes lines 1-5', async () => {
      await quickFixRefused(far, 300, [{ startLine: 1, endLine: 5, newText: '' }, { startLine: 300, endLine: 300, newText: 'value three hundred' }]);
    });

    it('refuses, from the quick fix, an edit of a line that was sent cut', async () => {
      await quickFixRefused(cut, 3, [{ startLine: 3, endLine: 3, newText: 'gamma 9' }]);
    });

    it('says why in @monster /fix, which takes the same path', async () => {
      const api = (await activated()).exports as MonsterGamingApi;
      assert.ok(api.chatParticipant, 'the extension exports its participant');
      const [model] = await vscode.lm.selectChatModels({ vendor: 'monstergaming' });
      for (const [text, line, edits, message] of [
        [far, 300, [{ startLine: 1, endLine: 5, newText: '' }], /lines 1–5 is outside the code that was sent \(lines 240–360\).*nothing was changed/],
        [cut, 3, [{ startLine: 2, endLine: 3, newText: 'b\ng' }], /changes line 3, which was too long to send whole.*nothing was changed/],
      ] as const) {
        const document = await fileWith(text);
        const diagnostic = errorOn(document, line - 1);
        const editor = await vscode.window.showTextDocument(document);
        editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
        await answerWith(edits);
        const request = { prompt: '', command: 'fix', references: [], toolReferences: [], toolInvocationToken: undefined as never, model } as unknown as vscode.ChatRequest;
        const stream = { markdown: () => undefined, progress: () => undefined, button: () => undefined, anchor: () => undefined, filetree: () => undefined, reference: () => undefined, push: () => undefined } as unknown as vscode.ChatResponseStream;
        const result = (await api.chatParticipant.requestHandler(request, { history: [] }, stream, new vscode.CancellationTokenSource().token)) as vscode.ChatResult;
        assert.match(result.errorDetails?.message ?? '(no error)', message);
        assert.equal(diffOf(document), undefined, 'no diff was opened');
        sameBytes(await onDisk(document), text, 'the file is unchanged');
        collection.delete(document.uri);
      }
    });
  });
});

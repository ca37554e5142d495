import * as vscode from 'vscode';
import { selectedLines, selectionQuestion, type SelectionQuestion } from '../chat/editorContext';
import type { EngineDetector } from '../engine/workspaceEngine';

/**
 * Monster Gaming: Ask About Selection. Asks what to ask (Enter alone explains the code), then
 * prepares the question with the selection attached (file, lines, language); the engine adds the
 * engine line and the rules.
 */
export async function prepareAskAboutSelection(engines: EngineDetector): Promise<SelectionQuestion | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: open a file and select some code to ask about.'));
    return undefined;
  }
  const document = editor.document;
  // No selection: the current line is what the user is looking at.
  const range = editor.selection.isEmpty ? document.lineAt(editor.selection.active.line).range : editor.selection;
  const text = document.getText(range);
  if (!text.trim()) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: the selection is empty. Select some code to ask about.'));
    return undefined;
  }
  const explain = vscode.l10n.t('Explain this code and point out any problems.');
  const question = await vscode.window.showInputBox({
    title: vscode.l10n.t('Monster Gaming: Ask About Selection'),
    prompt: vscode.l10n.t('What do you want to know about the selected code? (Enter alone asks for an explanation.)'),
    placeHolder: explain,
    ignoreFocusOut: true,
  });
  if (question === undefined) {
    return undefined;
  }
  return selectionQuestion(question.trim() || explain, {
    relativePath: vscode.workspace.asRelativePath(document.uri),
    languageId: document.languageId,
    ...selectedLines(range),
    text,
    engine: await engines.engineFor(document.uri),
  });
}

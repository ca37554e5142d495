import * as vscode from 'vscode';
import { prepareSelectionQuestion, type PreparedQuestion } from '../chat/editorContext';
import type { EngineDetector } from '../engine/workspaceEngine';

const DEFAULT_QUESTION = 'Explain this code and point out any problems.';

/**
 * Monster Gaming: Ask About Selection. Asks what to ask (Enter alone explains the code), then
 * prepares the question with file, language, line range and engine, as the gateway documents.
 */
export async function prepareAskAboutSelection(engines: EngineDetector): Promise<PreparedQuestion | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Monster Gaming: open a file and select some code to ask about.');
    return undefined;
  }
  const document = editor.document;
  // No selection: the current line is what the user is looking at.
  const range = editor.selection.isEmpty ? document.lineAt(editor.selection.active.line).range : editor.selection;
  const text = document.getText(range);
  if (!text.trim()) {
    void vscode.window.showInformationMessage('Monster Gaming: the selection is empty. Select some code to ask about.');
    return undefined;
  }
  const question = await vscode.window.showInputBox({
    title: 'Monster Gaming: Ask About Selection',
    prompt: 'What do you want to know about the selected code? (Enter alone asks for an explanation.)',
    placeHolder: DEFAULT_QUESTION,
    ignoreFocusOut: true,
  });
  if (question === undefined) {
    return undefined;
  }
  // A selection ending at column 0 of the next line does not include that line.
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  return prepareSelectionQuestion(question.trim() || DEFAULT_QUESTION, {
    relativePath: vscode.workspace.asRelativePath(document.uri, false),
    languageId: document.languageId,
    startLine: range.start.line + 1,
    endLine,
    text,
    engine: await engines.engineFor(document.uri),
  });
}

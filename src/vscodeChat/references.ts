import * as vscode from 'vscode';
import { MAX_SELECTION_CHARS, prepareSelectionQuestion, type PreparedQuestion } from '../chat/editorContext';
import type { EngineInfo } from '../engine/detect';

/** References (`#file`, the selection, the implicit editor context) sent along, at most this many. */
const MAX_REFERENCES = 3;

interface ReferencedCode {
  readonly uri: vscode.Uri;
  readonly range?: vscode.Range;
}

function referencedCode(value: unknown): ReferencedCode | undefined {
  if (value instanceof vscode.Location) return { uri: value.uri, range: value.range };
  if (value instanceof vscode.Uri) return { uri: value };
  return undefined;
}

/**
 * A Chat view question with the code it references, in the same shape as Ask About Selection
 * (file, lines, language and engine), so routing and the gateway see what the sidebar would send.
 * The first reference decides the language and engine; directories and binary files are skipped.
 */
export async function questionWithReferences(
  prompt: string,
  references: readonly vscode.ChatPromptReference[],
  engineFor: (uri: vscode.Uri) => Promise<EngineInfo | undefined>,
): Promise<PreparedQuestion | { readonly text: string }> {
  let prepared: PreparedQuestion | undefined;
  const more: string[] = [];
  for (const reference of references) {
    const code = referencedCode(reference.value);
    if (!code || (prepared ? more.length + 1 : 0) >= MAX_REFERENCES) continue;
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(code.uri);
    } catch {
      continue; // A folder or a binary file: nothing to quote.
    }
    const range = code.range && !code.range.isEmpty ? code.range : new vscode.Range(0, 0, document.lineCount, 0);
    const text = document.getText(range).slice(0, MAX_SELECTION_CHARS);
    if (!text.trim()) continue;
    const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
    const selection = {
      relativePath: vscode.workspace.asRelativePath(document.uri, false),
      languageId: document.languageId,
      startLine: range.start.line + 1,
      endLine: Math.min(endLine, document.lineCount),
      text,
      engine: await engineFor(document.uri),
    };
    if (!prepared) {
      prepared = prepareSelectionQuestion(prompt, selection);
    } else {
      more.push(prepareSelectionQuestion('', selection).text.trim());
    }
  }
  if (!prepared) return { text: prompt };
  return more.length ? { ...prepared, text: [prepared.text, ...more].join('\n\n') } : prepared;
}

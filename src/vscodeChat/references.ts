import * as vscode from 'vscode';
import type { ContextItem } from '../answering/contextTypes';
import { selectedLines, selectionItem } from '../chat/editorContext';

/** References (`#file`, `#selection`, the implicit editor context) attached at most; the engine fits what it sends. */
const MAX_REFERENCES = 8;

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
 * The code a Chat view question references (`#file`, `#selection`, the editor VS Code attaches on
 * its own), as the same attached items the sidebar sends: the engine names each with its path and
 * lines, fits them under the limit and says what it cut. The user picked each reference in VS
 * Code's own UI. Folders and binary files are skipped (they have no text to quote).
 */
export async function referenceItems(references: readonly vscode.ChatPromptReference[]): Promise<ContextItem[]> {
  const items: ContextItem[] = [];
  for (const reference of references) {
    const code = referencedCode(reference.value);
    if (!code || items.length >= MAX_REFERENCES) continue;
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(code.uri);
    } catch {
      continue; // A folder or a binary file: nothing to quote.
    }
    const whole = !code.range || code.range.isEmpty;
    const range = whole ? new vscode.Range(0, 0, document.lineCount, 0) : code.range;
    const text = document.getText(range);
    if (!text.trim()) continue;
    const lines = selectedLines(range);
    const path = vscode.workspace.asRelativePath(document.uri);
    // VS Code's own attachment of the active editor is implicit: cut before what the user picked.
    const implicit = reference.id.startsWith('vscode.implicit');
    items.push({
      ...selectionItem({ relativePath: path, languageId: document.languageId, startLine: lines.startLine, endLine: Math.min(lines.endLine, document.lineCount), text }),
      kind: implicit ? 'activeEditor' : whole ? 'file' : 'selection',
      label: implicit ? 'active editor' : whole ? `#file:${path}` : '#selection',
      explicit: !implicit,
    });
  }
  return items;
}

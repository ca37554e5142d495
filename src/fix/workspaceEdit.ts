import * as vscode from 'vscode';
import type { Replacement } from './editPlan';

/**
 * The WorkspaceEdit that makes a fix's planned replacements in `document` (one undo step). The
 * replacements were planned on this document's text at this version, and the diff showed them
 * applied to it: Accept applies these, not a second reading of the edits.
 */
export function workspaceEditFor(document: vscode.TextDocument, replacements: readonly Replacement[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const r of replacements) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.text);
  }
  return edit;
}

import * as vscode from 'vscode';
import { diagnosticTitle } from './diagnostics';

/** At most this many diagnostics get our actions in one lightbulb menu (the language's own come first). */
const MAX_DIAGNOSTICS = 5;

/**
 * "Fix with Monster Gaming" and "Explain with Monster Gaming" on every diagnostic, in any
 * language. Never preferred, so the language's own quick fixes keep their place.
 */
export class FixCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) {
      return [];
    }
    return context.diagnostics.slice(0, MAX_DIAGNOSTICS).flatMap((diagnostic) => {
      const label = context.diagnostics.length > 1 ? ` (${diagnosticTitle(diagnostic, 40)})` : '';
      const fix = new vscode.CodeAction(`Fix with Monster Gaming${label}`, vscode.CodeActionKind.QuickFix);
      fix.diagnostics = [diagnostic];
      fix.isPreferred = false;
      fix.command = { command: 'monsterGaming.fixError', title: 'Fix with Monster Gaming', arguments: [document.uri, diagnostic] };
      if (!vscode.workspace.isTrusted) {
        fix.disabled = { reason: 'Fixes that write to files are off in Restricted Mode; trust this workspace to use them.' };
      }
      const explain = new vscode.CodeAction(`Explain with Monster Gaming${label}`, vscode.CodeActionKind.QuickFix);
      explain.diagnostics = [diagnostic];
      explain.isPreferred = false;
      explain.command = { command: 'monsterGaming.explainError', title: 'Explain with Monster Gaming', arguments: [document.uri, diagnostic] };
      return [fix, explain];
    });
  }
}

import * as vscode from 'vscode';
import type { DiagnosticInfo, LineRange } from './fixContext';

const SEVERITIES: Record<vscode.DiagnosticSeverity, DiagnosticInfo['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** A VS Code diagnostic in the fix exchange's terms (1-based lines and columns). */
export function toDiagnosticInfo(diagnostic: vscode.Diagnostic): DiagnosticInfo {
  return {
    message: diagnostic.message,
    source: diagnostic.source,
    code: codeOf(diagnostic),
    severity: SEVERITIES[diagnostic.severity],
    startLine: diagnostic.range.start.line + 1,
    startColumn: diagnostic.range.start.character + 1,
    endLine: diagnostic.range.end.line + 1,
    endColumn: diagnostic.range.end.character + 1,
    related: diagnostic.relatedInformation?.map((r) => ({
      location: `${vscode.workspace.asRelativePath(r.location.uri, false)}:${r.location.range.start.line + 1}`,
      message: r.message,
    })),
  };
}

/** "CS0029: Cannot implicitly convert…" shortened for titles and notifications. */
export function diagnosticTitle(diagnostic: vscode.Diagnostic, max = 80): string {
  const code = codeOf(diagnostic);
  const text = `${code ? `${code}: ` : ''}${diagnostic.message.split('\n')[0]}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The diagnostic under the cursor, else the nearest one on the cursor's line, else the nearest in the file. */
export function diagnosticAtCursor(editor: vscode.TextEditor): vscode.Diagnostic | undefined {
  const all = vscode.languages.getDiagnostics(editor.document.uri);
  if (all.length === 0) return undefined;
  const position = editor.selection.active;
  const containing = all.filter((d) => d.range.contains(position));
  if (containing.length) {
    return containing.sort((a, b) => a.severity - b.severity)[0];
  }
  return [...all].sort(
    (a, b) => Math.abs(a.range.start.line - position.line) - Math.abs(b.range.start.line - position.line) || a.severity - b.severity,
  )[0];
}

/** The innermost symbol (from the document-symbol provider) that contains the range. */
export async function enclosingSymbol(document: vscode.TextDocument, range: vscode.Range): Promise<(LineRange & { name: string }) | undefined> {
  let symbols: Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined;
  try {
    symbols = await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation>>('vscode.executeDocumentSymbolProvider', document.uri);
  } catch {
    return undefined;
  }
  let best: vscode.DocumentSymbol | undefined;
  const visit = (list: readonly vscode.DocumentSymbol[]): void => {
    for (const symbol of list) {
      if (symbol.range.contains(range)) {
        best = symbol;
        visit(symbol.children ?? []);
      }
    }
  };
  visit((symbols ?? []).filter((s): s is vscode.DocumentSymbol => 'children' in s));
  return best ? { name: best.name, startLine: best.range.start.line + 1, endLine: best.range.end.line + 1 } : undefined;
}

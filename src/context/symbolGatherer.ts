/**
 * `#symbol:<name>`: the definition VS Code's workspace symbol providers find (the language
 * extensions' own indexes), whole when it fits (its range from the document-symbol provider),
 * bounded otherwise. Several matches: the best is attached and named, the others listed.
 */
import * as vscode from 'vscode';
import type { ContextItem } from '../answering/contextTypes';
import type { Mention } from '../shared/mentions';
import type { CandidateView } from '../shared/protocol';
import { FILE_BUDGET, MAX_CANDIDATES } from './budgets';
import { fenceLanguage, linesLabel, splitLines } from './fileText';
import { ContextRefusal, type GatherEnv, type Gathered } from './gatherTypes';
import { describeSymbol, rankSymbols, type SymbolCandidate } from './symbolRanking';
import type { WorkspacePaths } from './workspacePaths';

/** Matches in the workspace, as the ranking wants them, with where each is. */
async function workspaceSymbols(query: string, paths: WorkspacePaths): Promise<Array<SymbolCandidate & { readonly location: vscode.Location }>> {
  const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query)) ?? [];
  const inside: Array<SymbolCandidate & { readonly location: vscode.Location }> = [];
  for (const symbol of found.slice(0, 2000)) {
    const { uri } = symbol.location;
    const relative = uri.scheme === 'file' ? paths.relative(uri.fsPath) : undefined;
    if (relative === undefined) continue;
    inside.push({
      name: symbol.name,
      ...(symbol.containerName ? { container: symbol.containerName } : {}),
      kind: vscode.SymbolKind[symbol.kind],
      path: relative,
      line: symbol.location.range.start.line + 1,
      location: symbol.location,
    });
  }
  return inside;
}

/** The innermost document symbol that starts where `at` is, or contains it: the definition's whole range. */
async function definitionRange(location: vscode.Location): Promise<vscode.Range> {
  const symbols = await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined>('vscode.executeDocumentSymbolProvider', location.uri).then(
    (result) => result ?? [],
    () => [],
  );
  const at = location.range.start;
  let best: vscode.Range | undefined;
  const visit = (list: ReadonlyArray<vscode.DocumentSymbol | vscode.SymbolInformation>): void => {
    for (const symbol of list) {
      const range = 'range' in symbol ? symbol.range : symbol.location.range;
      const selection = 'selectionRange' in symbol ? symbol.selectionRange : range;
      if (range.contains(at) || selection.contains(at)) {
        if (!best || best.contains(range)) best = range;
        if ('children' in symbol) visit(symbol.children);
      }
    }
  };
  visit(symbols);
  // Without a document-symbol provider the workspace symbol's own range is all there is.
  return best ?? location.range;
}

/** `#symbol:<name>` */
export async function gatherSymbol(mention: Mention, env: GatherEnv): Promise<Gathered> {
  const query = mention.argument ?? '';
  const matches = await workspaceSymbols(query.replace(/^.*(?:\.|::)/, ''), env.paths);
  const { best, others } = rankSymbols(query, matches, 20);
  if (!best) {
    throw new ContextRefusal(
      vscode.l10n.t(
        'No symbol named {0} was found in the workspace. Symbols come from the language extensions (for C#, the C# extension; shader languages usually have none): check the spelling, or attach the file with #file: instead.',
        query,
      ),
    );
  }
  const chosen = best;
  if (!(await env.paths.isInsideFile(chosen.location.uri.fsPath))) {
    throw new ContextRefusal(vscode.l10n.t('{0} is defined in a file that links outside the workspace: it was not read.', query));
  }
  const document = await vscode.workspace.openTextDocument(chosen.location.uri);
  const range = await definitionRange(chosen.location);
  const startLine = range.start.line;
  let endLine = Math.max(range.end.line, startLine);
  if (endLine === startLine) {
    // A one-line range is only the name: show the lines after it, up to the budget.
    endLine = Math.min(document.lineCount - 1, startLine + 40);
  }
  const { lines } = splitLines(document.getText(new vscode.Range(startLine, 0, endLine, document.lineAt(endLine).text.length)));
  const total = lines.length;
  let used = 0;
  let kept = 0;
  while (kept < lines.length && used + lines[kept].length + 1 <= FILE_BUDGET) used += lines[kept++].length + 1;
  kept = Math.max(kept, 1);
  endLine = startLine + kept - 1;
  const span = { startLine: startLine + 1, endLine: endLine + 1 };
  const item: ContextItem = {
    kind: 'symbol',
    label: mention.label,
    path: chosen.path,
    span,
    language: fenceLanguage(document.languageId),
    text: lines.slice(0, kept).join('\n'),
    explicit: true,
    ...(kept < total ? { cut: `the first ${kept.toLocaleString('en-US')} of the definition's ${total.toLocaleString('en-US')} lines` } : {}),
  };
  const items: ContextItem[] = [item];
  if (others.length) {
    items.push({ kind: 'symbol', label: `${mention.label} (other matches)`, language: 'text', text: others.map(describeSymbol).join('\n'), explicit: true });
  }
  const name = `${best.container ? `${best.container}.` : ''}${best.name}`;
  return {
    items,
    attachment: {
      kind: 'symbol',
      label: mention.label,
      detail: `${name} (${best.kind}) in ${chosen.path}, ${linesLabel(span)}${others.length ? `; ${others.length} other match${others.length === 1 ? '' : 'es'}: ${others.slice(0, 3).map((o) => `${o.path}:${o.line}`).join(', ')}${others.length > 3 ? ', …' : ''}` : ''}`,
    },
  };
}

/** The picker's symbol completions for `query`. */
export async function symbolCandidates(query: string, paths: WorkspacePaths): Promise<CandidateView[]> {
  if (query.trim() === '') return [];
  const { best, others } = rankSymbols(query, await workspaceSymbols(query, paths), MAX_CANDIDATES);
  return (best ? [best, ...others] : []).map((s) => {
    // Providers decorate names (`formatReport()`, `Move(Vector3)`): the mention takes the bare name.
    const paren = s.name.indexOf('(');
    return { value: paren > 0 ? s.name.slice(0, paren) : s.name, label: s.name, description: `${s.kind} · ${s.path}:${s.line}` };
  });
}

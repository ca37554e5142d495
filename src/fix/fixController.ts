import * as vscode from 'vscode';
import { selectionQuestion, type SelectionQuestion } from '../chat/editorContext';
import type { EngineInfo } from '../engine/detect';
import { diagnosticAtCursor, diagnosticTitle, enclosingSymbol, toDiagnosticInfo } from './diagnostics';
import { splitLines } from './editPlan';
import { chooseWindow, type FixRequest } from './fixContext';
import { fixExchange } from './requestFix';
import type { ProposalController, ProposalRequest, ProposalWords, Proposed } from './proposalController';

export { FIX_SCHEME } from './proposalController';

export interface FixDeps {
  /** The proposal machinery fixes share with Edit Selection. */
  readonly proposals: ProposalController;
  readonly settings: () => { readonly fixPreview: boolean };
  /** The engine of the folder a file is in, for the transcript label of Explain. */
  readonly engineFor: (uri: vscode.Uri) => Promise<EngineInfo | undefined>;
  /** Sends a prepared question to the sidebar chat (Explain). */
  readonly ask: (question: SelectionQuestion) => Promise<void>;
  /** Telemetry: a fix was requested / applied (language and discipline only). */
  readonly onFixEvent?: (event: 'error_fix_started' | 'error_fix_applied', properties: { language: string; source?: string }) => void;
}

/** A diagnostic to fix or explain, in its document. */
export interface FixTarget {
  readonly document: vscode.Uri;
  readonly diagnostic: vscode.Diagnostic;
}

/** A fix ready for review. */
export type ProposedFix = Proposed;

const FIX_WORDS: ProposalWords = {
  progress: (title) => vscode.l10n.t('Monster Gaming: fixing {0}', title),
  review: (title, explanation) => vscode.l10n.t('Monster Gaming fix for {0}: {1}', title, explanation),
  applied: (explanation) => vscode.l10n.t('Monster Gaming: fix applied. {0}', explanation),
  changed: (file) => vscode.l10n.t('Monster Gaming: {0} changed after the fix was requested, so it was not applied.', file),
  again: vscode.l10n.t('Fix Again'),
  diffTitle: (file) => vscode.l10n.t('{0} ↔ Monster Gaming fix', file),
};

/**
 * Fix with Monster Gaming: a fix of one diagnostic through the proposal machinery (diff, Accept,
 * one undo step, only if the file is unchanged). Explain with Monster Gaming: asks the chat
 * about the diagnostic and its code.
 */
export class FixController {
  constructor(private readonly deps: FixDeps) {}

  /**
   * Resolves the diagnostic to fix: the one passed (quick fix), else the one at the cursor. Says so
   * in a notification when there is none, unless `quiet` (the Chat view says it itself).
   */
  target(uri?: unknown, diagnostic?: unknown, quiet = false): FixTarget | undefined {
    if (uri instanceof vscode.Uri && diagnostic instanceof vscode.Diagnostic) {
      return { document: uri, diagnostic };
    }
    const editor = vscode.window.activeTextEditor;
    const found = editor && diagnosticAtCursor(editor);
    if (!editor || !found) {
      if (!quiet) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Monster Gaming: there is no problem at the cursor to fix or explain. Open a file with an error, or use the lightbulb on one.'),
        );
      }
      return undefined;
    }
    return { document: editor.document.uri, diagnostic: found };
  }

  /** Fix with Monster Gaming (the quick fix and the command): progress and review in notifications. */
  async fix(uri?: unknown, diagnostic?: unknown): Promise<void> {
    const target = this.target(uri, diagnostic);
    if (!target) return;
    const refusal = vscode.l10n.t('Monster Gaming: fixes that write to files are off in Restricted Mode. Trust this workspace to use them; Explain with Monster Gaming still works.');
    if (!(await this.deps.proposals.trusted(refusal))) return;
    await this.deps.proposals.ask(await this.request(target), this.deps.settings().fixPreview);
  }

  /**
   * Asks for a fix of `target` and keeps it pending for Accept or Reject: the one fix flow behind
   * the quick fix and `@monster /fix`. Throws GatewayError or FixRefusedError.
   */
  async propose(target: FixTarget, signal: AbortSignal, onWait?: (message: string) => void): Promise<ProposedFix> {
    return this.deps.proposals.propose(await this.request(target), signal, onWait);
  }

  showDiff(preview: vscode.Uri): Promise<void> {
    return this.deps.proposals.showDiff(preview);
  }

  accept(uri?: unknown): Promise<boolean> {
    return this.deps.proposals.accept(uri);
  }

  reject(uri?: unknown): Promise<void> {
    return this.deps.proposals.reject(uri);
  }

  /** The fix exchange for one diagnostic (CONTRACT.md "The fix exchange"). */
  private async request(target: FixTarget): Promise<ProposalRequest> {
    const document = await vscode.workspace.openTextDocument(target.document);
    const { diagnostic } = target;
    const facts = {
      lines: splitLines(document.getText()),
      relativePath: vscode.workspace.asRelativePath(document.uri, false),
      languageId: document.languageId,
      diagnostic: toDiagnosticInfo(diagnostic),
      nearby: vscode.languages.getDiagnostics(document.uri).filter((d) => d !== diagnostic).map(toDiagnosticInfo),
      symbol: await enclosingSymbol(document, diagnostic.range),
    };
    const title = diagnosticTitle(diagnostic);
    const properties = { language: document.languageId, source: diagnostic.source };
    this.deps.onFixEvent?.('error_fix_started', properties);
    return {
      document,
      title,
      words: FIX_WORDS,
      exchange: fixExchange(facts),
      again: () => this.fix(target.document, target.diagnostic),
      onApplied: () => this.deps.onFixEvent?.('error_fix_applied', properties),
      describe: (sent, proposal) => {
        const request = sent as FixRequest;
        return `Fix proposed for ${title}: ${proposal.edits.length} edit(s), window ${request.window.startLine}-${request.window.endLine}, ${request.bodyBytes} bytes.`;
      },
    };
  }

  /** Explain with Monster Gaming: the diagnostic and its code, asked in the sidebar chat. */
  async explain(uri?: unknown, diagnostic?: unknown): Promise<void> {
    const question = await this.explainQuestion(uri, diagnostic);
    if (question) await this.deps.ask(question);
  }

  /** The question that explains a diagnostic (the one passed, else the one at the cursor), with its code attached. */
  async explainQuestion(uri?: unknown, diagnostic?: unknown, quiet = false): Promise<SelectionQuestion | undefined> {
    const target = this.target(uri, diagnostic, quiet);
    if (!target) return undefined;
    const document = await vscode.workspace.openTextDocument(target.document);
    const info = toDiagnosticInfo(target.diagnostic);
    const window = chooseWindow(document.lineCount, info, await enclosingSymbol(document, target.diagnostic.range), 15);
    const text = document.getText(new vscode.Range(window.startLine - 1, 0, window.endLine - 1, document.lineAt(window.endLine - 1).text.length));
    const where = `line ${info.startLine}${info.source ? `, from ${info.source}` : ''}${info.code ? ` ${info.code}` : ''}`;
    const question = `Explain this ${info.severity} and how to fix it: **${target.diagnostic.message.split('\n')[0]}** (${where}).`;
    return selectionQuestion(question, {
      relativePath: vscode.workspace.asRelativePath(document.uri),
      languageId: document.languageId,
      startLine: window.startLine,
      endLine: window.endLine,
      text,
      engine: await this.deps.engineFor(document.uri),
    });
  }
}

import * as vscode from 'vscode';
import { gatewayRoutes, type ChatGateway } from '../chat/answering';
import { prepareSelectionQuestion, systemContextLine, type PreparedQuestion } from '../chat/editorContext';
import type { Settings } from '../config/settings';
import { disciplineById, specialistPrompt } from '../disciplines/catalog';
import type { DisciplineRouter } from '../disciplines/router';
import type { EngineInfo } from '../engine/detect';
import { describeError, GatewayError } from '../gateway/errors';
import { Disposable } from '../util/lifecycle';
import { chooseWindow } from './fixContext';
import { applyReplacements, planEdits, splitLines, type Replacement } from './editPlan';
import { FixRefusedError, type FixProposal } from './fixProposal';
import { diagnosticAtCursor, diagnosticTitle, enclosingSymbol, toDiagnosticInfo } from './diagnostics';
import { requestFix } from './requestFix';
import { workspaceEditFor } from './workspaceEdit';

export const FIX_SCHEME = 'monster-gaming-fix';

/** A proposal waiting for Accept or Reject. */
interface PendingFix {
  readonly document: vscode.Uri;
  /** The document version the proposal was made for. */
  readonly version: number;
  readonly proposal: FixProposal;
  /** What the proposal does to the document at `version`: the diff shows these, Accept applies these. */
  readonly replacements: readonly Replacement[];
  readonly diagnostic: vscode.Diagnostic;
  readonly preview: vscode.Uri;
}

export interface FixDeps {
  readonly gateway: ChatGateway;
  readonly settings: () => Settings & { readonly fixPreview: boolean };
  readonly router: DisciplineRouter;
  readonly engineFor: (uri: vscode.Uri) => Promise<EngineInfo | undefined>;
  readonly hasKey: () => Promise<boolean>;
  /** Sends a prepared question to the sidebar chat (Explain). */
  readonly ask: (question: PreparedQuestion) => Promise<void>;
  readonly log: (line: string) => void;
  /** Telemetry: a fix was requested / applied (language and discipline only). */
  readonly onFixEvent?: (event: 'error_fix_started' | 'error_fix_applied', properties: { language: string; source?: string }) => void;
}

/** A diagnostic to fix or explain, in its document. */
export interface FixTarget {
  readonly document: vscode.Uri;
  readonly diagnostic: vscode.Diagnostic;
}

/** A proposal ready for review: its preview (the key Accept and Reject take) and what the model said. */
export interface ProposedFix {
  readonly preview: vscode.Uri;
  readonly document: vscode.Uri;
  /** The diagnostic, shortened for titles ("CS0029: Cannot implicitly convert…"). */
  readonly title: string;
  readonly explanation: string;
  readonly editCount: number;
  /** `X-Monster-Discipline`, when the gateway routed the fix. */
  readonly discipline?: string;
}

let previewCounter = 0;

/**
 * Fix with Monster Gaming: asks for a fix of one diagnostic, shows it as a diff against a virtual
 * document, and applies it as one WorkspaceEdit on Accept — only if the file has not changed since.
 * Explain with Monster Gaming: asks the chat about the diagnostic and its code.
 */
export class FixController extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly previews = new Map<string, string>();
  private readonly pending = new Map<string, PendingFix>();

  constructor(private readonly deps: FixDeps) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(FIX_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.previews.get(uri.toString()) ?? '';
  }

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
    if (!vscode.workspace.isTrusted) {
      const manage = vscode.l10n.t('Manage Workspace Trust');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Monster Gaming: fixes that write to files are off in Restricted Mode. Trust this workspace to use them; Explain with Monster Gaming still works.'),
        manage,
      );
      if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    if (!(await this.deps.hasKey())) {
      const set = vscode.l10n.t('Set API Key');
      if ((await vscode.window.showWarningMessage(vscode.l10n.t('Monster Gaming: set your API key to fix errors.'), set)) === set) {
        await vscode.commands.executeCommand('monsterGaming.setApiKey');
      }
      return;
    }
    const title = diagnosticTitle(target.diagnostic);
    try {
      const proposed = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Monster Gaming: fixing {0}', title), cancellable: true },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return this.propose(target, controller.signal, (retryAt) =>
            progress.report({ message: vscode.l10n.t('rate limited, retrying in {0} s…', Math.ceil((retryAt - Date.now()) / 1000)) }),
          );
        },
      );
      if (this.deps.settings().fixPreview) {
        await this.preview(proposed);
      } else {
        await this.accept(proposed.preview);
      }
    } catch (error) {
      this.reportFailure(error, title, target);
    }
  }

  /**
   * Asks the gateway for a fix of `target` and keeps it pending for Accept or Reject: the one fix
   * flow behind the quick fix and `@monster /fix`. Throws GatewayError or FixRefusedError.
   */
  async propose(target: FixTarget, signal: AbortSignal, onWait?: (retryAt: number) => void): Promise<ProposedFix> {
    const document = await vscode.workspace.openTextDocument(target.document);
    const version = document.version;
    this.deps.onFixEvent?.('error_fix_started', { language: document.languageId, source: target.diagnostic.source });
    const settings = this.deps.settings();
    const title = diagnosticTitle(target.diagnostic);
    const outcome = await requestFix(this.deps.gateway, await this.fixInput(document, target.diagnostic, settings), signal, {
      maxWaitSeconds: settings.rateLimitMaxWaitSeconds,
      onWait,
    });
    this.deps.log(`Fix proposed for ${title}: ${outcome.proposal.edits.length} edit(s), window ${outcome.request.window.startLine}-${outcome.request.window.endLine}, ${outcome.request.bodyBytes} bytes.`);
    const pending = this.remember(document, version, outcome.proposal, target.diagnostic);
    return {
      preview: pending.preview,
      document: document.uri,
      title,
      explanation: outcome.proposal.explanation,
      editCount: outcome.proposal.edits.length,
      discipline: outcome.discipline,
    };
  }

  private async fixInput(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, settings: Settings): Promise<Parameters<typeof requestFix>[1]> {
    const lines = splitLines(document.getText());
    const engine = await this.deps.engineFor(document.uri);
    const relativePath = vscode.workspace.asRelativePath(document.uri, false);
    const info = toDiagnosticInfo(diagnostic);
    const pinned = settings.discipline !== 'auto' ? disciplineById(settings.discipline) : undefined;
    const discipline = pinned ?? this.deps.router.predict({ prompt: diagnostic.message, languageId: document.languageId, fileName: relativePath }).discipline;
    return {
      lines,
      relativePath,
      languageId: document.languageId,
      diagnostic: info,
      nearby: vscode.languages.getDiagnostics(document.uri).filter((d) => d !== diagnostic).map(toDiagnosticInfo),
      symbol: await enclosingSymbol(document, diagnostic.range),
      systemContext: systemContextLine(document.languageId, engine),
      specialistPrompt: !gatewayRoutes(settings) || pinned ? specialistPrompt(discipline) : undefined,
      model: settings.model,
    };
  }

  private remember(document: vscode.TextDocument, version: number, proposal: FixProposal, diagnostic: vscode.Diagnostic): PendingFix {
    const preview = vscode.Uri.from({ scheme: FIX_SCHEME, path: document.uri.path, query: `fix=${++previewCounter}` });
    const text = document.getText();
    const replacements = planEdits(text, proposal.edits, document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
    this.previews.set(preview.toString(), applyReplacements(text, replacements));
    const pending: PendingFix = { document: document.uri, version, proposal, replacements, diagnostic, preview };
    this.pending.set(preview.toString(), pending);
    return pending;
  }

  /** Opens the diff of a pending fix (the file against the file with the fix), with Accept and Reject in its title bar. */
  async showDiff(preview: vscode.Uri): Promise<void> {
    const pending = this.pending.get(preview.toString());
    if (!pending) return;
    const name = pending.document.path.split('/').pop() ?? 'file';
    // Not a preview tab: opening another file must not replace the diff and its Accept/Reject.
    await vscode.commands.executeCommand('vscode.diff', pending.document, pending.preview, `${name} ↔ Monster Gaming fix`, { preview: false });
  }

  private async preview(proposed: ProposedFix): Promise<void> {
    await this.showDiff(proposed.preview);
    const accept = vscode.l10n.t('Accept');
    const reject = vscode.l10n.t('Reject');
    const explanation = proposed.explanation || vscode.l10n.t('No explanation given.');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming fix for {0}: {1}', proposed.title, explanation), accept, reject);
    if (choice === accept) {
      await this.accept(proposed.preview);
    } else if (choice === reject) {
      await this.reject(proposed.preview);
    }
  }

  /** The preview a command from the diff editor's title bar refers to. */
  private pendingFor(uri?: unknown): PendingFix | undefined {
    const key = uri instanceof vscode.Uri ? uri.toString() : vscode.window.activeTextEditor?.document.uri.toString();
    return key ? this.pending.get(key) : this.pending.size === 1 ? [...this.pending.values()][0] : undefined;
  }

  /** Applies a pending fix as one WorkspaceEdit (one undo step), if the file is as it was. */
  async accept(uri?: unknown): Promise<boolean> {
    const pending = this.pendingFor(uri);
    if (!pending) return false;
    this.forget(pending);
    await this.closePreview(pending);
    const document = await vscode.workspace.openTextDocument(pending.document);
    if (document.version !== pending.version) {
      const again = vscode.l10n.t('Fix Again');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Monster Gaming: {0} changed after the fix was requested, so it was not applied.', vscode.workspace.asRelativePath(document.uri, false)),
        again,
      );
      if (choice === again) await this.fix(pending.document, pending.diagnostic);
      return false;
    }
    const wasDirty = document.isDirty;
    if (!(await vscode.workspace.applyEdit(workspaceEditFor(document, pending.replacements)))) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Monster Gaming: VS Code refused the edit; the file is unchanged.'));
      return false;
    }
    // Save only what was saved before: unsaved work of the user's is not written behind their back.
    if (!wasDirty) await document.save();
    this.deps.onFixEvent?.('error_fix_applied', { language: document.languageId, source: pending.diagnostic.source });
    void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: fix applied. {0}', pending.proposal.explanation).trim());
    return true;
  }

  async reject(uri?: unknown): Promise<void> {
    const pending = this.pendingFor(uri);
    if (!pending) return;
    this.forget(pending);
    await this.closePreview(pending);
  }

  private forget(pending: PendingFix): void {
    this.pending.delete(pending.preview.toString());
    this.previews.delete(pending.preview.toString());
  }

  private async closePreview(pending: PendingFix): Promise<void> {
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === pending.preview.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  /**
   * Says why a fix failed, with Try Again. Does not wait for the answer: the fix command ends once
   * the outcome is shown (so its callers, and tests, know it is over), the button acts later.
   */
  private reportFailure(error: unknown, title: string, target: { document: vscode.Uri; diagnostic: vscode.Diagnostic }): void {
    const again = vscode.l10n.t('Try Again');
    const retryOn = (choice: Thenable<string | undefined>): void => {
      choice.then((picked) => (picked === again ? this.fix(target.document, target.diagnostic) : undefined)).then(undefined, () => undefined);
    };
    if (error instanceof FixRefusedError) {
      const detail = error.explanation ? ` The model said: ${error.explanation}` : '';
      this.deps.log(`Fix refused (${error.reason}) for ${title}.`);
      retryOn(vscode.window.showWarningMessage(`Monster Gaming: ${error.message}${detail}`, again));
      return;
    }
    if (error instanceof GatewayError && error.code === 'CANCELLED') return;
    const failure = error instanceof GatewayError ? error : new GatewayError('NETWORK', String(error));
    const view = describeError(failure, this.deps.settings().errorContext);
    this.deps.log(`Fix failed: ${failure.code} ${failure.message}`);
    retryOn(vscode.window.showErrorMessage(`Monster Gaming: ${view.title}. ${view.message} ${view.remediation ?? ''}`.trim(), again));
  }

  /** Explain with Monster Gaming: the diagnostic and its code, asked in the sidebar chat. */
  async explain(uri?: unknown, diagnostic?: unknown): Promise<void> {
    const question = await this.explainQuestion(uri, diagnostic);
    if (question) await this.deps.ask(question);
  }

  /** The question that explains a diagnostic (the one passed, else the one at the cursor), with its code around it. */
  async explainQuestion(uri?: unknown, diagnostic?: unknown, quiet = false): Promise<PreparedQuestion | undefined> {
    const target = this.target(uri, diagnostic, quiet);
    if (!target) return undefined;
    const document = await vscode.workspace.openTextDocument(target.document);
    const info = toDiagnosticInfo(target.diagnostic);
    const window = chooseWindow(document.lineCount, info, await enclosingSymbol(document, target.diagnostic.range), 15);
    const text = document.getText(new vscode.Range(window.startLine - 1, 0, window.endLine - 1, document.lineAt(window.endLine - 1).text.length));
    const where = `line ${info.startLine}${info.source ? `, from ${info.source}` : ''}${info.code ? ` ${info.code}` : ''}`;
    const question = `Explain this ${info.severity} and how to fix it: **${target.diagnostic.message.split('\n')[0]}** (${where}).`;
    return prepareSelectionQuestion(question, {
      relativePath: vscode.workspace.asRelativePath(document.uri, false),
      languageId: document.languageId,
      startLine: window.startLine,
      endLine: window.endLine,
      text,
      engine: await this.deps.engineFor(document.uri),
    });
  }
}

import * as vscode from 'vscode';
import type { AnswerEngine } from '../answering/engine';
import { GatewayError } from '../gateway/errors';
import { Disposable } from '../util/lifecycle';
import { applyReplacements, planEdits, type Replacement } from './editPlan';
import { showGatewayFailure } from './failureNotice';
import { FixRefusedError, type FixProposal } from './fixProposal';
import { requestProposal, type ProposalExchange } from './requestProposal';
import { workspaceEditFor } from './workspaceEdit';

/** The scheme of the diff's right side: a proposal's preview (the editor title's Accept/Reject show on it). */
export const FIX_SCHEME = 'monster-gaming-fix';

/** What a kind of proposal says to the user (each kind writes its own, so every string is a literal for translation). */
export interface ProposalWords {
  /** The progress notification's title while the proposal comes. */
  progress(title: string): string;
  /** The notification offering Accept and Reject. */
  review(title: string, explanation: string): string;
  /** After Accept applied it. */
  applied(explanation: string): string;
  /** The document changed after the proposal was asked for. */
  changed(file: string): string;
  /** The button that asks again after that. */
  readonly again: string;
  /** The diff editor's title. */
  diffTitle(file: string): string;
}

/** One proposal to ask for: in which document, through which exchange, and what happens around it. */
export interface ProposalRequest {
  readonly document: vscode.TextDocument;
  readonly exchange: ProposalExchange<unknown>;
  /** Short name in titles and notifications: "CS0029: Cannot implicitly…", "lines 5–9 of Foam.hlsl". */
  readonly title: string;
  readonly words: ProposalWords;
  /** Asks again (after a failure, or when the document changed before Accept). */
  readonly again: () => Promise<void>;
  /** The proposal was applied (telemetry, onboarding). */
  readonly onApplied?: () => void;
  /** A line for the output channel about what was sent. */
  readonly describe?: (sent: unknown, proposal: FixProposal) => string;
}

/** A proposal ready for review: its preview (the key Accept and Reject take) and what the model said. */
export interface Proposed {
  readonly preview: vscode.Uri;
  readonly document: vscode.Uri;
  readonly title: string;
  readonly explanation: string;
  readonly editCount: number;
  /** Who answered, when known. */
  readonly discipline?: string;
}

/** A proposal waiting for Accept or Reject. */
interface Pending {
  readonly document: vscode.Uri;
  /** The document version the proposal was made for. */
  readonly version: number;
  readonly proposal: FixProposal;
  /** What the proposal does to the document at `version`: the diff shows these, Accept applies these. */
  readonly replacements: readonly Replacement[];
  readonly preview: vscode.Uri;
  readonly request: ProposalRequest;
}

export interface ProposalControllerDeps {
  readonly engine: Pick<AnswerEngine, 'run' | 'describe'>;
  readonly log: (line: string) => void;
  /** The gateway's status page, offered when a failure's description links it (maintenance, 503). */
  readonly statusUrl?: () => string;
}

let previewCounter = 0;

/**
 * The one proposal machinery behind fixes and Edit Selection: asks the engine for edits, shows
 * them as a diff against a virtual document, and applies them as one WorkspaceEdit on Accept —
 * only if the document has not changed since. What Accept applies is what the diff showed.
 */
export class ProposalController extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly previews = new Map<string, string>();
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: ProposalControllerDeps) {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(FIX_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.previews.get(uri.toString()) ?? '';
  }

  /** Proposals write files: in Restricted Mode they are off, and the user is told how to turn them on. */
  async trusted(refusal: string): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const manage = vscode.l10n.t('Manage Workspace Trust');
    if ((await vscode.window.showWarningMessage(refusal, manage)) === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
  }

  /**
   * Asks for a proposal with progress in a notification, then opens it for review (or applies it
   * at once when `review` is false). Failures are shown with a way to try again.
   */
  async ask(request: ProposalRequest, review: boolean): Promise<void> {
    try {
      const proposed = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: request.words.progress(request.title), cancellable: true },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return this.propose(request, controller.signal, (message) => progress.report({ message }));
        },
      );
      if (review) {
        await this.review(proposed, request.words);
      } else {
        await this.accept(proposed.preview);
      }
    } catch (error) {
      this.reportFailure(error, request);
    }
  }

  /** Asks the engine for a proposal and keeps it pending for Accept or Reject. Throws GatewayError or FixRefusedError. */
  async propose(request: ProposalRequest, signal: AbortSignal, onWait?: (message: string) => void): Promise<Proposed> {
    const { document } = request;
    const version = document.version;
    const outcome = await requestProposal(this.deps.engine, request.exchange, signal, onWait);
    this.deps.log(request.describe?.(outcome.sent, outcome.proposal) ?? `Proposal for ${request.title}: ${outcome.proposal.edits.length} edit(s).`);
    const pending = this.remember(document, version, outcome.proposal, request);
    return {
      preview: pending.preview,
      document: document.uri,
      title: request.title,
      explanation: outcome.proposal.explanation,
      editCount: outcome.proposal.edits.length,
      discipline: outcome.discipline,
    };
  }

  private remember(document: vscode.TextDocument, version: number, proposal: FixProposal, request: ProposalRequest): Pending {
    const preview = vscode.Uri.from({ scheme: FIX_SCHEME, path: document.uri.path, query: `${request.exchange.surface}=${++previewCounter}` });
    const text = document.getText();
    const replacements = planEdits(text, proposal.edits, document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
    this.previews.set(preview.toString(), applyReplacements(text, replacements));
    const pending: Pending = { document: document.uri, version, proposal, replacements, preview, request };
    this.pending.set(preview.toString(), pending);
    return pending;
  }

  /** Opens the diff of a pending proposal (the file against the file with the edits), with Accept and Reject in its title bar. */
  async showDiff(preview: vscode.Uri): Promise<void> {
    const pending = this.pending.get(preview.toString());
    if (!pending) return;
    const name = pending.document.path.split('/').pop() ?? 'file';
    // Not a preview tab: opening another file must not replace the diff and its Accept/Reject.
    await vscode.commands.executeCommand('vscode.diff', pending.document, pending.preview, pending.request.words.diffTitle(name), { preview: false });
  }

  private async review(proposed: Proposed, words: ProposalWords): Promise<void> {
    await this.showDiff(proposed.preview);
    const accept = vscode.l10n.t('Accept');
    const reject = vscode.l10n.t('Reject');
    const explanation = proposed.explanation || vscode.l10n.t('No explanation given.');
    const choice = await vscode.window.showInformationMessage(words.review(proposed.title, explanation), accept, reject);
    if (choice === accept) {
      await this.accept(proposed.preview);
    } else if (choice === reject) {
      await this.reject(proposed.preview);
    }
  }

  /** The preview a command from the diff editor's title bar refers to. */
  private pendingFor(uri?: unknown): Pending | undefined {
    const key = uri instanceof vscode.Uri ? uri.toString() : vscode.window.activeTextEditor?.document.uri.toString();
    return key ? this.pending.get(key) : this.pending.size === 1 ? [...this.pending.values()][0] : undefined;
  }

  /** Applies a pending proposal as one WorkspaceEdit (one undo step), if the file is as it was. */
  async accept(uri?: unknown): Promise<boolean> {
    const pending = this.pendingFor(uri);
    if (!pending) return false;
    const { words } = pending.request;
    this.forget(pending);
    await this.closePreview(pending);
    const document = await vscode.workspace.openTextDocument(pending.document);
    if (document.version !== pending.version) {
      const choice = await vscode.window.showWarningMessage(words.changed(vscode.workspace.asRelativePath(document.uri, false)), words.again);
      if (choice === words.again) await pending.request.again();
      return false;
    }
    const wasDirty = document.isDirty;
    if (!(await vscode.workspace.applyEdit(workspaceEditFor(document, pending.replacements)))) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Monster Gaming: VS Code refused the edit; the file is unchanged.'));
      return false;
    }
    // Save only what was saved before: unsaved work of the user's is not written behind their back.
    if (!wasDirty) await document.save();
    pending.request.onApplied?.();
    void vscode.window.showInformationMessage(words.applied(pending.proposal.explanation).trim());
    return true;
  }

  async reject(uri?: unknown): Promise<void> {
    const pending = this.pendingFor(uri);
    if (!pending) return;
    this.forget(pending);
    await this.closePreview(pending);
  }

  private forget(pending: Pending): void {
    this.pending.delete(pending.preview.toString());
    this.previews.delete(pending.preview.toString());
  }

  private async closePreview(pending: Pending): Promise<void> {
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === pending.preview.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  /** Says why a proposal failed (the shared gateway-failure notice), or that the model declined. */
  private reportFailure(error: unknown, request: ProposalRequest): void {
    if (error instanceof FixRefusedError) {
      const again = vscode.l10n.t('Try Again');
      const detail = error.explanation ? ` The model said: ${error.explanation}` : '';
      this.deps.log(`Proposal refused (${error.reason}) for ${request.title}.`);
      vscode.window
        .showWarningMessage(`Monster Gaming: ${error.message}${detail}`, again)
        .then((picked) => (picked === again ? request.again() : undefined))
        .then(undefined, () => undefined);
      return;
    }
    if (error instanceof GatewayError && error.code === 'CANCELLED') return;
    const view = this.deps.engine.describe(error);
    this.deps.log(`Proposal failed: ${view.code} ${view.message}`);
    showGatewayFailure(view, () => request.again(), this.deps.statusUrl);
  }
}

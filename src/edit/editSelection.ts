import * as vscode from 'vscode';
import { selectedLines } from '../chat/editorContext';
import type { ProposalController, ProposalRequest, ProposalWords } from '../fix/proposalController';
import type { LineRange } from '../fix/fixContext';
import { splitLines } from '../fix/editPlan';
import { editExchange, type EditRequest } from './editContext';

const EDIT_WORDS: ProposalWords = {
  progress: (title) => vscode.l10n.t('Monster Gaming: editing {0}', title),
  review: (title, explanation) => vscode.l10n.t('Monster Gaming edit of {0}: {1}', title, explanation),
  applied: (explanation) => vscode.l10n.t('Monster Gaming: edit applied. {0}', explanation),
  changed: (file) => vscode.l10n.t('Monster Gaming: {0} changed after the edit was requested, so it was not applied.', file),
  again: vscode.l10n.t('Edit Again'),
  diffTitle: (file) => vscode.l10n.t('{0} ↔ Monster Gaming edit', file),
};

/**
 * Edit Selection…: asks for an instruction, then proposes the edit of the selected lines through
 * the proposal machinery fixes use (progress, a diff with Accept / Reject, one undo step, only if
 * the document is unchanged). Any file, shaders with no language server included: it needs only text.
 */
export class EditSelection {
  constructor(private readonly proposals: ProposalController) {}

  /**
   * The command. `args.instruction`, when given (a keybinding's `args`), is used instead of asking:
   * `{ "key": "…", "command": "monsterGaming.editSelection", "args": { "instruction": "comment out" } }`.
   */
  async run(args?: unknown): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: open a file and select the lines to edit.'));
      return;
    }
    const refusal = vscode.l10n.t('Monster Gaming: edits that write to files are off in Restricted Mode. Trust this workspace to use Edit Selection.');
    if (!(await this.proposals.trusted(refusal))) return;
    const lines = selectedLines(editor.selection);
    const given = typeof args === 'object' && args !== null && typeof (args as { instruction?: unknown }).instruction === 'string' ? (args as { instruction: string }).instruction : undefined;
    const instruction = given ?? (await vscode.window.showInputBox({
      title: vscode.l10n.t('Monster Gaming: Edit Selection'),
      prompt: lines.startLine === lines.endLine ? vscode.l10n.t('How should line {0} change?', lines.startLine) : vscode.l10n.t('How should lines {0}–{1} change?', lines.startLine, lines.endLine),
      placeHolder: vscode.l10n.t('e.g. rename foam to foamAmount, comment out, add a fresnel term'),
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Say what to change.')),
    }));
    if (!instruction?.trim()) return;
    await this.edit(editor.document.uri, lines, instruction.trim());
  }

  /** Proposes the edit of `lines` in the document at `uri` and opens it for review. */
  async edit(uri: vscode.Uri, lines: LineRange, instruction: string): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    if (lines.endLine > document.lineCount) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Monster Gaming: the selected lines are no longer in {0}. Select them again.', vscode.workspace.asRelativePath(uri)));
      return;
    }
    const name = uri.path.split('/').pop() ?? uri.path;
    const request: ProposalRequest = {
      document,
      exchange: editExchange({ lines: splitLines(document.getText()), relativePath: vscode.workspace.asRelativePath(uri), languageId: document.languageId }, lines, instruction),
      title: lines.startLine === lines.endLine ? vscode.l10n.t('line {0} of {1}', lines.startLine, name) : vscode.l10n.t('lines {0}–{1} of {2}', lines.startLine, lines.endLine, name),
      words: EDIT_WORDS,
      again: () => this.edit(uri, lines, instruction),
      describe: (sent, proposal) => {
        const request = sent as EditRequest;
        return `Edit proposed for ${name}:${lines.startLine}-${lines.endLine}: ${proposal.edits.length} edit(s), ${request.contextLines} context line(s) either side, ${request.bodyBytes} bytes.`;
      },
    };
    await this.proposals.ask(request, true);
  }
}

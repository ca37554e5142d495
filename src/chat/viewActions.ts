import * as vscode from 'vscode';
import { PRICING_URL, SIGNUP_URL } from '../gateway/errors';
import { Commands } from '../commands/ids';
import type { ChatController } from './chatController';
import type { ChatViewActions } from './chatViewProvider';

/**
 * What the chat's buttons do: error actions (Set key, Open pricing, Retry…) and inserting code
 * into the active editor.
 */
export function createViewActions(controller: () => ChatController, onUpgradeClicked: (reason: string) => void, statusUrl: () => string): ChatViewActions {
  return {
    async runAction(kind, messageId) {
      switch (kind) {
        case 'setApiKey':
          await vscode.commands.executeCommand(Commands.setApiKey);
          return;
        case 'getApiKey':
          await vscode.env.openExternal(vscode.Uri.parse(SIGNUP_URL));
          return;
        case 'openPricing':
          onUpgradeClicked('error_card');
          await vscode.env.openExternal(vscode.Uri.parse(PRICING_URL));
          return;
        case 'retry':
        case 'retryWithFallback':
          if (messageId) {
            await controller().retry(messageId, { allowFallback: kind === 'retryWithFallback' });
          }
          return;
        case 'openSettings':
          await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:monstergaming.monster-gaming');
          return;
        case 'openProxySettings':
          await vscode.commands.executeCommand('workbench.action.openSettings', 'http.proxy');
          return;
        case 'selectDiscipline':
          await vscode.commands.executeCommand(Commands.selectDiscipline);
          return;
        case 'selectModel':
          await vscode.commands.executeCommand(Commands.selectModel);
          return;
        case 'selectProvider':
          await vscode.commands.executeCommand(Commands.selectProvider);
          return;
        case 'newChat':
          await controller().newChat();
          return;
        case 'openStatus':
          await vscode.env.openExternal(vscode.Uri.parse(statusUrl()));
          return;
      }
    },
    async insertCode(code) {
      // The editor active at the click (the chat view having focus does not change it). Never an
      // editor remembered from before: it may have been closed, and code must not land there.
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Monster Gaming: no editor is active to insert the code into. Click where the code should go in a file, then press Insert again.'),
        );
        return;
      }
      // One edit, one undo step, replacing the selection(s) like a paste.
      const inserted = await editor.edit((builder) => {
        for (const selection of editor.selections) {
          builder.replace(selection, code);
        }
      });
      if (!inserted) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Monster Gaming: the code could not be inserted into {0}: the editor does not accept changes.', vscode.workspace.asRelativePath(editor.document.uri)));
        return;
      }
      await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    },
  };
}

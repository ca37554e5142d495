import * as vscode from 'vscode';
import { PRICING_URL, SIGNUP_URL } from '../gateway/errors';
import { Commands } from '../commands/ids';
import type { ChatController } from './chatController';
import type { ChatViewActions } from './chatViewProvider';

/**
 * What the chat's buttons do: error actions (Set key, Open pricing, Retry…) and inserting code
 * into the editor the user was last in (the webview has focus when the button is pressed).
 */
export function createViewActions(
  controller: () => ChatController,
  lastEditor: () => vscode.TextEditor | undefined,
  onUpgradeClicked: (reason: string) => void,
): ChatViewActions {
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
      }
    },
    async insertCode(code) {
      const editor = lastEditor();
      if (!editor) {
        void vscode.window.showInformationMessage('Monster Gaming: open a file to insert the code into.');
        return;
      }
      await vscode.window.showTextDocument(editor.document, editor.viewColumn);
      // One edit, one undo step, replacing the selection(s) like a paste.
      await editor.edit((builder) => {
        for (const selection of editor.selections) {
          builder.replace(selection, code);
        }
      });
    },
  };
}

/**
 * The notification a command shows when the gateway failed it (fixes, Edit Selection, Generate
 * Game Data): "Monster Gaming: title. message remediation", with Try Again — or Set API Key when
 * there is no key — and Open Status Page when the error is an outage the status page explains.
 * Does not wait for the answer: the command ends once the failure is shown (so its callers, and
 * tests, know it is over); the button acts later.
 */
import * as vscode from 'vscode';
import { Commands } from '../commands/ids';
import type { ErrorView } from '../shared/protocol';

export function showGatewayFailure(view: ErrorView, again: () => unknown, statusUrl?: () => string): void {
  const tryAgain = vscode.l10n.t('Try Again');
  const setKey = vscode.l10n.t('Set API Key');
  const status = vscode.l10n.t('Open Status Page');
  const buttons = [view.code === 'NO_API_KEY' ? setKey : tryAgain, ...(statusUrl && view.actions.some((action) => action.kind === 'openStatus') ? [status] : [])];
  vscode.window
    .showErrorMessage(`${view.title.startsWith('Monster Gaming') ? '' : 'Monster Gaming: '}${view.title}. ${view.message} ${view.remediation ?? ''}`.trim(), ...buttons)
    .then((picked) =>
      picked === tryAgain
        ? again()
        : picked === setKey
          ? vscode.commands.executeCommand(Commands.setApiKey)
          : picked === status && statusUrl
            ? vscode.env.openExternal(vscode.Uri.parse(statusUrl()))
            : undefined,
    )
    .then(undefined, () => undefined);
}

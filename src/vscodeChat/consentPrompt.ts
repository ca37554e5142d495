import * as vscode from 'vscode';

/**
 * The question of language model consent (see consent.ts), as a modal: Allow, Don't Allow, or
 * Cancel (no answer: asked again next time). Throws where VS Code shows no dialogs (extension tests).
 */
export async function askModelAccess(callerName: string): Promise<boolean | undefined> {
  const allow = vscode.l10n.t('Allow');
  const deny = vscode.l10n.t("Don't Allow");
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} wants to use your Monster Gaming key', callerName),
    {
      modal: true,
      detail: vscode.l10n.t(
        '{0} is sending a request to a Monster Gaming model. It goes to the gateway with your key and counts against your credits and rate limit. Your answer is remembered for this extension ("Monster Gaming: Reset Model Access" forgets it).',
        callerName,
      ),
    },
    allow,
    deny,
  );
  return choice === allow ? true : choice === deny ? false : undefined;
}

/** An extension's display name for the question, or its id. */
export function extensionName(id: string): string {
  const extension = vscode.extensions.all.find((e) => e.id.toLowerCase() === id.toLowerCase());
  const name: unknown = (extension?.packageJSON as { displayName?: unknown } | undefined)?.displayName;
  return typeof name === 'string' && name.trim() && !name.startsWith('%') ? name : id;
}

import * as vscode from 'vscode';
import type { WhoAmI } from '../gateway/client';
import { GatewayError, SIGNUP_URL } from '../gateway/errors';
import { accountLabel, validateKey, type AccountService } from './account';
import { looksLikeMonsterKey, SecretStorageUnavailableError, type ApiKeyStore } from './apiKeyStore';

/** Input-box validation: blank is refused; an unfamiliar format only warns (other gateways issue other keys). */
export function validateKeyInput(value: string): vscode.InputBoxValidationMessage | undefined {
  const trimmed = value.trim();
  if (!trimmed) {
    return { message: 'Paste your API key (it starts with mg_live_, mg_test_ or mg_pat_).', severity: vscode.InputBoxValidationSeverity.Error };
  }
  if (!looksLikeMonsterKey(trimmed)) {
    return { message: 'This does not look like a Monster Gaming key (mg_live_…, mg_test_…, mg_pat_…); it will be checked with the gateway.', severity: vscode.InputBoxValidationSeverity.Warning };
  }
  return undefined;
}

/**
 * Monster Gaming: Set API Key. Asks with a password box, checks the key with `GET /whoami`, and
 * stores it only in SecretStorage. A rejected key or an unreachable gateway is said plainly, and
 * the user may still save it.
 */
export async function setApiKey(keys: ApiKeyStore, account: AccountService, baseUrl: string, log: (line: string) => void): Promise<boolean> {
  const input = await vscode.window.showInputBox({
    title: 'Monster Gaming: Set API Key',
    prompt: `Your key is stored in VS Code's secret storage (the OS keyring), never in settings. No key yet? Get a free one at ${SIGNUP_URL}`,
    placeHolder: 'mg_live_…',
    password: true,
    ignoreFocusOut: true,
    validateInput: validateKeyInput,
  });
  const key = input?.trim();
  if (!key) {
    return false;
  }

  let whoami: WhoAmI | undefined;
  let problem: string | undefined;
  try {
    whoami = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Monster Gaming: checking the API key…', cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return validateKey(baseUrl, key, AbortSignal.any([controller.signal, AbortSignal.timeout(15_000)]));
      },
    );
  } catch (error) {
    const failure = error instanceof GatewayError ? error : undefined;
    problem =
      failure?.code === 'INVALID_API_KEY'
        ? `The gateway rejected this key (INVALID_API_KEY): ${failure.message}`
        : `Could not reach the gateway at ${baseUrl} to check the key: ${failure?.message ?? String(error)}`;
    log(`Key check failed: ${failure?.code ?? 'NETWORK'}`);
  }

  if (problem) {
    const saveAnyway = 'Save Anyway';
    const retype = 'Enter Again';
    const choice = await vscode.window.showWarningMessage(problem, { modal: false }, saveAnyway, retype);
    if (choice === retype) {
      return setApiKey(keys, account, baseUrl, log);
    }
    if (choice !== saveAnyway) {
      return false;
    }
  }

  try {
    await keys.set(key);
  } catch (error) {
    const message = error instanceof SecretStorageUnavailableError ? error.message : `Could not store the key: ${String(error)}`;
    void vscode.window.showErrorMessage(message);
    return false;
  }
  account.accept({ key, source: 'secretStorage' }, whoami);
  if (whoami) {
    void vscode.window.showInformationMessage(`Monster Gaming: key saved (${accountLabel(whoami, key)}).`);
  } else {
    void vscode.window.showInformationMessage('Monster Gaming: key saved without validation.');
  }
  return true;
}

/** Monster Gaming: Clear API Key. */
export async function clearApiKey(keys: ApiKeyStore): Promise<void> {
  try {
    await keys.clear();
    const fromEnv = (await keys.resolve())?.source === 'environment';
    void vscode.window.showInformationMessage(
      fromEnv ? 'Monster Gaming: stored key deleted. The MONSTER_GAMING_API_KEY environment variable is still used.' : 'Monster Gaming: API key deleted.',
    );
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  }
}

import * as vscode from 'vscode';
import type { WhoAmI } from '../gateway/client';
import { GatewayError, SIGNUP_URL } from '../gateway/errors';
import type { ProviderPreset, SecretSlot } from '../gateway/providers';
import { accountLabel, type AccountService } from './account';
import { looksLikeMonsterKey, SecretStorageUnavailableError, type ApiKeyStore } from './apiKeyStore';
import { redact } from './redact';

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

/** Where Set API Key checks a key: Monster Gaming's whoami, or another gateway's model list. */
export interface KeyCheck {
  /** Monster Gaming: `GET /whoami` facts; other gateways: the number of models listed. */
  check(slotId: string, key: string, signal: AbortSignal): Promise<WhoAmI | { readonly models: number }>;
}

/** Picks which secret to set when the provider has several (Portkey: API key, provider key, virtual key). */
async function pickSlot(keys: ApiKeyStore, preset: ProviderPreset): Promise<SecretSlot | undefined> {
  if (preset.slots.length === 1) return preset.slots[0];
  const items = await Promise.all(
    preset.slots.map(async (slot) => ({
      label: slot.label,
      description: (await keys.slot(slot.id)) ? '$(check) set' : slot.required ? 'not set' : 'optional',
      slot,
    })),
  );
  return (await vscode.window.showQuickPick(items, { title: `Monster Gaming: Set a ${preset.label} secret`, placeHolder: 'Which secret?' }))?.slot;
}

/**
 * Monster Gaming: Set API Key, for the active provider. Asks with a password box, checks the key
 * (Monster Gaming: `GET /whoami`; others: `GET /models`), and stores it only in SecretStorage, in
 * that provider's own slot. A rejected key or an unreachable gateway is said plainly, and the user
 * may still save it.
 */
export async function setApiKey(keys: ApiKeyStore, account: AccountService, preset: ProviderPreset, checker: KeyCheck, log: (line: string) => void, slotId?: string): Promise<boolean> {
  const slot = slotId ? preset.slots.find((s) => s.id === slotId) : await pickSlot(keys, preset);
  if (!slot) {
    return false;
  }
  const monster = slot.id === 'monsterGaming';
  const input = await vscode.window.showInputBox({
    title: monster ? 'Monster Gaming: Set API Key' : `Monster Gaming: Set ${slot.label}`,
    prompt: monster
      ? `Your key is stored in VS Code's secret storage (the OS keyring), never in settings. No key yet? Get a free one at ${SIGNUP_URL}`
      : `Stored in VS Code's secret storage for ${preset.label} only; it is never sent to any other gateway.${preset.keyUrl ? ` Keys: ${preset.keyUrl}` : ''}`,
    placeHolder: slot.placeholder,
    password: true,
    ignoreFocusOut: true,
    validateInput: monster ? validateKeyInput : (value) => validateOtherKey(value, slot),
  });
  const key = input?.trim();
  if (!key) {
    return false;
  }

  let checked: WhoAmI | { readonly models: number } | undefined;
  let problem: string | undefined;
  try {
    checked = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Monster Gaming: checking the ${slot.label}…`, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return checker.check(slot.id, key, AbortSignal.any([controller.signal, AbortSignal.timeout(15_000)]));
      },
    );
  } catch (error) {
    const failure = error instanceof GatewayError ? error : undefined;
    const gateway = monster ? 'The gateway' : preset.label;
    // Many gateways (Portkey forwarding to Moonshot, for one) have no model list to check against:
    // the key was not refused, so it is saved and checked by the first request.
    const unlisted = !monster && (failure?.details.status === 404 || failure?.details.status === 405);
    problem = unlisted
      ? undefined
      : failure?.code === 'INVALID_API_KEY'
        ? `${gateway} rejected this key (INVALID_API_KEY): ${failure.message}`
        : failure?.code === 'NO_API_KEY'
          ? `Saved keys are still missing, so this one could not be checked yet: ${failure.message}`
          : `Could not check the key with ${gateway}: ${failure?.message ?? redact(String(error))}`;
    log(unlisted ? `Key not checked: ${preset.label} lists no models.` : `Key check failed: ${failure?.code ?? 'NETWORK'}`);
  }

  if (problem) {
    const saveAnyway = 'Save Anyway';
    const retype = 'Enter Again';
    const choice = await vscode.window.showWarningMessage(problem, { modal: false }, saveAnyway, retype);
    if (choice === retype) {
      return setApiKey(keys, account, preset, checker, log, slot.id);
    }
    if (choice !== saveAnyway) {
      return false;
    }
  }

  try {
    await keys.setSlot(slot.id, key);
  } catch (error) {
    const message = error instanceof SecretStorageUnavailableError ? error.message : `Could not store the key: ${String(error)}`;
    void vscode.window.showErrorMessage(message);
    return false;
  }
  const whoami = checked && 'tier' in checked ? checked : undefined;
  if (monster) {
    account.accept({ key, source: 'secretStorage' }, whoami);
  }
  if (whoami) {
    void vscode.window.showInformationMessage(`Monster Gaming: key saved (${accountLabel(whoami, key)}).`);
  } else if (checked && 'models' in checked) {
    void vscode.window.showInformationMessage(`Monster Gaming: ${slot.label} saved; ${preset.label} accepted it (${checked.models} models).`);
  } else if (!problem && !monster) {
    void vscode.window.showInformationMessage(`Monster Gaming: ${slot.label} saved. ${preset.label} has no model list to check it against; the first request will.`);
  } else {
    void vscode.window.showInformationMessage(`Monster Gaming: ${slot.label} saved without validation.`);
  }
  return true;
}

/** Another provider's key: blank is refused; an unfamiliar shape only warns. */
function validateOtherKey(value: string, slot: SecretSlot): vscode.InputBoxValidationMessage | undefined {
  const trimmed = value.trim();
  if (!trimmed) {
    return { message: `Paste the ${slot.label}.`, severity: vscode.InputBoxValidationSeverity.Error };
  }
  if (slot.pattern && !slot.pattern.test(trimmed)) {
    return { message: `This does not look like a ${slot.label} (${slot.placeholder}); it will be checked with the gateway.`, severity: vscode.InputBoxValidationSeverity.Warning };
  }
  return undefined;
}

/** Monster Gaming: Clear API Key: deletes the active provider's stored secrets. */
export async function clearApiKey(keys: ApiKeyStore, preset: ProviderPreset): Promise<void> {
  try {
    for (const slot of preset.slots) {
      await keys.clearSlot(slot.id);
    }
    const fromEnv = preset.isMonsterGaming && (await keys.resolve())?.source === 'environment';
    void vscode.window.showInformationMessage(
      fromEnv
        ? 'Monster Gaming: stored key deleted. The MONSTER_GAMING_API_KEY environment variable is still used.'
        : preset.isMonsterGaming
          ? 'Monster Gaming: API key deleted.'
          : `Monster Gaming: ${preset.label} keys deleted.`,
    );
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  }
}

import * as vscode from 'vscode';
import type { AccountService } from '../secrets/account';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import type { ProviderCredentials } from '../secrets/credentials';
import { Disposable } from '../util/lifecycle';
import { ContextKeys } from './ids';

/**
 * The context keys the manifest's `when` clauses read: whether an answer streams (Stop
 * Generating) and whether the active provider has a stored key (Clear API Key).
 */
export class ContextKeyService extends Disposable {
  constructor(
    account: Pick<AccountService, 'onDidChange'>,
    private readonly credentials: Pick<ProviderCredentials, 'preset'>,
    private readonly keys: Pick<ApiKeyStore, 'hasStoredKey' | 'slot'>,
  ) {
    super();
    this.register(account.onDidChange(() => void this.storedKeyChanged()));
  }

  streaming(streaming: boolean): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.streaming, streaming);
  }

  private async storedKeyChanged(): Promise<void> {
    const preset = this.credentials.preset();
    const stored = preset.isMonsterGaming ? await this.keys.hasStoredKey() : (await Promise.all(preset.slots.map((slot) => this.keys.slot(slot.id)))).some(Boolean);
    await vscode.commands.executeCommand('setContext', ContextKeys.hasStoredKey, stored);
  }
}

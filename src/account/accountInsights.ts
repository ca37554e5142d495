/**
 * Wires the account watch into VS Code: the Monster Gaming key and base URL (only when Monster
 * Gaming is the provider: other presets make no account requests), globalState for the notices'
 * memory, the status-bar tooltip, and a fresh start when the key or the provider changes.
 */
import type * as vscode from 'vscode';
import type { Settings } from '../config/settings';
import { providerById } from '../gateway/providers';
import type { Wire } from '../network/wire';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import { Disposable } from '../util/lifecycle';
import { AccountClient } from './accountClient';
import { accountTooltip, notifyKeyHealth, warnLowCredit } from './accountNotices';
import { AccountWatch, keyId, type AccountTarget } from './accountWatch';
import type { ModelHealth } from './modelHealth';
import type { StatusBody } from './accountSchema';

export interface AccountInsightsDeps {
  readonly keys: Pick<ApiKeyStore, 'resolve' | 'onDidChange'>;
  readonly settings: () => Pick<Settings, 'provider' | 'monsterGamingBaseUrl' | 'lowCreditWarningUsd'>;
  readonly onSettingsChange: vscode.Event<unknown>;
  readonly wire: Wire;
  readonly memory: vscode.Memento;
  readonly log: (line: string) => void;
  /** Shows the tooltip's account lines (undefined: none). */
  readonly show: (text: string | undefined) => void;
}

export class AccountInsights extends Disposable {
  private readonly watch: AccountWatch;
  private provider: string;

  constructor(private readonly deps: AccountInsightsDeps) {
    super();
    this.provider = deps.settings().provider.id;
    this.watch = new AccountWatch({
      account: () => this.target(),
      memory: deps.memory,
      now: Date.now,
      lowCreditThreshold: () => deps.settings().lowCreditWarningUsd,
      onLowCredit: (balance, threshold) => {
        deps.log(`Account: low-credit warning shown (balance ${balance.toFixed(2)} USD, under ${threshold.toFixed(2)} USD).`);
        // Add Credits opens the account's own Stripe page (GET /billing/manage), else the pricing page.
        void warnLowCredit(balance, threshold, () => this.read('the billing page', (client) => client.billingUrl()));
      },
      onKeyHealth: (health) => {
        deps.log(`Account: key-health notice shown (${health.status}, ${Math.floor(health.ageDays)} days old).`);
        void notifyKeyHealth(health);
      },
      onChange: (reading) => deps.show(accountTooltip(reading)),
      log: deps.log,
    });
    this.register(deps.keys.onDidChange(() => this.watch.reset()));
    this.register(
      deps.onSettingsChange(() => {
        const provider = deps.settings().provider.id;
        if (provider !== this.provider) {
          this.provider = provider;
          this.watch.reset();
        }
      }),
    );
  }

  /** After an answer (see AccountWatch for why then). Never throws. */
  afterAnswer(): Promise<void> {
    return this.watch.afterAnswer();
  }

  /** Each model's health for Select Model; undefined for other gateways, and when it cannot be read (logged). */
  modelsHealth(signal?: AbortSignal): Promise<ReadonlyMap<string, ModelHealth> | undefined> {
    return this.read('model health', (client) => client.modelsHealth(signal));
  }

  /** `GET /status` for an error card (maintenance, a 503); undefined for other gateways, and when it cannot be read (logged). */
  platformStatus(signal?: AbortSignal): Promise<StatusBody | undefined> {
    return this.read('the status', (client) => client.status(signal));
  }

  /** One reading of the Monster Gaming account; undefined for other gateways, without a key, and when it fails (logged). */
  private async read<T>(what: string, call: (client: AccountClient) => Promise<T>): Promise<T | undefined> {
    const target = await this.target();
    if (!target) return undefined;
    try {
      return await call(target.client);
    } catch (error) {
      this.deps.log(`Account: ${what} could not be read: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The Monster Gaming account's client, and the key's id; undefined for other gateways or without a key. */
  private async target(): Promise<(AccountTarget & { readonly client: AccountClient }) | undefined> {
    const settings = this.deps.settings();
    if (!providerById(settings.provider.id).isMonsterGaming) return undefined;
    const resolved = await this.deps.keys.resolve();
    if (!resolved) return undefined;
    const baseUrl = settings.monsterGamingBaseUrl;
    const client = new AccountClient(() => Promise.resolve({ baseUrl, apiKey: resolved.key }), this.deps.wire);
    return { source: client, client, keyId: keyId(resolved.key) };
  }
}

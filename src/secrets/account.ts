import * as vscode from 'vscode';
import { Commands } from '../commands/ids';
import type { RateLimitInfo, WhoAmI } from '../gateway/client';
import type { Wire } from '../network/wire';
import { validateKey } from './keyCheck';
import { redact } from './redact';
import { GatewayError, SIGNUP_URL } from '../gateway/errors';
import type { AccountView } from '../shared/protocol';
import { Disposable } from '../util/lifecycle';
import type { Settings } from '../config/settings';
import { providerById, providerLabel } from '../gateway/providers';
import { keyEnvironment, type ApiKeyStore, type ResolvedKey } from './apiKeyStore';
import type { ProviderCredentials } from './credentials';

const TIER_NAMES: Readonly<Record<string, string>> = {
  free: 'Free',
  payg: 'Pay-as-you-go',
  'pay-as-you-go': 'Pay-as-you-go',
  starter: 'Starter',
  pro: 'Pro',
  studio: 'Studio',
  enterprise: 'Enterprise',
};

export function tierName(tier: string): string {
  return TIER_NAMES[tier.toLowerCase()] ?? tier.charAt(0).toUpperCase() + tier.slice(1);
}

/** "Starter · sandbox": tier and environment, never anything of the key itself. */
export function accountLabel(whoami: WhoAmI, key: string): string {
  const environment = whoami.environment === 'sandbox' || keyEnvironment(key) === 'sandbox' ? 'sandbox' : 'production';
  return `${tierName(whoami.tier)} · ${environment}`;
}

/**
 * The account behind the key: validated with `GET /whoami`, shown in a status-bar item and the
 * chat header. Refreshes when the key changes (also when it changed in another window) and when
 * the provider changes. Gateways other than Monster Gaming have no whoami: for them the item
 * says which gateway is in use and whether its keys are set.
 */
export class AccountService extends Disposable {
  private whoami: WhoAmI | undefined;
  private rateLimit: RateLimitInfo | undefined;
  private resolved: ResolvedKey | undefined;
  /** Credit balance, today's spend and the caps (account/accountInsights.ts), shown in the tooltip. */
  private details: string | undefined;
  /** Another provider is active and has all the secrets it needs. */
  private otherReady = false;
  /** Another provider is active and at least one of its secrets is stored. */
  private otherStored = false;
  private readonly status = this.register(vscode.window.createStatusBarItem('monsterGaming.account', vscode.StatusBarAlignment.Right, 100));
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly settings: () => Pick<Settings, 'provider' | 'baseUrl' | 'monsterGamingBaseUrl'>,
    private readonly credentials: ProviderCredentials,
    private readonly wire: Wire,
  ) {
    super();
    this.status.name = 'Monster Gaming Account';
    this.register(keys.onDidChange(() => void this.refresh()));
    this.render();
    this.status.show();
  }

  /** What the webview may know: whether there is a key and its public facts. */
  view(): AccountView {
    if (!this.monsterGaming) {
      return { hasKey: this.otherReady, label: this.otherReady ? (this.otherStored ? 'key set' : 'no key needed') : undefined, signupUrl: providerById(this.settings().provider.id).keyUrl ?? SIGNUP_URL, provider: providerLabel(this.settings().provider) };
    }
    return {
      hasKey: this.resolved !== undefined,
      label: this.whoami && this.resolved ? accountLabel(this.whoami, this.resolved.key) : undefined,
      signupUrl: SIGNUP_URL,
    };
  }

  private get monsterGaming(): boolean {
    return providerById(this.settings().provider.id).isMonsterGaming;
  }

  /** The validated tier (`free`, `starter`, …), once `/whoami` answered. */
  get tier(): string | undefined {
    return this.whoami?.tier.toLowerCase();
  }

  get hasKey(): boolean {
    return this.monsterGaming ? this.resolved !== undefined : this.otherReady;
  }

  /** The latest `X-RateLimit-*` headers: remaining requests show in the status bar. */
  setRateLimit(rateLimit: RateLimitInfo): void {
    this.rateLimit = rateLimit;
    this.render();
  }

  /** The status-bar item's tooltip as shown (exported to the extension-host tests). */
  get tooltip(): string {
    return typeof this.status.tooltip === 'string' ? this.status.tooltip : (this.status.tooltip?.value ?? '');
  }

  /** The account lines of the tooltip (Monster Gaming with a key only); undefined removes them. */
  setDetails(details: string | undefined): void {
    this.details = details;
    this.render();
  }

  /** Remembers facts already validated (by Set API Key) without asking the gateway again. */
  accept(resolved: ResolvedKey, whoami: WhoAmI | undefined): void {
    this.resolved = resolved;
    this.whoami = whoami;
    this.render();
    this.changed.fire();
  }

  /** Re-reads the key and asks the gateway who it belongs to. Never throws. */
  async refresh(): Promise<void> {
    this.resolved = await this.keys.resolve();
    this.otherReady = await this.credentials.hasKey();
    this.otherStored = Object.values(await this.keys.secretsFor(this.credentials.preset())).some(Boolean);
    this.whoami = undefined;
    this.rateLimit = undefined;
    this.render();
    this.changed.fire();
    const resolved = this.resolved;
    if (!resolved || !this.monsterGaming) {
      return;
    }
    try {
      const whoami = await validateKey(this.wire, this.settings().monsterGamingBaseUrl, resolved.key);
      if (this.resolved?.key === resolved.key) {
        this.whoami = whoami;
        this.render();
        this.changed.fire();
      }
    } catch (error) {
      const reason = error instanceof GatewayError ? error.code : 'NETWORK';
      this.show(
        reason === 'INVALID_API_KEY' ? '$(warning) Monster Gaming: key rejected' : '$(hubot) Monster Gaming',
        reason === 'INVALID_API_KEY'
          ? 'The gateway rejected the API key. Click to set a new one.'
          : `Could not validate the API key: ${error instanceof Error ? error.message : String(error)}`,
        reason === 'INVALID_API_KEY' ? Commands.setApiKey : Commands.openChat,
      );
    }
  }

  /** Everything the status bar shows passes the redaction step. */
  private show(text: string, tooltip: string, command: string): void {
    this.status.text = redact(text);
    this.status.tooltip = redact(tooltip);
    this.status.command = command;
  }

  private render(): void {
    const remaining = this.rateLimit?.remaining;
    const left = remaining !== undefined ? vscode.l10n.t(' · {0} left', remaining) : '';
    if (!this.monsterGaming) {
      const label = providerLabel(this.settings().provider);
      this.show(
        this.otherReady ? vscode.l10n.t('$(plug) Monster Gaming: {0}{1}', label, left) : vscode.l10n.t('$(key) Monster Gaming: Set {0} Key', label),
        this.otherReady ? vscode.l10n.t('Monster Gaming chats through {0} at {1}. Click to open the chat.', label, this.settings().baseUrl) : vscode.l10n.t('Monster Gaming uses {0}, and its key is not set yet. Click to set it.', label),
        this.otherReady ? Commands.openChat : Commands.setApiKey,
      );
      return;
    }
    if (!this.resolved) {
      this.show(vscode.l10n.t('$(key) Monster Gaming: Set API Key'), vscode.l10n.t('No Monster Gaming API key yet. Click to set one.'), Commands.setApiKey);
      return;
    }
    const label = this.whoami ? accountLabel(this.whoami, this.resolved.key) : keyEnvironment(this.resolved.key) === 'sandbox' ? 'sandbox' : undefined;
    const from = this.resolved.source === 'environment' ? vscode.l10n.t('Key from the MONSTER_GAMING_API_KEY environment variable.') : vscode.l10n.t("Key from VS Code's secret storage.");
    const perMinute = this.whoami?.requestsPerMinute ? ` ${vscode.l10n.t('{0} requests/min.', this.whoami.requestsPerMinute)}` : '';
    const resetAt = this.rateLimit?.reset ? ` ${vscode.l10n.t('Resets at {0}.', new Date(this.rateLimit.reset * 1000).toLocaleTimeString())}` : '';
    const limit = remaining !== undefined && this.rateLimit?.limit !== undefined ? ` ${vscode.l10n.t('{0} of {1} requests left this minute.', remaining, this.rateLimit.limit)}${resetAt}` : '';
    this.show(
      label ? vscode.l10n.t('$(hubot) Monster Gaming: {0}{1}', label, left) : vscode.l10n.t('$(hubot) Monster Gaming{0}', left),
      `${from}${perMinute}${limit} ${vscode.l10n.t('Click to open the chat.')}${this.details ? `\n\n${this.details}` : ''}`,
      Commands.openChat,
    );
  }
}


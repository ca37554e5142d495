/**
 * What the user sees of the account: lines for the status-bar tooltip and the two one-time
 * notices. The links are the reference's: credits are added on the page GET /billing/manage names
 * (Stripe checkout or customer portal), else at monstergaming.ai/pricing (the CREDITS_EXHAUSTED
 * remediation); keys are rotated in the portal (`/portal/api/keys/rotate`).
 */
import * as vscode from 'vscode';
import { PRICING_URL } from '../gateway/errors';
import type { KeyHealth } from './accountClient';
import type { AccountReading } from './accountWatch';

export const PORTAL_URL = 'https://monstergaming.ai/portal';

const usd = (amount: number): string => `$${amount.toFixed(2)}`;

/** The tooltip's account lines; undefined when there is nothing to say (no reading yet, another provider). */
export function accountTooltip(reading: AccountReading): string | undefined {
  if (reading.kind === 'none') return undefined;
  if (reading.kind === 'failed') return vscode.l10n.t('Credit balance and spend could not be read (details in the Monster Gaming output).');
  const { balanceUsd, spentTodayUsd, dailyCapUsd, monthlyCapUsd } = reading.snapshot;
  const none = vscode.l10n.t('none');
  return [
    vscode.l10n.t('Credit balance: {0}', usd(balanceUsd)),
    vscode.l10n.t('Spent today: {0}', usd(spentTodayUsd)),
    vscode.l10n.t('Spend caps: {0} a day, {1} a month', dailyCapUsd === null ? none : usd(dailyCapUsd), monthlyCapUsd === null ? none : usd(monthlyCapUsd)),
    vscode.l10n.t('(as of {0})', new Date(reading.at).toLocaleTimeString()),
  ].join('\n');
}

/** The once-per-crossing warning, with Add Credits: the account's billing page where the gateway names one, else the pricing page. */
export async function warnLowCredit(balanceUsd: number, thresholdUsd: number, billingUrl: () => Promise<string | undefined>): Promise<void> {
  const add = vscode.l10n.t('Add Credits');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Monster Gaming: your credit balance is {0}, under {1} ("monsterGaming.account.lowCreditWarning"). Answers stop when it runs out.', usd(balanceUsd), usd(thresholdUsd)),
    add,
  );
  if (choice === add) await vscode.env.openExternal(vscode.Uri.parse((await billingUrl()) ?? PRICING_URL));
}

/** The once-per-state key notice: quiet (information), with how to rotate. */
export async function notifyKeyHealth(health: KeyHealth): Promise<void> {
  const open = vscode.l10n.t('Open Portal');
  const message =
    health.status === 'stale'
      ? vscode.l10n.t('Monster Gaming: your API key is {0} days old; rotate it now. Create a new key in the portal, then run "Monster Gaming: Set API Key".', Math.floor(health.ageDays))
      : vscode.l10n.t('Monster Gaming: your API key is {0} days old; consider rotating it. Create a new key in the portal, then run "Monster Gaming: Set API Key".', Math.floor(health.ageDays));
  const choice = await vscode.window.showInformationMessage(message, open);
  if (choice === open) await vscode.env.openExternal(vscode.Uri.parse(PORTAL_URL));
}

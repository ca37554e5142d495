import * as vscode from 'vscode';
import { isChatSurface, type AnswerUsage } from '../answering/types';
import { disciplineById, disciplineLabel } from '../disciplines/catalog';
import { PRICING_URL } from '../gateway/errors';
import type { Telemetry } from './telemetry';

const FIRST_CALL_KEY = 'monsterGaming.telemetry.firstCallSent';
/** Tiers that get only the `general` discipline (API reference, Monster-GPT). */
const GENERAL_ONLY_TIERS = new Set(['free', 'payg', 'pay-as-you-go']);

/**
 * Turns what the chat reports into telemetry events at their real moments, and offers the upgrade
 * when a free key got `general` where a specialist fit (once per session, never nagging).
 */
export class UsageEvents {
  private upgradeOffered = false;

  constructor(
    private readonly telemetry: Telemetry,
    private readonly globalState: vscode.Memento,
    private readonly tier: () => string | undefined,
  ) {}

  /** An answer's usage; only chat answers (the sidebar, `@monster`) are `generate_*` events: fixes have their own. */
  answer(event: AnswerUsage): void {
    if (!isChatSurface(event.surface)) return;
    const properties = {
      model: event.model,
      discipline: event.discipline,
      duration_ms: event.durationMs,
      prompt_tokens: event.promptTokens,
      completion_tokens: event.completionTokens,
      error_code: event.errorCode,
      end: event.end,
    };
    if (event.phase === 'started') {
      this.telemetry.event('generate_started', { model: event.model, predicted: event.predicted });
      return;
    }
    if (event.phase === 'failed') {
      this.telemetry.event('generate_failed', properties);
      if (event.errorCode === 'TIER_RESTRICTED') {
        this.telemetry.event('upgrade_shown', { reason: 'tier_restricted', model: event.model });
      }
      return;
    }
    this.telemetry.event('generate_completed', properties);
    if (!this.globalState.get<boolean>(FIRST_CALL_KEY)) {
      void this.globalState.update(FIRST_CALL_KEY, true);
      this.telemetry.event('first_call', { model: event.model });
    }
    const tier = this.tier();
    if (event.discipline === 'general' && event.predicted && event.predicted !== 'general' && tier && GENERAL_ONLY_TIERS.has(tier)) {
      void this.offerUpgrade(event.predicted);
    }
  }

  /** The Open pricing button of an error card, or the upgrade offer, was used. */
  upgradeClicked(reason: string): void {
    this.telemetry.event('upgrade_clicked', { reason });
  }

  private async offerUpgrade(predicted: string): Promise<void> {
    if (this.upgradeOffered) return;
    this.upgradeOffered = true;
    this.telemetry.event('upgrade_shown', { reason: 'specialist_locked', predicted });
    const plans = vscode.l10n.t('See Plans');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Specialists unlock on Starter: this answer came from the general model; on Starter, {0} would have answered.', disciplineLabel(disciplineById(predicted))),
      plans,
    );
    if (choice === plans) {
      this.upgradeClicked('specialist_locked');
      await vscode.env.openExternal(vscode.Uri.parse(PRICING_URL));
    }
  }
}

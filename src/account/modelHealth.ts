/**
 * A model's health (`GET /models/health`) as Select Model shows it beside the model: a degraded
 * or unavailable model is marked, a healthy one gets its success rate. The status is the
 * gateway's word: only the ones known here are shown (an unknown one never reaches the picker,
 * where `$(…)` would render as an icon).
 */
import type { L10n } from '../answering/l10n';

export interface ModelHealth {
  readonly status: string;
  /** Share of the last 24 hours' requests that succeeded, 0–1. */
  readonly successRate?: number;
}

const DOWN = new Set(['down', 'outage', 'major_outage', 'unavailable']);

function percent(rate: number): string {
  return String(Math.round(rate * 1000) / 10);
}

/** The quick pick item's description and detail for a model's health; nothing when none is known. */
export function modelHealthNote(health: ModelHealth | undefined, l10n: L10n): { description?: string; detail?: string } {
  if (!health) return {};
  const status = health.status.toLowerCase();
  const rate = health.successRate;
  if (DOWN.has(status)) return { description: l10n.t('$(error) down'), detail: l10n.t('The gateway reports this model unavailable; pick another one for now.') };
  if (status === 'degraded') {
    return {
      description: l10n.t('$(warning) degraded'),
      detail: rate === undefined ? l10n.t('The gateway reports this model degraded; answers may fail or be slow.') : l10n.t('{0}% of requests succeeded in the last 24 hours; answers may fail or be slow.', percent(rate)),
    };
  }
  return rate === undefined ? {} : { description: l10n.t('{0}% success (24 h)', percent(rate)) };
}

/**
 * A 503 or MAINTENANCE error card with the platform's status: the maintenance message and its ETA
 * where `GET /status` gives them, and a link to the status page. The status is read in bounded
 * time and never breaks the card: without it, the card says what it said before, with the link.
 */
import type { ErrorContext, GatewayError } from '../gateway/errors';
import type { ActionView, ErrorView } from '../shared/protocol';
import type { L10n } from './l10n';

/** What the card needs of `GET /status`. */
export interface PlatformStatus {
  readonly status: string;
  readonly maintenance?: { readonly message?: string; readonly eta: string };
}

/** The card waits this long for the status, at most. */
export const STATUS_TIMEOUT_MS = 5_000;

/** A gateway's words shown on one line of a card: whitespace collapsed, cut short. */
function oneLine(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Monster Gaming under maintenance, or down (503): the status says more. */
export function wantsStatus(error: GatewayError, context: ErrorContext | undefined): boolean {
  if (context && !context.monsterGaming) return false;
  return error.code === 'MAINTENANCE' || error.details.status === 503;
}

/** The status, or undefined when it cannot be read within `ms` (never throws). */
export async function statusWithin(read: (signal: AbortSignal) => Promise<PlatformStatus | undefined>, ms: number = STATUS_TIMEOUT_MS): Promise<PlatformStatus | undefined> {
  const timeout = AbortSignal.timeout(ms);
  try {
    return await Promise.race([
      read(timeout),
      new Promise<undefined>((resolve) => timeout.addEventListener('abort', () => resolve(undefined), { once: true })),
    ]);
  } catch {
    return undefined;
  }
}

/** `view` with the maintenance message and ETA where the status gives them, and the status page link. */
export function withStatus(view: ErrorView, status: PlatformStatus | undefined, l10n: L10n, now: number): ErrorView {
  const link: ActionView = { kind: 'openStatus', label: l10n.t('Open status page') };
  const actions = [...view.actions.filter((action) => action.kind !== 'openStatus'), link];
  const maintenance = status?.maintenance;
  const eta = maintenance ? Date.parse(maintenance.eta) : NaN;
  if (!maintenance || Number.isNaN(eta)) return { ...view, actions };
  const what = maintenance.message ? oneLine(maintenance.message) : l10n.t('Scheduled maintenance');
  const at = `${new Date(eta).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const minutes = Math.ceil((eta - now) / 60_000);
  // Minutes to go help within the day; further off, the time says enough.
  const remediation =
    minutes > 0 && minutes <= 24 * 60
      ? l10n.t('{0}: expected back at {1} (in about {2} min). Retry then; the status page has updates.', what, at, minutes)
      : l10n.t('{0}: expected back at {1}. Retry; the status page has updates.', what, at);
  return { ...view, remediation, actions };
}

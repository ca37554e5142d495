/**
 * `POST /v1/telemetry/event`: validation against the documented events and sources, and the
 * record tests read back to check what the extension reported.
 */
import { GatewayError } from './errors';
import type { KeyInfo } from './keys';

/** The events the reference and the contract name ("and more" are not accepted here). */
export const TELEMETRY_EVENTS: readonly string[] = [
  'generate_started',
  'generate_completed',
  'generate_failed',
  'error_fix_started',
  'error_fix_applied',
  'session_start',
  'session_end',
  'first_call',
  'upgrade_shown',
  'upgrade_clicked',
];

export const TELEMETRY_SOURCES: readonly string[] = ['vscode_extension', 'web_portal', 'cli', 'api'];

/** One accepted event as the gateway recorded it. */
export interface TelemetryEvent {
  readonly id: string;
  readonly event: string;
  readonly source: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** The client's timestamp, as sent (ISO string or epoch number), if any. */
  readonly timestamp: string | number | undefined;
  /** When the gateway received it (ISO). */
  readonly receivedAt: string;
  /** Which kind of key sent it; the key itself is never kept. */
  readonly keyType: KeyInfo['type'];
  readonly tier: KeyInfo['tier'];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a telemetry body; throws INVALID_REQUEST naming what is wrong. */
export function parseTelemetry(body: unknown, id: string, key: KeyInfo, now: number): TelemetryEvent {
  if (!isRecord(body)) throw new GatewayError('INVALID_REQUEST', 'The telemetry body must be a JSON object.');
  const { event, source, properties, timestamp } = body;
  if (typeof event !== 'string' || !TELEMETRY_EVENTS.includes(event)) {
    throw new GatewayError('INVALID_REQUEST', `Unknown telemetry event ${JSON.stringify(event ?? null)}; valid events: ${TELEMETRY_EVENTS.join(', ')}.`);
  }
  if (typeof source !== 'string' || !TELEMETRY_SOURCES.includes(source)) {
    throw new GatewayError('INVALID_REQUEST', `Unknown telemetry source ${JSON.stringify(source ?? null)}; valid sources: ${TELEMETRY_SOURCES.join(', ')}.`);
  }
  if (properties !== undefined && properties !== null && !isRecord(properties)) {
    throw new GatewayError('INVALID_REQUEST', '"properties" must be an object.');
  }
  if (timestamp !== undefined && typeof timestamp !== 'string' && typeof timestamp !== 'number') {
    throw new GatewayError('INVALID_REQUEST', '"timestamp" must be an ISO string or epoch number.');
  }
  return {
    id,
    event,
    source,
    properties: isRecord(properties) ? properties : {},
    timestamp,
    receivedAt: new Date(now).toISOString(),
    keyType: key.type,
    tier: key.tier,
  };
}

/**
 * Sends telemetry events to `POST {baseUrl}/telemetry/event` in the background. Never in the way:
 * `enqueue` returns at once, the queue is bounded, every request has a timeout, a failing or hanging
 * endpoint is retried a bounded number of times and then dropped silently, and `flush` has a deadline.
 * Pure (no `vscode`): VS Code's TelemetryLogger decides *whether* an event is sent; this decides *how*.
 * Requests go through the extension's one Wire (headers, redirects, proxy), like every other.
 */
import { Wire } from '../network/wire';
import { withoutTrailingSlashes } from '../util/text';

/** The events the gateway accepts from the extension (CONTRACT.md). */
export type TelemetryEventName =
  | 'session_start'
  | 'session_end'
  | 'first_call'
  | 'generate_started'
  | 'generate_completed'
  | 'generate_failed'
  | 'error_fix_started'
  | 'error_fix_applied'
  | 'upgrade_shown'
  | 'upgrade_clicked';

export type TelemetryProperties = Readonly<Record<string, string | number | boolean>>;

export interface TelemetryEvent {
  readonly event: TelemetryEventName;
  readonly source: 'vscode_extension';
  readonly properties: TelemetryProperties;
  readonly timestamp: string;
}

export interface TelemetryTarget {
  readonly baseUrl: string;
  readonly apiKey: string;
}

export interface TelemetryQueueOptions {
  /** Where to send, read per batch; undefined (no key) drops the batch. */
  readonly target: () => Promise<TelemetryTarget | undefined>;
  readonly log?: (line: string) => void;
  /** Events kept at most; the oldest are dropped beyond it. */
  readonly maxQueued?: number;
  /** Delay before a batch is sent, so events of one moment go together. */
  readonly batchDelayMs?: number;
  /** Per-request timeout. */
  readonly requestTimeoutMs?: number;
  /** Tries per event (first send included). */
  readonly maxAttempts?: number;
  /** How requests leave (default: a wire of its own, no proxy settings). */
  readonly wire?: Wire;
}

/** Only plain, short values; anything that looks like a path, an e-mail address or a key is left out. */
const UNSAFE = /[\\/]|@|mg_(live|test|pat)_|^sk-|\n/;
const MAX_VALUE_LENGTH = 64;

export function sanitizeProperties(properties: Readonly<Record<string, unknown>>): TelemetryProperties {
  const clean: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (!/^[a-z_]{1,40}$/.test(key)) continue;
    if (typeof value === 'number' && Number.isFinite(value)) clean[key] = Math.round(value);
    else if (typeof value === 'boolean') clean[key] = value;
    else if (typeof value === 'string' && value.length <= MAX_VALUE_LENGTH && !UNSAFE.test(value)) clean[key] = value;
  }
  return clean;
}

export class TelemetryQueue {
  private queue: TelemetryEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> | undefined;
  private dropped = 0;
  private readonly wire: Wire;

  constructor(private readonly options: TelemetryQueueOptions) {
    this.wire = options.wire ?? new Wire();
  }

  /** Events dropped because the queue was full or the endpoint kept failing. */
  get droppedCount(): number {
    return this.dropped;
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  /** Queues an event and returns at once. */
  enqueue(event: TelemetryEventName, properties: Readonly<Record<string, unknown>> = {}): void {
    this.queue.push({ event, source: 'vscode_extension', properties: sanitizeProperties(properties), timestamp: new Date().toISOString() });
    const max = this.options.maxQueued ?? 100;
    if (this.queue.length > max) {
      this.dropped += this.queue.length - max;
      this.queue.splice(0, this.queue.length - max);
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.sendAll();
    }, this.options.batchDelayMs ?? 1000);
  }

  /** Sends what is queued, giving up after `deadlineMs` (deactivation must not hang). */
  async flush(deadlineMs = 3000): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    let timeout: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.sendAll(), new Promise<void>((resolve) => (timeout = setTimeout(resolve, deadlineMs)))]);
    clearTimeout(timeout);
  }

  private sendAll(): Promise<void> {
    // One sender at a time; events queued meanwhile go in its next round.
    this.sending ??= (async () => {
      try {
        while (this.queue.length) {
          const batch = this.queue.splice(0, this.queue.length);
          const target = await this.options.target().catch(() => undefined);
          if (!target) {
            this.dropped += batch.length;
            continue;
          }
          for (const event of batch) {
            await this.sendOne(target, event);
          }
        }
      } finally {
        this.sending = undefined;
      }
    })();
    return this.sending;
  }

  private async sendOne(target: TelemetryTarget, event: TelemetryEvent): Promise<void> {
    const attempts = this.options.maxAttempts ?? 2;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const baseUrl = withoutTrailingSlashes(target.baseUrl);
        const send = this.wire.fetchFor({ baseUrl, headers: { authorization: `Bearer ${target.apiKey}` } });
        const response = await send(`${baseUrl}/telemetry/event`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 5000),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          this.options.log?.(`Telemetry sent: ${event.event} ${JSON.stringify(event.properties)}`);
          return;
        }
        // A 4xx will not get better by trying again.
        if (response.status < 500 && response.status !== 429) break;
      } catch {
        // Network failure or timeout: maybe once more.
      }
    }
    this.dropped++;
    this.options.log?.(`Telemetry dropped: ${event.event}`);
  }
}

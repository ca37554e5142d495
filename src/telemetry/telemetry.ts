import * as vscode from 'vscode';
import type { Wire } from '../network/wire';
import { Disposable } from '../util/lifecycle';
import { TelemetryQueue, type TelemetryEventName, type TelemetryTarget } from './telemetryQueue';

const EVENTS: ReadonlySet<string> = new Set<TelemetryEventName>([
  'session_start',
  'session_end',
  'first_call',
  'generate_started',
  'generate_completed',
  'generate_failed',
  'error_fix_started',
  'error_fix_applied',
  'upgrade_shown',
  'upgrade_clicked',
]);

/**
 * Telemetry through `vscode.env.createTelemetryLogger`, so VS Code's telemetry setting (and its
 * changes) always wins; `monsterGaming.telemetry.enabled` can only turn it off further. Events
 * carry counts, ids and codes — never prompts, answers, code, paths or keys.
 */
export class Telemetry extends Disposable {
  private readonly queue: TelemetryQueue;
  private readonly logger: vscode.TelemetryLogger;

  constructor(
    target: () => Promise<TelemetryTarget | undefined>,
    private readonly enabledBySetting: () => boolean,
    log: (line: string) => void,
    wire: Wire,
  ) {
    super();
    this.queue = new TelemetryQueue({ target, log, wire });
    const queue = this.queue;
    const sender: vscode.TelemetrySender = {
      sendEventData(eventName, data) {
        // The logger prefixes names with the extension id ("publisher.name/event").
        const event = eventName.slice(eventName.lastIndexOf('/') + 1);
        if (EVENTS.has(event)) {
          queue.enqueue(event as TelemetryEventName, data ?? {});
        }
      },
      sendErrorData() {
        // Errors are not reported: stack traces can hold paths.
      },
      flush: () => queue.flush(),
    };
    this.logger = vscode.env.createTelemetryLogger(sender, { ignoreBuiltInCommonProperties: true, ignoreUnhandledErrors: true });
  }

  /** Logs one event; returns at once. */
  event(name: TelemetryEventName, properties: Readonly<Record<string, string | number | boolean | undefined>> = {}): void {
    if (!this.enabledBySetting() || !this.logger.isUsageEnabled) {
      return;
    }
    const defined = Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));
    this.logger.logUsage(name, defined);
  }

  /** Sends what is pending (bounded in time); used on deactivate. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  override dispose(): void {
    super.dispose();
    this.logger.dispose();
  }
}

import * as vscode from 'vscode';
import { Disposable } from '../util/lifecycle';

/** Every setting the extension reads, already validated. Nothing else calls getConfiguration. */
export interface Settings {
  /** `monsterGaming.baseUrl`: the gateway, ending in /v1. Application scope: a workspace cannot redirect the key. */
  readonly baseUrl: string;
  /** `monsterGaming.model`: `monster-gpt` routes on the gateway; anything else gets local specialist prompts. */
  readonly model: string;
  /** `monsterGaming.discipline`: a pinned discipline id, or `auto`. */
  readonly discipline: string;
  /** `monsterGaming.telemetry.enabled`: can only turn telemetry off further than VS Code's own setting. */
  readonly telemetryEnabled: boolean;
  /** `monsterGaming.history.maxConversations`: past conversations kept per workspace. */
  readonly maxConversations: number;
  /** `monsterGaming.rateLimit.maxWaitSeconds`: longest `Retry-After` waited out automatically. */
  readonly rateLimitMaxWaitSeconds: number;
  /** `monsterGaming.fix.preview`: show a proposed fix as a diff before applying it. */
  readonly fixPreview: boolean;
  /** `monsterGaming.request.idleTimeoutSeconds`: a stream silent this long is stopped (STALLED). */
  readonly idleTimeoutSeconds: number;
}

export const SECTION = 'monsterGaming';
export const DEFAULT_BASE_URL = 'https://api.monstergaming.ai/v1';
export const DEFAULT_MODEL = 'monster-gpt';

/** The part of WorkspaceConfiguration the reader needs (so it can be tested without VS Code). */
export interface ConfigurationSource {
  get<T>(key: string): T | undefined;
  inspect?<T>(key: string): { globalValue?: T; defaultValue?: T } | undefined;
}

function clampNumber(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function nonEmpty(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}

/** A base URL we will send the key to: http(s) only, no trailing slash. Anything else falls back to the default. */
export function normalizeBaseUrl(raw: unknown): string {
  const text = nonEmpty(raw, DEFAULT_BASE_URL);
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return DEFAULT_BASE_URL;
    }
    return url.toString().replace(/\/+$/, '');
  } catch {
    return DEFAULT_BASE_URL;
  }
}

/**
 * Turns raw configuration into Settings. `baseUrl` is read from user settings only: even if an
 * older VS Code let a workspace set it, a workspace must never redirect requests that carry the key.
 */
export function readSettings(config: ConfigurationSource): Settings {
  const inspected = config.inspect?.<string>('baseUrl');
  const baseUrl = inspected ? inspected.globalValue ?? inspected.defaultValue : config.get<string>('baseUrl');
  return {
    baseUrl: normalizeBaseUrl(baseUrl),
    model: nonEmpty(config.get('model'), DEFAULT_MODEL),
    discipline: nonEmpty(config.get('discipline'), 'auto'),
    telemetryEnabled: config.get<boolean>('telemetry.enabled') !== false,
    maxConversations: Math.round(clampNumber(config.get('history.maxConversations'), 1, 500, 50)),
    rateLimitMaxWaitSeconds: clampNumber(config.get('rateLimit.maxWaitSeconds'), 0, 600, 60),
    fixPreview: config.get<boolean>('fix.preview') !== false,
    idleTimeoutSeconds: clampNumber(config.get('request.idleTimeoutSeconds'), 5, 600, 60),
  };
}

/** Current settings and a change event that fires only when one of ours changed. */
export class SettingsService extends Disposable {
  private current: Settings;
  private readonly changed = this.register(new vscode.EventEmitter<Settings>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.current = readSettings(vscode.workspace.getConfiguration(SECTION));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) {
          this.current = readSettings(vscode.workspace.getConfiguration(SECTION));
          this.changed.fire(this.current);
        }
      }),
    );
  }

  get value(): Settings {
    return this.current;
  }

  /** Pins a discipline (or `auto`) in user settings. */
  async setDiscipline(discipline: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('discipline', discipline, vscode.ConfigurationTarget.Global);
  }
}

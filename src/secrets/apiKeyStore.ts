import { PROVIDERS, secretStorageKey, type ProviderPreset } from '../gateway/providers';
import { Emitter, type IDisposable } from '../util/lifecycle';
import { secrets as redactor } from './redact';

/** The part of vscode.SecretStorage the store needs (handed in, so tests need no VS Code). */
export interface SecretStorageLike {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  onDidChange(listener: (e: { key: string }) => unknown): IDisposable;
}

/** Where the key in use came from. */
export type KeySource = 'secretStorage' | 'environment';

export interface ResolvedKey {
  readonly key: string;
  readonly source: KeySource;
}

export const SECRET_KEY = secretStorageKey('monsterGaming');
export const ENV_VAR = 'MONSTER_GAMING_API_KEY';

/** Thrown when the OS keyring behind SecretStorage fails; the message says how to fix it. */
export class SecretStorageUnavailableError extends Error {
  constructor(cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `VS Code could not store the key in your system keyring (${detail}). ` +
        'On Linux, install and unlock a keyring (e.g. gnome-keyring or KWallet), or start VS Code with ' +
        '--password-store="gnome-libsecret" (or "kwallet5"); see https://code.visualstudio.com/docs/configure/settings-sync#_troubleshooting-keychain-issues. ' +
        `Until then you can set the ${ENV_VAR} environment variable. The key was not written anywhere else.`,
    );
    this.name = 'SecretStorageUnavailableError';
  }
}

/** Key prefixes the Monster Gaming gateway issues. */
const KEY_PATTERN = /^mg_(live|test|pat)_[A-Za-z0-9_-]{4,}$/;

export function looksLikeMonsterKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** `mg_test_` keys are the sandbox. */
export function keyEnvironment(key: string): 'sandbox' | 'production' {
  return key.startsWith('mg_test_') ? 'sandbox' : 'production';
}

/** A short, safe way to refer to a key in messages: its prefix and last four characters. */
export function maskKey(key: string): string {
  const prefix = /^mg_(live|test|pat)_/.exec(key)?.[0] ?? '';
  return key.length <= prefix.length + 4 ? `${prefix}****` : `${prefix}…${key.slice(-4)}`;
}

/**
 * The API key: kept only in SecretStorage (the OS keyring), falling back to the
 * MONSTER_GAMING_API_KEY environment variable when none is stored. Never logged, never sent to
 * the webview, never written to settings or state. Keys set in another window are picked up
 * through SecretStorage's change event.
 */
export class ApiKeyStore implements IDisposable {
  private readonly changed = new Emitter<void>();
  /** Fires when a stored key changed here or in another window. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: IDisposable;
  private readonly cached = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly secrets: SecretStorageLike,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY || e.key.startsWith(`${SECRET_KEY}.`)) {
        this.cached.delete(e.key);
        this.changed.fire();
      }
    });
  }

  private stored(entry: string): Promise<string | undefined> {
    let value = this.cached.get(entry);
    if (!value) {
      value = Promise.resolve(this.secrets.get(entry)).then(
        (v) => {
          const trimmed = v?.trim() || undefined;
          redactor.remember(trimmed);
          return trimmed;
        },
        () => undefined,
      );
      this.cached.set(entry, value);
    }
    return value;
  }

  /** The Monster Gaming key to use: the stored one, else the environment's, else undefined. */
  async resolve(): Promise<ResolvedKey | undefined> {
    const stored = await this.stored(SECRET_KEY);
    if (stored) {
      return { key: stored, source: 'secretStorage' };
    }
    const fromEnv = this.env[ENV_VAR]?.trim();
    redactor.remember(fromEnv);
    return fromEnv ? { key: fromEnv, source: 'environment' } : undefined;
  }

  /**
   * Reads every slot of every provider (and the environment's key) once, so the redaction step
   * knows each secret before any text that could echo one is logged or shown.
   */
  async rememberAll(): Promise<void> {
    await this.resolve();
    await Promise.all(PROVIDERS.flatMap((preset) => preset.slots.map((slot) => this.slot(slot.id))));
  }

  async hasStoredKey(): Promise<boolean> {
    return (await this.stored(SECRET_KEY)) !== undefined;
  }

  /** One slot's stored value (another provider's key, a Portkey virtual key, …). */
  slot(slotId: string): Promise<string | undefined> {
    return this.stored(secretStorageKey(slotId));
  }

  /**
   * The values of a provider's slots, by slot id, and nothing else: a caller building a request
   * cannot get another provider's keys from here. Monster Gaming's slot falls back to the
   * environment variable.
   */
  async secretsFor(preset: ProviderPreset): Promise<Record<string, string | undefined>> {
    const entries = await Promise.all(
      preset.slots.map(async (slot) => [slot.id, slot.id === 'monsterGaming' ? (await this.resolve())?.key : await this.slot(slot.id)] as const),
    );
    return Object.fromEntries(entries);
  }

  /** Stores the Monster Gaming key (trimmed). Throws SecretStorageUnavailableError when the keyring fails. */
  set(key: string): Promise<void> {
    return this.setSlot('monsterGaming', key);
  }

  /** Stores one slot's value (trimmed). Throws SecretStorageUnavailableError when the keyring fails. */
  async setSlot(slotId: string, value: string): Promise<void> {
    const trimmed = value.trim();
    if (!trimmed) {
      throw new Error('The API key is empty.');
    }
    const entry = secretStorageKey(slotId);
    redactor.remember(trimmed);
    try {
      await this.secrets.store(entry, trimmed);
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
    this.cached.set(entry, Promise.resolve(trimmed));
    this.changed.fire();
  }

  /** Deletes the Monster Gaming key. */
  clear(): Promise<void> {
    return this.clearSlot('monsterGaming');
  }

  async clearSlot(slotId: string): Promise<void> {
    const entry = secretStorageKey(slotId);
    try {
      await this.secrets.delete(entry);
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
    this.cached.set(entry, Promise.resolve(undefined));
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

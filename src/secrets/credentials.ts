import type { Settings } from '../config/settings';
import type { GatewayConnection } from '../gateway/client';
import { GatewayError } from '../gateway/errors';
import { connectionFor, missingSlots, providerById, providerLabel, type ProviderPreset, type SecretSlot } from '../gateway/providers';
import type { ApiKeyStore } from './apiKeyStore';

/**
 * The active provider's secrets turned into a connection, read fresh for every request so a
 * provider switch or a key set in another window applies to the next request at once.
 */
export class ProviderCredentials {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly settings: () => Pick<Settings, 'provider'>,
  ) {}

  preset(): ProviderPreset {
    return providerById(this.settings().provider.id);
  }

  /** Required secrets of the active provider that are not set yet. */
  async missing(): Promise<SecretSlot[]> {
    const preset = this.preset();
    return missingSlots(preset, await this.keys.secretsFor(preset));
  }

  async hasKey(): Promise<boolean> {
    return (await this.missing()).length === 0;
  }

  /**
   * URL, key and headers for the next request; throws NO_API_KEY naming the missing secret.
   * `override` replaces one slot's value (used to check a key before it is stored).
   */
  async connection(override?: { readonly slotId: string; readonly value: string }): Promise<GatewayConnection> {
    const provider = this.settings().provider;
    const preset = providerById(provider.id);
    const secrets = await this.keys.secretsFor(preset);
    if (override && preset.slots.some((s) => s.id === override.slotId)) {
      secrets[override.slotId] = override.value;
    }
    const missing = missingSlots(preset, secrets);
    if (missing.length > 0) {
      throw new GatewayError('NO_API_KEY', `No ${missing[0].label} is set for ${providerLabel(provider)}.`);
    }
    return connectionFor(provider, secrets);
  }
}

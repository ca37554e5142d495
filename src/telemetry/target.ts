import type { Settings } from '../config/settings';
import { providerById } from '../gateway/providers';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import type { TelemetryTarget } from './telemetryQueue';

/**
 * Where telemetry goes: Monster Gaming's gateway, with its key. With another provider active,
 * nothing is sent anywhere (its gateway has no telemetry endpoint, and it must not get ours).
 */
export function monsterGamingTarget(keys: Pick<ApiKeyStore, 'resolve'>, settings: () => Pick<Settings, 'provider' | 'monsterGamingBaseUrl'>): () => Promise<TelemetryTarget | undefined> {
  return async () => {
    const key = await keys.resolve();
    const current = settings();
    return key && providerById(current.provider.id).isMonsterGaming ? { baseUrl: current.monsterGamingBaseUrl, apiKey: key.key } : undefined;
  };
}

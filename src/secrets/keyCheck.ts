import type { Settings } from '../config/readSettings';
import { GatewayClient, type WhoAmI } from '../gateway/client';
import type { Wire } from '../network/wire';
import type { ProviderCredentials } from './credentials';
import type { KeyCheck } from './keyCommands';

/** Asks the gateway at `baseUrl` who a key belongs to; throws GatewayError (INVALID_API_KEY, NETWORK, …). */
export function validateKey(wire: Wire, baseUrl: string, apiKey: string, signal?: AbortSignal): Promise<WhoAmI> {
  return new GatewayClient(() => Promise.resolve({ baseUrl, apiKey }), { wire }).whoami(signal ?? AbortSignal.timeout(15_000));
}

/**
 * Where Set API Key checks a key before storing it: the Monster Gaming key with `GET /whoami` at
 * the Monster Gaming base URL, whichever provider is active (the key must never go to another
 * provider's host); another provider's secret by listing that provider's models (with the new
 * value in its slot).
 */
export function createKeyCheck(settings: () => Pick<Settings, 'monsterGamingBaseUrl'>, credentials: Pick<ProviderCredentials, 'connection'>, wire: Wire): KeyCheck {
  return {
    check: async (slotId, key, signal) =>
      slotId === 'monsterGaming'
        ? validateKey(wire, settings().monsterGamingBaseUrl, key, signal)
        : { models: (await new GatewayClient(() => credentials.connection({ slotId, value: key }), { wire }).listModels(signal)).length },
  };
}

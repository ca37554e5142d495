import type { ConfigurationSource } from '../../src/config/readSettings';
import type { SecretStorageLike } from '../../src/secrets/apiKeyStore';

/** SecretStorage in memory, as VS Code's behaves (strings by key, change events). */
export function memorySecrets(): SecretStorageLike & { readonly values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: (key) => Promise.resolve(values.get(key)),
    store: (key, value) => Promise.resolve(void values.set(key, value)),
    delete: (key) => Promise.resolve(void values.delete(key)),
    onDidChange: () => ({ dispose: () => undefined }),
  };
}

export function userConfig(values: Record<string, unknown>): ConfigurationSource {
  return { get: <T>(key: string) => values[key] as T | undefined, inspect: <T>(key: string) => ({ globalValue: values[key] as T | undefined }) };
}

import * as assert from 'node:assert/strict';
import { ApiKeyStore, ENV_VAR, keyEnvironment, looksLikeMonsterKey, maskKey, SECRET_KEY, SecretStorageUnavailableError, type SecretStorageLike } from '../../src/secrets/apiKeyStore';

/** SecretStorage as VS Code gives it: async, with a change event that also fires for other windows. */
class MemorySecrets implements SecretStorageLike {
  readonly data = new Map<string, string>();
  private listeners: Array<(e: { key: string }) => unknown> = [];
  failing = false;
  get = (key: string): Promise<string | undefined> => Promise.resolve(this.data.get(key));
  store = (key: string, value: string): Promise<void> => {
    if (this.failing) return Promise.reject(new Error('Cannot create an item in a locked collection'));
    this.data.set(key, value);
    return Promise.resolve();
  };
  delete = (key: string): Promise<void> => Promise.resolve(void this.data.delete(key));
  onDidChange = (listener: (e: { key: string }) => unknown): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  /** Another window changed the secret. */
  changeElsewhere(value: string): void {
    this.data.set(SECRET_KEY, value);
    this.listeners.forEach((l) => l({ key: SECRET_KEY }));
  }
}

describe('ApiKeyStore', () => {
  it('stores the trimmed key in SecretStorage only', async () => {
    const secrets = new MemorySecrets();
    const store = new ApiKeyStore(secrets, {});
    await store.set('  mg_live_abc123  ');
    assert.deepEqual([...secrets.data.entries()], [[SECRET_KEY, 'mg_live_abc123']]);
    assert.deepEqual(await store.resolve(), { key: 'mg_live_abc123', source: 'secretStorage' });
  });

  it('refuses a blank key', async () => {
    await assert.rejects(new ApiKeyStore(new MemorySecrets(), {}).set('   '));
  });

  it('falls back to MONSTER_GAMING_API_KEY when nothing is stored', async () => {
    const store = new ApiKeyStore(new MemorySecrets(), { [ENV_VAR]: 'mg_test_fromenv' });
    assert.deepEqual(await store.resolve(), { key: 'mg_test_fromenv', source: 'environment' });
    assert.equal(await store.hasStoredKey(), false);
  });

  it('picks up a key set in another window', async () => {
    const secrets = new MemorySecrets();
    const store = new ApiKeyStore(secrets, {});
    assert.equal(await store.resolve(), undefined);
    let fired = 0;
    store.onDidChange(() => fired++);
    secrets.changeElsewhere('mg_live_other');
    assert.equal(fired, 1);
    assert.equal((await store.resolve())?.key, 'mg_live_other');
  });

  it('clears the key', async () => {
    const secrets = new MemorySecrets();
    const store = new ApiKeyStore(secrets, {});
    await store.set('mg_live_abc123');
    await store.clear();
    assert.equal(await store.resolve(), undefined);
    assert.equal(secrets.data.size, 0);
  });

  it('explains how to fix a failing keyring, and writes the key nowhere else', async () => {
    const secrets = new MemorySecrets();
    secrets.failing = true;
    const store = new ApiKeyStore(secrets, {});
    await assert.rejects(store.set('mg_live_abc123'), (e: unknown) => {
      assert.ok(e instanceof SecretStorageUnavailableError);
      assert.match(e.message, /keyring/);
      assert.match(e.message, /password-store/);
      assert.doesNotMatch(e.message, /mg_live_abc123/);
      return true;
    });
    assert.equal(secrets.data.size, 0);
    assert.equal(await store.resolve(), undefined);
  });

  it('knows the key formats and never shows a whole key', () => {
    assert.ok(looksLikeMonsterKey('mg_live_abc123'));
    assert.ok(looksLikeMonsterKey('mg_pat_abc123'));
    assert.ok(!looksLikeMonsterKey('sk-abc123'));
    assert.equal(keyEnvironment('mg_test_abc'), 'sandbox');
    assert.equal(keyEnvironment('mg_live_abc'), 'production');
    assert.equal(maskKey('mg_live_abcdefgh1234'), 'mg_live_…1234');
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, gatewayUrl, manifest, waitFor } from './helpers';

/** The launcher writes these into the temp workspace's .vscode/settings.json. */
const WORKSPACE_BASE_URL = 'http://workspace-override.invalid/v1';

describe('Settings (real configuration service)', () => {
  before(async () => {
    await activated();
  });

  it('reads every monsterGaming.* setting with its package.json default', () => {
    const properties = manifest().contributes.configuration.properties;
    const keys = Object.keys(properties);
    assert.ok(keys.length >= 6, `package.json declares ${keys.length} settings`);
    const config = vscode.workspace.getConfiguration('monsterGaming');
    for (const fullKey of keys) {
      assert.ok(fullKey.startsWith('monsterGaming.'), fullKey);
      const key = fullKey.slice('monsterGaming.'.length);
      const declared = properties[fullKey].default;
      const inspected = config.inspect(key);
      assert.ok(inspected, `${fullKey} is known to the configuration service`);
      assert.deepEqual(inspected.defaultValue, declared, `${fullKey} default`);
      if (fullKey !== 'monsterGaming.baseUrl') {
        // Nothing else is set by the launcher: the effective value is the default.
        assert.deepEqual(config.get(key), declared, `${fullKey} effective value`);
      }
    }
  });

  it('declares monsterGaming.baseUrl with application scope in package.json', () => {
    const properties = manifest().contributes.configuration.properties;
    assert.equal(properties['monsterGaming.baseUrl'].scope, 'application');
  });

  it('declares every setting that decides where a key is sent with application scope', () => {
    const properties = manifest().contributes.configuration.properties;
    const routing = Object.keys(properties).filter((key) => key === 'monsterGaming.provider' || key.endsWith('.baseUrl') || key.endsWith('.customHost'));
    assert.ok(routing.length >= 9, `found ${routing.join(', ')}`);
    for (const key of routing) assert.equal(properties[key].scope, 'application', key);
  });

  it('ignores a workspace value for monsterGaming.baseUrl (application scope)', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    const workspaceSettings = JSON.parse(text) as Record<string, unknown>;
    // Preconditions: the workspace really tries to redirect the gateway, and its settings are loaded.
    assert.equal(workspaceSettings['monsterGaming.baseUrl'], WORKSPACE_BASE_URL);
    const associations = workspaceSettings['files.associations'];
    assert.ok(associations, 'the workspace settings set files.associations');
    await waitFor('workspace settings to be loaded', () => {
      const value = vscode.workspace.getConfiguration('files').inspect('associations')?.workspaceValue;
      return JSON.stringify(value) === JSON.stringify(associations);
    });

    const inspected = vscode.workspace.getConfiguration('monsterGaming').inspect<string>('baseUrl');
    assert.ok(inspected);
    assert.equal(inspected.workspaceValue, undefined, 'the workspace value is dropped');
    assert.equal(inspected.workspaceFolderValue, undefined);
    assert.equal(inspected.globalValue, gatewayUrl(), 'the user value (from the launcher) is kept');
    assert.equal(vscode.workspace.getConfiguration('monsterGaming').get('baseUrl'), gatewayUrl());
  });

  it('refuses to write monsterGaming.baseUrl into workspace settings', async () => {
    await assert.rejects(
      Promise.resolve(vscode.workspace.getConfiguration('monsterGaming').update('baseUrl', 'http://elsewhere.invalid/v1', vscode.ConfigurationTarget.Workspace)),
      (error: unknown) => error instanceof Error && /only into User settings/i.test(error.message),
    );
    assert.equal(vscode.workspace.getConfiguration('monsterGaming').get('baseUrl'), gatewayUrl());
  });
});

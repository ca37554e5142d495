import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, ROOT, activated, extension } from './helpers';

describe('Extension activation (real extension host)', () => {
  it('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof vscode.commands.executeCommand, 'function');
  });

  it(`finds ${EXTENSION_ID}, loaded from this repository in development mode`, () => {
    const ext = extension();
    assert.equal(ext.id, EXTENSION_ID);
    assert.equal(path.resolve(ext.extensionPath), ROOT);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('activates without throwing', async () => {
    const ext = await activated();
    assert.equal(ext.isActive, true);
  });

  it('opens a workspace folder (the sample game copy)', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0].uri.scheme, 'file');
  });
});

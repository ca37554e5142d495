/**
 * Generate Game Data in the real extension host: a schema too large to send is refused before the
 * description is asked (the command returns at once, with no input box to answer), and the log
 * says by how much.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, extensionLog, waitFor } from './helpers';

describe('Generate Game Data: schema size (real extension host)', function () {
  this.timeout(60_000);
  let file: string;

  before(async () => {
    await activated();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? assert.fail('a workspace folder');
    file = path.join(folder, 'huge-npc.schema.json');
    const properties = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`stat_${i}`, { type: 'integer', minimum: 0, description: `How much the "${i}" stat adds to the NPC's power, per level.` }]));
    fs.writeFileSync(file, JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties }, null, 2));
  });
  after(() => fs.rmSync(file, { force: true }));

  it('refuses a schema too large to send before asking for the description', async () => {
    // Before the check, the command waited here for a description (then failed as too large).
    const asked = new Promise<'asked'>((resolve) => setTimeout(() => resolve('asked'), 8_000));
    const result = await Promise.race([vscode.commands.executeCommand<boolean>('monsterGaming.generateGameData', vscode.Uri.file(file)), asked]);
    if (result === 'asked') await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(result, false);
    await waitFor('the size in the log', () => /Generate Game Data \(huge-npc\.schema\.json\): the schema makes a \d+-byte request before the description; at most \d+\./.test(extensionLog()));
  });
});

/**
 * Import Engine Log in the real extension host: a log naming files inside the workspace, outside
 * it, through a link leaving it, on a network share and beyond the Godot project. Only the file
 * inside gets a problem; nothing outside is opened.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImportSummary } from '../../src/fix/engineLogDiagnostics';
import { activated } from './helpers';

/** Runs the command on a log file, failing (instead of hanging on a picker) when it does not answer. */
async function importLog(log: vscode.Uri): Promise<ImportSummary | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 15_000));
  const summary = await Promise.race([vscode.commands.executeCommand<ImportSummary | undefined>('monsterGaming.importEngineLog', log), timeout]);
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return summary;
}

/** Every diagnostic the import set, by file. */
function imported(): Map<string, vscode.Diagnostic[]> {
  const sources = new Set(['Unity', 'MSVC', 'Clang', 'Godot', 'DXC', 'FXC', 'glslang']);
  return new Map(
    vscode.languages
      .getDiagnostics()
      .map(([uri, diagnostics]) => [uri.fsPath, diagnostics.filter((d) => sources.has(String(d.source)))] as const)
      .filter(([, diagnostics]) => diagnostics.length > 0),
  );
}

describe('Import Engine Log keeps to the workspace', () => {
  let workspace: string;
  let outside: string;
  let logFile: string;
  const linkFile = (): string => path.join(workspace, 'Assets', 'Shaders', 'Linked.hlsl');

  before(async () => {
    await activated();
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-outside-'));
    fs.writeFileSync(path.join(outside, 'Secret.cs'), 'class Secret {}\n'.repeat(10));
    fs.writeFileSync(path.join(outside, 'Secret.hlsl'), 'float4 secret;\n'.repeat(10));
    fs.symlinkSync(path.join(outside, 'Secret.hlsl'), linkFile());
    logFile = path.join(workspace, 'Logs', 'mixed.log');
    fs.writeFileSync(
      logFile,
      [
        "Assets/Scripts/PlayerController.cs(21,17): warning CS0618: 'Input' is obsolete",
        `${path.join(outside, 'Secret.cs')}(5,1): note: see the declaration outside`,
        '',
        `${path.join(outside, 'Secret.cs')}(3,1): error CS0246: outside the workspace`,
        "Assets/Shaders/Linked.hlsl(2,1): error X3004: undeclared identifier 'secret'",
        "\\\\buildserver\\share\\Shooter\\Source\\Weapon.cpp(4): error C2065: 'Ammo': undeclared identifier",
        'SCRIPT ERROR: Parse Error: escapes the project',
        '   at: _ready (res://../../../etc/passwd:3)',
      ].join('\n'),
    );
  });

  after(async () => {
    // A log whose only problem is outside replaces the import with nothing.
    fs.writeFileSync(logFile, `${path.join(outside, 'Secret.cs')}(3,1): error CS0246: outside\n`);
    await importLog(vscode.Uri.file(logFile));
    fs.rmSync(linkFile(), { force: true });
    fs.rmSync(logFile, { force: true });
    fs.rmSync(outside, { recursive: true, force: true });
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('sets problems only on the file inside, lists the four outside paths, and opens none of them', async () => {
    const summary = await importLog(vscode.Uri.file(logFile));
    assert.ok(summary, 'the command imported the log it was given and said what it did');
    assert.deepEqual({ problems: summary.problems, files: summary.files, outside: summary.outside, unresolved: summary.unresolved }, { problems: 1, files: 1, outside: 4, unresolved: 0 });
    assert.deepEqual(
      summary.skipped.map((s) => [s.path, s.reason]).sort(),
      [
        [path.join(outside, 'Secret.cs'), 'elsewhere'],
        ['Assets/Shaders/Linked.hlsl', 'link-outside'],
        ['\\\\buildserver\\share\\Shooter\\Source\\Weapon.cpp', 'network'],
        ['res://../../../etc/passwd', 'leaves-godot-project'],
      ].sort(),
    );

    const diagnostics = imported();
    assert.deepEqual([...diagnostics.keys()], [path.join(workspace, 'Assets', 'Scripts', 'PlayerController.cs')]);
    const [warning] = diagnostics.values().next().value ?? [];
    assert.equal(warning?.code, 'CS0618');
    assert.deepEqual(warning?.relatedInformation ?? [], [], 'the note outside the workspace is not linked');

    const opened = vscode.workspace.textDocuments.map((d) => d.uri.fsPath);
    for (const file of [path.join(outside, 'Secret.cs'), path.join(outside, 'Secret.hlsl'), linkFile()]) {
      assert.ok(!opened.includes(file), `${file} was opened`);
    }
  });
});

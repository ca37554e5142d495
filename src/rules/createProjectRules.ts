/**
 * **Create Project Rules**: writes a starter `AGENTS.md` at the root of a workspace folder from
 * its engine profile, for the team to edit, and opens it. It never overwrites: when the folder has
 * an AGENTS.md already, that one is opened instead (and the user told so). It writes, so it runs
 * only in a trusted workspace.
 */
import * as vscode from 'vscode';
import type { EngineDetector } from '../engine/workspaceEngine';
import { AGENTS_FILE } from './ruleReader';
import { starterAgentsMd } from './starter';

/** Manage Workspace Trust (VS Code's own command). */
const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The folder to write into: the one holding `target`, the only one, or the one the user picks. */
async function chooseFolder(target: vscode.Uri | undefined): Promise<vscode.WorkspaceFolder | undefined> {
  const holding = target && vscode.workspace.getWorkspaceFolder(target);
  if (holding) return holding;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: open a folder first; Create Project Rules writes AGENTS.md at its root.'));
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('The folder to create AGENTS.md in') });
}

async function open(uri: vscode.Uri): Promise<void> {
  await vscode.window.showTextDocument(uri, { preview: false });
}

/**
 * Runs the command. `target`: a URI in the folder to write into (from a menu or a test); else
 * the only folder, or a pick. Resolves to the AGENTS.md opened, or undefined when none was.
 */
export async function createProjectRules(engines: Pick<EngineDetector, 'profileFor'>, log: (line: string) => void, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!vscode.workspace.isTrusted) {
    const manage = vscode.l10n.t('Manage Workspace Trust');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Monster Gaming: Create Project Rules writes AGENTS.md into this workspace, which is not trusted. Trust it first.'), manage);
    if (answer === manage) await vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
    return undefined;
  }
  const folder = await chooseFolder(target);
  if (!folder) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, AGENTS_FILE);
  const alreadyThere = async (): Promise<vscode.Uri> => {
    await open(uri);
    void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: {0} already has an AGENTS.md; it is opened, not overwritten.', folder.name));
    return uri;
  };
  if (await exists(uri)) return alreadyThere();

  const profile = await engines.profileFor(folder.uri);
  const edit = new vscode.WorkspaceEdit();
  // A file operation, not a text edit: written to disk at once, refused if the file appeared
  // meanwhile (overwrite: false), and undoable like any other file creation.
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(starterAgentsMd(profile, folder.name)) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    if (await exists(uri)) return alreadyThere();
    throw new Error(vscode.l10n.t('Could not create {0}. Check that the folder is writable, then run Create Project Rules again.', uri.fsPath));
  }
  log(`Created ${uri.toString(true)} from the engine profile (${profile ? profile.engine : 'no engine detected'}).`);
  await open(uri);
  void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: AGENTS.md created from the engine profile. Edit it for your team: it goes with every question about {0}.', folder.name));
  return uri;
}

import * as vscode from 'vscode';
import type { EngineInfo } from './detect';
import type { ProfileProblem } from './projectFiles';
import { headerLabel, profileDetails, type ProfileWords } from './profileText';

function problemText(problem: ProfileProblem): string {
  const detail = problem.detail ?? '';
  switch (problem.reason) {
    case 'tooBig':
      return detail ? vscode.l10n.t('too large to read ({0})', detail) : vscode.l10n.t('too large to read');
    case 'binary':
      return vscode.l10n.t('binary, not text');
    case 'notText':
      return vscode.l10n.t('not UTF-8 text');
    case 'badJson':
      return vscode.l10n.t('not valid JSON ({0})', detail);
    case 'badFormat':
      return vscode.l10n.t('not in the expected format ({0})', detail);
    case 'symlink':
      return vscode.l10n.t('a symbolic link, not followed');
    case 'unsafePath':
      return vscode.l10n.t('a path outside the project, not followed ({0})', detail);
    case 'readError':
      return vscode.l10n.t('could not be read ({0})', detail);
    case 'missing':
      return vscode.l10n.t('missing');
    case 'limit':
      return vscode.l10n.t('not read: the profile reads at most {0}', detail);
  }
}

/** The details' words in the user's language (the system line sent to the model stays English). */
function localWords(): ProfileWords {
  return {
    project: vscode.l10n.t('Project'),
    renderPipeline: vscode.l10n.t('Render pipeline'),
    input: vscode.l10n.t('Input'),
    entities: vscode.l10n.t('Entities'),
    netcode: vscode.l10n.t('Netcode'),
    scriptingBackend: vscode.l10n.t('Scripting backend'),
    plugins: vscode.l10n.t('Enabled plugins'),
    modules: vscode.l10n.t('Modules'),
    renderer: vscode.l10n.t('Renderer'),
    mobileRenderer: vscode.l10n.t('Mobile renderer'),
    scripting: vscode.l10n.t('Scripting'),
    none: vscode.l10n.t('none'),
    readFrom: vscode.l10n.t('Read from'),
    couldNotRead: vscode.l10n.t('Could not read'),
    problem: problemText,
  };
}

/** The chat header's engine label and its tooltip (the profile, the files it was read from, what could not be read). */
export function profileHeader(engine: EngineInfo): { readonly label: string; readonly tooltip: string } {
  return { label: headerLabel(engine), tooltip: profileDetails(engine, localWords()) };
}

import * as vscode from 'vscode';
import { LM_VENDOR, MonsterLanguageModels, type LanguageModelDeps } from './languageModels';
import { registrationFunction } from './lmApi';
import { registerParticipant, type ParticipantDeps } from './participant';

/** What VS Code's Chat view gets from the extension; every disposable is in `disposables`. */
export interface VsCodeChat {
  /** `@monster`, where this VS Code has the chat participant API. */
  readonly participant: vscode.ChatParticipant | undefined;
  readonly disposables: vscode.Disposable[];
}

/**
 * Registers `@monster` and, where this VS Code has the language model chat provider API (1.104+),
 * the Monster Gaming models. Without the models, a VS Code with no signed-in Copilot refuses every
 * participant request ("Language model unavailable"), so they also make `@monster` usable there.
 */
export function registerVsCodeChat(deps: ParticipantDeps & LanguageModelDeps, iconPath: vscode.Uri): VsCodeChat {
  const disposables: vscode.Disposable[] = [];
  const participant = registerParticipant(deps, iconPath);
  if (participant) disposables.push(participant);
  const register = registrationFunction();
  if (register) {
    const models = new MonsterLanguageModels(deps);
    disposables.push(models, register(LM_VENDOR, models));
    // VS Code asks a vendor for its models lazily, so until something selects one the picker offers
    // only "Sign in to use Copilot". Asking once lists ours right away.
    void Promise.resolve(vscode.lm.selectChatModels({ vendor: LM_VENDOR })).catch((error: unknown) => deps.log(`Could not list the Monster Gaming models: ${String(error)}`));
  } else {
    deps.log('This VS Code has no language model provider API; Monster Gaming models are not offered in its model picker.');
  }
  return { participant, disposables };
}

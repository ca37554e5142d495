import * as vscode from 'vscode';
import { isChatSurface, type AnswerUsage } from '../answering/types';

/** `contributes.walkthroughs[0].id`: "Get started with Monster Gaming". */
export const WALKTHROUGH_ID = 'gettingStarted';

/** Context keys the walkthrough's steps complete on (`completionEvents: onContext:…`). */
export const OnboardingKeys = {
  /** A key is stored, or comes from MONSTER_GAMING_API_KEY. */
  hasKey: 'monsterGaming.hasKey',
  /** An answer finished, in the sidebar or from `@monster`. */
  askedFirstQuestion: 'monsterGaming.askedFirstQuestion',
  /** A fix was applied. */
  fixedFirstError: 'monsterGaming.fixedFirstError',
} as const;

/** globalState: the walkthrough was opened once (on first install), so never again by itself. */
const SHOWN_STATE = 'monsterGaming.walkthrough.shown';

/**
 * The first-run walkthrough: opens it once on first install, and sets the context keys its steps
 * complete on when the user has done each thing. VS Code remembers completed steps itself, so the
 * keys are not restored at startup: a step completes when its key changes to true, and with keys
 * restored to true after a reload, a later fix never checked its step off (code-server 1.139).
 */
export class Onboarding {
  constructor(
    private readonly globalState: vscode.Memento,
    private readonly extensionId: string,
  ) {}

  /** Opens the walkthrough the first time the extension ever runs. */
  start(openOnFirstInstall: boolean): void {
    if (openOnFirstInstall && !this.globalState.get<boolean>(SHOWN_STATE)) {
      void this.globalState.update(SHOWN_STATE, true);
      void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${this.extensionId}#${WALKTHROUGH_ID}`, false);
    }
  }

  keyChanged(hasKey: boolean): void {
    void vscode.commands.executeCommand('setContext', OnboardingKeys.hasKey, hasKey);
  }

  /** An answer ended; a completed one is the first question's milestone. */
  answered(event: AnswerUsage): void {
    if (event.phase === 'completed' && isChatSurface(event.surface)) this.reach(OnboardingKeys.askedFirstQuestion);
  }

  fixApplied(): void {
    this.reach(OnboardingKeys.fixedFirstError);
  }

  private reach(key: string): void {
    void vscode.commands.executeCommand('setContext', key, true);
  }
}

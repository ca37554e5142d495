/**
 * Agent mode as the rest of the extension sees it: a small port whose service (approvals, the
 * turns' changes, undo) loads with the first agent turn from dist/agent.js. Until then nothing
 * of the agent is read or evaluated.
 */
import type * as vscode from 'vscode';
import type { ChatController, AgentPort } from '../chat/chatController';
import type { Settings } from '../config/readSettings';
import type { AgentService } from './agentService';
import { agentBundle } from './lazyAgent';

export interface LazyAgent extends AgentPort, vscode.Disposable {
  /** The service, loading the bundle if it is not loaded yet (`@monster /agent`, Undo Agent Changes). */
  service(): AgentService;
  /** Undo Agent Changes. */
  undoLastTurn(): Promise<boolean>;
}

export function lazyAgent(settings: () => Settings, controller: () => ChatController, log: (line: string) => void): LazyAgent {
  let loaded: AgentService | undefined;
  const service = (): AgentService =>
    (loaded ??= new (agentBundle().AgentService)({
      settings: () => ({ autoApprove: settings().agentAutoApprove, allowedCommands: settings().agentAllowedCommands }),
      onReview: (answerId, review) => controller().reviewChanged(answerId, review),
      log,
    }));
  return {
    service,
    startTurn: (answerId, ui) => Promise.resolve(service().startTurn(answerId, ui)),
    endTurn: (answerId) => Promise.resolve(service().endTurn(answerId)),
    request: (message) => service().request(message),
    maxSteps: () => settings().agentMaxSteps,
    undoLastTurn: () => service().undoLastTurn(),
    dispose: () => loaded?.dispose(),
  };
}

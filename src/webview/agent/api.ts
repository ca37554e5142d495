/**
 * The seam between the chat view (dist/webview.js) and agent mode's view (dist/webview-agent.js,
 * loaded on first need by ../agentLoader.ts). Types only: neither bundle carries the other's code.
 */
import type { ApprovalMessage, ChatMessageView, ReviewMessage, StepMessage, WebviewToHost } from '../../shared/protocol';

/** What the agent view is told, in the order the host said it. */
export type AgentEvent =
  | StepMessage
  | ApprovalMessage
  | ReviewMessage
  /** A message was drawn (init, a reopened conversation, an older batch): draw its steps and review. */
  | { readonly type: 'restore'; readonly message: ChatMessageView };

/** What the chat view lends the agent view. */
export interface AgentHost {
  post(message: WebviewToHost): void;
  /** The drawn `<article>` of message `id`; undefined when it is not drawn. */
  find(id: string): HTMLElement | undefined;
  /** Puts the cursor back in the prompt box (a card that had focus went away). */
  focusPrompt(): void;
}

export interface AgentView {
  apply(event: AgentEvent): void;
}

/** The agent bundle calls this global (set by the loader) with its factory once it has run. */
export interface AgentGlobal {
  mgAgentReady?: (create: (host: AgentHost) => AgentView) => void;
}

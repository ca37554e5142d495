/**
 * Agent mode's view (dist/webview-agent.js): step rows, the approval card and the review card.
 * ../agentLoader.ts loads it on first need and hands it events in the order the host sent them;
 * everything it draws lives in the answer's own `<article>`, so a redraw of the transcript
 * (init, a reopened conversation) restores it from the messages.
 */
import type { AgentGlobal, AgentHost, AgentView } from './api';
import { showApproval } from './approval';
import { showReview } from './review';
import { upsertStep } from './steps';

/** This script's own URL: its stylesheet is next to it. */
const self = document.currentScript as HTMLScriptElement | null;

function createAgentView(host: AgentHost): AgentView {
  return {
    apply(event) {
      const id = event.type === 'restore' ? event.message.id : event.id;
      const article = host.find(id);
      if (!article) return;
      switch (event.type) {
        case 'restore':
          for (const step of event.message.steps ?? []) upsertStep(article, step);
          if (event.message.review) showReview(host, article, id, event.message.review);
          if (event.message.approval) showApproval(host, article, id, event.message.approval);
          break;
        case 'step':
          upsertStep(article, event.step);
          break;
        case 'approval':
          showApproval(host, article, id, event.approval);
          break;
        case 'review':
          showReview(host, article, id, event.review);
          break;
      }
    },
  };
}

/** Registers once the stylesheet is there, so nothing is drawn unstyled. */
function register(): void {
  (window as AgentGlobal).mgAgentReady?.(createAgentView);
}

if (self) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('webview-agent.css', self.src).href;
  link.onload = register;
  // Unstyled is better than nothing.
  link.onerror = register;
  document.head.append(link);
} else {
  register();
}

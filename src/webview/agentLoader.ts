/**
 * Agent mode's view is a second bundle (dist/webview-agent.js): most conversations never show a
 * step, and the chat bundle has to stay small. It is loaded on first need (agent mode turned on,
 * or a message with steps, an approval or a review) by a `<script>` with this page's nonce, from
 * the folder this script came from, so the strict CSP needs nothing more. What arrives before it
 * has run is queued and applied in order.
 */
import type { AgentEvent, AgentGlobal, AgentHost, AgentView } from './agent/api';

/** Read while this bundle's own script runs (`currentScript` is null afterwards). */
const self = document.currentScript as HTMLScriptElement | null;

export class AgentLoader {
  private view: AgentView | undefined;
  /** Events waiting for the bundle; defined once loading has started. */
  private queue: AgentEvent[] | undefined;

  constructor(private readonly host: AgentHost) {}

  /** Starts loading the agent bundle (once). */
  load(): void {
    if (this.view || this.queue || !self) return;
    this.queue = [];
    (window as AgentGlobal).mgAgentReady = (create) => {
      const view = create(this.host);
      this.view = view;
      for (const event of this.queue ?? []) view.apply(event);
      this.queue = undefined;
    };
    const script = document.createElement('script');
    script.nonce = self.nonce;
    script.src = new URL('webview-agent.js', self.src).href;
    // It has run by then: the page keeps one script element.
    script.onload = () => script.remove();
    document.head.append(script);
  }

  apply(event: AgentEvent): void {
    if (this.view) return this.view.apply(event);
    this.load();
    this.queue?.push(event);
  }
}

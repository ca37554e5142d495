import type { HostToWebview } from '../shared/protocol';

/** About one frame at 60 Hz. */
export const FRAME_MS = 16;

/**
 * Coalesces streamed `delta` messages per answer and sends them at most once per frame, so a
 * fast gateway's hundreds of tiny chunks per second cost the webview one message per frame.
 * Any other message flushes pending deltas first, so order is kept.
 */
export class DeltaBatcher {
  private pending = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (message: HostToWebview) => void,
    private readonly frameMs: number = FRAME_MS,
  ) {}

  post(message: HostToWebview): void {
    if (message.type === 'delta') {
      this.pending.set(message.id, (this.pending.get(message.id) ?? '') + message.text);
      this.timer ??= setTimeout(() => this.flush(), this.frameMs);
      return;
    }
    this.flush();
    this.send(message);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const pending = this.pending;
    this.pending = new Map();
    for (const [id, text] of pending) {
      this.send({ type: 'delta', id, text });
    }
  }

  dispose(): void {
    this.flush();
  }
}

import type { HostToWebview } from '../shared/protocol';

/** About one frame at 60 Hz. */
export const FRAME_MS = 16;

/**
 * Coalesces streamed `delta` messages per answer and sends them at most once per frame, so a
 * fast gateway's hundreds of tiny chunks per second cost the webview one message per frame.
 * Any other message flushes pending deltas first, so order is kept.
 *
 * The first delta after a quiet frame goes out at once (the first token is never held back), and
 * a frame's worth of deltas is sent as soon as the frame is over even when no timer could fire:
 * the SDK works through a burst of already-received chunks in one macrotask, so a timer alone
 * would hold the whole burst back and send it as one huge delta.
 */
export class DeltaBatcher {
  private pending = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When deltas were last sent; -Infinity: never, so the next one goes out at once. */
  private lastSent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (message: HostToWebview) => void,
    private readonly frameMs: number = FRAME_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  post(message: HostToWebview): void {
    if (message.type === 'delta') {
      this.pending.set(message.id, (this.pending.get(message.id) ?? '') + message.text);
      if (this.now() - this.lastSent >= this.frameMs) {
        this.flush();
      } else {
        this.timer ??= setTimeout(() => this.flush(), this.frameMs);
      }
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
    if (this.pending.size === 0) {
      return;
    }
    const pending = this.pending;
    this.pending = new Map();
    this.lastSent = this.now();
    for (const [id, text] of pending) {
      this.send({ type: 'delta', id, text });
    }
  }

  dispose(): void {
    this.flush();
  }
}

/** Timing helpers: one render per animation frame, one shared clock tick for countdowns. */

/** Runs queued tasks once on the next animation frame, however often they were queued. */
export class FrameScheduler {
  private readonly tasks = new Map<string, () => void>();
  private frame: number | undefined;

  /** `afterFlush` runs once after each frame's tasks (e.g. to keep the transcript scrolled). */
  constructor(private readonly afterFlush: () => void) {}

  schedule(key: string, task: () => void): void {
    this.tasks.set(key, task);
    this.frame ??= requestAnimationFrame(() => this.flush());
  }

  /** Drops a queued task (its work was done another way). */
  cancel(key: string): void {
    this.tasks.delete(key);
  }

  private flush(): void {
    this.frame = undefined;
    const tasks = Array.from(this.tasks.values());
    this.tasks.clear();
    for (const task of tasks) {
      try {
        task();
      } catch (error) {
        console.error('[monster-gaming] render failed', error);
      }
    }
    this.afterFlush();
  }
}

/** A shared one-second-ish tick for live countdowns; runs only while someone listens. */
export class Ticker {
  private readonly listeners = new Set<() => void>();
  private timer: number | undefined;

  /** Calls `listener` now and on every tick; returns the unsubscribe function. */
  add(listener: () => void): () => void {
    this.listeners.add(listener);
    listener();
    this.timer ??= window.setInterval(() => {
      for (const l of Array.from(this.listeners)) l();
    }, 250);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== undefined) {
        window.clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

/** "just now", "5 min. ago", "yesterday", then a date. */
export function relativeTime(epochMs: number, now: number = Date.now()): string {
  const seconds = Math.round((epochMs - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 45 * 60) return relativeFormat.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return relativeFormat.format(Math.round(seconds / 86400), 'day');
  return new Date(epochMs).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: abs > 300 * 86400 ? 'numeric' : undefined });
}

/** Seconds left until `epochMs`, for a countdown ("Retrying in 12 s"). */
export function countdownText(epochMs: number, now: number = Date.now()): string {
  const left = Math.ceil((epochMs - now) / 1000);
  if (left <= 0) return 'Retrying now…';
  if (left < 90) return `Retrying in ${left} s`;
  return `Retrying in ${Math.floor(left / 60)} min ${left % 60} s`;
}

/**
 * The limits every process a tool starts runs under: killed at its time limit or on Stop,
 * whichever comes first. No `vscode` here.
 */
import type { ChildProcess } from 'node:child_process';

export interface ChildLimit {
  /** Kills the process now (its output reached the tool's bound). */
  readonly stop: () => void;
  /** The time limit killed it. */
  readonly timedOut: () => boolean;
  /** The process has ended: the timer and the Stop listener go. */
  readonly release: () => void;
}

export function limitChild(child: ChildProcess, timeoutMs: number, signal: AbortSignal): ChildLimit {
  let timedOut = false;
  const stop = (): void => {
    child.kill();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  return {
    stop,
    timedOut: () => timedOut,
    release: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    },
  };
}

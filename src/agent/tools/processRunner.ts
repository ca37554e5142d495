/**
 * run_command's runner: the command line in a child process through the system shell, in the
 * given folder, with the environment inherited. The model's output is stripped and bounded as it
 * arrives (`onData` gets the raw chunks, for the terminal the user watches); a time limit or Stop
 * kills the whole process tree at once. No `vscode` here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CapturedOutput } from './commandOutput';

export interface CommandOutcome {
  /** undefined when it was killed (time limit, Stop) or could not start. */
  readonly exitCode: number | undefined;
  /** The kept output, escapes stripped, cut to the budget. */
  readonly output: string;
  readonly timedOut: boolean;
  readonly stopped: boolean;
  /** Why it could not run at all. */
  readonly error?: string;
}

/** Kills the child and everything it started (its own process group on POSIX; taskkill /T on Windows). */
export function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    if (process.platform === 'win32') spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' });
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is gone already (or was never made): the shell at least.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export function runInChildProcess(command: string, cwd: string, timeoutMs: number, signal: AbortSignal, onData?: (chunk: string) => void): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    const output = new CapturedOutput();
    let timedOut = false;
    let stopped = false;
    let child: ChildProcess;
    try {
      // detached: a process group of its own, so the whole tree can be killed (a shell's children too).
      child = spawn(command, { cwd, shell: true, detached: process.platform !== 'win32', windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    } catch (error) {
      resolve({ exitCode: undefined, output: '', timedOut, stopped, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    const stop = (): void => {
      stopped = true;
      finish(undefined);
      killTree(child);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      finish(undefined);
      killTree(child);
    }, timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    const take = (chunk: string): void => {
      output.push(chunk);
      onData?.(chunk);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    let finished = false;
    function finish(code: number | undefined, error?: string): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
      resolve({ exitCode: code, output: output.text(), timedOut, stopped, ...(error ? { error } : {}) });
    }
    child.on('error', (error) => finish(undefined, error.message));
    // 'close' waits for the output streams; a grandchild holding them open past the shell's exit is killed.
    child.on('exit', () => killTree(child));
    child.on('close', (code) => finish(code ?? undefined));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

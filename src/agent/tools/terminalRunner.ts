/**
 * run_command where the user can watch it: a VS Code terminal with shell integration, the command
 * sent through `shellIntegration.executeCommand`, its output read from the execution as it comes
 * and its exit code from `onDidEndTerminalShellExecution`. When the terminal's shell integration
 * does not come up in a few seconds (a shell VS Code cannot integrate, a headless host) the caller
 * falls back to a child process: `openIntegratedTerminal` resolves undefined then.
 */
import * as vscode from 'vscode';
import { CapturedOutput } from './commandOutput';
import type { CommandOutcome } from './processRunner';

/** How long a new terminal gets to report shell integration. */
export const SHELL_INTEGRATION_WAIT_MS = 5_000;
/** Read when a terminal is made, so it follows the display language. */
const terminalName = (): string => vscode.l10n.t('Monster Gaming Agent');

/** The agent's terminal, reused while it is idle in the same folder so runs do not pile up terminals. */
let idle: { readonly terminal: vscode.Terminal; readonly cwd: string } | undefined;

function alive(terminal: vscode.Terminal): boolean {
  return terminal.exitStatus === undefined && vscode.window.terminals.includes(terminal);
}

/** A terminal in `cwd` with shell integration, or undefined (then it is closed again). */
export async function openIntegratedTerminal(cwd: string, waitMs: number, signal: AbortSignal): Promise<vscode.Terminal | undefined> {
  if (idle && idle.cwd === cwd && alive(idle.terminal) && idle.terminal.shellIntegration?.cwd?.fsPath === cwd) {
    const { terminal } = idle;
    idle = undefined;
    return terminal;
  }
  const terminal = vscode.window.createTerminal({ name: terminalName(), cwd: vscode.Uri.file(cwd) });
  terminal.show(true);
  if (terminal.shellIntegration) return terminal;
  const ready = await new Promise<boolean>((resolve) => {
    const done = (value: boolean): void => {
      clearTimeout(timer);
      listener.dispose();
      closed.dispose();
      signal.removeEventListener('abort', aborted);
      resolve(value);
    };
    const aborted = (): void => done(false);
    const timer = setTimeout(() => done(false), waitMs);
    const listener = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal === terminal) done(true);
    });
    const closed = vscode.window.onDidCloseTerminal((t) => {
      if (t === terminal) done(false);
    });
    if (signal.aborted) done(false);
    else signal.addEventListener('abort', aborted, { once: true });
  });
  if (ready && terminal.shellIntegration) return terminal;
  terminal.dispose();
  return undefined;
}

/** Runs `command` in `terminal` (which has shell integration); resolves when it ends, times out or is stopped. */
export function runInTerminal(terminal: vscode.Terminal, cwd: string, command: string, timeoutMs: number, signal: AbortSignal): Promise<CommandOutcome> {
  const integration = terminal.shellIntegration;
  if (!integration) return Promise.resolve({ exitCode: undefined, output: '', timedOut: false, stopped: false, error: 'the terminal lost its shell integration' });
  return new Promise((resolve) => {
    const output = new CapturedOutput();
    let timedOut = false;
    let stopped = false;
    let finished = false;
    let exitCode: number | undefined;
    let ended = false;
    let drained = false;
    const subscriptions: vscode.Disposable[] = [];
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const settleSoon = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(finish, 1_000);
    };
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(quiet);
      signal.removeEventListener('abort', stop);
      for (const s of subscriptions) s.dispose();
      if (!timedOut && !stopped && alive(terminal)) idle = { terminal, cwd };
      resolve({ exitCode, output: output.text(), timedOut, stopped });
    };
    const interrupt = (): void => {
      // Ctrl+C for the shell's foreground job, then close the terminal: its processes go with it.
      if (alive(terminal)) terminal.sendText('\u0003', false);
      terminal.dispose();
      finish();
    };
    const stop = (): void => {
      stopped = true;
      interrupt();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      interrupt();
    }, timeoutMs);
    const execution = integration.executeCommand(command);
    subscriptions.push(
      vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.execution !== execution) return;
        exitCode = e.exitCode;
        ended = true;
        // The output stream ends after the execution, once VS Code has passed all of it on (on a busy
        // host that takes a while after a flood of output): finish when it ends or stays quiet for a second.
        if (drained) finish();
        else settleSoon();
      }),
      vscode.window.onDidCloseTerminal((t) => {
        if (t === terminal) finish();
      }),
    );
    void (async () => {
      try {
        for await (const chunk of execution.read()) {
          if (finished) break;
          output.push(chunk);
          if (ended) settleSoon();
        }
      } catch {
        // The stream broke (the terminal closed): what was read stands.
      }
      drained = true;
      if (ended) finish();
    })();
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Where the user watches run_command: a VS Code terminal that shows the command the agent runs in
 * its own child process, its output as it arrives and how it ended. The model's copy of the output
 * comes from the child's pipes, never from the terminal: VS Code's shell-integration stream
 * (`execution.read()`) drops output that arrives with the command's start marker, and on 1.96 the
 * last 50 ms before the end, so quick commands came back empty and long ones cut short.
 *
 * The terminal is a `Pseudoterminal`: Ctrl+C in it, or closing it, stops the command; typed input
 * is not passed on (the command's stdin is closed). One terminal is reused while it is idle.
 */
import * as vscode from 'vscode';
import type { CommandOutcome } from './processRunner';

/** Read when a terminal is made, so it follows the display language. */
const terminalName = (): string => vscode.l10n.t('Monster Gaming Agent');
/** What a terminal keeps while VS Code has not opened it yet (it is shown at once; this is a bound, not a wait). */
const PENDING_CHARS = 1_000_000;

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** One command's view: write its output, then say how it ended. `stopRequested` aborts on Ctrl+C or close. */
export interface CommandView {
  readonly name: string;
  readonly stopRequested: AbortSignal;
  readonly write: (chunk: string) => void;
  readonly end: (outcome: CommandOutcome, timeLimit: string) => void;
}

function ending(outcome: CommandOutcome, timeLimit: string): string {
  if (outcome.error) return vscode.l10n.t('could not run: {0}', outcome.error);
  if (outcome.timedOut) return vscode.l10n.t('ended at the time limit of {0}', timeLimit);
  if (outcome.stopped) return vscode.l10n.t('stopped');
  return outcome.exitCode === undefined ? vscode.l10n.t('exit code unknown') : vscode.l10n.t('exit code {0}', outcome.exitCode);
}

class AgentPty implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  private opened = false;
  private pending = '';
  /** Whether the cursor is at the start of a line (so the ending goes on its own line without a blank one). */
  atLineStart = true;
  /** The running command's stop, while one runs. */
  stop: AbortController | undefined;
  closed = false;

  open(): void {
    this.opened = true;
    if (this.pending) this.writer.fire(this.pending);
    this.pending = '';
  }

  close(): void {
    this.closed = true;
    this.stop?.abort();
    this.writer.dispose();
  }

  handleInput(data: string): void {
    if (data.includes('\u0003')) this.stop?.abort();
  }

  /** Terminals move down on `\n` without going back to the start of the line. */
  print(text: string): void {
    if (this.closed || text === '') return;
    this.atLineStart = text.endsWith('\n');
    const data = text.replace(/\r?\n/g, '\r\n');
    if (this.opened) this.writer.fire(data);
    else this.pending = (this.pending + data).slice(-PENDING_CHARS);
  }
}

let idle: { readonly terminal: vscode.Terminal; readonly pty: AgentPty } | undefined;

/** Shows `command` (run in `cwd`) in the agent's terminal, reused when it is idle and still open. */
export function showCommand(command: string, cwd: string): CommandView {
  let view = idle && !idle.pty.closed && vscode.window.terminals.includes(idle.terminal) ? idle : undefined;
  idle = undefined;
  if (view) view.pty.print('\n');
  else {
    const pty = new AgentPty();
    view = { pty, terminal: vscode.window.createTerminal({ name: terminalName(), pty }) };
  }
  const { terminal, pty } = view;
  const stop = new AbortController();
  pty.stop = stop;
  terminal.show(true);
  pty.print(`${DIM}${vscode.l10n.t('Monster Gaming agent, in {0}:', cwd)}${RESET}\n$ ${command}\n`);
  const current = view;
  return {
    name: terminal.name,
    stopRequested: stop.signal,
    write: (chunk) => pty.print(chunk),
    end: (outcome, timeLimit) => {
      pty.print(`${pty.atLineStart ? '' : '\n'}${DIM}[${ending(outcome, timeLimit)}]${RESET}\n`);
      pty.stop = undefined;
      if (!pty.closed) idle = current;
    },
  };
}

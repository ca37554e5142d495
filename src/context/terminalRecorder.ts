/**
 * `#terminal`: the last command run in VS Code's terminal and its output, through shell
 * integration. Output can only be read from the moment a command starts, so the recorder listens
 * from activation: every command's output is kept in memory, bounded (the tail, where errors are),
 * never written anywhere, and sent only when the user mentions `#terminal`. The extension's own
 * secrets (keys, proxy credentials) are removed from it before it is attached.
 */
import * as vscode from 'vscode';
import type { ContextItem } from '../answering/contextTypes';
import { redact } from '../secrets/redact';
import type { Mention } from '../shared/mentions';
import { Disposable } from '../util/lifecycle';
import { TERMINAL_BUDGET, TERMINAL_RECORD_CHARS } from './budgets';
import { ContextRefusal, type Gathered } from './gatherTypes';
import { plainTerminalText, TailBuffer, tailLines } from './terminalText';

/** One command as recorded. */
interface Recorded {
  readonly terminal: vscode.Terminal;
  readonly commandLine: string;
  readonly cwd?: string;
  readonly output: TailBuffer;
  /** Settles when the output stream has delivered everything (it may lag behind the end event). */
  readonly drained: Promise<void>;
  exitCode?: number;
  ended: boolean;
}

/**
 * VS Code passes a command's output on only from the moment it sees the command start, so the
 * output of a command that prints at once can be missed (its first chunk comes with the start
 * marker). Older versions (1.96 among them) also drop what came in the command's last 50 ms: they
 * batch output for 50 ms and discard the unsent batch when the command ends. The model is told, so
 * it does not conclude the command printed nothing.
 */
const NO_OUTPUT = '(no output reached the editor; VS Code\'s shell integration can lose what a command prints at its very start or, in older VS Code versions, at its very end, so if it printed something, ask the user to paste it)';

/** Commands kept (per window); older ones are dropped. */
const KEEP = 10;
/** How long #terminal waits for an ended command's last output to arrive; what came by then is attached. */
const DRAIN_MS = 2_000;

export class TerminalRecorder extends Disposable {
  private readonly recorded: Recorded[] = [];
  private readonly byExecution = new WeakMap<vscode.TerminalShellExecution, Recorded>();

  constructor() {
    super();
    // Older VS Code builds without the shell-integration events: #terminal says so when asked.
    if (typeof vscode.window.onDidStartTerminalShellExecution !== 'function') return;
    this.register(vscode.window.onDidStartTerminalShellExecution((event) => this.started(event)));
    this.register(
      vscode.window.onDidEndTerminalShellExecution((event) => {
        const record = this.byExecution.get(event.execution);
        if (!record) return;
        record.ended = true;
        record.exitCode = event.exitCode;
      }),
    );
  }

  private started(event: vscode.TerminalShellExecutionStartEvent): void {
    // read() must be called at once, or the start of the output is lost.
    const stream = event.execution.read();
    const output = new TailBuffer(TERMINAL_RECORD_CHARS);
    const drained = (async (): Promise<void> => {
      try {
        for await (const data of stream) {
          if (this.isDisposed) return;
          output.push(data);
        }
      } catch {
        // The terminal closed mid-command: what was read is kept.
      }
    })();
    const record: Recorded = {
      terminal: event.terminal,
      commandLine: event.execution.commandLine.value,
      cwd: event.execution.cwd?.fsPath,
      output,
      drained,
      ended: false,
    };
    this.byExecution.set(event.execution, record);
    this.recorded.push(record);
    if (this.recorded.length > KEEP) this.recorded.shift();
  }

  /** The command to attach: the last one that ended in the active terminal, else in any terminal, else one still running. */
  private latest(): Recorded | undefined {
    const active = vscode.window.activeTerminal;
    const newestFirst = [...this.recorded].reverse();
    return (
      newestFirst.find((r) => r.ended && r.terminal === active) ??
      newestFirst.find((r) => r.ended) ??
      newestFirst.find((r) => r.terminal === active) ??
      newestFirst[0]
    );
  }

  /** `#terminal` */
  async gather(mention: Mention): Promise<Gathered> {
    const record = this.latest();
    if (!record) throw new ContextRefusal(this.whyNothing());
    if (record.ended) {
      // The end event can come before the stream's last chunks (the error lines): wait for them, bounded.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([record.drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(timer);
    }
    const raw = record.output.read();
    const plain = redact(plainTerminalText(raw.text));
    const tail = tailLines(plain, TERMINAL_BUDGET);
    const status = record.ended ? (record.exitCode === undefined ? 'exit code unknown' : `exit code ${record.exitCode}`) : 'still running';
    const command = redact(record.commandLine).slice(0, 500);
    const header = [`$ ${command}`, ...(record.cwd ? [`(in ${record.cwd})`] : [])].join('\n');
    const cutParts = [
      tail.leftOutLines > 0 || raw.dropped > 0 ? `the last ${tail.text.split('\n').length} lines of the output` : undefined,
      status,
    ].filter(Boolean);
    const item: ContextItem = {
      kind: 'terminal',
      label: mention.label,
      language: 'text',
      text: `${header}\n${tail.text || NO_OUTPUT}`,
      explicit: true,
      cut: cutParts.join('; '),
    };
    return { items: [item], attachment: { kind: 'terminal', label: mention.label, detail: `$ ${command.slice(0, 80)} (${status})` } };
  }

  /** Why there is nothing to attach, and what to do about it. */
  private whyNothing(): string {
    const terminals = vscode.window.terminals;
    if (typeof vscode.window.onDidStartTerminalShellExecution !== 'function') {
      return vscode.l10n.t('#terminal needs VS Code\'s terminal shell integration, which this version of VS Code does not offer to extensions.');
    }
    if (terminals.length === 0) {
      return vscode.l10n.t('No terminal is open. Run the command in VS Code\'s terminal (View: Toggle Terminal), then mention #terminal.');
    }
    if (!terminals.some((t) => t.shellIntegration !== undefined)) {
      return vscode.l10n.t(
        'Shell integration is not active in your terminal, so its output cannot be read. It works in bash, zsh, fish and PowerShell with the setting terminal.integrated.shellIntegration.enabled on: open a new terminal, run the command again, then mention #terminal.',
      );
    }
    return vscode.l10n.t('No command has run in the terminal since Monster Gaming started. Run it again, then mention #terminal.');
  }
}

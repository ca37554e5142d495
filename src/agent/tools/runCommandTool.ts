/**
 * run_command {command}: one shell command line in the first workspace folder, once the user has
 * seen its exact text and said Run. In a terminal with shell integration when VS Code gives one
 * (the user watches it run), else in a child process; the result says which. Output comes back
 * stripped of escapes and cut to a budget, with the exit code; a time limit and Stop end it at once.
 */
import { runInChildProcess, type CommandOutcome } from './processRunner';
import type { WorkspaceToolArgs } from './toolSchemas';
import { openIntegratedTerminal, runInTerminal, SHELL_INTEGRATION_WAIT_MS } from './terminalRunner';
import { done, fail, type ToolEnv, type ToolResult } from './toolTypes';

export const COMMAND_TIMEOUT_MS = 120_000;

export interface RunCommandOptions {
  readonly timeoutMs?: number;
  /** 'process' skips the terminal (tests of the fallback); default: a terminal when it integrates. */
  readonly via?: 'terminal' | 'process';
  readonly shellIntegrationWaitMs?: number;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

export async function runCommand(args: WorkspaceToolArgs['run_command'], env: ToolEnv, options: RunCommandOptions = {}): Promise<ToolResult> {
  const folder = env.folders[0]?.path;
  if (folder === undefined) return fail('no folder is open, so there is nowhere to run a command.');
  const command = args.command.trim();
  const approval = await env.confirmRun({ tool: 'run_command', subject: command, detail: `${command}\n(in ${folder})` });
  if (!approval.approved) return fail(`the user skipped the command${approval.reason ? `: ${approval.reason}` : '.'}`);
  if (env.signal.aborted) return fail('stopped before the command ran.');
  const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS;
  let outcome: CommandOutcome;
  let where: string;
  const terminal = options.via === 'process' ? undefined : await openIntegratedTerminal(folder, options.shellIntegrationWaitMs ?? SHELL_INTEGRATION_WAIT_MS, env.signal);
  if (env.signal.aborted) {
    terminal?.dispose();
    return fail('stopped before the command ran.');
  }
  if (terminal) {
    where = `in the terminal "${terminal.name}" (the user can see it)`;
    outcome = await runInTerminal(terminal, folder, command, timeoutMs, env.signal);
  } else {
    where = 'in a background process (no terminal with shell integration was available)';
    outcome = await runInChildProcess(command, folder, timeoutMs, env.signal);
  }
  const output = outcome.output ? `Output:\n${outcome.output}` : 'No output.';
  if (outcome.error) return fail(`the command could not run ${where}: ${outcome.error}`);
  if (outcome.stopped) return fail(`stopped by the user; the command was ended ${where}.\n${output}`);
  if (outcome.timedOut) return fail(`timed out after ${seconds(timeoutMs)}; the command was ended ${where}. Run something that finishes sooner, or in the background with its output in a file.\n${output}`);
  const code = outcome.exitCode === undefined ? 'Exit code: unknown (the shell did not report one).' : `Exit code: ${outcome.exitCode}.`;
  return done(`Ran ${where}. ${code}\n${output}`);
}

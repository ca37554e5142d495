/**
 * run_command {command}: one shell command line in the first workspace folder, once the user has
 * seen its exact text and said Run. It runs in a child process of ours (exact output, exit code and
 * kill) and shows live in the "Monster Gaming Agent" terminal, where Ctrl+C or closing the terminal
 * stops it. Output comes back stripped of escapes and cut to a budget, with the exit code; a time
 * limit and Stop end it at once.
 */
import { runInChildProcess } from './processRunner';
import type { WorkspaceToolArgs } from './toolSchemas';
import { showCommand } from './terminalRunner';
import { done, fail, type ToolEnv, type ToolResult } from './toolTypes';

export const COMMAND_TIMEOUT_MS = 120_000;

export interface RunCommandOptions {
  readonly timeoutMs?: number;
  /** false: no terminal (a host without a window, tests of the bare runner). */
  readonly show?: boolean;
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
  const view = options.show === false ? undefined : showCommand(command, folder);
  const where = view ? `in the terminal "${view.name}" (the user can see it)` : 'in a background process';
  const signal = view ? AbortSignal.any([env.signal, view.stopRequested]) : env.signal;
  const outcome = await runInChildProcess(command, folder, timeoutMs, signal, view?.write);
  const byUser = view?.stopRequested.aborted && !env.signal.aborted;
  view?.end(outcome, seconds(timeoutMs));
  const output = outcome.output ? `Output:\n${outcome.output}` : 'No output.';
  if (outcome.error) return fail(`the command could not run ${where}: ${outcome.error}`);
  if (outcome.stopped) return fail(`stopped by the user${byUser ? ' in the terminal' : ''}; the command was ended ${where}.\n${output}`);
  if (outcome.timedOut) return fail(`timed out after ${seconds(timeoutMs)}; the command was ended ${where}. Run something that finishes sooner, or in the background with its output in a file.\n${output}`);
  const code = outcome.exitCode === undefined ? 'Exit code: unknown (the shell did not report one).' : `Exit code: ${outcome.exitCode}.`;
  return done(`Ran ${where}. ${code}\n${output}`);
}

/**
 * run_task {name}: a VS Code task (tasks.json or an extension's), once the user has seen its exact
 * definition and said Run. The result is its exit code and the problems its problem matchers
 * reported. The extension API does not say which owner a diagnostic has, so "reported by the
 * task" means: the diagnostics now on the files whose diagnostics changed from its start until they
 * settled after its end (VS Code forwards task markers to extensions; older releases not those whose
 * owner is also an extension's diagnostic collection, microsoft/vscode#251268; 1.139 filters by origin).
 * A time limit and Stop terminate the execution at once.
 */
import * as vscode from 'vscode';
import { PROBLEMS_BUDGET } from '../../context/budgets';
import { problemEntry } from '../../context/editorGatherers';
import { problemsText, type ProblemEntry } from '../../context/problemLines';
import type { WorkspaceToolArgs } from './toolSchemas';
import { done, fail, type ToolEnv, type ToolResult } from './toolTypes';

export const TASK_TIMEOUT_MS = 10 * 60_000;
/**
 * VS Code hands a task's problems over only after its end event, on every release we support: on the
 * terminal's exit its task system fires processEnded and end at once and schedules
 * `setTimeout(() => collector.done(), 100)`; a StartStopProblemCollector delivers the markers of a file
 * only when the output moves on to another file, or in done() — so those of the last (often the only)
 * file are never there at the end event, and reach the extension host after that timer and the marker
 * service's debounced forwarding (a hidden browser tab throttles the timer to a second or more). No event
 * tells an extension that done() ran, so after the end wait for the first diagnostics change, then until
 * changes are quiet; a task that reports and clears nothing waits SETTLE_FIRST_MS for nothing.
 * SETTLE_MAX_MS bounds the whole wait.
 */
const SETTLE_QUIET_MS = 500;
const SETTLE_FIRST_MS = 10_000;
const SETTLE_MAX_MS = 20_000;
const MAX_LISTED_TASKS = 60;

export interface RunTaskOptions {
  readonly timeoutMs?: number;
}

function taskLabel(task: vscode.Task): string {
  return task.source && task.source !== 'Workspace' ? `${task.source}: ${task.name}` : task.name;
}

function argText(arg: string | vscode.ShellQuotedString): string {
  return typeof arg === 'string' ? arg : arg.value;
}

/** The task's exact definition, for the user to judge before it runs. */
export function taskDetail(task: vscode.Task): string {
  const lines = [`task: ${taskLabel(task)}`, `type: ${task.definition.type}`];
  const execution = task.execution;
  if (execution instanceof vscode.ShellExecution) {
    if (execution.commandLine !== undefined) lines.push(`command: ${execution.commandLine}`);
    else if (execution.command !== undefined) lines.push(`command: ${[execution.command, ...execution.args].map(argText).join(' ')}`);
    if (execution.options?.cwd) lines.push(`cwd: ${execution.options.cwd}`);
  } else if (execution instanceof vscode.ProcessExecution) {
    lines.push(`process: ${[execution.process, ...execution.args].join(' ')}`);
    if (execution.options?.cwd) lines.push(`cwd: ${execution.options.cwd}`);
  } else {
    // Custom executions (and detected tasks before resolution) only say what their definition says.
    lines.push(`definition: ${JSON.stringify(task.definition).slice(0, 2_000)}`);
  }
  const scope = task.scope;
  if (scope && typeof scope === 'object') lines.push(`folder: ${scope.uri.fsPath}`);
  return lines.join('\n');
}

function listed(tasks: readonly vscode.Task[]): string {
  const names = [...new Set(tasks.map(taskLabel))].sort();
  if (names.length === 0) return 'This workspace has no tasks.';
  const shown = names.slice(0, MAX_LISTED_TASKS).map((n) => JSON.stringify(n));
  return `The tasks are: ${shown.join(', ')}${names.length > shown.length ? ` and ${names.length - shown.length} more` : ''}.`;
}

/** The task named `name` (its name, or "source: name"), or why there is not exactly one. */
export function findTask(tasks: readonly vscode.Task[], name: string): vscode.Task | string {
  const wanted = name.trim();
  let matches = tasks.filter((t) => t.name === wanted || taskLabel(t) === wanted);
  if (matches.length > 1) {
    const exact = matches.filter((t) => taskLabel(t) === wanted);
    if (exact.length === 1) matches = exact;
  }
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) return `there is no task named ${JSON.stringify(wanted.slice(0, 200))}. ${listed(tasks)}`;
  return `${matches.length} tasks are named ${JSON.stringify(wanted)}; name one as "source: name". ${listed(matches)}`;
}

/** Waits until diagnostics changed after `endedAt` and then stayed quiet, or the bounds pass, or Stop. */
async function settled(lastChange: () => number, endedAt: number, signal: AbortSignal): Promise<void> {
  for (;;) {
    const now = Date.now();
    const last = lastChange();
    const quiet = last >= endedAt ? now - last >= SETTLE_QUIET_MS : now - endedAt >= SETTLE_FIRST_MS;
    if (quiet || now - endedAt >= SETTLE_MAX_MS || signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface TaskOutcome {
  readonly exitCode: number | undefined;
  readonly timedOut: boolean;
  readonly stopped: boolean;
  readonly changed: ReadonlySet<string>;
}

/** Runs the task and waits for its end, the time limit or Stop, noting the files whose diagnostics changed meanwhile. */
async function execute(task: vscode.Task, timeoutMs: number, signal: AbortSignal): Promise<TaskOutcome> {
  const changed = new Set<string>();
  /** When diagnostics last changed (0: not since the start) and when the task ended. */
  let lastChange = 0;
  let endedAt = 0;
  const subscriptions: vscode.Disposable[] = [
    vscode.languages.onDidChangeDiagnostics((e) => {
      for (const uri of e.uris) changed.add(uri.toString());
      lastChange = Date.now();
    }),
  ];
  try {
    let exitCode: number | undefined;
    let execution: vscode.TaskExecution | undefined = undefined;
    let ended = false;
    let resolveEnd: () => void = () => undefined;
    const end = new Promise<void>((resolve) => (resolveEnd = resolve));
    // A quick task can end before executeTask's promise settles: note every end until ours is known.
    const processEnds = new Map<vscode.TaskExecution, number | undefined>();
    const ends = new Map<vscode.TaskExecution, number>();
    subscriptions.push(
      vscode.tasks.onDidEndTaskProcess((e) => {
        if (execution === undefined) processEnds.set(e.execution, e.exitCode);
        else if (e.execution === execution) exitCode = e.exitCode;
      }),
      vscode.tasks.onDidEndTask((e) => {
        if (execution === undefined) ends.set(e.execution, Date.now());
        else if (e.execution === execution) {
          ended = true;
          endedAt = Date.now();
          resolveEnd();
        }
      }),
    );
    execution = await vscode.tasks.executeTask(task);
    if (processEnds.has(execution)) exitCode = processEnds.get(execution);
    const endedEarly = ends.get(execution);
    if (endedEarly !== undefined) {
      ended = true;
      endedAt = endedEarly;
      resolveEnd();
    }
    let timedOut = false;
    let stopped = false;
    const timer = setTimeout(() => {
      timedOut = true;
      resolveEnd();
    }, timeoutMs);
    const stop = (): void => {
      stopped = true;
      resolveEnd();
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    await end;
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
    if (!ended) {
      execution.terminate();
      return { exitCode: undefined, timedOut, stopped, changed };
    }
    await settled(() => lastChange, endedAt, signal);
    return { exitCode, timedOut: false, stopped: signal.aborted, changed };
  } finally {
    for (const s of subscriptions) s.dispose();
  }
}

function problemsOn(changed: ReadonlySet<string>, env: ToolEnv): ProblemEntry[] {
  const entries: ProblemEntry[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (!changed.has(uri.toString()) || uri.scheme !== 'file') continue;
    const relative = env.paths.relative(uri.fsPath);
    if (relative === undefined) continue;
    for (const diagnostic of diagnostics) entries.push(problemEntry(relative, diagnostic));
  }
  return entries;
}

export async function runTask(args: WorkspaceToolArgs['run_task'], env: ToolEnv, options: RunTaskOptions = {}): Promise<ToolResult> {
  const found = findTask(await vscode.tasks.fetchTasks(), args.name);
  if (typeof found === 'string') return fail(found);
  const approval = await env.confirmRun({ tool: 'run_task', subject: taskLabel(found), detail: taskDetail(found) });
  if (!approval.approved) return fail(`the user skipped the task${approval.reason ? `: ${approval.reason}` : '.'}`);
  if (env.signal.aborted) return fail('stopped before the task ran.');
  const timeoutMs = options.timeoutMs ?? TASK_TIMEOUT_MS;
  const outcome = await execute(found, timeoutMs, env.signal);
  const label = JSON.stringify(taskLabel(found));
  if (outcome.stopped) return fail(`stopped by the user; the task ${label} was terminated.`);
  if (outcome.timedOut) return fail(`timed out after ${Math.round(timeoutMs / 1000)} s; the task ${label} was terminated. A task that watches or serves never ends: run a build task instead.`);
  const problems = problemsText(problemsOn(outcome.changed, env), PROBLEMS_BUDGET);
  const code = outcome.exitCode === undefined ? 'Exit code: unknown (the task did not report one).' : `Exit code: ${outcome.exitCode}.`;
  return done(`Task ${label} finished. ${code}\n${problems.total ? `Problems its problem matchers reported (${problems.total}):\n${problems.text}` : 'No problems reported.'}`);
}

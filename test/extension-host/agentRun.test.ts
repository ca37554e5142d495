/**
 * run_task and run_command in a real VS Code, on the suite's workspace (a copy of the sample game):
 * a real tasks.json with a shell task and its problem matcher, a task that never ends, and real
 * shell commands (exit code, megabytes of output, one that never ends, Stop, the user skipping).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ToolRegistry } from '../../src/agent/tools/registry';
import { runCommand } from '../../src/agent/tools/runCommandTool';
import { runTask } from '../../src/agent/tools/runTaskTool';
import type { Approval, RunRequest, ToolEnv, ToolResult } from '../../src/agent/tools/toolTypes';
import { workspaceFolderPaths, workspaceToolEnv, workspaceToolRegistry } from '../../src/agent/tools/workspaceTools';
import { activated } from './helpers';

const BUILD_SCRIPT = 'console.log("Assets/Broken.cs:3:5: error: missing semicolon"); console.log("Assets/Broken.cs:7:1: warning: unused variable"); process.exit(2)';

const TASKS = {
  version: '2.0.0',
  tasks: [
    {
      label: 'mg-build',
      type: 'shell',
      command: 'node',
      args: ['-e', BUILD_SCRIPT],
      presentation: { reveal: 'never' },
      problemMatcher: {
        owner: 'mg-build',
        source: 'mg-build',
        fileLocation: ['relative', '${workspaceFolder}'],
        pattern: { regexp: '^([^\\s:*"]+):(\\d+):(\\d+):\\s+(error|warning):\\s+(.*)$', file: 1, line: 2, column: 3, severity: 4, message: 5 },
      },
    },
    { label: 'mg-forever', type: 'shell', command: 'node', args: ['-e', 'setInterval(() => {}, 1000)'], presentation: { reveal: 'never' }, problemMatcher: [] },
  ],
};

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A clean run of the fixed shader clears the task's problems on Ripple.frag; then the sample gets its broken shader back. */
async function clearRippleProblems(ripple: vscode.Uri, env: ToolEnv): Promise<void> {
  if (vscode.languages.getDiagnostics(ripple).length === 0) return;
  const broken = fs.readFileSync(ripple.fsPath, 'utf8');
  fs.writeFileSync(ripple.fsPath, broken.replace(/\btnt\b/g, 'tint'));
  try {
    const clean = await runTask({ name: 'build shaders' }, env);
    assert.match(clean.text, /Exit code: 0\./, clean.text);
    await until("the task's problems on Ripple.frag cleared", () => (vscode.languages.getDiagnostics(ripple).length === 0 ? true : undefined));
  } finally {
    fs.writeFileSync(ripple.fsPath, broken);
  }
}

describe('Agent run_task and run_command in a real VS Code', function () {
  this.timeout(90_000);
  let registry: ToolRegistry;
  let folder: string;
  let requests: RunRequest[];
  let answer: Approval;
  let tasksFile: string;
  let sampleTasks: string;

  const env = (signal: AbortSignal = new AbortController().signal): ToolEnv =>
    workspaceToolEnv({
      signal,
      approve: () => Promise.resolve({ approved: false, reason: 'no edits here' }),
      confirmRun: (request) => {
        requests.push(request);
        return Promise.resolve(answer);
      },
    });
  const call = (name: string, args: unknown, on: ToolEnv = env()): Promise<ToolResult> => registry.run(name, JSON.stringify(args), on);
  const stopAfter = (ms: number): AbortController => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), ms);
    return controller;
  };

  before(async () => {
    await activated();
    registry = workspaceToolRegistry();
    folder = workspaceFolderPaths()[0].path;
    fs.mkdirSync(path.join(folder, 'Assets'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'Assets', 'Broken.cs'), 'class Broken\n{\n    int x = 1\n}\n\n\nint unused;\n');
    tasksFile = path.join(folder, '.vscode', 'tasks.json');
    fs.mkdirSync(path.dirname(tasksFile), { recursive: true });
    // The sample's own "build shaders" task (glslangValidator, its two-line looped matcher) stays.
    sampleTasks = fs.readFileSync(tasksFile, 'utf8');
    const sample = JSON.parse(sampleTasks.replace(/^\s*\/\/.*$/gm, '')) as { tasks: unknown[] };
    fs.writeFileSync(tasksFile, JSON.stringify({ ...TASKS, tasks: [...TASKS.tasks, ...sample.tasks] }, null, 2));
    // VS Code reads tasks.json when it changes: wait until it offers the tasks.
    await until('the tasks of tasks.json', async () => {
      const names = (await vscode.tasks.fetchTasks()).map((t) => t.name);
      return names.includes('mg-build') && names.includes('mg-forever') && names.includes('build shaders') ? true : undefined;
    });
  });
  after(async () => {
    for (const execution of vscode.tasks.taskExecutions) execution.terminate();
    fs.writeFileSync(tasksFile, sampleTasks);
    fs.rmSync(path.join(folder, 'Assets', 'Broken.cs'), { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  beforeEach(() => {
    requests = [];
    answer = { approved: true };
  });

  describe('run_task', () => {
    it('runs a tasks.json task, shown first, and reports its exit code and the problems its matcher found', async () => {
      const result = await call('run_task', { name: 'mg-build' });
      assert.equal(requests.length, 1);
      assert.equal(requests[0].tool, 'run_task');
      assert.equal(requests[0].subject, 'mg-build');
      assert.match(requests[0].detail, /^task: mg-build\ntype: shell\ncommand: node -e .*missing semicolon/);
      assert.equal(result.ok, true, result.text);
      assert.equal(
        result.text,
        'Task "mg-build" finished. Exit code: 2.\nProblems its problem matchers reported (2):\nAssets/Broken.cs:3:5: error: missing semicolon [mg-build]\nAssets/Broken.cs:7:1: warning: unused variable [mg-build]',
      );
    });

    it('reports the problems of the sample\'s "build shaders" task (real glslangValidator, a two-line looped matcher) every time', async () => {
      // Ten runs in a row: the problems reach the extension host a moment after the task ends.
      const missing: string[] = [];
      const ripple = vscode.Uri.file(path.join(folder, 'Assets', 'Shaders', 'Ripple.frag'));
      try {
        for (let run = 1; run <= 10; run++) {
          const result = await call('run_task', { name: 'build shaders' });
          assert.equal(result.ok, true, result.text);
          assert.match(result.text, /^Task "build shaders" finished\. Exit code: 2\./);
          if (!/^Assets\/Shaders\/Ripple\.frag:10:\d+: error: 'tnt' : undeclared identifier \[glslang\]$/m.test(result.text)) missing.push(`run ${run}: ${result.text}`);
        }
      } finally {
        // The task's problems stay in VS Code after it ends; the suites after this one count glslang
        // problems (Import Engine Log).
        await clearRippleProblems(ripple, env());
      }
      assert.deepEqual(missing, [], `runs whose result lacks Ripple.frag's 'tnt' error:\n${missing.join('\n')}`);
    });

    it('why run_task waits after the end: VS Code hands over a task\'s problems only after its end event, every time', async () => {
      // terminalTaskSystem, on the terminal's exit: fires processEnded and end at once, and only
      // schedules setTimeout(() => { collector.done() }, 100); a StartStopProblemCollector delivers the
      // markers of its last (here, only) file in done(). So at the end event there is nothing to read.
      const ripple = vscode.Uri.file(path.join(folder, 'Assets', 'Shaders', 'Ripple.frag'));
      const tnt = (): number => vscode.languages.getDiagnostics(ripple).filter((d) => d.source === 'glslang' && d.message.includes("'tnt'")).length;
      const task = await until('the "build shaders" task', async () => (await vscode.tasks.fetchTasks()).find((t) => t.name === 'build shaders'));
      const seenAtEnd: number[] = [];
      let delivered = false;
      for (let run = 1; run <= 3; run++) {
        await clearRippleProblems(ripple, env());
        let ended = false;
        delivered = false;
        const subscriptions = [
          vscode.tasks.onDidEndTask((e) => {
            // (VS Code may send one execution's end twice: its first is the one that counts.)
            if (e.execution.task.name !== 'build shaders' || ended) return;
            ended = true;
            seenAtEnd.push(tnt());
          }),
          vscode.languages.onDidChangeDiagnostics(() => {
            if (ended && tnt() > 0) delivered = true;
          }),
        ];
        try {
          await vscode.tasks.executeTask(task);
          await until("the task's problem after its end", () => (delivered ? true : undefined), 30_000);
        } finally {
          for (const s of subscriptions) s.dispose();
        }
      }
      assert.deepEqual(seenAtEnd, [0, 0, 0], "the 'tnt' error was already there at the end event");
      await clearRippleProblems(ripple, env());
    });

    it('names the tasks there are when the name matches none', async () => {
      const result = await call('run_task', { name: 'mg-nope' });
      assert.equal(result.ok, false);
      assert.match(result.text, /^Error: there is no task named "mg-nope"\. The tasks are: .*"mg-build".*"mg-forever"/);
      assert.equal(requests.length, 0, 'nothing is asked about a task that does not exist');
    });

    it('tells the model when the user skipped the task, and runs nothing', async () => {
      answer = { approved: false, reason: 'not the build, please' };
      const result = await call('run_task', { name: 'mg-forever' });
      assert.equal(result.text, 'Error: the user skipped the task: not the build, please');
      assert.equal(vscode.tasks.taskExecutions.length, 0);
    });

    it('Stop terminates a task that never ends', async () => {
      const result = await call('run_task', { name: 'mg-forever' }, env(stopAfter(2_000).signal));
      assert.equal(result.text, 'Error: stopped by the user; the task "mg-forever" was terminated.');
      await until('the task to end', () => (vscode.tasks.taskExecutions.some((e) => e.task.name === 'mg-forever') ? undefined : true));
    });

    it('terminates a task that outlasts its time limit', async () => {
      const result = await runTask({ name: 'mg-forever' }, env(), { timeoutMs: 2_000 });
      assert.match(result.text, /^Error: timed out after 2 s; the task "mg-forever" was terminated\./);
      await until('the task to end', () => (vscode.tasks.taskExecutions.some((e) => e.task.name === 'mg-forever') ? undefined : true));
    });
  });

  describe('run_command', () => {
    it('runs a command line in the workspace folder, shown first, and reports its exit code and output', async () => {
      const command = 'node -e "console.log(process.cwd()); console.error(\'\\u001b[31mto stderr\\u001b[0m\'); process.exit(4)"';
      const result = await call('run_command', { command });
      assert.deepEqual(requests, [{ tool: 'run_command', subject: command, detail: `${command}\n(in ${folder})` }]);
      assert.equal(result.ok, true, result.text);
      // Where VS Code gives a terminal shell integration (code-server does), the user sees the command run.
      assert.match(result.text, /^Ran in the terminal "Monster Gaming Agent" \(the user can see it\)\. Exit code: 4\.\nOutput:\n/);
      const output = result.text.slice(result.text.indexOf('Output:\n') + 8).split('\n').map((l) => l.trim()).filter(Boolean).sort();
      assert.deepEqual(output, [folder, 'to stderr'].sort());
    });

    it('reports the whole output of commands that print at once, every time', async () => {
      // VS Code's shell-integration stream drops output that arrives with the command's start marker
      // (and, on 1.96, the last 50 ms): quick commands came back empty there.
      for (let i = 0; i < 6; i++) {
        const result = await call('run_command', { command: `echo quick-${i}` });
        assert.equal(result.text, `Ran in the terminal "Monster Gaming Agent" (the user can see it). Exit code: 0.\nOutput:\nquick-${i}`);
      }
      const late = await call('run_command', { command: `node -e "console.log('first'); setTimeout(() => console.log('last'), 300)"` });
      assert.equal(late.text, 'Ran in the terminal "Monster Gaming Agent" (the user can see it). Exit code: 0.\nOutput:\nfirst\nlast');
    });

    it('keeps megabytes of output within the budget, its start and its end', async () => {
      const result = await call('run_command', { command: 'node -e "for (let i = 0; i < 50000; i++) console.log(\'line \' + i + \' \' + \'z\'.repeat(40))"' });
      assert.equal(result.ok, true, result.text.slice(0, 300));
      assert.ok(result.text.length < 20_000, String(result.text.length));
      assert.match(result.text, /Exit code: 0\.\nOutput:\nline 0 z+\n/);
      assert.match(result.text, /characters of output cut/);
      assert.ok(result.text.endsWith(`line 49999 ${'z'.repeat(40)}`), result.text.slice(-200));
    });

    it('ends a command that never ends at the time limit, with the output so far', async () => {
      const result = await runCommand({ command: 'node -e "console.log(\'started\'); setInterval(() => {}, 1000)"' }, env(), { timeoutMs: 3_000 });
      assert.equal(result.ok, false);
      assert.match(result.text, /^Error: timed out after 3 s; the command was ended in /);
      assert.match(result.text, /Output:\nstarted$/);
    });

    it('Stop ends a running command at once', async () => {
      const started = path.join(folder, 'started.txt');
      fs.rmSync(started, { force: true });
      const stop = new AbortController();
      const running = call('run_command', { command: `node -e "require('fs').writeFileSync('started.txt', 'x'); setInterval(() => {}, 1000)"` }, env(stop.signal));
      await until('the command to start', () => (fs.existsSync(started) ? true : undefined));
      stop.abort();
      const result = await running;
      fs.rmSync(started, { force: true });
      assert.match(result.text, /^Error: stopped by the user; the command was ended in /);
    });

    it('tells the model when the user skipped the command, and runs nothing', async () => {
      answer = { approved: false, reason: 'do not delete things' };
      const marker = path.join(folder, 'ran.txt');
      const result = await call('run_command', { command: `node -e "require('fs').writeFileSync('ran.txt', 'x')"` });
      assert.equal(result.text, 'Error: the user skipped the command: do not delete things');
      assert.equal(fs.existsSync(marker), false);
    });

    it('runs without a terminal where there is no window to show one, and says so', async () => {
      const result = await runCommand({ command: 'echo fallback' }, env(), { show: false });
      assert.equal(result.text, 'Ran in a background process. Exit code: 0.\nOutput:\nfallback');
    });

    it('Ctrl+C in its terminal stops the command, and so does closing the terminal', async () => {
      const started = path.join(folder, 'started.txt');
      const agentTerminal = (): vscode.Terminal | undefined => vscode.window.terminals.find((t) => t.name === 'Monster Gaming Agent');
      for (const how of ['ctrl-c', 'close'] as const) {
        fs.rmSync(started, { force: true });
        const running = call('run_command', { command: `node -e "require('fs').writeFileSync('started.txt', 'x'); console.log('working'); setInterval(() => {}, 1000)"` });
        await until('the command to start', () => (fs.existsSync(started) ? true : undefined));
        const terminal = await until('the agent terminal', agentTerminal);
        if (how === 'ctrl-c') terminal.sendText('\u0003', false);
        else terminal.dispose();
        const result = await running;
        assert.match(result.text, /^Error: stopped by the user in the terminal; the command was ended in the terminal "Monster Gaming Agent" \(the user can see it\)\.\nOutput:\nworking$/, how);
      }
      fs.rmSync(started, { force: true });
      const after = await call('run_command', { command: 'echo again' });
      assert.match(after.text, /^Ran in the terminal "Monster Gaming Agent" .*\nOutput:\nagain$/, 'a closed terminal is replaced');
    });
  });
});

/**
 * Analyze Crash from a stopped debug session in the real extension host: a Node script run under
 * VS Code's built-in JavaScript debugger (js-debug) stops at a `debugger` statement; the command,
 * called as the Call Stack's context menu calls it (the right-clicked frame's ids), sends that
 * thread's real frames to `POST /v1/debug/analyze`. A script outside the workspace is analyzed
 * without its source or links; a menu naming a session that is gone sends nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MonsterGamingApi } from '../../src/extension';
import { control, runAccepting } from './crashCommand';
import { activated, waitFor } from './helpers';

const KEY = 'mg_live_starter_ext_host_debug_crash';
const SCRIPT = [
  'function coolant(level) {',
  '  debugger;',
  '  return level - 3;',
  '}',
  'function overheat(core) {',
  '  return coolant(core.level);',
  '}',
  'overheat({ level: 2 });',
  '',
].join('\n');

interface Recorded {
  readonly path: string;
  readonly body: { readonly stack_trace: readonly string[]; readonly platform?: string; readonly engine?: string };
}


const analyzeRequests = async (): Promise<Recorded[]> => ((await control('requests')) as Recorded[]).filter((r) => r.path === '/v1/debug/analyze');

/** Debugs `program` until it stops at its debugger statement; the stopped session and thread (seen by a tracker of the test's own). */
async function stopped(program: string): Promise<{ readonly session: vscode.DebugSession; readonly threadId: number }> {
  let stop: { session: vscode.DebugSession; threadId: number } | undefined;
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number } }) => {
        if (m.type === 'event' && m.event === 'stopped' && typeof m.body?.threadId === 'number') stop = { session, threadId: m.body.threadId };
      },
    }),
  });
  try {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(await vscode.debug.startDebugging(folder, { type: 'node', request: 'launch', name: 'Reactor', program, skipFiles: ['<node_internals>/**'] }));
    return await waitFor('the stop at the debugger statement', () => stop, 30_000);
  } finally {
    tracker.dispose();
  }
}


async function stopDebugging(): Promise<void> {
  await vscode.debug.stopDebugging();
  // A js-debug parent session may linger a little after its child; the next test waits for its own stop.
  await waitFor('every debug session ended', () => vscode.debug.activeDebugSession === undefined, 15_000).catch(() => undefined);
}

/** Stops one session and waits for it to end. */
async function stopSession(session: vscode.DebugSession): Promise<void> {
  const ended = new Promise<void>((resolve) => vscode.debug.onDidTerminateDebugSession((s) => s.id === session.id && resolve()));
  await vscode.debug.stopDebugging(session);
  await ended;
}

describe('Analyze Crash from a stopped debug session (real extension host, js-debug)', function () {
  this.timeout(90_000);
  let api: MonsterGamingApi;
  let inside: string;
  let outside: string;

  // Starting a debug session saves the dirty editors first (debug.saveBeforeStart), and an earlier
  // suite's untitled documents would open a Save As dialog that nothing answers.
  const debugSettings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('debug');
  let saveBeforeStart: string | undefined;

  before(async () => {
    api = (await activated()).exports as MonsterGamingApi;
    saveBeforeStart = debugSettings().inspect<string>('saveBeforeStart')?.globalValue;
    await debugSettings().update('saveBeforeStart', 'none', vscode.ConfigurationTarget.Global);
    process.env.MONSTER_GAMING_API_KEY = KEY;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder);
    inside = path.join(folder, 'Tools', 'debugged.js');
    fs.writeFileSync(inside, SCRIPT);
    outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-debug-outside-')), 'elsewhere.js');
    fs.writeFileSync(outside, SCRIPT);
  });
  afterEach(stopDebugging);
  after(async () => {
    await debugSettings().update('saveBeforeStart', saveBeforeStart, vscode.ConfigurationTarget.Global);
    delete process.env.MONSTER_GAMING_API_KEY;
    fs.rmSync(inside, { force: true });
    fs.rmSync(path.dirname(outside), { recursive: true, force: true });
    await control('reset', {});
  });

  it('from the Call Stack menu: the thread right-clicked, its real frames, platform and engine; links to the workspace frames', async () => {
    await control('reset', {});
    await vscode.commands.executeCommand('monsterGaming.newChat');
    const frame = await stopped(inside);
    const sessionId = frame.session.id;
    // What the Call Stack view passes for its second frame: the source's URI, then the frame's ids.
    const menu = { sessionId, threadId: `thread:${sessionId}:${frame.threadId}`, frameId: `stackframe:thread:${sessionId}:${frame.threadId}:1:debugged.js`, frameName: 'global.overheat' };
    assert.equal(await runAccepting(vscode.Uri.file(inside).toString(), menu), true, 'analyzed');

    const [request] = await analyzeRequests();
    assert.ok(request, 'POST /v1/debug/analyze');
    assert.deepEqual(request.body.stack_trace.slice(0, 3), ['global.coolant (Tools/debugged.js:2)', 'global.overheat (Tools/debugged.js:6)', '<anonymous> (Tools/debugged.js:8)']);
    assert.equal(request.body.platform, process.platform === 'linux' ? 'linux' : request.body.platform);
    assert.equal(request.body.engine, 'unity');
    const messages = api.sidebarMessages();
    assert.match(messages.at(-2)?.text ?? '', /^Analyze this crash from the debug session .+: (Paused on debugger statement|Stopped: debugger)/i);
    assert.deepEqual(messages.at(-1)?.frames, [
      { function: 'global.coolant', path: 'Tools/debugged.js', line: 2 },
      { function: 'global.overheat', path: 'Tools/debugged.js', line: 6 },
      { function: '<anonymous>', path: 'Tools/debugged.js', line: 8 },
    ]);
  });

  it('a program outside the workspace: the stack is sent as the debugger named it, no source read, no links', async () => {
    await control('reset', {});
    await stopped(outside);
    // The palette, from code (a question given): the stopped thread, not text.
    assert.equal(await vscode.commands.executeCommand('monsterGaming.analyzeCrash', { question: '' }), true);
    const [request] = await analyzeRequests();
    assert.ok(request, 'POST /v1/debug/analyze');
    assert.equal(request.body.stack_trace[0], `global.coolant (${outside}:2)`);
    const answer = api.sidebarMessages().at(-1);
    assert.equal(answer?.frames?.length ?? 0, 0);
  });

  it('a Call Stack menu naming a session that has ended sends nothing', async () => {
    await control('reset', {});
    const frame = await stopped(inside);
    const sessionId = frame.session.id;
    await stopSession(frame.session);
    assert.equal(await vscode.commands.executeCommand('monsterGaming.analyzeCrash', 'x', { sessionId, threadId: `thread:${sessionId}:${frame.threadId}` }), false);
    assert.equal((await analyzeRequests()).length, 0);
  });
});

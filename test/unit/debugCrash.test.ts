import * as assert from 'node:assert/strict';
import { english } from '../../src/answering/l10n';
import { MAX_FRAMES } from '../../src/crash/crashParsers';
import { collectDebugCrash, DebugCrashError, type DebugSessionLike } from '../../src/crash/debugCrash';

type Answer = (args: Record<string, unknown>) => unknown;

/** A debug session answering DAP requests from a table; a missing command is refused as adapters do. */
function session(answers: Record<string, Answer>, overrides: Partial<DebugSessionLike> = {}): DebugSessionLike & { asked: Array<[string, unknown]> } {
  const asked: Array<[string, unknown]> = [];
  return {
    id: 's1',
    type: 'node',
    name: 'Launch crash.js',
    configuration: { request: 'launch' },
    asked,
    customRequest: (command: string, args?: unknown): Promise<unknown> => {
      asked.push([command, args]);
      const answer = answers[command];
      if (!answer) return Promise.reject(new Error(`Unrecognized request: ${command}`));
      try {
        return Promise.resolve(answer((args ?? {}) as Record<string, unknown>));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    ...overrides,
  };
}

const frames = [
  { id: 1, name: 'explode', source: { name: 'crash.js', path: '/work/game/scripts/crash.js' }, line: 4, column: 9 },
  { id: 2, name: '', presentationHint: 'label', line: 0, column: 0 },
  { id: 3, name: 'main', source: { name: 'crash.js', path: '/work/game/scripts/crash.js' }, line: 8, column: 3 },
  { id: 4, name: 'Module._compile', source: { name: 'loader', path: '<node_internals>/internal/modules/cjs/loader', sourceReference: 7 }, line: 1554, column: 14 },
];

const options = { threadId: 1, hostPlatform: 'linux' as NodeJS.Platform, ended: (): boolean => false, l10n: english };

describe('collectDebugCrash: a stopped debug session to the crash the analysis reads', () => {
  it('the exception from exceptionInfo and the frames from stackTrace (label frames dropped), platform from a local launch', async () => {
    const s = session({
      exceptionInfo: () => ({ exceptionId: 'Error', description: 'Error: The reactor core overheated\n    at explode (/work/game/scripts/crash.js:4:9)', breakMode: 'unhandled' }),
      stackTrace: () => ({ stackFrames: frames, totalFrames: 4 }),
    });
    const crash = await collectDebugCrash(s, { ...options, stopped: { reason: 'exception', description: 'Paused on exception' } });
    assert.equal(crash.format, 'debugger');
    assert.equal(crash.message, 'Error: The reactor core overheated');
    assert.deepEqual(crash.frames, [
      { function: 'explode', file: '/work/game/scripts/crash.js', line: 4, column: 9 },
      { function: 'main', file: '/work/game/scripts/crash.js', line: 8, column: 3 },
      { function: 'Module._compile', file: '<node_internals>/internal/modules/cjs/loader', line: 1554, column: 14 },
    ]);
    assert.equal(crash.platform, 'linux');
    assert.equal(crash.droppedFrames, 0);
    assert.deepEqual(s.asked, [
      ['exceptionInfo', { threadId: 1 }],
      ['stackTrace', { threadId: 1, startFrame: 0, levels: MAX_FRAMES }],
    ]);
  });

  it('without exceptionInfo (refused, or not an exception stop) the stopped event says what happened; an attach has no platform', async () => {
    const refused = session({ stackTrace: () => ({ stackFrames: frames.slice(0, 1) }) }, { type: 'godot', configuration: { request: 'attach' } });
    const crash = await collectDebugCrash(refused, { ...options, stopped: { reason: 'exception', text: 'Invalid call. Nonexistent function "fire" in base "Nil".' } });
    assert.equal(crash.message, 'Invalid call. Nonexistent function "fire" in base "Nil".');
    assert.equal(crash.platform, undefined);
    assert.equal(crash.engine, 'godot');

    const breakpoint = session({ exceptionInfo: () => ({ exceptionId: 'never asked' }), stackTrace: () => ({ stackFrames: frames.slice(0, 1) }) });
    const paused = await collectDebugCrash(breakpoint, { ...options, stopped: { reason: 'breakpoint' } });
    assert.equal(paused.message, 'Stopped: breakpoint');
    assert.deepEqual(breakpoint.asked.map(([command]) => command), ['stackTrace']);
  });

  it("a method whose receiver js-debug names by the function's source is named by the function's name (no source text goes out)", async () => {
    const names = ["function Module(id = '', parent) {.executeUserEntryPoint", 'async function* pump(a) {.next', 'function (x) {.call', 'functional.update', 'Player.fire'];
    const s = session({ stackTrace: () => ({ stackFrames: names.map((name, i) => ({ id: i, name, source: { path: '/work/game/a.js' }, line: i + 1, column: 1 })) }) });
    const crash = await collectDebugCrash(s, { ...options, stopped: { reason: 'breakpoint' } });
    assert.deepEqual(crash.frames.map((f) => f.function), ['Module.executeUserEntryPoint', 'pump.next', '<anonymous>.call', 'functional.update', 'Player.fire']);
  });

  it('a remote window\'s URI paths become file paths (the workspace resolver reads paths)', async () => {
    const remote = session({ stackTrace: () => ({ stackFrames: [{ id: 1, name: 'f', source: { path: 'vscode-remote://127.0.0.1:46225/tmp/my%20game/a.js' }, line: 2, column: 1 }] }) });
    const crash = await collectDebugCrash(remote, { ...options, stopped: { reason: 'breakpoint' } });
    assert.equal(crash.frames[0]?.file, '/tmp/my game/a.js');
  });

  it('keeps at most MAX_FRAMES frames and counts the rest; hostile names and paths are cut', async () => {
    const many = Array.from({ length: MAX_FRAMES }, (_, i) => ({ id: i, name: `f${i}${'x'.repeat(i === 0 ? 10_000 : 0)}`, line: i + 1, column: 1 }));
    const s = session({ stackTrace: () => ({ stackFrames: [...many, ...many], totalFrames: 5000 }) });
    const crash = await collectDebugCrash(s, { ...options, stopped: { reason: 'exception' } });
    assert.equal(crash.frames.length, MAX_FRAMES);
    assert.equal(crash.droppedFrames, 5000 - MAX_FRAMES);
    assert.ok((crash.frames[0]?.function ?? '').length <= 512);
  });

  const failure = async (s: DebugSessionLike, expected: RegExp, ended = (): boolean => false): Promise<void> => {
    await assert.rejects(collectDebugCrash(s, { ...options, ended, stopped: { reason: 'exception' } }), (error: unknown) => {
      assert.ok(error instanceof DebugCrashError, String(error));
      assert.match(error.message, expected);
      return true;
    });
  };

  it('an adapter that refuses stackTrace, an empty stack, junk answers: clear messages', async () => {
    await failure(session({}), /The node debugger did not give the stack \(Unrecognized request: stackTrace\)/);
    await failure(session({ stackTrace: () => ({ stackFrames: [] }) }), /The stopped thread has no stack frames/);
    await failure(session({ stackTrace: () => 'junk' }), /The stopped thread has no stack frames/);
  });

  it('a session that ends mid-collection says so', async () => {
    let over = false;
    const s = session({
      exceptionInfo: () => {
        over = true;
        throw new Error('connection closed');
      },
      stackTrace: () => {
        throw new Error('connection closed');
      },
    });
    await failure(s, /The debug session ended before its stack was read/, () => over);
  });
});

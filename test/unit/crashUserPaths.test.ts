/**
 * Frames outside the workspace go to the gateway as the crash wrote them, and a crash writes home
 * folders: `C:\Users\alice\…`, `/home/alice/…`, `/Users/alice/…`. The user's name is not ours to
 * send; it is replaced, the rest of the path (which file, which library) kept for the analysis.
 */
import * as assert from 'node:assert/strict';
import { analyzeRequest, crashText } from '../../src/crash/crashAnalysis';
import type { CollectedCrash } from '../../src/crash/crashAnalysis';
import type { CrashFrame } from '../../src/crash/crashTypes';
import { withoutUserNames } from '../../src/crash/userPaths';

function collected(frames: readonly CrashFrame[], message?: string, workspaceFile?: string): CollectedCrash {
  return {
    crash: { format: 'msvc', frames, read: 100, total: 100, droppedFrames: 0, ...(message ? { message } : {}) },
    located: frames.map((frame, index) => (index === 0 && workspaceFile ? { frame, file: workspaceFile } : { frame })),
    relative: (file: string) => file.replace('/home/alice/Game/', ''),
    sourceName: 'the selection',
    source: 'selection',
  } as unknown as CollectedCrash;
}

describe('Crash paths outside the workspace leave the user name behind', () => {
  it('replaces the user folder of Windows, Linux and macOS home paths, keeping the rest', () => {
    assert.equal(withoutUserNames('C:\\Users\\alice.smith\\AppData\\Local\\Game\\Player.log'), 'C:\\Users\\<user>\\AppData\\Local\\Game\\Player.log');
    assert.equal(withoutUserNames('d:/Users/John Smith/Projects/game/src/main.cpp'), 'd:/Users/<user>/Projects/game/src/main.cpp');
    assert.equal(withoutUserNames('C:\\Documents and Settings\\bob\\game.exe'), 'C:\\Documents and Settings\\<user>\\game.exe');
    assert.equal(withoutUserNames('/home/alice/.local/share/godot/app_userdata/Game/logs/godot.log'), '/home/<user>/.local/share/godot/app_userdata/Game/logs/godot.log');
    assert.equal(withoutUserNames('at Foo (/Users/alice/dev/node_modules/lib/index.js:3:9)'), 'at Foo (/Users/<user>/dev/node_modules/lib/index.js:3:9)');
    assert.equal(withoutUserNames('/usr/lib/libc.so.6'), '/usr/lib/libc.so.6');
    assert.equal(withoutUserNames('/home/alice'), '/home/alice', 'a bare home folder names no file; nothing to keep apart');
  });

  it('takes linear time on hostile text (a 1 MB path with no separator after the home folder)', () => {
    const hostile = `/home/${'a'.repeat(1_000_000)}`;
    assert.equal(withoutUserNames(hostile), hostile);
    const many = 'C:\\Users\\'.repeat(100_000);
    assert.equal(withoutUserNames(many).length > 0, true);
  });

  it('sends frames outside the workspace without the user name, and workspace frames relative', () => {
    const body = analyzeRequest(
      collected([
        { function: 'Player::Fire', file: '/home/alice/Game/src/Player.cpp', line: 30 },
        { function: 'std::vector::at', file: 'C:\\Users\\alice\\vcpkg\\include\\vector', line: 1200 },
        { function: 'render', file: '/Users/alice/sdk/render.c', line: 7 },
      ], undefined, '/home/alice/Game/src/Player.cpp'),
      undefined,
    );
    assert.deepEqual(body.stack_trace, ['Player::Fire (src/Player.cpp:30)', 'std::vector::at (C:\\Users\\<user>\\vcpkg\\include\\vector:1200)', 'render (/Users/<user>/sdk/render.c:7)']);
  });

  it('leaves the user name out of the exception message that other gateways are shown', () => {
    const text = crashText(collected([{ function: 'Load', file: 'C:\\Users\\alice\\Game\\Save.cs', line: 4 }], "FileNotFoundException: Could not find file 'C:\\Users\\alice\\AppData\\save.dat'"));
    assert.equal(text.includes('alice'), false, text);
    assert.match(text, /C:\\Users\\<user>\\AppData\\save\.dat/);
  });
});

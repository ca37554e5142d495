import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { crashWindow, frameText, MAX_CRASH_CHARS, MAX_FRAMES, parseCrashText } from '../../src/crash/crashParsers';
import type { ParsedCrash } from '../../src/crash/crashTypes';
import { locateFrames, MAX_RESOLVED_FILES } from '../../src/crash/crashFrames';
import { MAX_FIELD_CHARS, splitLocation } from '../../src/crash/frameLines';
import type { ProblemPath } from '../../src/fix/problemPaths';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'crashes');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

function parsed(name: string): ParsedCrash {
  const crash = parseCrashText(fixture(name));
  assert.ok(crash, `${name}: no crash found`);
  return crash;
}

describe('parseCrashText: real crash formats', () => {
  it('Unity player log: the C# exception and its Mono frames', () => {
    const crash = parsed('unity-player.log');
    assert.equal(crash.format, 'unity-managed');
    assert.equal(crash.message, 'NullReferenceException: Object reference not set to an instance of an object');
    assert.deepEqual(crash.frames, [
      { function: 'CubeController.Update', file: 'C:\\Users\\kei\\NoiseShader\\Assets\\Cube\\CubeController.cs', line: 24 },
      // `<a1b2c3d4e5f6>:0` is Mono's "no file": no location.
      { function: 'UnityEngine.Internal.$MethodUtility.InvokeMethod' },
    ]);
    assert.equal(crash.engine, 'unity');
    assert.equal(crash.platform, 'windows');
  });

  it("Unity editor console: `(at Assets/…:31)` frames", () => {
    const crash = parsed('unity-editor-console.log');
    assert.equal(crash.message, 'IndexOutOfRangeException: Index was outside the bounds of the array.');
    assert.deepEqual(crash.frames[0], { function: 'CatalogController.Start', file: 'Assets/Catalog/CatalogController.cs', line: 31 });
    assert.equal(crash.engine, 'unity');
  });

  it('Unity native crash: module, function and the bracketed location', () => {
    const crash = parsed('unity-native-crash.log');
    assert.equal(crash.format, 'unity-native');
    assert.equal(crash.message, 'Crash!!!');
    assert.deepEqual(crash.frames.slice(0, 3), [
      { function: 'Mesh::UploadMeshData', file: 'C:\\build\\output\\unity\\unity\\Runtime\\Graphics\\Mesh\\Mesh.cpp', line: 812, module: 'UnityPlayer' },
      { function: 'CubeController:Update', file: 'CubeController.cs', line: 24, module: 'Mono JIT Code' },
      { function: 'UnityMain', module: 'UnityPlayer' },
    ]);
    assert.equal(crash.frames.length, 5);
  });

  it('Unreal CrashContext.runtime-xml: ErrorMessage, CallStack and platform through an XML parser (txml)', () => {
    const crash = parsed('CrashContext.runtime-xml');
    assert.equal(crash.format, 'unreal');
    assert.equal(crash.message, 'Unhandled Exception: EXCEPTION_ACCESS_VIOLATION reading address 0x0000000000000118');
    assert.deepEqual(crash.frames[0], { function: 'AShooterWeapon::Fire', file: 'D:\\Projects\\Shooter\\Source\\Shooter\\ShooterWeapon.cpp', line: 87, module: 'UnrealEditor_Shooter' });
    assert.deepEqual(crash.frames.at(-1), { module: 'ntdll' });
    assert.equal(crash.frames.length, 6);
    assert.equal(crash.engine, 'unreal');
    assert.equal(crash.platform, 'windows');
  });

  it('Unreal XML that declares entities is not expanded (read as text instead)', () => {
    const hostile = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><FGenericCrashContext><RuntimeProperties><ErrorMessage>&b;&b;&b;</ErrorMessage><CallStack>Game!Foo() [x.cpp:1]</CallStack></RuntimeProperties></FGenericCrashContext>`;
    const crash = parseCrashText(hostile);
    assert.ok(!crash?.message?.includes('aaaaaaaaaa'));
  });

  it("Unreal XML: XML's own entities and character references are decoded", () => {
    const crash = parseCrashText('<?xml version="1.0"?><FGenericCrashContext><RuntimeProperties><ErrorMessage>Assertion failed: A &amp;&amp; B &lt; C &#65;&#x42;</ErrorMessage><CallStack>Game!Foo() [x.cpp:1]</CallStack></RuntimeProperties></FGenericCrashContext>');
    assert.equal(crash?.message, 'Assertion failed: A && B < C AB');
    assert.deepEqual(crash?.frames, [{ function: 'Foo', file: 'x.cpp', line: 1, module: 'Game' }]);
  });

  it("Unreal log: the critical error's [Callstack] lines behind timestamps and categories", () => {
    const crash = parsed('unreal-editor.log');
    assert.equal(crash.format, 'unreal');
    assert.equal(crash.message, 'Unhandled Exception: EXCEPTION_ACCESS_VIOLATION reading address 0x0000000000000118');
    assert.deepEqual(crash.frames[1], { function: 'AShooterCharacter::StartFire', file: 'D:\\Projects\\Shooter\\Source\\Shooter\\ShooterCharacter.cpp', line: 142, module: 'UnrealEditor-Shooter.dll' });
    assert.deepEqual(crash.frames[3], { function: 'UnknownFunction', module: 'KERNEL32.DLL' });
  });

  it('Godot crash: the GDScript backtrace (newest stack) with res:// paths, the handler line as message', () => {
    const crash = parsed('godot-crash.txt');
    assert.equal(crash.format, 'godot');
    assert.equal(crash.message, 'handle_crash: Program crashed with signal 11');
    assert.deepEqual(crash.frames, [
      { function: 'try_jump', file: 'res://player/player.gd', line: 80 },
      { function: '_physics_process', file: 'res://player/player.gd', line: 40 },
    ]);
    assert.equal(crash.engine, 'godot');
    assert.equal(crash.platform, 'linux');
  });

  it("Godot's C++ backtrace: binaries with offsets and symbolized frames", () => {
    const cpp = fixture('godot-crash.txt').split('-- END OF C++')[0];
    const crash = parseCrashText(cpp);
    assert.deepEqual(crash?.frames, [
      { module: '/lib/x86_64-linux-gnu/libc.so.6' },
      { module: '/usr/local/bin/godot' },
      { function: 'Node::_propagate_ready', file: '/root/godot/scene/main/node.cpp', line: 288 },
    ]);
  });

  it('Godot SCRIPT ERROR with its `at:` line', () => {
    const crash = parsed('godot-script-error.txt');
    assert.equal(crash.message, "SCRIPT ERROR: Invalid access to property or key 'velocity' on a base object of type 'null instance'.");
    assert.deepEqual(crash.frames, [{ function: '_physics_process', file: 'res://player/player.gd', line: 40 }]);
  });

  it('gdb bt (Quake III): addresses, arguments with parentheses, `from` libraries', () => {
    const crash = parsed('gdb-bt.txt');
    assert.equal(crash.format, 'gdb');
    assert.equal(crash.message, 'Thread 1 "ioq3ded.x86_64" received signal SIGSEGV, Segmentation fault.');
    assert.deepEqual(crash.frames.slice(0, 4), [
      { function: 'G_Damage', file: 'code/game/g_combat.c', line: 847 },
      { function: 'ClientThink_real', file: 'code/game/g_active.c', line: 572 },
      { function: 'ClientThink', file: 'code/game/g_active.c', line: 1039 },
      { function: 'G_RunFrame', file: 'code/game/g_main.c', line: 1770 },
    ]);
    assert.deepEqual(crash.frames[5], { module: '/lib/x86_64-linux-gnu/libc.so.6' });
    assert.equal(crash.platform, 'linux');
  });

  it('lldb bt: module`function at file:line:column', () => {
    const crash = parsed('lldb-bt.txt');
    assert.equal(crash.format, 'lldb');
    assert.deepEqual(crash.frames, [
      { function: 'G_Damage', file: 'g_combat.c', line: 847, column: 8, module: 'quake3' },
      { function: 'ClientThink_real', file: 'g_active.c', line: 572, column: 4, module: 'quake3' },
      { function: 'start', module: 'dyld' },
    ]);
    assert.equal(crash.platform, 'macos');
  });

  it('WinDbg k: Module!Func+0x12 [path @ line] behind the frame numbers and addresses', () => {
    const crash = parsed('windbg-k.txt');
    assert.equal(crash.format, 'msvc');
    assert.equal(crash.message, '(1a2c.2f04): Access violation - code c0000005 (first chance)');
    assert.deepEqual(crash.frames[0], { function: 'G_Damage', file: 'c:\\src\\quake3\\code\\game\\g_combat.c', line: 847, module: 'quake3' });
    assert.deepEqual(crash.frames[3], { function: 'BaseThreadInitThunk', module: 'KERNEL32' });
  });

  it("Visual Studio's Call Stack window: `Module!Func(args) Line 42`", () => {
    const crash = parsed('msvc-callstack.txt');
    assert.deepEqual(crash.frames.slice(0, 2), [
      { function: 'G_Damage', line: 847, module: 'quake3.exe' },
      { function: 'ClientThink_real', line: 572, module: 'quake3.exe' },
    ]);
    assert.equal(crash.frames.length, 4);
  });

  it('.NET: `in C:\\x\\File.cs:line 42`, framework frames without a location', () => {
    const crash = parsed('dotnet.txt');
    assert.equal(crash.format, 'dotnet');
    assert.equal(crash.message, 'Unhandled exception. System.InvalidOperationException: Sequence contains no elements');
    assert.deepEqual(crash.frames, [
      { function: 'System.Linq.ThrowHelper.ThrowNoElementsException' },
      { function: 'System.Linq.Enumerable.First[TSource]' },
      { function: 'Noise.Catalog.ImageGenerator.Pick', file: 'C:\\src\\NoiseShader\\Assets\\Catalog\\ImageGenerator.cs', line: 58 },
      { function: 'Noise.Catalog.ImageGenerator.Main', file: 'C:\\src\\NoiseShader\\Assets\\Catalog\\ImageGenerator.cs', line: 12 },
    ]);
  });

  it('Node: `at fn (file:line:col)`, anonymous and internal frames', () => {
    const crash = parsed('node.txt');
    assert.equal(crash.format, 'javascript');
    assert.equal(crash.message, "TypeError: Cannot read properties of undefined (reading 'length')");
    assert.deepEqual(crash.frames, [
      { function: 'countSpawns', file: '/home/dev/tools/level-check/check.js', line: 12, column: 16 },
      { function: 'Array.map' },
      { function: 'main', file: '/home/dev/tools/level-check/check.js', line: 20, column: 28 },
      { function: 'Object.<anonymous>', file: '/home/dev/tools/level-check/check.js', line: 24, column: 1 },
      { file: 'node:internal/main/run_main_module', line: 36, column: 49 },
    ]);
  });

  it('Firefox, Unity WebGL build: `fn@url:line:col` and WebAssembly frames (`wasm-function[n]`), the engine from the framework file', () => {
    const crash = parsed('firefox-unity-webgl.txt');
    assert.equal(crash.format, 'javascript');
    assert.equal(crash.message, 'RuntimeError: index out of bounds');
    assert.equal(crash.engine, 'unity');
    assert.equal(crash.frames.length, 11);
    assert.deepEqual(crash.frames.slice(0, 3), [
      { function: 'PlayerController_FixedUpdate_m6E2D1F3C9A0B4E5D7F8A1B2C3D4E5F6A7B8C9D0E', module: 'SampleGame.wasm' },
      { function: 'RuntimeInvoker_TrueVoid_t700C6383A2A510C2CF4DD86DABD5CA9FF70ADAC5', module: 'SampleGame.wasm' },
      { function: 'dynCall_viiii', file: 'https://games.example.com/sample-game/Build/SampleGame.framework.js', line: 3, column: 421903 },
    ]);
    assert.deepEqual(crash.frames.slice(-3), [
      { function: 'onClick/<', file: 'https://games.example.com/sample-game/TemplateData/menu.js', line: 58, column: 30 },
      // Firefox's async cause (`EventListener.handleEvent*`) is not the function; this one has none.
      { file: 'https://games.example.com/sample-game/TemplateData/menu.js', line: 52, column: 12 },
      { file: 'https://games.example.com/sample-game/index.html', line: 41, column: 7 },
    ]);
  });

  it('Safari, HTML5 build: named, anonymous (`@url`), native and `global code` frames', () => {
    const crash = parsed('safari-html5.txt');
    assert.equal(crash.format, 'javascript');
    assert.equal(crash.message, "TypeError: undefined is not an object (evaluating 'this.player.body.velocity')");
    assert.deepEqual(crash.frames, [
      { function: 'update', file: 'http://localhost:8080/src/scenes/Level.js', line: 42, column: 24 },
      { function: 'step', file: 'http://localhost:8080/node_modules/phaser/dist/phaser.js', line: 88123, column: 22 },
      { file: 'http://localhost:8080/src/main.js', line: 12, column: 3 },
      { function: 'forEach' },
      { function: 'global code', file: 'http://localhost:8080/index.html', line: 20, column: 9 },
    ]);
  });

  it('Chrome\'s WebAssembly frames in `at` lines', () => {
    const crash = parseCrashText(
      'RuntimeError: unreachable\n    at PlayerController_FixedUpdate (https://x.example/Build/Game.wasm:wasm-function[21487]:0x6f2a1c)\n    at https://x.example/Build/Game.wasm:wasm-function[61244]:0x12b5e04\n    at invoke_viiii (https://x.example/Build/Game.framework.js:3:380231)\n',
    );
    assert.deepEqual(crash?.frames, [
      { function: 'PlayerController_FixedUpdate', module: 'Game.wasm' },
      { function: 'wasm-function[61244]', module: 'Game.wasm' },
      { function: 'invoke_viiii', file: 'https://x.example/Build/Game.framework.js', line: 3, column: 380231 },
    ]);
  });

  it('`@` in text that is not a browser frame stays unread: mail addresses, MSVC decorated names, WinDbg `@ line`', () => {
    assert.equal(parseCrashText('Contact support@studio.example for help.\nsee dev@host:12\n'), undefined);
    const msvc = parseCrashText('Game!?Fire@Player@@QEAAXH@Z+0x12\nGame!main+0x40\n');
    assert.equal(msvc?.format, 'msvc');
    assert.equal(msvc?.frames[0].module, 'Game');
  });

  it('finds nothing in text without a stack', () => {
    assert.equal(parseCrashText('Hello! This is not a crash.\nIt has Error: words but no frames.\n'), undefined);
    assert.equal(parseCrashText(''), undefined);
  });

  it('splitLocation: line and column forms, and no line from `??:0` or Windows drives', () => {
    assert.deepEqual(splitLocation('C:\\src\\x.cpp:12'), { file: 'C:\\src\\x.cpp', line: 12 });
    assert.deepEqual(splitLocation('x.cpp:12:3'), { file: 'x.cpp', line: 12, column: 3 });
    assert.deepEqual(splitLocation('c:\\x.cpp @ 42'), { file: 'c:\\x.cpp', line: 42 });
    assert.deepEqual(splitLocation('C:\\x\\File.cs:line 42'), { file: 'C:\\x\\File.cs', line: 42 });
    assert.equal(splitLocation('??:0'), undefined);
    assert.equal(splitLocation('<filename unknown>:0'), undefined);
  });

  it('frameText: what the gateway gets as one stack_trace entry', () => {
    assert.equal(frameText({ function: 'try_jump', file: 'res://player/player.gd', line: 80 }), 'try_jump (res://player/player.gd:80)');
    assert.equal(frameText({ function: 'UnityMain', module: 'UnityPlayer' }), 'UnityMain [UnityPlayer]');
    assert.equal(frameText({ function: 'G_Damage', file: 'C:\\x\\g_combat.c', line: 847 }, 'code/game/g_combat.c'), 'G_Damage (code/game/g_combat.c:847)');
  });
});

describe('parseCrashText: bounds on hostile input', () => {
  it('keeps at most MAX_FRAMES of an enormous stack and counts the rest', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `#${i}  0x00005555555a8f3c in Recurse${i} (n=${i}) at src/recurse.c:${i + 1}`);
    const crash = parseCrashText(lines.join('\n'));
    assert.equal(crash?.frames.length, MAX_FRAMES);
    assert.equal(crash?.droppedFrames, 2000 - MAX_FRAMES);
    assert.deepEqual(crash?.frames[0], { function: 'Recurse0', file: 'src/recurse.c', line: 1 });
  });

  it('reads at most MAX_CRASH_CHARS of a 10 MB log: the part with the newest stack', () => {
    const noise = 'LogStreaming: Display: Flushing package /Game/Maps/Arena (state: WaitingForIo)\n'.repeat(130_000);
    const text = `${noise}${fixture('unreal-editor.log')}${'LogExit: Exiting.\n'.repeat(10)}`;
    assert.ok(text.length > 10_000_000);
    const crash = parseCrashText(text);
    assert.equal(crash?.read !== undefined && crash.read <= MAX_CRASH_CHARS, true);
    assert.equal(crash?.total, text.length);
    assert.equal(crash?.frames[0]?.function, 'AShooterWeapon::Fire');
    assert.equal(crash?.message, 'Unhandled Exception: EXCEPTION_ACCESS_VIOLATION reading address 0x0000000000000118');
    assert.ok(crashWindow(text).length <= MAX_CRASH_CHARS);
  });

  it('binary junk, frame-like fragments and huge lines: never throws, bounded frames and fields (fast-check)', () => {
    const fragment = fc.constantFrom(
      '#0 ', '0x', ' in ', ' at ', ':', '::', '(', ')', ' (', '[', ']', ' [', ' @ ', '!', '+0x1f', 'res://', '\\', '/', ':line ', ' Line ',
      'frame #1: 0x1 m`', '[Callstack] 0x1 ', '  at ', 'at: ', '[1] ', '0x00007FF (UnityPlayer) ', '`', '<', '>', '\n', '\r\n', '\t', ' ', '12', '?',
    );
    const junk = fc.string({ unit: 'binary', maxLength: 40 });
    const line = fc.array(fc.oneof(fragment, junk), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), fc.nat({ max: 3 }), (lines, repeat) => {
        // Repeated up to MAX_CRASH_CHARS and past it: the window and the line cut both get exercised.
        const base = lines.join('\n');
        const text = base.length === 0 ? base : base.repeat(Math.min(2 ** (repeat * 4), Math.ceil((MAX_CRASH_CHARS * 1.5) / base.length)));
        const crash = parseCrashText(text);
        if (!crash) return;
        assert.ok(crash.frames.length >= 1 && crash.frames.length <= MAX_FRAMES);
        assert.ok(crash.read <= MAX_CRASH_CHARS && crash.read <= crash.total);
        for (const frame of crash.frames) {
          for (const value of [frame.function, frame.file, frame.module]) assert.ok(value === undefined || value.length <= MAX_FIELD_CHARS + 1);
          assert.ok(frame.line === undefined || (Number.isInteger(frame.line) && frame.line >= 1));
        }
        assert.ok(crash.message === undefined || crash.message.length <= MAX_FIELD_CHARS);
      }),
      { numRuns: 150, seed: 15 },
    );
  });

  it('one line of 1 MB of frame-like text is cut, not matched whole', () => {
    const crash = parseCrashText(`#0  0x1 in ${'f('.repeat(500_000)}`);
    assert.ok(crash);
    assert.ok((crash.frames[0].function ?? '').length <= MAX_FIELD_CHARS + 1);
  });
});

describe('locateFrames: frames in the workspace, through the confined resolver', () => {
  it('resolves each distinct path once, keeps frames without a file, and takes only inside files', async () => {
    const asked: string[] = [];
    const resolve = (written: string): Promise<ProblemPath> => {
      asked.push(written);
      if (written === 'res://player/player.gd') return Promise.resolve({ kind: 'inside', file: '/ws/player/player.gd' });
      if (written === '/etc/passwd') return Promise.resolve({ kind: 'outside', reason: 'elsewhere' });
      return Promise.resolve({ kind: 'missing' });
    };
    const located = await locateFrames(
      [
        { function: 'try_jump', file: 'res://player/player.gd', line: 80 },
        { function: '_physics_process', file: 'res://player/player.gd', line: 40 },
        { function: 'evil', file: '/etc/passwd', line: 1 },
        { function: 'nowhere', file: 'gone.c', line: 3 },
        { module: 'libc.so.6' },
      ],
      resolve,
    );
    assert.deepEqual(asked, ['res://player/player.gd', '/etc/passwd', 'gone.c']);
    assert.deepEqual(
      located.map((l) => l.file),
      ['/ws/player/player.gd', '/ws/player/player.gd', undefined, undefined, undefined],
    );
  });

  it(`looks up at most ${MAX_RESOLVED_FILES} distinct paths of a hostile stack`, async () => {
    let lookups = 0;
    const frames = Array.from({ length: MAX_FRAMES }, (_, i) => ({ function: `f${i}`, file: `src/f${i}.c`, line: 1 }));
    await locateFrames(frames, () => {
      lookups++;
      return Promise.resolve({ kind: 'missing' });
    });
    assert.equal(lookups, MAX_RESOLVED_FILES);
  });
});

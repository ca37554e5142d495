/**
 * One line of a stack, read into a frame: every text format's frame line has its own small
 * reader here. A crash text is hostile: lines are cut before they get here, each expression only
 * finds a line's head (checked by recheck in test/unit/redos.test.ts: no two neighbouring parts
 * can match the same characters), and tails (`file:line`, `[path @ 42]`) are split in code with
 * lastIndexOf, never by backtracking.
 */
import type { CrashFormat, CrashFrame } from './crashTypes';

/** Longest function name or path kept; longer ones are cut (a frame is a label, not a payload). */
export const MAX_FIELD_CHARS = 512;

export interface FrameLine {
  readonly format: CrashFormat;
  readonly frame: CrashFrame;
}

// gdb `#0  0x000055555555 in G_Damage (targ=0x0) at code/game/g_combat.c:1050`, `#1  main () at x.c:5`.
const GDB = /^#\d+ +(?:0x[0-9a-fA-F]+ in )?(\S[^]*)$/;
// lldb `  * frame #0: 0x0000000100003f3c Game`Player::Update(this=0x0) at player.cpp:12:3`.
const LLDB = /^[ *]*frame #\d+: 0x[0-9a-fA-F]+ ([^`\s]+)`(.*)$/;
// Godot's C++ and GDScript backtraces: `[1] Node::_propagate_ready() (at /godot/scene/main/node.cpp:123)`, `[0] _ready (res://player.gd:12)`.
const GODOT = /^\s*\[\d+\] (\S.*)$/;
// Godot's location line under an error: `   at: _process (res://player.gd:12)`.
const GODOT_AT = /^\s*at: (\S.*)$/;
// Unity's player log, native frames: `0x00007FF6F1B8C1E3 (UnityPlayer) UnityMain`, `0x... (Mono JIT Code) [Player.cs:42] Player:Update ()`.
const UNITY_NATIVE = /^\s*0x[0-9a-fA-F]+ \(([^)]*)\) (\S.*)$/;
// Unity's console: `Player.Update () (at Assets/Scripts/Player.cs:42)`, `UnityEngine.Debug:Log (object)`.
const UNITY_CONSOLE = /^([\w.`<>|/+:-]+) \(([^)]*)\)(?: \(at ([^)]*)\))?$/;
// `at …` lines: .NET, Mono (Unity) and JavaScript; told apart by their tails.
const AT = /^\s*at (\S.*)$/;
// Firefox and Safari (browser builds: Unity WebGL, Godot and Phaser HTML5): `update@http://host/src/Level.js:42:24`,
// `@url:1:2` (anonymous), `forEach@[native code]`, `_main@…/Game.wasm:wasm-function[12]:0x1a2b`. The name may hold spaces
// (`global code`), never an `@`; the location is one word.
const AT_SIGN = /^([^@]*)@(\[(?:native|wasm) code\]|\S+)$/;
// WinDbg `k` prefix: `00 0000005f`a1cff6c8 00007ff6`12341234 `.
const WINDBG_PREFIX = /^\s*[0-9a-fA-F]{2,} [0-9a-fA-F`]+ [0-9a-fA-F`]+ /;
// MSVC, WinDbg and Unreal: `Module!Func+0x12 [c:\src\x.cpp @ 42]`, `UnrealEditor_Engine!UWorld::Tick() [D:\…\LevelTick.cpp:1519]`.
const MODULE_BANG = /^[\s>]*([\w.-]+)!(\S.*)$/;
// Unreal's log: `LogWindows: Error: [Callstack] 0x00007ffb1a2b3c4d UnrealEditor-MyGame.dll!AMyCharacter::Fire() [D:\…\MyCharacter.cpp:42]`.
const UNREAL_CALLSTACK = /\[Callstack\] 0x[0-9a-fA-F]+ (\S.*)/;
const DIGITS = /^\d+$/;

function cut(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > MAX_FIELD_CHARS ? `${trimmed.slice(0, MAX_FIELD_CHARS)}…` : trimmed;
}

function lineNumber(text: string): number | undefined {
  if (!DIGITS.test(text) || text.length > 9) return undefined;
  const value = Number(text);
  return value >= 1 ? value : undefined;
}

interface Location {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** `path:12`, `path:12:3`, `path:line 12`, `path @ 12`, `path(12)`; a path alone when no number follows. */
export function splitLocation(text: string): Location | undefined {
  const value = text.trim();
  if (!value || value === '??' || value.startsWith('<')) return undefined;
  for (const separator of [':line ', ' @ ']) {
    const at = value.lastIndexOf(separator);
    if (at > 0) {
      const line = lineNumber(value.slice(at + separator.length).trim());
      if (line) return { file: cut(value.slice(0, at)), line };
    }
  }
  if (value.endsWith(')')) {
    const open = value.lastIndexOf('(');
    const line = open > 0 ? lineNumber(value.slice(open + 1, -1)) : undefined;
    if (line) return { file: cut(value.slice(0, open)), line };
  }
  const last = value.lastIndexOf(':');
  const tail = last > 0 ? lineNumber(value.slice(last + 1)) : undefined;
  if (tail === undefined) {
    // `??:0`, `file.c:?` and the like name no line worth opening.
    return last > 0 && !value.slice(last + 1).trim() ? undefined : value.includes('?') ? undefined : { file: cut(value) };
  }
  const before = value.slice(0, last);
  const previous = before.lastIndexOf(':');
  const line = previous > 0 ? lineNumber(before.slice(previous + 1)) : undefined;
  // Windows drive letters (`C:\x.cpp:12`) have one letter before their colon, never digits.
  if (line) return { file: cut(before.slice(0, previous)), line, column: tail };
  if (!before || before.endsWith(':?') || before === '??') return undefined;
  return { file: cut(before), line: tail };
}

/** A frame without its undefined fields, so equal frames compare equal. */
function frame(fields: { function?: string; file?: string; line?: number; column?: number; module?: string }): CrashFrame {
  const out: { -readonly [K in keyof CrashFrame]: CrashFrame[K] } = {};
  if (fields.function) out.function = cut(fields.function);
  if (fields.file) out.file = fields.file;
  if (fields.line) out.line = fields.line;
  if (fields.column) out.column = fields.column;
  if (fields.module) out.module = cut(fields.module);
  return out;
}

/** `Name (args)` → `Name`: a function's name is what comes before its argument list. */
function functionName(text: string): string {
  const value = text.trim();
  const paren = value.indexOf('(');
  // `Object.<anonymous>`, `operator()`, a lambda's `<lambda_1>`: a name starting with a paren has none before it.
  return paren > 0 ? value.slice(0, paren).trim() : value;
}

/** A trailing `(location)` of a frame: `fn (file.js:1:2)`, `_ready (res://player.gd:12)`. */
function trailingParen(rest: string): { head: string; inside: string } | undefined {
  if (!rest.endsWith(')')) return undefined;
  const open = rest.lastIndexOf(' (');
  return open >= 0 ? { head: rest.slice(0, open), inside: rest.slice(open + 2, -1) } : undefined;
}

function gdbFrame(rest: string): FrameLine {
  const from = rest.lastIndexOf(' from ');
  const at = rest.lastIndexOf(' at ');
  const location = at > 0 ? splitLocation(rest.slice(at + 4)) : undefined;
  const head = at > 0 ? rest.slice(0, at) : from > 0 ? rest.slice(0, from) : rest;
  const name = functionName(head);
  return {
    format: 'gdb',
    frame: frame({ function: name === '??' ? undefined : name, ...location, module: from > 0 && at < 0 ? rest.slice(from + 6) : undefined }),
  };
}

function lldbFrame(module: string, rest: string): FrameLine {
  const at = rest.lastIndexOf(' at ');
  const location = at > 0 ? splitLocation(rest.slice(at + 4)) : undefined;
  const head = at > 0 ? rest.slice(0, at) : rest;
  const plus = head.lastIndexOf(' + ');
  return { format: 'lldb', frame: frame({ function: functionName(plus > 0 ? head.slice(0, plus) : head), ...location, module }) };
}

function godotFrame(rest: string): FrameLine {
  const paren = trailingParen(rest);
  if (paren) {
    const inside = paren.inside.startsWith('at ') ? paren.inside.slice(3) : paren.inside;
    const location = splitLocation(inside);
    if (location?.line !== undefined || inside.startsWith('res://')) {
      return { format: 'godot', frame: frame({ function: functionName(paren.head), ...location }) };
    }
    // `/usr/bin/godot(+0x1234) [0x55…] (??:0)`: a binary and an offset.
    rest = paren.head;
  }
  const offset = rest.indexOf('(+0x');
  if (offset > 0) {
    return { format: 'godot', frame: frame({ module: rest.slice(0, offset) }) };
  }
  return { format: 'godot', frame: frame({ function: functionName(rest.replace(/ \[0x[0-9a-fA-F]+\]$/, '')) }) };
}

/** `func [path @ 42]` / `func [path:42]` / `func Line 42`: MSVC, WinDbg and Unreal tails. */
function bangFrame(module: string, rest: string, format: CrashFormat): FrameLine {
  let head = rest;
  let location: Location | undefined;
  if (rest.endsWith(']')) {
    const open = rest.lastIndexOf(' [');
    if (open > 0) {
      location = splitLocation(rest.slice(open + 2, -1));
      head = rest.slice(0, open);
    }
  } else {
    // Visual Studio's Call Stack window: `Game.exe!Player::Fire(int ammo) Line 42	C++`.
    const line = rest.lastIndexOf(' Line ');
    const number = line > 0 ? lineNumber(rest.slice(line + 6).split(/\s/, 1)[0] ?? '') : undefined;
    if (number) head = rest.slice(0, line);
    if (number) location = { file: '', line: number };
  }
  const plus = head.indexOf('+0x');
  const name = functionName(plus > 0 ? head.slice(0, plus) : head);
  return { format, frame: frame({ function: name, ...location, module }) };
}

/** A WebAssembly location: `…/Game.wasm:wasm-function[123]:0x1a2b` (Firefox, Chrome), `[wasm code]` (Safari): its module and function index. */
function wasmLocation(location: string): { module: string; index?: string } | undefined {
  if (location === '[wasm code]') return { module: 'wasm' };
  const at = location.indexOf(':wasm-function[');
  if (at <= 0) return undefined;
  const file = location.slice(0, at);
  const close = location.indexOf(']', at);
  return { module: file.slice(file.lastIndexOf('/') + 1) || file, ...(close > 0 ? { index: location.slice(at + 1, close + 1) } : {}) };
}

/** A frame in a WebAssembly module: no line to open, the function (or its index) and the module. */
function wasmFrame(name: string, wasm: { module: string; index?: string }): FrameLine {
  return { format: 'javascript', frame: frame({ function: name ? functionName(name) : wasm.index, module: wasm.module }) };
}

/** Firefox's and Safari's `name@location`; undefined unless the location is a script's line and column, native or WebAssembly code. */
function browserFrame(head: string, location: string): FrameLine | undefined {
  // Firefox names an async frame's cause before a `*` (`promise callback*load`): the function follows it.
  const paren = head.indexOf('(');
  const star = (paren >= 0 ? head.slice(0, paren) : head).lastIndexOf('*');
  const name = (star >= 0 ? head.slice(star + 1) : head).trim();
  if (location === '[native code]') return name ? { format: 'javascript', frame: frame({ function: name }) } : undefined;
  const wasm = wasmLocation(location);
  if (wasm) return wasmFrame(name, wasm);
  const where = splitLocation(location);
  if (where?.line === undefined || where.column === undefined) return undefined;
  return { format: 'javascript', frame: frame({ function: name ? functionName(name) : undefined, ...where }) };
}

/** `at …` lines: .NET (`in C:\x.cs:line 42`), Mono (`[0x00012] in /x.cs:42`) and JavaScript (`fn (file.js:12:5)`, `file.js:12:5`). */
function atFrame(rest: string): FrameLine | undefined {
  const mono = rest.indexOf('] in ');
  if (mono > 0 && rest.includes(' [0x')) {
    const head = rest.slice(0, rest.indexOf(' [0x'));
    return { format: 'unity-managed', frame: frame({ function: functionName(head), ...splitLocation(rest.slice(mono + 5)) }) };
  }
  const dotnet = rest.lastIndexOf(' in ');
  if (dotnet > 0 && rest.includes(':line ')) {
    return { format: 'dotnet', frame: frame({ function: functionName(rest.slice(0, dotnet)), ...splitLocation(rest.slice(dotnet + 4)) }) };
  }
  const paren = trailingParen(rest);
  // `at Array.map (<anonymous>)`, `at Promise.all (index 0)`: JavaScript frames without a file.
  if (paren && (paren.inside === '<anonymous>' || paren.inside === 'native' || paren.inside.startsWith('index '))) {
    return { format: 'javascript', frame: frame({ function: paren.head.replace(/^(?:async |new )/, '') }) };
  }
  // Chrome's WebAssembly frames: `at _main (…/Game.wasm:wasm-function[12]:0x1a2b)`, `at …/Game.wasm:wasm-function[12]:0x1a2b`.
  const wasm = wasmLocation(paren ? paren.inside : rest);
  if (wasm && (paren || !rest.includes(' '))) return wasmFrame(paren ? paren.head.replace(/^(?:async |new )/, '') : '', wasm);
  const js = paren ? splitLocation(paren.inside) : undefined;
  if (paren && js?.column !== undefined) {
    const name = paren.head.replace(/^(?:async |new )/, '');
    return { format: 'javascript', frame: frame({ function: name, ...js }) };
  }
  if (!rest.includes(' ')) {
    const bare = splitLocation(rest);
    if (bare?.column !== undefined) return { format: 'javascript', frame: frame(bare) };
  }
  // .NET without a location (framework code): `System.ThrowHelper.ThrowArgumentException()`.
  if (rest.endsWith(')') && !rest.includes(' (')) {
    return { format: 'dotnet', frame: frame({ function: functionName(rest) }) };
  }
  return undefined;
}

/** The frame a line holds, if it is a stack frame of one of the formats. `line` is already cut. */
export function readFrameLine(line: string): FrameLine | undefined {
  let match = GDB.exec(line);
  if (match) return gdbFrame(match[1]);
  match = LLDB.exec(line);
  if (match) return lldbFrame(match[1], match[2]);
  match = UNREAL_CALLSTACK.exec(line);
  if (match) {
    const bang = MODULE_BANG.exec(match[1]);
    return bang ? bangFrame(bang[1], bang[2], 'unreal') : { format: 'unreal', frame: frame({ module: match[1] }) };
  }
  match = GODOT.exec(line) ?? GODOT_AT.exec(line);
  if (match) return godotFrame(match[1]);
  match = UNITY_NATIVE.exec(line);
  if (match) {
    const module = match[1];
    const rest = match[2];
    if (rest.startsWith('[')) {
      const close = rest.indexOf('] ');
      if (close > 0) return { format: 'unity-native', frame: frame({ module, function: functionName(rest.slice(close + 2)), ...splitLocation(rest.slice(1, close)) }) };
    }
    return { format: 'unity-native', frame: frame({ module, function: functionName(rest.replace(/ \+ 0x[0-9a-fA-F]+$/, '')) }) };
  }
  match = AT.exec(line);
  if (match) return atFrame(match[1]);
  match = AT_SIGN.exec(line.trim());
  if (match) {
    const browser = browserFrame(match[1], match[2]);
    if (browser) return browser;
  }
  match = UNITY_CONSOLE.exec(line.trim());
  if (match) {
    return { format: 'unity-managed', frame: frame({ function: match[1], ...(match[3] !== undefined ? splitLocation(match[3]) : {}) }) };
  }
  const unprefixed = line.replace(WINDBG_PREFIX, '');
  match = MODULE_BANG.exec(unprefixed);
  // `Wow!great` is not a frame: a frame after the bang has an offset, a location or an argument list.
  if (match && (match[2].includes('+0x') || match[2].endsWith(']') || match[2].includes('(') || match[2].includes(' Line '))) {
    return bangFrame(match[1], match[2], match[1].startsWith('UnrealEditor') || match[1].startsWith('UE4Editor') ? 'unreal' : 'msvc');
  }
  return undefined;
}

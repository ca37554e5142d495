/**
 * Reads a crash out of text: Unity player and editor logs (C# exceptions, native stacks), Unreal
 * crash reports (`CrashContext.runtime-xml`, the log's `[Callstack]` lines), Godot backtraces and
 * script errors, gdb/lldb `bt`, MSVC/WinDbg call stacks, .NET and JavaScript stack traces (Node
 * and Chrome's `at …`, Firefox's and Safari's `fn@url:line:col`, WebAssembly frames of web builds).
 * Pure (no `vscode`); loaded in the lazy crash bundle on first use.
 *
 * The text is hostile and bounded: at most MAX_CRASH_CHARS are read (the part around the newest
 * stack, as a log's crash ends it), lines are cut at MAX_CRASH_LINE_CHARS before matching, at
 * most MAX_FRAMES frames are kept, and every expression matches in linear time (see frameLines.ts).
 */
import { parse as parseXml, type TNode } from 'txml/txml';
import type { CrashEngine, CrashFormat, CrashFrame, CrashPlatform, ParsedCrash } from './crashTypes';
import { MAX_FIELD_CHARS, readFrameLine, type FrameLine } from './frameLines';

/** Most characters read of a crash text: 256 KB holds any real stack with room around it. */
export const MAX_CRASH_CHARS = 256 * 1024;
/** Longest line matched; the rest of a longer line is dropped (a frame's head still names it). */
export const MAX_CRASH_LINE_CHARS = 2048;
/** Most frames kept of one stack, top first: the analysis looks at the top ones. */
export const MAX_FRAMES = 64;
/** How far before a stack its exception line may be: lines that are not frames, and lines in all. */
const MESSAGE_LOOKBACK_LINES = 6;
const MESSAGE_LOOKBACK_MAX = MAX_FRAMES + 32;
/** A stack goes on across this many lines that are not frames (a wrapped gdb line, a blank line). */
const BLOCK_GAP_LINES = 2;
/** Room kept after the newest frame when the text is cut (the rest of its stack). */
const AFTER_LAST_FRAME_CHARS = 32 * 1024;

// Lines that say what went wrong, in the formats above.
const MESSAGE =
  /(?:Exception|Error\b|error:|Unhandled|Assertion failed|Fatal|signal \d|SIG[A-Z]{3,}|Segmentation fault|CrashHandlerException|Program crashed|Crash!|EXCEPTION_[A-Z_]+|EXC_[A-Z_]+|[Aa]ccess violation|panic)/;
// What does not describe the crash: the lines that introduce a stack.
const NOT_MESSAGE = /^(?:Stack ?trace:?|Backtrace:?|Call ?stack:?|Dumping the backtrace|GDScript backtrace|=+|-- END)/i;
const XML_START = /^\s*(?:<\?xml[^>]*>\s*)?<FGenericCrashContext\b/;
const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;
const LINE_BREAK = /\r?\n|\r/;

interface Block {
  readonly start: number;
  readonly frames: FrameLine[];
}

function cutLine(line: string): string {
  return line.length > MAX_CRASH_LINE_CHARS ? line.slice(0, MAX_CRASH_LINE_CHARS) : line;
}

/** Where a log's timestamps and categories end: `[2024.01.15-10.22.33:123][  0]LogWindows: Error: ` and `12:00:01.123 ` go. */
function withoutLogPrefix(line: string): string {
  let rest = line;
  while (rest.startsWith('[') && !rest.startsWith('[Callstack]')) {
    const close = rest.indexOf(']');
    // Godot's `[1] frame` is a frame, not a prefix: only a bracket followed by more text is stripped.
    if (close < 0 || /^\[\d+\] /.test(rest)) break;
    rest = rest.slice(close + 1);
  }
  const category = /^Log\w+: (?:(?:Error|Warning|Display|Log): )?/.exec(rest);
  return category ? rest.slice(category[0].length) : rest;
}

/** The text to read: all of it when short, else the MAX_CRASH_CHARS ending a little after its newest frame line. */
export function crashWindow(text: string): string {
  if (text.length <= MAX_CRASH_CHARS) return text;
  let lastFrame = -1;
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    if (readFrameLine(withoutLogPrefix(cutLine(text.slice(from, Math.min(end, from + MAX_CRASH_LINE_CHARS)))))) lastFrame = from;
    from = end + 1;
  }
  const end = lastFrame < 0 ? text.length : Math.min(text.length, lastFrame + AFTER_LAST_FRAME_CHARS);
  const start = Math.max(0, end - MAX_CRASH_CHARS);
  // Start on a whole line.
  const firstBreak = start === 0 ? 0 : text.indexOf('\n', start) + 1;
  return text.slice(firstBreak > 0 ? firstBreak : start, end);
}

/** Stacks in reading order: runs of frame lines with at most BLOCK_GAP_LINES others between them. */
function stacks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let gap = 0;
  for (let i = 0; i < lines.length; i++) {
    const read = readFrameLine(withoutLogPrefix(lines[i]));
    if (!read) {
      if (current && ++gap > BLOCK_GAP_LINES) current = undefined;
      continue;
    }
    gap = 0;
    if (!current || current.frames[0].format !== read.format) {
      current = { start: i, frames: [] };
      blocks.push(current);
    }
    current.frames.push(read);
  }
  return blocks;
}

/** The exception line just before a stack (or, for .NET's `--->` chains, its first line). */
function messageBefore(lines: readonly string[], start: number): string | undefined {
  let fallback: string | undefined;
  let looked = 0;
  // Earlier stacks (Godot's C++ one above its GDScript one) are stepped over: the message is above them.
  for (let i = start - 1; i >= Math.max(0, start - MESSAGE_LOOKBACK_MAX) && looked < MESSAGE_LOOKBACK_LINES; i--) {
    const line = withoutLogPrefix(lines[i]).trim();
    if (!line || readFrameLine(line)) continue;
    looked++;
    if (NOT_MESSAGE.test(line)) continue;
    if (MESSAGE.test(line)) return line.slice(0, MAX_FIELD_CHARS);
    fallback ??= line.slice(0, MAX_FIELD_CHARS);
  }
  return fallback;
}

const WINDOWS = /[A-Za-z]:\\|\.dll\b|\.exe\b|\bKERNEL32\b|\bntdll\b|\bWin64\b|\bWindows\b/i;
const ANDROID = /\/data\/app\/|libunity\.so|\bAndroid\b|libil2cpp\.so/;
const IOS = /\bUnityFramework\b|\biPhone\b|\biOS\b/;
const MACOS = /\.dylib\b|\/Users\/|\bmacOS\b|\bMac\b|libsystem_|com\.apple\.|\bdyld\b/;
const LINUX = /\.so\b|\/home\/|\bLinux\b|libc\.so|\/usr\/lib\//;

function platformOf(text: string): CrashPlatform | undefined {
  if (ANDROID.test(text)) return 'android';
  if (IOS.test(text)) return 'ios';
  if (WINDOWS.test(text)) return 'windows';
  if (MACOS.test(text)) return 'macos';
  return LINUX.test(text) ? 'linux' : undefined;
}

const UNITY = /UnityEngine\.|UnityPlayer|UnityEditor|\bAssets\/|Mono JIT Code|libunity\.so|il2cpp|\.framework\.js\b|UnityLoader|createUnityInstance|Unity content/;
const UNREAL = /UnrealEditor|UE4Editor|\[Callstack\]|FGenericCrashContext|LogWindows|LogOutputDevice|UObject|AActor::/;
const GODOT_TEXT = /res:\/\/|Godot Engine|handle_crash|SCRIPT ERROR|GDScript backtrace|CrashHandlerException/;

function engineOf(text: string, format: CrashFormat): CrashEngine | undefined {
  if (format === 'unity-managed' || format === 'unity-native' || UNITY.test(text)) return 'unity';
  if (format === 'unreal' || UNREAL.test(text)) return 'unreal';
  return format === 'godot' || GODOT_TEXT.test(text) ? 'godot' : undefined;
}

function bounded(frames: readonly FrameLine[]): { frames: CrashFrame[]; dropped: number } {
  return { frames: frames.slice(0, MAX_FRAMES).map((f) => f.frame), dropped: Math.max(0, frames.length - MAX_FRAMES) };
}

// The entities XML predefines, and character references: txml leaves text as written.
const XML_ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(XML_ENTITY, (whole, name: string | undefined, decimal: string | undefined, hex: string | undefined) => {
    if (name) return NAMED[name] ?? whole;
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function element(nodes: readonly (TNode | string)[], name: string): TNode | undefined {
  return nodes.find((node): node is TNode => typeof node !== 'string' && node.tagName === name);
}

/** The text of `parent`'s child element `name`, when there is one. */
function childText(parent: TNode, name: string): string | undefined {
  const child = element(parent.children, name);
  return child ? decodeEntities(child.children.filter((node): node is string => typeof node === 'string').join('')) : undefined;
}

/**
 * An Unreal `CrashContext.runtime-xml`: `ErrorMessage`, `CallStack`, `PlatformName` of its
 * RuntimeProperties, read with txml (a small XML parser that expands no entities beyond XML's own).
 */
function parseUnrealXml(text: string, total: number): ParsedCrash | undefined {
  // Real crash contexts declare no entities; one that does is not read as XML.
  if (DOCTYPE.test(text)) return undefined;
  let nodes: (TNode | string)[];
  try {
    nodes = parseXml(text);
  } catch {
    return undefined;
  }
  const root = element(nodes, 'FGenericCrashContext');
  const properties = root ? element(root.children, 'RuntimeProperties') : undefined;
  if (!properties) return undefined;
  const callStack = childText(properties, 'CallStack') ?? '';
  const lines = callStack.split(LINE_BREAK).map(cutLine);
  // Every line of CallStack is a frame: one without a symbol (`kernel32`) names its module.
  const frames = lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line): FrameLine => readFrameLine(line) ?? { format: 'unreal', frame: { module: line.slice(0, MAX_FIELD_CHARS) } });
  const { frames: kept, dropped } = bounded(frames);
  const message = childText(properties, 'ErrorMessage')?.trim().slice(0, MAX_FIELD_CHARS);
  const platformText = `${childText(properties, 'PlatformName') ?? ''} ${childText(properties, 'PlatformFullName') ?? ''}`;
  const platform = platformOf(platformText) ?? platformOf(callStack);
  return {
    format: 'unreal',
    ...(message ? { message } : {}),
    frames: kept,
    ...(platform ? { platform } : {}),
    engine: 'unreal',
    read: text.length,
    total,
    droppedFrames: dropped,
  };
}

/**
 * The crash in `text`: its newest stack (a log's crash ends it), the exception line before that
 * stack, and the platform and engine the text suggests. Undefined when no stack frame is found.
 */
export function parseCrashText(text: string): ParsedCrash | undefined {
  const total = text.length;
  if (XML_START.test(text.slice(0, 512))) {
    const xml = text.length <= MAX_CRASH_CHARS ? parseUnrealXml(text, total) : undefined;
    if (xml && xml.frames.length > 0) return xml;
  }
  const window = crashWindow(text);
  const lines = window.split(LINE_BREAK).map(cutLine);
  const blocks = stacks(lines);
  const newest = blocks.at(-1);
  if (!newest) return undefined;
  const format = newest.frames[0].format;
  const { frames, dropped } = bounded(newest.frames);
  const message = messageBefore(lines, newest.start);
  const platform = platformOf(window);
  const engine = engineOf(window, format);
  return {
    format,
    ...(message ? { message } : {}),
    frames,
    ...(platform ? { platform } : {}),
    ...(engine ? { engine } : {}),
    read: window.length,
    total,
    droppedFrames: dropped,
  };
}

/** One frame as the gateway's `stack_trace` entry: `Player._process (res://player.gd:12)`, `UnityMain [UnityPlayer]`. */
export function frameText(frame: CrashFrame, file: string | undefined = frame.file): string {
  const name = frame.function ?? '??';
  const where = file ? `${file}${frame.line ? `:${frame.line}` : ''}` : undefined;
  if (where) return `${name} (${where})`;
  return frame.module ? `${name} [${frame.module}]` : name;
}

/**
 * The crash pipeline's vocabulary, shared by every collector (crash text, a stopped debug
 * session) and the analysis: a crash is an exception message and a stack of frames, as
 * the source wrote them. Pure types (no `vscode`), so the lazy crash bundle and the core agree.
 */

/** One stack frame as the crash text (or a debug adapter) gave it; absent fields are left out. */
export interface CrashFrame {
  /** `AMyCharacter::Fire`, `Player._process`, `Foo.Bar`; absent when only an address is known. */
  readonly function?: string;
  /** The path as written: absolute, relative, Windows or `res://`. */
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
  /** The binary or module: `UnityPlayer`, `UnrealEditor-MyGame.dll`, `libc.so.6`. */
  readonly module?: string;
}

/** The formats the text parsers read; `stored`: a crash report the gateway keeps (crashReports.ts); `debugger`: a stopped debug session's stack. */
export type CrashFormat = 'unity-managed' | 'unity-native' | 'unreal' | 'godot' | 'gdb' | 'lldb' | 'msvc' | 'dotnet' | 'javascript' | 'stored' | 'debugger';

/** The engines the gateway's `engine` field names. */
export type CrashEngine = 'unity' | 'unreal' | 'godot';

/** The platforms the gateway's `platform` field names. */
export type CrashPlatform = 'windows' | 'linux' | 'macos' | 'android' | 'ios';

/** A crash read from text: the newest stack in it, what threw, and where it probably ran. */
export interface ParsedCrash {
  readonly format: CrashFormat;
  /** The exception or signal line: `NullReferenceException: Object reference not set…`. */
  readonly message?: string;
  /** Top (innermost) frame first; at most MAX_FRAMES. */
  readonly frames: readonly CrashFrame[];
  readonly platform?: CrashPlatform;
  readonly engine?: CrashEngine;
  /** Characters of the text read (at most MAX_CRASH_CHARS) and in all. */
  readonly read: number;
  readonly total: number;
  /** Frames past MAX_FRAMES that were left out. */
  readonly droppedFrames: number;
}

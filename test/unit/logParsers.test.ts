import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBuildLog, type ParsedProblem } from '../../src/fix/logParsers';

const ESC = '\u001b';

describe('parseBuildLog: Unity', () => {
  // Editor.log after a failed compile: Unity prints each error again on the next domain reload.
  const editorLog = [
    'Refreshing native plugins compatible for Editor in 2.34 ms, found 3 plugins.',
    '[ScriptCompilation] Requested script compilation because: Assetdatabase observed changes in script compilation related files',
    'Compiling assembly Library/ScriptAssemblies/Assembly-CSharp.dll',
    "Assets/Scripts/Player.cs(12,5): error CS0029: Cannot implicitly convert type 'string' to 'int'",
    "Assets/Scripts/Enemy.cs(40,17): warning CS0168: The variable 'e' is declared but never used",
    '(Filename: Assets/Scripts/Player.cs Line: 12)',
    '',
    "Assets/Scripts/Player.cs(12,5): error CS0029: Cannot implicitly convert type 'string' to 'int'",
    "2024-03-18T09:15:02.417Z|0x3f08|Assets\\Scripts\\UI\\HealthBar.cs(7,21): error CS0246: The type or namespace name 'Slider' could not be found (are you missing a using directive or an assembly reference?)",
    'Total cache size 0',
  ].join('\r\n');

  it('reads compiler errors and warnings, once each, through CRLF and timestamps', () => {
    assert.deepEqual(parseBuildLog(editorLog), [
      { file: 'Assets/Scripts/Player.cs', line: 12, column: 5, severity: 'error', code: 'CS0029', message: "Cannot implicitly convert type 'string' to 'int'", source: 'unity' },
      { file: 'Assets/Scripts/Enemy.cs', line: 40, column: 17, severity: 'warning', code: 'CS0168', message: "The variable 'e' is declared but never used", source: 'unity' },
      {
        file: 'Assets\\Scripts\\UI\\HealthBar.cs',
        line: 7,
        column: 21,
        severity: 'error',
        code: 'CS0246',
        message: "The type or namespace name 'Slider' could not be found (are you missing a using directive or an assembly reference?)",
        source: 'unity',
      },
    ]);
  });

  it('reads lines behind Cloud Build and CI prefixes, without the MSBuild project suffix', () => {
    const log = [
      "1234: [Unity] Assets/Scripts/Player.cs(12,5): error CS0029: Cannot implicitly convert type 'string' to 'int'",
      "[09:15:02] Assets/Scripts/Enemy.cs(40,17): warning CS0168: The variable 'e' is declared but never used [/build/Assembly-CSharp.csproj]",
    ].join('\n');
    assert.deepEqual(
      parseBuildLog(log).map((p) => [p.file, p.code, p.message]),
      [
        ['Assets/Scripts/Player.cs', 'CS0029', "Cannot implicitly convert type 'string' to 'int'"],
        ['Assets/Scripts/Enemy.cs', 'CS0168', "The variable 'e' is declared but never used"],
      ],
    );
  });
});

describe('parseBuildLog: MSVC and Unreal Build Tool', () => {
  const project = 'C:\\Users\\Jane Doe\\Documents\\Unreal Projects\\Shooter';
  const buildOutput = [
    'Build started...',
    '1>------ Build started: Project: Shooter, Configuration: Development_Editor x64 ------',
    '1>Using bundled DotNet SDK version: 6.0.302',
    '1>Building ShooterEditor and ShaderCompileWorker (Win64, Development)...',
    '1>[1/4] Compile Module.Shooter.cpp',
    `1>${project}\\Source\\Shooter\\Weapon.cpp(88): error C2065: 'Ammo': undeclared identifier`,
    `1>${project}\\Source\\Shooter\\Weapon.cpp(90,12): error C2065: 'Ammo': undeclared identifier`,
    `1>${project}\\Source\\Shooter\\Weapon.h(20): note: see declaration of 'AWeapon'`,
    `1>${project}\\Source\\Shooter\\ShooterCharacter.cpp(5): fatal error C1083: Cannot open include file: 'Weapon/Rifle.h': No such file or directory`,
    `1>C:\\Program Files (x86)\\Windows Kits\\10\\Include\\10.0.22621.0\\ucrt\\string.h(117): warning C4996: 'strcpy': This function or variable may be unsafe. [${project}\\Intermediate\\ProjectFiles\\Shooter.vcxproj]`,
    '1>Module.Shooter.cpp.obj : error LNK2019: unresolved external symbol "public: void __cdecl AWeapon::Reload(void)" (?Reload@AWeapon@@QEAAXXZ) referenced in function "public: virtual void __cdecl AWeapon::Tick(float)" (?Tick@AWeapon@@UEAAXM@Z)',
    `1>${project}\\Binaries\\Win64\\UnrealEditor-Shooter.dll : fatal error LNK1120: 1 unresolved externals`,
    '1>Total time in Parallel executor: 12.34 seconds',
    '========== Build: 0 succeeded, 1 failed, 0 up-to-date, 0 skipped ==========',
  ].join('\r\n');

  it('reads errors with and without a column, fatal errors and warnings; notes become related locations', () => {
    assert.deepEqual(parseBuildLog(buildOutput), [
      { file: `${project}\\Source\\Shooter\\Weapon.cpp`, line: 88, severity: 'error', code: 'C2065', message: "'Ammo': undeclared identifier", source: 'msvc' },
      {
        file: `${project}\\Source\\Shooter\\Weapon.cpp`,
        line: 90,
        column: 12,
        severity: 'error',
        code: 'C2065',
        message: "'Ammo': undeclared identifier",
        source: 'msvc',
        related: [{ file: `${project}\\Source\\Shooter\\Weapon.h`, line: 20, message: "see declaration of 'AWeapon'" }],
      },
      {
        file: `${project}\\Source\\Shooter\\ShooterCharacter.cpp`,
        line: 5,
        severity: 'error',
        code: 'C1083',
        message: "Cannot open include file: 'Weapon/Rifle.h': No such file or directory",
        source: 'msvc',
      },
      {
        file: 'C:\\Program Files (x86)\\Windows Kits\\10\\Include\\10.0.22621.0\\ucrt\\string.h',
        line: 117,
        severity: 'warning',
        code: 'C4996',
        message: "'strcpy': This function or variable may be unsafe.",
        source: 'msvc',
      },
    ]);
  });

  it('skips linker errors: they name no source line', () => {
    assert.equal(parseBuildLog(buildOutput).filter((p) => p.code?.startsWith('LNK')).length, 0);
  });

  it('reads Unreal Header Tool errors (no code) and lines inside the Unreal log', () => {
    const log = [
      '[2024.01.15-10.22.33:123][  0]LogInit: Display: Running UnrealHeaderTool',
      "C:\\Projects\\Shooter\\Source\\Shooter\\Weapon.h(20): Error: Expected an include at the top of the header: '#include \"Weapon.generated.h\"'",
      "UATHelper: Packaging (Windows): C:\\Projects\\Shooter\\Source\\Shooter\\Weapon.cpp(88,12): error C2065: 'Ammo': undeclared identifier",
    ].join('\n');
    assert.deepEqual(parseBuildLog(log), [
      {
        file: 'C:\\Projects\\Shooter\\Source\\Shooter\\Weapon.h',
        line: 20,
        severity: 'error',
        message: "Expected an include at the top of the header: '#include \"Weapon.generated.h\"'",
        source: 'msvc',
      },
      { file: 'C:\\Projects\\Shooter\\Source\\Shooter\\Weapon.cpp', line: 88, column: 12, severity: 'error', code: 'C2065', message: "'Ammo': undeclared identifier", source: 'msvc' },
    ]);
  });
});

describe('parseBuildLog: Clang and GCC', () => {
  const colored = (file: string, color: string, kind: string, message: string): string =>
    `${ESC}[1m${file}: ${ESC}[0m${ESC}[0;1;${color}m${kind}: ${ESC}[0m${ESC}[1m${message}${ESC}[0m`;
  const output = [
    'In file included from Source/Game/Weapon.cpp:3:',
    colored('Source/Game/Weapon.h:12:7', '35', 'warning', "unused variable 'spread' [-Wunused-variable]"),
    '    int spread = 0;',
    '        ^',
    colored('Source/Game/Weapon.cpp:88:12', '31', 'error', "use of undeclared identifier 'Ammo'; did you mean 'AmmoCount'?"),
    '   88 |     return Ammo;',
    '      |            ^~~~',
    "Source/Game/Weapon.h:30:9: note: 'AmmoCount' declared here",
    "Source/Game/Weapon.cpp:120:10: fatal error: 'Rifle.h' file not found",
    "Source/Game/Pickup.cpp:9:3: warning: 'Use' overrides a member function but is not marked 'override' [-Werror,-Winconsistent-missing-override]",
    "Source/Game/Pickup.cpp: In member function 'void APickup::Use()':",
    'Source/Game/Pickup.cpp:14: error: expected primary-expression before \';\' token',
    '2 warnings and 2 errors generated.',
    'make: *** [Makefile:12: Weapon.o] Error 1',
  ].join('\n');

  it('reads errors, warnings and fatal errors through ANSI colours; the warning flag is the code', () => {
    assert.deepEqual(parseBuildLog(output), [
      { file: 'Source/Game/Weapon.h', line: 12, column: 7, severity: 'warning', code: '-Wunused-variable', message: "unused variable 'spread'", source: 'clang' },
      {
        file: 'Source/Game/Weapon.cpp',
        line: 88,
        column: 12,
        severity: 'error',
        message: "use of undeclared identifier 'Ammo'; did you mean 'AmmoCount'?",
        source: 'clang',
        related: [{ file: 'Source/Game/Weapon.h', line: 30, column: 9, message: "'AmmoCount' declared here" }],
      },
      { file: 'Source/Game/Weapon.cpp', line: 120, column: 10, severity: 'error', message: "'Rifle.h' file not found", source: 'clang' },
      {
        file: 'Source/Game/Pickup.cpp',
        line: 9,
        column: 3,
        severity: 'warning',
        code: '-Winconsistent-missing-override',
        message: "'Use' overrides a member function but is not marked 'override'",
        source: 'clang',
      },
      { file: 'Source/Game/Pickup.cpp', line: 14, severity: 'error', message: "expected primary-expression before ';' token", source: 'clang' },
    ]);
  });

  it('keeps a note with nothing before it as an info problem, and reads Windows paths', () => {
    const log = ['', 'Source/Game/Weapon.h:30:9: note: previous definition is here', '', 'C:\\Projects\\Game\\Weapon.cpp:88:12: error: expected \';\''].join('\n');
    assert.deepEqual(parseBuildLog(log), [
      { file: 'Source/Game/Weapon.h', line: 30, column: 9, message: 'previous definition is here', severity: 'info', source: 'clang' },
      { file: 'C:\\Projects\\Game\\Weapon.cpp', line: 88, column: 12, severity: 'error', message: "expected ';'", source: 'clang' },
    ]);
  });
});

describe('parseBuildLog: Godot', () => {
  const godot4 = [
    'Godot Engine v4.2.1.stable.official.b09f793f5 - https://godotengine.org',
    'Vulkan API 1.3.260 - Forward+ - Using Vulkan Device #0: NVIDIA - NVIDIA GeForce RTX 3070',
    ' ',
    'SCRIPT ERROR: Parse Error: Identifier "speed" not declared in the current scope.',
    '          at: GDScript::reload (res://player.gd:12)',
    'ERROR: Failed to load script "res://player.gd" with error "Parse error".',
    '   at: load (modules/gdscript/gdscript.cpp:2936)',
    "SCRIPT ERROR: Invalid call. Nonexistent function 'jump' in base 'Nil'.",
    '          at: _physics_process (res://enemies/slime.gd:41)',
    'SCRIPT WARNING: Integer division, decimal part will be discarded.',
    '          at: _ready (res://ui/hud.gd:8)',
    'ERROR: Node not found: "HUD/Label" (relative to "/root/Main").',
    '   at: get_node (res://main.gd:7)',
    'USER WARNING: Health below zero',
    '   at: push_warning (core/variant/variant_utility.cpp:1112)',
    'WARNING: ObjectDB instances leaked at exit (run with --verbose for details).',
    '     at: cleanup (core/object/object.cpp:2208)',
  ].join('\n');

  it('takes the location of two-line errors from the `at:` line, and skips errors inside the engine', () => {
    assert.deepEqual(parseBuildLog(godot4), [
      { file: 'res://player.gd', line: 12, severity: 'error', message: 'Parse Error: Identifier "speed" not declared in the current scope.', source: 'godot' },
      { file: 'res://enemies/slime.gd', line: 41, severity: 'error', message: "Invalid call. Nonexistent function 'jump' in base 'Nil'.", source: 'godot' },
      { file: 'res://ui/hud.gd', line: 8, severity: 'warning', message: 'Integer division, decimal part will be discarded.', source: 'godot' },
      { file: 'res://main.gd', line: 7, severity: 'error', message: 'Node not found: "HUD/Label" (relative to "/root/Main").', source: 'godot' },
    ]);
  });

  it('reads one-line parse errors, Godot 3 `At:` lines and `at:` on the same line', () => {
    const log = [
      'res://player.gd:12 - Parse Error: Identifier "speed" not declared in the current scope.',
      "SCRIPT ERROR: _physics_process: Invalid call. Nonexistent function 'jump' in base 'Nil'.",
      '   At: res://player.gd:30.',
      'ERROR: Cannot instantiate "Bullet". at: shoot (res://weapons/gun.gd:18)',
      'SCRIPT ERROR: This error has no location',
      'and then unrelated output',
    ].join('\r\n');
    assert.deepEqual(parseBuildLog(log), [
      { file: 'res://player.gd', line: 12, severity: 'error', message: 'Parse Error: Identifier "speed" not declared in the current scope.', source: 'godot' },
      { file: 'res://player.gd', line: 30, severity: 'error', message: "_physics_process: Invalid call. Nonexistent function 'jump' in base 'Nil'.", source: 'godot' },
      { file: 'res://weapons/gun.gd', line: 18, severity: 'error', message: 'Cannot instantiate "Bullet".', source: 'godot' },
    ]);
  });
});

describe('parseBuildLog: DXC and FXC', () => {
  it('reads FXC lines with a column range, and DXC clang-style lines by the file type', () => {
    const log = [
      'Microsoft (R) Direct3D Shader Compiler 10.1 (using C:\\Windows\\SYSTEM32\\D3DCOMPILER_47.dll)',
      'Copyright (C) 2013 Microsoft. All rights reserved.',
      '',
      "shaders/water.hlsl(14,9-20): error X3004: undeclared identifier 'foamColor'",
      'shaders/water.hlsl(31,12): warning X3206: implicit truncation of vector type',
      '',
      'compilation failed; no code produced',
      "water.hlsl:14:9: error: use of undeclared identifier 'foamColor'",
      '    return foamColor * depth;',
      '           ^',
      'include/common.hlsli:5:8: note: did you mean \'foamColour\'?',
      'water.hlsl:22:16: warning: implicit truncation of vector type [-Wconversion]',
    ].join('\n');
    assert.deepEqual(parseBuildLog(log), [
      { file: 'shaders/water.hlsl', line: 14, column: 9, endColumn: 20, severity: 'error', code: 'X3004', message: "undeclared identifier 'foamColor'", source: 'fxc' },
      { file: 'shaders/water.hlsl', line: 31, column: 12, severity: 'warning', code: 'X3206', message: 'implicit truncation of vector type', source: 'fxc' },
      {
        file: 'water.hlsl',
        line: 14,
        column: 9,
        severity: 'error',
        message: "use of undeclared identifier 'foamColor'",
        source: 'dxc',
        related: [{ file: 'include/common.hlsli', line: 5, column: 8, message: "did you mean 'foamColour'?" }],
      },
      { file: 'water.hlsl', line: 22, column: 16, severity: 'warning', code: '-Wconversion', message: 'implicit truncation of vector type', source: 'dxc' },
    ]);
  });
});

describe('parseBuildLog: glslang', () => {
  it('reads errors with a file, and keeps `0:` lines without one', () => {
    const log = [
      'water.frag',
      "ERROR: water.frag:23: 'foam' : undeclared identifier",
      "ERROR: water.frag:23: '' : compilation terminated",
      'ERROR: 2 compilation errors.  No code generated.',
      '',
      "WARNING: 0:7: '#extension' : extension not supported: GL_EXT_foo",
      "ERROR: 0:23: 'foam' : undeclared identifier",
      'water.vert:4: error: \'gl_Positon\' : undeclared identifier',
    ].join('\n');
    assert.deepEqual(parseBuildLog(log), [
      { file: 'water.frag', line: 23, severity: 'error', message: "'foam' : undeclared identifier", source: 'glslang' },
      { file: 'water.frag', line: 23, severity: 'error', message: "'' : compilation terminated", source: 'glslang' },
      { line: 7, severity: 'warning', message: "'#extension' : extension not supported: GL_EXT_foo", source: 'glslang' },
      { line: 23, severity: 'error', message: "'foam' : undeclared identifier", source: 'glslang' },
      { file: 'water.vert', line: 4, severity: 'error', message: "'gl_Positon' : undeclared identifier", source: 'glslang' },
    ]);
  });
});

describe('parseBuildLog: anything else', () => {
  it('finds nothing in empty input or plain logs', () => {
    assert.deepEqual(parseBuildLog(''), []);
    assert.deepEqual(parseBuildLog('\r\n\r\n'), []);
    assert.deepEqual(parseBuildLog('Starting build\nerror: could not connect to license server\nBuild succeeded: 0 error(s), 2 warning(s)\nDone in 3.2s.\n'), []);
  });

  it('reads a byte order mark and mixed formats in one paste', () => {
    const log = "\uFEFFAssets/Scripts/Player.cs(12,5): error CS0029: Cannot implicitly convert type 'string' to 'int'\nshaders/water.hlsl(14,9-20): error X3004: undeclared identifier 'foamColor'\n";
    assert.deepEqual(
      parseBuildLog(log).map((p: ParsedProblem) => p.source),
      ['unity', 'fxc'],
    );
  });
});

describe('parseBuildLog: formats the linear rewrite must keep', () => {
  it('takes the first location in a path with parentheses, and needs a space before the code', () => {
    const log = [
      "C:\\Users\\Jane\\Shooter\\Source\\Weapon - Copy (2).cpp(12,5): error C2065: 'Ammo': undeclared identifier",
      'Source/Weapon.cpp(14): errorC2065: not a diagnostic: the code must be set apart',
      'Source/Weapon.cpp(15) :  warning  C4996 : spaced out',
      "Source/Weapon.cpp(16): note: see 'x' [C:\\Users\\Jane Doe\\Unreal Projects\\Shooter\\Intermediate\\Shooter.vcxproj]",
    ].join('\n');
    assert.deepEqual(parseBuildLog(log), [
      {
        file: 'C:\\Users\\Jane\\Shooter\\Source\\Weapon - Copy (2).cpp',
        line: 12,
        column: 5,
        severity: 'error',
        code: 'C2065',
        message: "'Ammo': undeclared identifier",
        source: 'msvc',
      },
      {
        file: 'Source/Weapon.cpp',
        line: 15,
        severity: 'warning',
        code: 'C4996',
        message: 'spaced out',
        source: 'msvc',
        related: [{ file: 'Source/Weapon.cpp', line: 16, message: "see 'x'" }],
      },
    ]);
  });

  it('keeps brackets that are not a warning flag or a project in the message', () => {
    const log = [
      'Source/Game/Weapon.cpp:3:1: error: expected [ here [see below]',
      'Source/Game/Weapon.cpp(4): error C2143: syntax error: missing \';\' before \'[\' [not a project]',
    ].join('\n');
    assert.deepEqual(
      parseBuildLog(log).map((p) => [p.message, p.code]),
      [
        ['expected [ here [see below]', undefined],
        ["syntax error: missing ';' before '[' [not a project]", 'C2143'],
      ],
    );
  });

  it('reads Godot locations whose function or file name has parentheses, and the first ` at:` that locates', () => {
    const log = [
      'SCRIPT ERROR: Invalid call.',
      '   at: _on_hit (body) (res://enemies/slime (copy).gd:41)',
      'ERROR: Bad at: value at: emit (res://ui/hud.gd:8)',
      'WARNING: looks odd at: nothing here',
    ].join('\n');
    assert.deepEqual(parseBuildLog(log), [
      { file: 'res://enemies/slime (copy).gd', line: 41, severity: 'error', message: 'Invalid call.', source: 'godot' },
      { file: 'res://ui/hud.gd', line: 8, severity: 'error', message: 'Bad', source: 'godot' },
    ]);
  });
});

describe('parseBuildLog: hostile input is bounded', () => {
  const head = "Assets/Scripts/Player.cs(12,5): error CS0029: Cannot implicitly convert type 'string' to 'int' ";

  it('cuts a line at 4,096 characters before matching: a problem at its head is still found, marked as cut', () => {
    const [problem, ...rest] = parseBuildLog(`${head}${'x'.repeat(100_000)}\nAssets/Scripts/Enemy.cs(40,17): warning CS0168: short`);
    assert.equal(rest.length, 1);
    assert.equal(problem.file, 'Assets/Scripts/Player.cs');
    assert.equal(problem.code, 'CS0029');
    assert.ok(problem.message.length < 4096, `message of ${problem.message.length} characters`);
    assert.ok(problem.message.startsWith("Cannot implicitly convert type 'string' to 'int' xxx"), problem.message);
    assert.ok(problem.message.endsWith('…'), 'the message says it was cut');
  });

  it('reads the shapes that made the old expressions backtrack, and finds what their heads hold', () => {
    const lines = [
      // Godot: ` at: (res://…:1` many times (cubic before).
      `ERROR: Resource failed${' at: (res://a.gd:1'.repeat(2200)}x`,
      // Long runs of spaces inside messages (quadratic before).
      `Source/Game/Weapon.cpp:88:12: error: expected ';'${' '.repeat(64_000)}x`,
      `Source/Game/Weapon.cpp(90): error C2065: 'Ammo'${' '.repeat(64_000)}x`,
      `ERROR: Node not found${' '.repeat(64_000)}x`,
      // recheck's attack on the MSVC expression (under the line limit, so it is matched whole).
      `Source/Game/Weapon.cpp(91):NOTE ${'\t'.repeat(1_800)}:${'\t'.repeat(1_800)}T(0):NOTE\u2028:`,
    ];
    assert.deepEqual(
      parseBuildLog(lines.join('\n')).map((p) => [p.file, p.line, p.severity]),
      [
        ['Source/Game/Weapon.cpp', 88, 'error'],
        ['Source/Game/Weapon.cpp', 90, 'error'],
        ['Source/Game/Weapon.cpp', 91, 'info'],
      ],
    );
  });

  it('keeps the newest 1,000 problems, each once', () => {
    const log = Array.from({ length: 1_200 }, (_, i) => `Source/Game/File${i}.cpp(${i + 1}): error C2065: undeclared`).join('\n');
    const problems = parseBuildLog(`${log}\n${log}`);
    assert.equal(problems.length, 1_000);
    assert.equal(problems[0].file, 'Source/Game/File200.cpp');
    assert.equal(problems.at(-1)?.file, 'Source/Game/File1199.cpp');
  });
});

/** A `contributes.problemMatchers` entry, as much of it as the tests read. */
interface MatcherPattern {
  readonly regexp: string;
  readonly file?: number;
  readonly line?: number;
  readonly column?: number;
  readonly endColumn?: number;
  readonly severity?: number;
  readonly code?: number;
  readonly message?: number;
}

interface ProblemMatcher {
  readonly name: string;
  readonly owner: string;
  readonly source: string;
  readonly fileLocation: readonly string[];
  readonly pattern: MatcherPattern | readonly MatcherPattern[];
}

type MatchedFields = Partial<Record<'file' | 'line' | 'column' | 'endColumn' | 'severity' | 'code' | 'message', string>>;

/** Applies a matcher the way VS Code does: pattern i to line i, each without flags, fields from their groups. */
function applyMatcher(matcher: ProblemMatcher, lines: readonly string[]): MatchedFields | undefined {
  const patterns: readonly MatcherPattern[] = Array.isArray(matcher.pattern) ? matcher.pattern : [matcher.pattern as MatcherPattern];
  const fields: MatchedFields = {};
  for (const [i, pattern] of patterns.entries()) {
    const m = lines[i] === undefined ? null : new RegExp(pattern.regexp).exec(lines[i]);
    if (!m) {
      return undefined;
    }
    for (const key of ['file', 'line', 'column', 'endColumn', 'severity', 'code', 'message'] as const) {
      const group = pattern[key];
      if (group !== undefined && m[group] !== undefined) {
        fields[key] = m[group];
      }
    }
  }
  return fields;
}

describe('problem matchers contributed in package.json', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { problemMatchers: ProblemMatcher[] } };
  const matchers = manifest.contributes.problemMatchers;
  const byName = (name: string): ProblemMatcher => {
    const matcher = matchers.find((m) => m.name === name);
    assert.ok(matcher, `no matcher ${name}`);
    return matcher;
  };

  const samples: Record<string, { lines: string[]; expected: MatchedFields }> = {
    'monster-unity': {
      lines: ["Assets/Scripts/Player.cs(12,5): error CS0029: Cannot implicitly convert type 'string' to 'int'"],
      expected: { file: 'Assets/Scripts/Player.cs', line: '12', column: '5', severity: 'error', code: 'CS0029', message: "Cannot implicitly convert type 'string' to 'int'" },
    },
    'monster-msvc': {
      lines: ["1>C:\\Projects\\Shooter\\Source\\Shooter\\Weapon.cpp(88,12): error C2065: 'Ammo': undeclared identifier [C:\\Projects\\Shooter\\Shooter.vcxproj]"],
      expected: { file: 'C:\\Projects\\Shooter\\Source\\Shooter\\Weapon.cpp', line: '88', column: '12', severity: 'error', code: 'C2065', message: "'Ammo': undeclared identifier" },
    },
    'monster-clang': {
      lines: ["Source/Game/Weapon.h:12:7: warning: unused variable 'spread' [-Wunused-variable]"],
      expected: { file: 'Source/Game/Weapon.h', line: '12', column: '7', severity: 'warning', code: '-Wunused-variable', message: "unused variable 'spread'" },
    },
    'monster-godot': {
      lines: ["SCRIPT ERROR: Invalid call. Nonexistent function 'jump' in base 'Nil'.", '          at: _physics_process (res://player.gd:12)'],
      expected: { file: 'player.gd', line: '12', severity: 'ERROR', message: "Invalid call. Nonexistent function 'jump' in base 'Nil'." },
    },
    'monster-dxc': {
      lines: ["shaders/water.hlsl:14:9: error: use of undeclared identifier 'foamColor'"],
      expected: { file: 'shaders/water.hlsl', line: '14', column: '9', severity: 'error', message: "use of undeclared identifier 'foamColor'" },
    },
    'monster-fxc': {
      lines: ["shaders/water.hlsl(14,9-20): error X3004: undeclared identifier 'foamColor'"],
      expected: { file: 'shaders/water.hlsl', line: '14', column: '9', endColumn: '20', severity: 'error', code: 'X3004', message: "undeclared identifier 'foamColor'" },
    },
    'monster-glslang': {
      lines: ["ERROR: shaders/water.frag:23: 'foam' : undeclared identifier"],
      expected: { file: 'shaders/water.frag', line: '23', severity: 'ERROR', message: "'foam' : undeclared identifier" },
    },
  };

  it('has one matcher per format, owned by monsterGaming, with a source and a workspace-based file location', () => {
    assert.deepEqual(matchers.map((m) => m.name).sort(), Object.keys(samples).sort());
    for (const matcher of matchers) {
      assert.equal(matcher.owner, 'monsterGaming');
      assert.ok(matcher.source, `${matcher.name} has no source`);
      assert.deepEqual(matcher.fileLocation.slice(1), ['${workspaceFolder}']);
      assert.ok(['autoDetect', 'relative'].includes(matcher.fileLocation[0]));
    }
  });

  for (const [name, { lines, expected }] of Object.entries(samples)) {
    it(`${name} captures file, line, severity, code and message`, () => {
      assert.deepEqual(applyMatcher(byName(name), lines), expected);
    });
  }

  it('leaves other formats alone (only monster-clang also reads DXC, which speaks Clang)', () => {
    for (const [sampleName, { lines }] of Object.entries(samples)) {
      const matching = matchers.filter((m) => applyMatcher(m, lines)).map((m) => m.name);
      assert.deepEqual(matching, sampleName === 'monster-dxc' ? ['monster-clang', 'monster-dxc'] : [sampleName], sampleName);
    }
  });

  it('reads the variants real tools write: paths with parentheses, MSBuild projects, Godot 3 and C# locations', () => {
    assert.deepEqual(
      applyMatcher(byName('monster-msvc'), ["1>C:\\Program Files (x86)\\Windows Kits\\10\\Include\\ucrt\\string.h(117): warning C4996: 'strcpy': unsafe. [C:\\Users\\Jane Doe\\Unreal Projects\\Shooter.vcxproj]"]),
      { file: 'C:\\Program Files (x86)\\Windows Kits\\10\\Include\\ucrt\\string.h', line: '117', severity: 'warning', code: 'C4996', message: "'strcpy': unsafe." },
    );
    assert.deepEqual(
      applyMatcher(byName('monster-unity'), ["Assets/Scripts/Enemy (1).cs(40,17): warning CS0168: The variable 'e' is declared but never used [/build/Assembly-CSharp.csproj]"]),
      { file: 'Assets/Scripts/Enemy (1).cs', line: '40', column: '17', severity: 'warning', code: 'CS0168', message: "The variable 'e' is declared but never used" },
    );
    const godot = byName('monster-godot');
    assert.deepEqual(applyMatcher(godot, ['ERROR: Invalid call.', '   At: res://player.gd:30.']), { severity: 'ERROR', message: 'Invalid call.', file: 'player.gd', line: '30' });
    assert.deepEqual(applyMatcher(godot, ['ERROR: Oops', '   at: void Player._Ready() (res://Player (copy).cs:12)']), { severity: 'ERROR', message: 'Oops', file: 'Player (copy).cs', line: '12' });
    assert.equal(applyMatcher(godot, ['ERROR: Cannot instance script.', '   at: (modules/mono/csharp_script.cpp:2388)']), undefined);
  });

  it('skips glslang lines without a file, and notes', () => {
    assert.equal(applyMatcher(byName('monster-glslang'), ["ERROR: 0:23: 'foam' : undeclared identifier"]), undefined);
    assert.equal(applyMatcher(byName('monster-clang'), ["Source/Game/Weapon.h:30:9: note: 'AmmoCount' declared here"]), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { FILE_BUDGET, MAX_LINE_CHARS } from '../../src/context/budgets';
import { boundDiff, splitDiff } from '../../src/context/diffText';
import { cutFile, decodeFile, languageForPath, splitLines, windowAround } from '../../src/context/fileText';
import { countsLabel, problemLine, problemsText, type ProblemEntry } from '../../src/context/problemLines';
import { describeSymbol, rankSymbols, type SymbolCandidate } from '../../src/context/symbolRanking';
import { plainTerminalText, TailBuffer, tailLines } from '../../src/context/terminalText';

const numbered = (count: number, width = 40): string => Array.from({ length: count }, (_, i) => `line ${i + 1} `.padEnd(width, 'x')).join('\n');

describe('context: file text', () => {
  it('decodes UTF-8 (BOM dropped) and UTF-16 with a BOM, and refuses binaries', () => {
    assert.deepEqual(decodeFile(Buffer.from('\uFEFFusing UnityEngine;', 'utf8')), { kind: 'text', text: 'using UnityEngine;' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Shader "Water"', 'utf16le')]);
    assert.deepEqual(decodeFile(utf16), { kind: 'text', text: 'Shader "Water"' });
    assert.deepEqual(decodeFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), { kind: 'binary' }, 'a PNG header');
    const latin = Buffer.alloc(4000, 0xe9); // not UTF-8: every byte a replacement character
    assert.deepEqual(decodeFile(latin), { kind: 'binary' });
  });

  it('keeps a file that fits whole, with no span and no cut', () => {
    const text = numbered(10);
    assert.deepEqual(cutFile(`${text}\n`, FILE_BUDGET), { text });
  });

  it('cuts a large file around the focus (the cursor or an error), saying which lines and why', () => {
    const text = numbered(3000);
    const cut = cutFile(text, 4000, { line: 2000, reason: 'the cursor' });
    assert.ok(cut.span && cut.span.startLine < 2000 && cut.span.endLine > 2000, JSON.stringify(cut.span));
    assert.ok(cut.text.length <= 4000);
    assert.ok(cut.text.includes('line 2000 '));
    assert.equal(cut.text.split('\n')[0], text.split('\n')[cut.span.startLine - 1], 'the text starts at the span');
    assert.match(cut.cut ?? '', /^lines 1,9\d\d–2,\d{3} of 3,000 \(around the cursor, line 2,000\)$/);
  });

  it('otherwise keeps the head and an outline of the rest, within the budget', () => {
    const text = numbered(3000);
    const outline = [
      { name: 'Player', kind: 'class', line: 5, depth: 0 },
      { name: 'Move', kind: 'method', line: 1500, depth: 1 },
      { name: 'Jump', kind: 'method', line: 2900, depth: 1 },
    ];
    const cut = cutFile(text, 4000, undefined, outline);
    assert.ok(cut.text.length <= 4000, `${cut.text.length}`);
    assert.equal(cut.span?.startLine, 1);
    assert.match(cut.text, /^line 1 /);
    assert.match(cut.text, /left out; their outline \(line: symbol\):\n1500: {3}method Move\n2900: {3}method Jump$/);
    assert.doesNotMatch(cut.text, /class Player/, 'symbols in the head are not repeated');
    assert.match(cut.cut ?? '', /^lines 1–\d+ of 3,000 \(the head, then an outline of the rest\)$/);
  });

  it('cuts minified lines and says so; one huge line never breaks the window', () => {
    const minified = `var a=${'1,'.repeat(50_000)}0;`;
    const { lines, longLines } = splitLines(minified);
    assert.equal(longLines, 1);
    assert.equal(lines[0].length, MAX_LINE_CHARS + '…(line cut)'.length);
    const cut = cutFile(`${minified}\n${numbered(5)}`, 1000);
    assert.match(cut.cut ?? '', /1 long line cut/);
    assert.deepEqual(windowAround(['x'.repeat(5000)], 0, 100), { from: 0, to: 0 }, 'the focus line alone is still the window');
  });

  it('names the fence language from the extension', () => {
    assert.equal(languageForPath('Assets/Scripts/Player.cs'), 'csharp');
    assert.equal(languageForPath('Assets/Shaders/Water.shader'), 'hlsl');
    assert.equal(languageForPath('addons/x/plugin.gd'), 'gdscript');
    assert.equal(languageForPath('Makefile'), 'text');
  });
});

describe('context: problems', () => {
  const problem = (over: Partial<ProblemEntry>): ProblemEntry => ({ path: 'Assets/A.cs', line: 1, column: 1, severity: 'error', message: 'm', ...over });

  it('writes the get_problems line format: path:line:col: severity: message [source code]', () => {
    assert.equal(problemLine(problem({ line: 12, column: 5, message: "Type 'string' is not\n  assignable", source: 'ts', code: '2322' })), "Assets/A.cs:12:5: error: Type 'string' is not assignable [ts 2322]");
    assert.equal(problemLine(problem({ severity: 'warning', source: 'csharp' })), 'Assets/A.cs:1:1: warning: m [csharp]');
    assert.equal(problemLine(problem({ severity: 'hint' })), 'Assets/A.cs:1:1: hint: m');
  });

  it('lists errors first, then by path and line, within the budget, counting the rest', () => {
    const many = [problem({ severity: 'warning', path: 'B.cs' }), problem({ path: 'Z.cs', line: 3 }), problem({ path: 'Z.cs', line: 2 }), ...Array.from({ length: 500 }, (_, i) => problem({ severity: 'info', line: i + 1, message: 'x'.repeat(50) }))];
    const listed = problemsText(many, 2000);
    const lines = listed.text.split('\n');
    assert.deepEqual(lines.slice(0, 3), ['Z.cs:2:1: error: m', 'Z.cs:3:1: error: m', 'B.cs:1:1: warning: m']);
    assert.ok(listed.text.length <= 2000);
    assert.match(lines.at(-1) ?? '', /^… \d+ more problems not listed$/);
    assert.equal(listed.total, 503);
    assert.equal(countsLabel(listed.counts), '2 errors, 1 warning, 500 info');
  });

  it("keeps a compiler's own order within a severity: its first error is the cause, the rest often follow from it", () => {
    // glslang on a pixel shader including a broken file: the include's error first, the cascade in the shader after.
    const reported = [problem({ path: 'Shader/Noise.hlsl', line: 47, message: "'phu' : unknown variable" }), problem({ path: 'Check.hlsl', line: 2, message: "'swizzle or member' : Expected" }), problem({ severity: 'warning', path: 'A.hlsl' }), problem({ path: 'Shader/Noise.hlsl', line: 47, message: "'initializer' : Expected" })];
    assert.deepEqual(problemsText(reported, 2000, 'asReported').text.split('\n'), [
      "Shader/Noise.hlsl:47:1: error: 'phu' : unknown variable",
      "Check.hlsl:2:1: error: 'swizzle or member' : Expected",
      "Shader/Noise.hlsl:47:1: error: 'initializer' : Expected",
      'A.hlsl:1:1: warning: m',
    ]);
  });
});

describe('context: terminal output', () => {
  it('removes colours, cursor moves, VS Code\'s shell-integration markers and progress redraws', () => {
    const raw = '\u001b]633;C\u0007\u001b[1;31merror\u001b[0m: build failed\r\n\u001b]8;;https://x\u001b\\link\u001b]8;;\u001b\\\r\n 10%\r 55%\r100% done\r\n\u001b[2K\u001b[1Gok\u001b[?25h\u0007';
    assert.equal(plainTerminalText(raw), 'error: build failed\nlink\n100% done\nok');
    assert.equal(plainTerminalText('ok\u001b'), 'ok', 'an escape cut off at the end');
    assert.equal(plainTerminalText('a\u001b]0;a title that never ends'), 'a');
    assert.equal(plainTerminalText('\u009b31mred\u009b0m \u001b(Bascii'), 'red ascii', '8-bit CSI and a charset designation');
  });

  it('keeps the tail of a growing output, and the last lines that fit', () => {
    const buffer = new TailBuffer(100);
    for (let i = 0; i < 50; i++) buffer.push(`chunk ${i}\n`);
    const { text, dropped } = buffer.read();
    assert.ok(text.length <= 100);
    assert.ok(text.endsWith('chunk 49\n'));
    assert.equal(dropped + text.length, Array.from({ length: 50 }, (_, i) => `chunk ${i}\n`).join('').length);
    assert.deepEqual(tailLines('a\nb\nc\nd\n', 4), { text: 'c\nd', leftOutLines: 2 });
    assert.deepEqual(tailLines('x'.repeat(50), 10), { text: 'x'.repeat(10), leftOutLines: 0 });
  });
});

describe('context: the working-tree diff', () => {
  const fileDiff = (name: string, hunks: number, size = 200): string =>
    [`diff --git a/${name} b/${name}`, 'index 1..2 100644', `--- a/${name}`, `+++ b/${name}`, ...Array.from({ length: hunks }, (_, i) => `@@ -${i * 10 + 1},3 +${i * 10 + 1},3 @@\n-old\n+${'n'.repeat(size)}`)].join('\n');

  it('splits a diff per file, reading the path from +++ (or --- for deletions)', () => {
    const diff = `${fileDiff('Assets/A.cs', 1)}\n${fileDiff('Assets/My File.cs', 1)}\ndiff --git a/Old.cs b/Old.cs\ndeleted file mode 100644\n--- a/Old.cs\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n`;
    assert.deepEqual(splitDiff(diff).map((f) => f.path), ['Assets/A.cs', 'Assets/My File.cs', 'Old.cs']);
    assert.deepEqual(splitDiff('diff --git "a/tab\\there" "b/tab\\there"\n--- "a/tab\\there"\n+++ "b/tab\\there"\n').map((f) => f.path), ['tab\there']);
  });

  it('keeps whole files while they fit, cuts one at a hunk, and names the rest', () => {
    const files = splitDiff([fileDiff('A.cs', 2), fileDiff('B.cs', 20), fileDiff('C.cs', 2)].join('\n'));
    const bounded = boundDiff(files, 1600);
    assert.deepEqual(bounded.included, ['A.cs', 'B.cs']);
    assert.equal(bounded.cutFile, 'B.cs');
    assert.deepEqual(bounded.leftOut, ['C.cs']);
    assert.ok(bounded.text.length <= 1600, `${bounded.text.length}`);
    assert.match(bounded.text, /… \(the rest of this file's diff left out\)$/);
  });
});

describe('context: choosing a symbol', () => {
  const symbol = (name: string, kind: string, path: string, line: number, container?: string): SymbolCandidate => ({ name, kind, path, line, ...(container ? { container } : {}) });

  it('prefers an exact name, then types and functions, and honours a qualified query', () => {
    const found = [
      symbol('MoveTowards', 'Method', 'Assets/Util.cs', 3, 'Util'),
      symbol('move', 'Field', 'Assets/Ai.cs', 9, 'Ai'),
      symbol('Move(Vector3)', 'Method', 'Assets/Player.cs', 42, 'PlayerController'),
      symbol('Move', 'Method', 'Assets/Enemy.cs', 7, 'Enemy'),
    ];
    const { best, others } = rankSymbols('Move', found, 10);
    assert.deepEqual([best?.path, ...others.map((o) => o.path)], ['Assets/Enemy.cs', 'Assets/Player.cs', 'Assets/Ai.cs', 'Assets/Util.cs']);
    assert.equal(rankSymbols('PlayerController.Move', found, 10).best?.path, 'Assets/Player.cs');
    assert.equal(rankSymbols('Game::Enemy::Move', found, 10).best?.path, 'Assets/Enemy.cs');
    assert.equal(rankSymbols('Jump', found, 10).best, undefined);
    assert.equal(describeSymbol(found[2]), 'PlayerController.Move(Vector3) (Method) — Assets/Player.cs:42');
  });
});

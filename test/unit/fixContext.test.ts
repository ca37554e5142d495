import * as assert from 'node:assert/strict';
import { buildFixRequest, chooseWindow, FIX_INSTRUCTIONS, MAX_LINE_CHARS, MAX_SYMBOL_LINES, numberLines, type DiagnosticInfo, type FixInput } from '../../src/fix/fixContext';

const diagnostic = (line: number, message = "Type 'string' is not assignable to type 'number'."): DiagnosticInfo => ({
  message,
  source: 'ts',
  code: '2322',
  severity: 'error',
  startLine: line,
  startColumn: 3,
  endLine: line,
  endColumn: 5,
});

function input(lines: string[], line: number, extra: Partial<FixInput> = {}): FixInput {
  return {
    lines,
    relativePath: 'src/player.ts',
    languageId: 'typescript',
    diagnostic: diagnostic(line),
    nearby: [],
    systemContext: 'Language: TypeScript.',
    model: 'monster-gpt',
    ...extra,
  };
}

const fileOf = (count: number, width = 30): string[] => Array.from({ length: count }, (_, i) => `const value${i} = ${'x'.repeat(width)};`);

describe('fix context', () => {
  it('sends the enclosing symbol when it is small enough', () => {
    assert.deepEqual(chooseWindow(1000, { startLine: 500, endLine: 500 }, { startLine: 480, endLine: 530 }), { startLine: 480, endLine: 530 });
  });

  it('falls back to a window around the error when the symbol is huge or absent', () => {
    assert.deepEqual(chooseWindow(1000, { startLine: 500, endLine: 500 }, { startLine: 1, endLine: 1000 }), { startLine: 440, endLine: 560 });
    assert.deepEqual(chooseWindow(1000, { startLine: 500, endLine: 500 }), { startLine: 440, endLine: 560 });
    assert.ok(MAX_SYMBOL_LINES < 1000);
  });

  it('clamps the window to the document', () => {
    assert.deepEqual(chooseWindow(20, { startLine: 2, endLine: 3 }), { startLine: 1, endLine: 20 });
  });

  it('numbers lines 1-based, aligned, as in the document, and cuts very long lines', () => {
    const text = numberLines(['a', 'b', 'c'.repeat(MAX_LINE_CHARS + 10)], { startLine: 2, endLine: 3 });
    const [first, second] = text.split('\n');
    assert.equal(first, '  2 | b');
    assert.ok(second.startsWith('  3 | ccc'));
    assert.ok(second.endsWith('…(line cut)'));
  });

  it('says which lines of the window it sent cut, so no edit may touch them', () => {
    const lines = fileOf(400);
    lines[9] = 'x'.repeat(MAX_LINE_CHARS + 1);
    lines[19] = 'y'.repeat(MAX_LINE_CHARS);
    lines[299] = 'z'.repeat(5000);
    const request = buildFixRequest(input(lines, 12));
    assert.deepEqual(request.window, { startLine: 1, endLine: 72 });
    assert.deepEqual(request.cutLines, [10], 'line 20 fits exactly; line 300 is not sent at all');
    assert.match(request.messages[1].content, /^ +10 \| x+ …\(line cut\)$/m);
  });

  it('tells the model what an edit means and where it may edit', () => {
    assert.match(FIX_INSTRUCTIONS, /Edit only lines you are shown, and never a line that ends in "…\(line cut\)"/);
    assert.match(FIX_INSTRUCTIONS, /a final \\n adds no extra line/);
    assert.match(FIX_INSTRUCTIONS, /An empty string deletes the lines/);
  });

  it('describes the diagnostic, the file, nearby problems and the code as the exchange expects', () => {
    const lines = ['export class Player {', "  name = 'hero';", "  hp: number = '100';", '}'];
    const request = buildFixRequest(
      input(lines, 3, {
        nearby: [diagnostic(1, "Cannot find name 'Foo'."), diagnostic(3)],
        symbol: { name: 'Player', startLine: 1, endLine: 4 },
        specialistPrompt: 'You are a senior Technical Director.',
      }),
    );
    const [system, user] = request.messages;
    assert.equal(system.role, 'system');
    assert.match(system.content, /Reply with JSON only/);
    assert.match(system.content, /Language: TypeScript\./);
    assert.match(system.content, /Technical Director/);
    assert.match(user.content, /^Diagnostic: Type 'string' is not assignable to type 'number'\.$/m);
    assert.match(user.content, /^Source: ts {2}Code: 2322 {2}Severity: error$/m);
    assert.match(user.content, /^Range: line 3, column 3 to line 3, column 5$/m);
    assert.match(user.content, /^File: src\/player\.ts \(typescript\)$/m);
    assert.match(user.content, /^- line 1: Cannot find name 'Foo'\. \(2322\)$/m);
    assert.match(user.content, /^Enclosing symbol: Player$/m);
    assert.match(user.content, /^Code \(lines 1-4 of 4\):$/m);
    assert.match(user.content, /^ {2}3 \| {3}hp: number = '100';$/m);
    assert.doesNotMatch(user.content, /^- line 3:/m, 'the diagnostic being fixed is not listed as nearby');
    assert.deepEqual(request.window, { startLine: 1, endLine: 4 });
  });

  it('sends a window, never the file, for a fix in a 20,000-line file, and stays under 64 KB', () => {
    const lines = fileOf(20_000, 200);
    const request = buildFixRequest(input(lines, 12_345, { symbol: { name: 'everything', startLine: 1, endLine: 20_000 } }));
    assert.ok(request.bodyBytes <= 64 * 1024, `${request.bodyBytes} bytes`);
    assert.ok(request.window.startLine <= 12_345 && request.window.endLine >= 12_345, 'the error line is in the window');
    assert.ok(request.window.endLine - request.window.startLine < 400);
    assert.match(request.messages[1].content, /^ *12345 \| const value12344/m);
  });

  it('shrinks the window around the error until the body fits', () => {
    // 121 lines of 900 characters are ~110 KB: too much; the window must shrink around line 500.
    const lines = fileOf(1000, 900);
    const request = buildFixRequest(input(lines, 500));
    assert.ok(request.bodyBytes <= 64 * 1024, `${request.bodyBytes} bytes`);
    assert.ok(request.window.endLine - request.window.startLine + 1 < 121);
    assert.ok(request.window.startLine <= 500 && request.window.endLine >= 500);
  });
});

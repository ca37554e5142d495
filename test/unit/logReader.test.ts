import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LineSplitter, parseLogFile, parseLogText } from '../../src/fix/logReader';

const ERROR = (n: number): string => `Source/Game/File${n}.cpp(${n}): error C2065: 'Ammo': undeclared identifier`;

describe('LineSplitter', () => {
  const split = (pieces: readonly string[], max?: number, skipFirst = false): Array<[string, boolean]> => {
    const lines: Array<[string, boolean]> = [];
    const splitter = new LineSplitter((line, cut) => lines.push([line, cut]), max, skipFirst);
    for (const piece of pieces) splitter.push(piece);
    splitter.end();
    return lines;
  };

  it('splits at \\r\\n, \\n and \\r, also when a \\r\\n is split between two pieces', () => {
    assert.deepEqual(split(['a\r', '\nb\rc\n', 'd']), [['a', false], ['b', false], ['c', false], ['d', false]]);
    assert.deepEqual(split(['a\r', '\r\nb\n']), [['a', false], ['', false], ['b', false]]);
    assert.deepEqual(split(['a\n', '']), [['a', false]]);
  });

  it('keeps only the head of a long line, however it arrives, and says it was cut', () => {
    assert.deepEqual(split(['abc', 'def', 'gh\nxy'], 5), [['abcde', true], ['xy', false]]);
    assert.deepEqual(split(['abcdefgh'], 5), [['abcde', true]]);
  });

  it('drops the first line when reading starts in the middle of it', () => {
    assert.deepEqual(split(['ial line\nnext\n'], undefined, true), [['next', false]]);
  });
});

describe('parseLogText', () => {
  it('reads the end of a text longer than the limit, dropping the line it starts in', async () => {
    const text = [ERROR(1), ERROR(2), ERROR(3)].join('\n');
    const parsed = await parseLogText(text, { maxBytes: ERROR(3).length + 10 });
    assert.deepEqual(parsed.problems.map((p) => p.line), [3]);
    assert.equal(parsed.total, text.length);
    assert.equal(parsed.read, ERROR(3).length + 10);
  });

  it('counts cut lines and dropped problems', async () => {
    const text = [`${ERROR(1)} ${'x'.repeat(5_000)}`, ERROR(2), ERROR(3), ERROR(4)].join('\n');
    const parsed = await parseLogText(text, { maxProblems: 2 });
    assert.deepEqual(parsed.problems.map((p) => p.line), [3, 4]);
    assert.equal(parsed.cutLines, 1);
    assert.equal(parsed.droppedProblems, 2);
    assert.equal(parsed.read, parsed.total);
  });
});

describe('parseLogFile', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-logreader-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it('streams a file larger than its read size: a line broken across two reads stays one line', async () => {
    // The 64 KB read size falls between the \r and the \n ending the error: a blank line in
    // between would cut the note off its problem.
    const filler = `${'-'.repeat(99)}\r\n`.repeat(640);
    const error = `Source/Game/Weapon.cpp(88): error C2065: 'Ammo': undeclared identifier`;
    const head = `${filler}${'#'.repeat(64 * 1024 - 3 - filler.length - error.length)}\r\n${error}`;
    assert.equal(head.length, 64 * 1024 - 1);
    const file = write('split.log', `${head}\r\nSource/Game/Weapon.h(20): note: see declaration of 'AWeapon'\r\n`);
    const parsed = await parseLogFile(file);
    assert.deepEqual(parsed.problems, [
      {
        file: 'Source/Game/Weapon.cpp',
        line: 88,
        severity: 'error',
        code: 'C2065',
        message: "'Ammo': undeclared identifier",
        source: 'msvc',
        related: [{ file: 'Source/Game/Weapon.h', line: 20, message: "see declaration of 'AWeapon'" }],
      },
    ]);
    assert.equal(parsed.read, parsed.total);
  });

  it('reads only the end of a file over the limit, and says how much', async () => {
    const text = `${Array.from({ length: 100 }, (_, i) => ERROR(i + 1)).join('\n')}\n`;
    const file = write('big.log', text);
    const parsed = await parseLogFile(file, { maxBytes: 3 * (ERROR(100).length + 1) - 5 });
    assert.deepEqual(parsed.problems.map((p) => p.line), [99, 100]);
    assert.equal(parsed.total, Buffer.byteLength(text));
    assert.equal(parsed.read, 3 * (ERROR(100).length + 1) - 5);
  });

  it('decodes UTF-16 logs by their byte order mark, also when reading starts past it', async () => {
    const text = `${[ERROR(1), 'Einstellungen für Spieler', ERROR(2)].join('\r\n')}\r\n`;
    const file = write('powershell.log', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.deepEqual((await parseLogFile(file)).problems.map((p) => p.line), [1, 2]);
    // An odd count from the end still starts on a character.
    assert.deepEqual((await parseLogFile(file, { maxBytes: 2 * (ERROR(2).length + 2) + 3 })).problems.map((p) => p.line), [2]);
  });
});

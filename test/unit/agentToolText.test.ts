import * as assert from 'node:assert/strict';
import { globRefusal } from '../../src/agent/tools/toolPaths';
import { excerpt, lineAt, occurrences, planEdit, readLines, withEol } from '../../src/agent/tools/toolText';

const text = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n');

describe('Agent tool text', () => {
  describe('readLines', () => {
    it('numbers every line of a small file, padded to the widest number', () => {
      const read = readLines('a.cs', text(10) + '\n', undefined, undefined);
      assert.deepEqual(read, { ok: true, text: Array.from({ length: 10 }, (_, i) => `${String(i + 1).padStart(2)} | line ${i + 1}`).join('\n') });
    });

    it('reads a range, 1-based and inclusive, and says which lines of how many', () => {
      assert.deepEqual(readLines('a.cs', text(100), 9, 11, 10_000), { ok: true, text: ' 9 | line 9\n10 | line 10\n11 | line 11\n… lines 9–11 of 100.' });
      assert.deepEqual(readLines('a.cs', text(5), 4, 99), { ok: true, text: '4 | line 4\n5 | line 5\n… lines 4–5 of 5.' });
    });

    it('reads CRLF files as lines, without carriage returns', () => {
      assert.deepEqual(readLines('a.cs', 'a\r\nb\r\n', undefined, undefined), { ok: true, text: '1 | a\n2 | b' });
    });

    it('stops at a whole line within the budget and says where to read on', () => {
      const read = readLines('big.cs', text(10_000), undefined, undefined, 1_000);
      assert.equal(read.ok, true);
      const lines = read.ok ? read.text.split('\n') : [];
      const note = lines.pop() ?? '';
      assert.ok(lines.join('\n').length <= 1_000, `${lines.join('\n').length}`);
      assert.equal(lines[lines.length - 1], `${String(lines.length).padStart(5)} | line ${lines.length}`);
      assert.equal(note, `… lines 1–${lines.length} of 10,000 shown (the read budget is 1,000 characters). To read on, call read_file with start_line ${lines.length + 1}.`);
    });

    it('always shows at least one line, so a read always advances', () => {
      const read = readLines('wide.txt', 'x'.repeat(5_000), undefined, undefined, 100);
      assert.ok(read.ok && read.text.startsWith('1 | xxx') && read.text.includes('…(line cut)') && read.text.includes('1 line longer than 2,000 characters cut'));
    });

    it('refuses a start past the end or an end before the start, saying the length', () => {
      assert.deepEqual(readLines('a.cs', text(3), 7, undefined), { ok: false, error: 'Error: start_line 7 is past the end of a.cs, which has 3 lines.' });
      assert.deepEqual(readLines('a.cs', text(3), 3, 2), { ok: false, error: 'Error: end_line 2 is before start_line 3.' });
      assert.deepEqual(readLines('e.cs', '', undefined, undefined), { ok: true, text: '(e.cs is empty)' });
    });
  });

  describe('occurrences and planEdit', () => {
    it('counts overlapping occurrences (they make an edit just as ambiguous)', () => {
      assert.deepEqual(occurrences('aaaa', 'aa'), [0, 1, 2]);
      assert.deepEqual(occurrences('abc', ''), []);
      assert.equal(occurrences('x'.repeat(5_000), 'x', 1_000).length, 1_000);
      assert.equal(lineAt('a\nb\nc', 4), 3);
    });

    const file = ['void Start()', '{', '    hp = 100;', '}', 'void Reset()', '{', '    hp = 100;', '}', ''].join('\n');

    it('replaces the one occurrence and says which lines it spans', () => {
      const plan = planEdit('P.cs', file, 'void Start()\n{\n    hp = 100;', 'void Start()\n{\n    hp = 200;', '\n');
      assert.equal(plan.kind, 'unique');
      if (plan.kind !== 'unique') return;
      assert.deepEqual([plan.startLine, plan.endLine], [1, 3]);
      assert.equal(file.slice(0, plan.start) + plan.replacement + file.slice(plan.end), file.replace('hp = 100;', 'hp = 200;'));
    });

    it('refuses old_text that occurs several times, saying how many and where', () => {
      const plan = planEdit('P.cs', file, '    hp = 100;', '    hp = 1;', '\n');
      assert.deepEqual(plan, {
        kind: 'error',
        error: 'Error: old_text occurs 2 times in P.cs (starting at lines 3, 7); nothing was changed. Include enough surrounding lines in old_text that it occurs exactly once.',
      });
      const many = planEdit('M.txt', 'x\n'.repeat(30), 'x', 'y', '\n');
      assert.ok(many.kind === 'error' && many.error.includes('30 times') && many.error.includes('lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 20 more'), JSON.stringify(many));
    });

    it('refuses old_text that is missing, with what to do', () => {
      const plan = planEdit('P.cs', file, 'hp = 300;', 'hp = 1;', '\n');
      assert.deepEqual(plan, { kind: 'error', error: 'Error: old_text was not found in P.cs; nothing was changed. Read the file (read_file) and copy the text to replace exactly as it is now.' });
    });

    it('points at lines that match but for whitespace, never applying a guess', () => {
      const plan = planEdit('P.cs', file, 'void Reset()\n{\n  hp = 100;', 'x', '\n');
      assert.ok(plan.kind === 'error' && plan.error.includes('Lines 5–7 match it except for whitespace'), JSON.stringify(plan));
    });

    it('says when old_text carries read_file\'s line numbers', () => {
      const plan = planEdit('P.cs', file, '3 |     hp = 100;', 'x', '\n');
      assert.ok(plan.kind === 'error' && plan.error.includes('line number'), JSON.stringify(plan));
    });

    it('matches \\n old_text in a CRLF file and writes new_text with CRLF', () => {
      const crlf = withEol(file, '\r\n');
      const plan = planEdit('P.cs', crlf, 'void Reset()\n{\n    hp = 100;', 'void Reset()\n{\n    hp = 0;\n    armor = 0;', '\r\n');
      assert.equal(plan.kind, 'unique');
      if (plan.kind !== 'unique') return;
      const after = crlf.slice(0, plan.start) + plan.replacement + crlf.slice(plan.end);
      assert.doesNotMatch(after, /(^|[^\r])\n/, 'no bare LF in the CRLF file');
      assert.ok(after.includes('    hp = 0;\r\n    armor = 0;\r\n}'));
      assert.deepEqual([plan.startLine, plan.endLine], [5, 7]);
    });

    it('refuses a no-op edit', () => {
      assert.equal(planEdit('P.cs', file, 'void Start()', 'void Start()', '\n').kind, 'error');
    });

    it('shows the edited lines with context', () => {
      assert.equal(excerpt(text(20), 10, 10, 1), ' 9 | line 9\n10 | line 10\n11 | line 11\n… lines 9–11 of 20.');
    });
  });

  it('refuses globs that reach outside the workspace', () => {
    for (const glob of ['../**', 'Assets/../../x', '/etc/*', '~/.ssh/*', 'C:/Windows/**', '..\\x']) assert.match(globRefusal(glob) ?? '', /^Error: the glob/, glob);
    for (const glob of ['**/*.cs', 'Assets/Shaders/**', '*.{hlsl,shader}']) assert.equal(globRefusal(glob), undefined, glob);
  });
});

/**
 * The agent service's pure edges: which command lines the allowed prefixes pre-approve, what a
 * turn remembers of the files it changed (for the review and Undo), and how a step reads in the
 * transcript when the model's arguments are hostile.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { commandAllowed } from '../../src/agent/commandAllowed';
import { lineCounts, TurnChanges } from '../../src/agent/turnChanges';
import { MAX_STEP_RESULT_CHARS, stepBrief, stepResult } from '../../src/chat/agentSteps';

/** Fixed so runs are deterministic; override to explore. */
const SEED = Number(process.env.MG_AGENT_SERVICE_SEED ?? 1414);

describe('commandAllowed (monsterGaming.agent.allowedCommands)', () => {
  const allowed = ['npm test', 'node -e'];

  it('allows a prefix on its own and followed by arguments after a space or tab', () => {
    assert.equal(commandAllowed('npm test', allowed), true);
    assert.equal(commandAllowed('npm test -- x', allowed), true);
    assert.equal(commandAllowed('  npm test\t--grep x  ', allowed), true);
    assert.equal(commandAllowed('node -e "console.log(1)"', allowed), true);
  });

  it('needs a word boundary after the prefix', () => {
    assert.equal(commandAllowed('npm testing', allowed), false);
    assert.equal(commandAllowed('npm test-x', allowed), false);
    assert.equal(commandAllowed('npm tes', allowed), false);
    assert.equal(commandAllowed('xnpm test', allowed), false);
  });

  it('never pre-approves a line that chains, pipes, substitutes or redirects', () => {
    for (const line of [
      'npm test; rm -rf /',
      'npm test && rm -rf /',
      'npm test || curl evil',
      'npm test | sh',
      'npm test & rm -rf /',
      'npm test `rm -rf /`',
      'npm test $(rm -rf /)',
      'npm test > /etc/passwd',
      'npm test >> ~/.bashrc',
      'npm test < /dev/zero',
      'npm test 2>&1',
      'npm test\nrm -rf /',
      'npm test\r\nrm -rf /',
      'npm test\rrm -rf /',
    ]) {
      assert.equal(commandAllowed(line, allowed), false, JSON.stringify(line));
    }
  });

  it('never pre-approves control or line-separator characters, nor a boundary a shell does not split on', () => {
    // A shell splits words on space and tab only: "make\u00a0evil" is one program name, not make.
    for (const line of ['npm test\u000bx', 'npm test\u000cx', 'npm test\u0000', 'npm test\u0085rm -rf /', 'npm test\u2028rm -rf /', 'npm test\u2029rm -rf /', 'npm test\u00a0ing']) {
      assert.equal(commandAllowed(line, allowed), false, JSON.stringify(line));
    }
  });

  it('allows nothing with an empty list, and an empty or blank prefix allows nothing', () => {
    assert.equal(commandAllowed('npm test', []), false);
    assert.equal(commandAllowed('rm -rf /', ['']), false);
    assert.equal(commandAllowed('rm -rf /', ['   ']), false);
    assert.equal(commandAllowed('', ['']), false);
    assert.equal(commandAllowed('   ', ['   ']), false);
  });

  it('reads a prefix as the user wrote it, spaces around it aside', () => {
    assert.equal(commandAllowed('npm test -- x', ['npm test ']), true);
    assert.equal(commandAllowed('npm test -- x', [' npm test']), true);
    assert.equal(commandAllowed('npm testing', ['npm test ']), false);
  });

  it('is never fooled: whatever follows an allowed prefix, a line with a shell operator is refused (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom(';', '&', '|', '`', '$(', '>', '<', '\n', '\r'), fc.string({ maxLength: 30 }), (before, operator, after) => {
        assert.equal(commandAllowed(`npm test ${before}${operator}${after}`, allowed), false);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('TurnChanges (what an agent turn changed)', () => {
  const change = (relative: string, before: string | undefined, after: string): { file: string; relative: string; before: string | undefined; after: string } => ({ file: `/w/${relative}`, relative, before, after });

  it('keeps the original of a file from its first change; later changes move only current', () => {
    const changes = new TurnChanges();
    assert.equal(changes.isEmpty, true);
    changes.record(change('a.cs', 'one\n', 'two\n'));
    changes.record(change('a.cs', 'two\n', 'three\n'));
    assert.equal(changes.isEmpty, false);
    assert.deepEqual(changes.list(), [{ file: '/w/a.cs', relative: 'a.cs', original: 'one\n', current: 'three\n', state: 'pending' }]);
    assert.deepEqual(changes.review(), { files: [{ path: 'a.cs', added: 1, removed: 1, created: false, state: 'pending' }] });
  });

  it('remembers a created file as created (Undo deletes it), even after later edits', () => {
    const changes = new TurnChanges();
    changes.record(change('new.cs', undefined, 'a\nb\n'));
    changes.record(change('new.cs', 'a\nb\n', 'a\nb\nc\n'));
    assert.equal(changes.list()[0].original, undefined);
    assert.deepEqual(changes.review(), { files: [{ path: 'new.cs', added: 3, removed: 0, created: true, state: 'pending' }] });
  });

  it('lists files in the order first changed; select skips undone files and picks one by path', () => {
    const changes = new TurnChanges();
    changes.record(change('b.cs', 'x\n', 'y\n'));
    changes.record(change('a.cs', 'x\n', 'z\n'));
    changes.record(change('b.cs', 'y\n', 'w\n'));
    assert.deepEqual(changes.list().map((c) => c.relative), ['b.cs', 'a.cs']);
    assert.deepEqual(changes.select(undefined).map((c) => c.relative), ['b.cs', 'a.cs']);
    assert.deepEqual(changes.select('a.cs').map((c) => c.relative), ['a.cs']);
    assert.deepEqual(changes.select('nope.cs'), []);
    changes.list()[0].state = 'undone';
    changes.list()[1].state = 'kept';
    assert.deepEqual(changes.select(undefined).map((c) => c.relative), ['a.cs'], 'a kept file can still be undone; an undone one is not undone twice');
    assert.deepEqual(changes.select('b.cs'), []);
    assert.deepEqual(changes.review().files.map((f) => f.state), ['undone', 'kept']);
  });

  it('a change after Keep or Undo makes the file pending again, from the same original', () => {
    const changes = new TurnChanges();
    changes.record(change('a.cs', 'one\n', 'two\n'));
    changes.list()[0].state = 'undone';
    changes.record(change('a.cs', 'one\n', 'three\n'));
    assert.deepEqual(changes.list()[0], { file: '/w/a.cs', relative: 'a.cs', original: 'one\n', current: 'three\n', state: 'pending' });
  });
});

describe('lineCounts', () => {
  it('counts lines of CRLF texts like LF ones', () => {
    assert.deepEqual(lineCounts('a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\nd\r\n'), { added: 2, removed: 1 });
    assert.deepEqual(lineCounts('a\nb\nc\n', 'a\nB\nc\nd\n'), { added: 2, removed: 1 });
  });

  it('a line appended to a file without a final newline is one line added, nothing removed', () => {
    assert.deepEqual(lineCounts('a\nb', 'a\nb\nc'), { added: 1, removed: 0 });
    assert.deepEqual(lineCounts('a\nb', 'a\nb\nc\n'), { added: 1, removed: 0 });
    assert.deepEqual(lineCounts('a\r\nb', 'a\r\nb\r\nc'), { added: 1, removed: 0 });
  });

  it('counts the lines of a new file, with or without a final newline', () => {
    assert.deepEqual(lineCounts('', 'a\nb\n'), { added: 2, removed: 0 });
    assert.deepEqual(lineCounts('', 'a\nb'), { added: 2, removed: 0 });
    assert.deepEqual(lineCounts('', ''), { added: 0, removed: 0 });
    assert.deepEqual(lineCounts('same\n', 'same\n'), { added: 0, removed: 0 });
  });

  it('is symmetric: swapping the texts swaps added and removed (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', '  x', 'a\r');
    const text = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([lines, eol, final]) => lines.join(eol) + (final && lines.length > 0 ? eol : ''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const forward = lineCounts(a, b);
        const back = lineCounts(b, a);
        assert.deepEqual({ added: back.removed, removed: back.added }, forward);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('stepBrief and stepResult (an agent step in the transcript)', () => {
  it('reads a file and its lines, a search, a command, and a call with no arguments', () => {
    assert.equal(stepBrief('read_file', '{"path":"Assets/Player.cs","start_line":10,"end_line":40}'), 'Assets/Player.cs:10-40');
    assert.equal(stepBrief('read_file', '{"path":"Assets/Player.cs"}'), 'Assets/Player.cs');
    assert.equal(stepBrief('search_text', '{"query":"R_DrawSurfaces","glob":"**/*.c"}'), '"R_DrawSurfaces" in **/*.c');
    assert.equal(stepBrief('search_text', '{"query":"x"}'), '"x"');
    assert.equal(stepBrief('search_text', '{}'), '""');
    assert.equal(stepBrief('run_command', '{"command":"npm test"}'), 'npm test');
    assert.equal(stepBrief('list_files', ''), '');
    assert.equal(stepBrief('list_files', '{}'), '');
  });

  it('stays one bounded line with hostile arguments', () => {
    const huge = `{"path":"${'a'.repeat(200_000)}"}`;
    const cases = [
      huge,
      `{"command":"${'x\\n'.repeat(50_000)}"}`,
      '{"path":',
      'not json at all\n\n\twith lines',
      '[1,2,3]',
      'null',
      '"a string"',
      '{"path":{"nested":"object"},"start_line":[1]}',
      `{"other":"${'y'.repeat(100_000)}"}`,
      'z'.repeat(1_000_000),
      '\u0000\u0001{"path":"x"}',
    ];
    for (const args of cases) {
      for (const tool of ['read_file', 'search_text', 'run_command', 'foreign_tool']) {
        const brief = stepBrief(tool, args);
        assert.ok(brief.length <= 120, `${tool} ${args.slice(0, 40)}: ${brief.length}`);
        assert.ok(!/[\n\r\t]/.test(brief), `${tool} ${args.slice(0, 40)}: one line`);
      }
    }
    assert.equal(stepBrief('read_file', '{"path":"Assets/A.cs","start_line":"x\\ny"}'), 'Assets/A.cs:x y-');
  });

  it('keeps the start of a long result and says it is cut; a short one as it is', () => {
    assert.equal(stepResult('short'), 'short');
    assert.equal(stepResult(''), '');
    const long = stepResult('r'.repeat(MAX_STEP_RESULT_CHARS * 50));
    assert.equal(long, `${'r'.repeat(MAX_STEP_RESULT_CHARS)}\n…`);
    assert.equal(stepResult('q'.repeat(MAX_STEP_RESULT_CHARS)), 'q'.repeat(MAX_STEP_RESULT_CHARS));
  });

  it('bounds any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3_000 }), fc.constantFrom('read_file', 'search_text', 'edit_file', 'run_command', 'x'), (args, tool) => {
        const brief = stepBrief(tool, args);
        assert.ok(brief.length <= 120);
        assert.ok(stepResult(args).length <= MAX_STEP_RESULT_CHARS + 2);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

/**
 * run_command's output handling, without VS Code: escape sequences stripped (also when a chunk
 * cuts one in two), the output bounded however much comes, and the child-process fallback run on
 * real shell commands (exit code, megabytes, a command that never ends, Stop).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { CapturedOutput, EscapeStripper, OutputBudget, settleLines, stripEscapes } from '../../src/agent/tools/commandOutput';
import { runInChildProcess } from '../../src/agent/tools/processRunner';

const ESC = '\u001b';

describe('run_command output: escape sequences', () => {
  it('removes colours, cursor moves, OSC titles and shell-integration marks, keeping the text', () => {
    const raw = `${ESC}]633;A${ESC}\\${ESC}]0;title\u0007${ESC}[1;31merror${ESC}[0m: bad${ESC}[K\n${ESC}]633;C\u0007${ESC}7ok${ESC}8 ${ESC}(B\u009b2Jdone\u0007`;
    assert.equal(stripEscapes(raw), 'error: bad\nok done');
  });

  it('keeps tabs, newlines, carriage returns and non-ASCII text as they are', () => {
    assert.equal(stripEscapes('a\tb\r\nç 日本 🎮\n'), 'a\tb\r\nç 日本 🎮\n');
  });

  it('drops an OSC string that never ends once it is over 4 KB, and shows the text after it', () => {
    // ESC ] then 5,003 characters: the first 4,097 go with the broken sequence, the rest is text.
    assert.equal(stripEscapes(`${ESC}]8;;${'x'.repeat(5_000)}visible`), `${'x'.repeat(906)}visible`);
  });

  it('gives the same text however the input is cut into chunks', () => {
    const piece = fc.oneof(
      fc.constantFrom(`${ESC}[31m`, `${ESC}[0m`, `${ESC}]633;E;ls${ESC}\\`, `${ESC}]0;t\u0007`, `${ESC}[?25l`, `${ESC}=`, `${ESC}(0`, '\u009b1m'),
      fc.string({ unit: 'grapheme-ascii', maxLength: 12 }).map((s) => [...s].map((ch) => (ch < ' ' || ch === '\u007f' ? '.' : ch)).join('')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat({ max: 400 }), { maxLength: 8 }), (pieces, cuts) => {
        const whole = pieces.join('');
        const positions = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        const stripper = new EscapeStripper();
        let out = '';
        let from = 0;
        for (const at of [...positions, whole.length]) {
          out += stripper.push(whole.slice(from, at));
          from = at;
        }
        assert.equal(out, stripEscapes(whole));
        assert.ok(!out.includes(ESC), JSON.stringify(out));
      }),
    );
  });

  it('is linear: a megabyte of escape openers is handled in one pass', () => {
    // Not a timing assertion: a quadratic scanner would take minutes here and hit mocha's timeout.
    const hostile = `${ESC}[`.repeat(500_000) + `${ESC}]`.repeat(100_000);
    assert.equal(stripEscapes(hostile), '');
  });
});

describe('run_command output: the budget', () => {
  it('keeps everything when it fits', () => {
    const budget = new OutputBudget(10, 20);
    budget.push('hello ');
    budget.push('world');
    assert.equal(budget.text(), 'hello world');
  });

  it('keeps the first and the last characters and says how many were cut, whatever the chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 60 }), { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 50 }), (chunks, head, tail) => {
        const budget = new OutputBudget(head, tail);
        let maxHeld = 0;
        for (const chunk of chunks) {
          budget.push(chunk);
          maxHeld = Math.max(maxHeld, budget.held);
        }
        const whole = chunks.join('');
        assert.equal(budget.length, whole.length);
        assert.ok(maxHeld <= head + 2 * tail, `held ${maxHeld}`);
        if (whole.length <= head + tail) assert.equal(budget.text(), whole);
        else {
          const cut = whole.length - head - tail;
          assert.equal(budget.text(), `${whole.slice(0, head)}\n… ${cut.toLocaleString('en-US')} characters of output cut (${whole.length.toLocaleString('en-US')} in all; the first ${head} and the last ${tail} are shown) …\n${whole.slice(-tail)}`);
        }
      }),
    );
  });

  it('shows lines as a terminal would: CRLF ends a line, a progress bar keeps its last state', () => {
    assert.equal(settleLines('a\r\n 10%\r 50%\r100%\r\nb'), 'a\n100%\nb');
    const captured = new CapturedOutput(5, 5);
    captured.push(`${ESC}[32m${'x'.repeat(100)}${ESC}[0m\n`);
    assert.match(captured.text(), /^xxxxx\n… 91 characters of output cut .*\nxxxx$/);
  });
});

describe('run_command fallback: a real child process', function () {
  this.timeout(30_000);
  let dir: string;
  const never = new AbortController().signal;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-run-')));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs in the folder through the shell and reports the exit code and both streams', async () => {
    const outcome = await runInChildProcess(`pwd; printf '${'\\033'}[31mred${'\\033'}[0m\\n'; echo "to stderr" >&2; exit 3`, dir, 10_000, never);
    // Two pipes: which of stdout and stderr arrives first is the kernel's choice.
    assert.deepEqual({ ...outcome, output: outcome.output.split('\n').sort() }, { exitCode: 3, output: [dir, 'red', 'to stderr'].sort(), timedOut: false, stopped: false });
  });

  it('passes the raw chunks on as they come, escapes and all, for the terminal the user watches', async () => {
    const chunks: string[] = [];
    const outcome = await runInChildProcess(`printf '${'\\033'}[31mred${'\\033'}[0m\\n'`, dir, 10_000, never, (chunk) => chunks.push(chunk));
    assert.equal(chunks.join(''), '\u001b[31mred\u001b[0m\n');
    assert.equal(outcome.output, 'red');
  });

  it('keeps megabytes of output within the budget', async () => {
    const outcome = await runInChildProcess(`node -e "for (let i = 0; i < 60000; i++) console.log('line ' + i + ' ' + 'y'.repeat(40))"`, dir, 20_000, never);
    assert.equal(outcome.exitCode, 0);
    assert.ok(outcome.output.length < 19_000, String(outcome.output.length));
    assert.ok(outcome.output.startsWith('line 0 '));
    assert.ok(outcome.output.endsWith(`line 59999 ${'y'.repeat(40)}`));
    assert.match(outcome.output, /characters of output cut/);
  });

  it('ends a command that never ends at the time limit, its children too, with the output so far', async () => {
    const marker = path.join(dir, 'child-alive');
    const outcome = await runInChildProcess(`echo started; (sleep 3; touch '${marker}') & sleep 1000`, dir, 1_000, never);
    assert.equal(outcome.timedOut, true);
    assert.equal(outcome.exitCode, undefined);
    assert.equal(outcome.output, 'started');
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    assert.equal(fs.existsSync(marker), false, 'the background child was killed with the shell');
  });

  it('Stop ends it at once', async () => {
    const stop = new AbortController();
    const running = runInChildProcess('echo working; sleep 1000', dir, 60_000, stop.signal);
    setTimeout(() => stop.abort(), 500);
    const outcome = await running;
    assert.equal(outcome.stopped, true);
    assert.equal(outcome.timedOut, false);
  });
});

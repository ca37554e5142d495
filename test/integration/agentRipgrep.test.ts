/**
 * search_text's engine with the ripgrep VS Code ships (found under the installed code-server's
 * appRoot the way the extension finds it under `vscode.env.appRoot`), on real trees: a copy of
 * the Unity corpus project, and the Quake III tree read in place (ripgrep only reads).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerBuild } from '../../scripts/codeServer';
import { findRipgrep, parseHit, ripgrepArgs, ripgrepCandidates, runRipgrep } from '../../src/agent/tools/ripgrep';
import { searchText } from '../../src/agent/tools/searchTool';
import { copyCorpus, corpusDir, needCorpus } from '../support/corpus';
import { stubToolEnv } from '../support/toolEnv';

const APP_ROOT = path.join(codeServerBuild().cache, 'node_modules', 'code-server', 'lib', 'vscode');
const never = new AbortController().signal;

describe('search_text: ripgrep arguments', () => {
  it('reads "path NUL line:text" lines, colons in paths and text kept whole', () => {
    assert.deepEqual(parseHit('/w/a:b.cs\u000012:  x = a ? b : c;\r'), { file: '/w/a:b.cs', line: 12, text: '  x = a ? b : c;' });
    assert.equal(parseHit('no nul here:12: x'), undefined);
    assert.equal(parseHit('/w/a.cs\u0000x: y'), undefined);
  });

  it('finds the binary where VS Code keeps it, old layout and new', () => {
    assert.ok(ripgrepCandidates('/vs', 'linux', 'x64').includes(path.join('/vs', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg')));
    assert.ok(ripgrepCandidates('/vs', 'linux', 'x64').includes(path.join('/vs', 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64', 'rg')));
    assert.ok(ripgrepCandidates('C:\\vs', 'win32', 'arm64').some((c) => c.endsWith(path.join('node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', 'rg.exe'))));
    assert.equal(findRipgrep(path.join(os.tmpdir(), 'no-vscode-here')), undefined);
  });

  it('passes the pattern after `--`, as one argv entry, and the roots after it', () => {
    const args = ripgrepArgs({ query: '--pre=/bin/sh', isRegex: false, glob: '**/*.cs', roots: ['/w'] });
    assert.deepEqual(args.slice(-3), ['--', '--pre=/bin/sh', '/w']);
    assert.ok(args.includes('--fixed-strings') && args.includes('--no-config'));
    assert.ok(!args.includes('--follow'));
  });
});

describe('search_text: ripgrep as VS Code ships it', function () {
  this.timeout(30_000);
  let rg: string;
  let unity: string;
  let temp: string;
  let outside: string;

  before(function () {
    needCorpus(this);
    const found = findRipgrep(APP_ROOT);
    if (!found) {
      console.warn(`  (skipped: no code-server at ${APP_ROOT}; run scripts/install-code-server.sh)`);
      this.skip();
    }
    rg = found;
    temp = copyCorpus(['unity-noiseshader']);
    unity = path.join(temp, 'unity-noiseshader');
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-rg-outside-'));
    fs.writeFileSync(path.join(outside, 'Secret.cs'), 'NoiseSecretToken\n');
    fs.symlinkSync(outside, path.join(unity, 'Assets', 'LinkedOut'));
    fs.symlinkSync(path.join(outside, 'Secret.cs'), path.join(unity, 'Assets', 'LinkedSecret.cs'));
    fs.writeFileSync(path.join(unity, 'Assets', 'Odd.cs'), '// --pre=/bin/sh a(b [x] a.b\n// -e trick\n');
    fs.symlinkSync(path.join(unity, 'Assets', 'Odd.cs'), path.join(unity, 'Assets', 'Alias.cs'));
  });
  after(() => {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
    if (outside) fs.rmSync(outside, { recursive: true, force: true });
  });

  it('finds lines of the Unity project, each with its file and 1-based line', async () => {
    const outcome = await runRipgrep(rg, { query: 'class CubeController', isRegex: false, roots: [unity] }, 100, never);
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.hits.length, 1);
    const [hit] = outcome.hits;
    assert.equal(hit.file, path.join(unity, 'Assets', 'Cube', 'CubeController.cs'));
    const lines = fs.readFileSync(hit.file, 'utf8').split(/\r?\n/);
    assert.equal(lines[hit.line - 1].replace(/\r$/, ''), hit.text);
  });

  it('searches literally unless asked for a regex; a pattern that looks like an option is a pattern', async () => {
    const literal = await runRipgrep(rg, { query: 'a(b [x] a.b', isRegex: false, roots: [unity] }, 10, never);
    assert.deepEqual(literal.hits.map((h) => path.basename(h.file)), ['Odd.cs']);
    const option = await runRipgrep(rg, { query: '--pre=/bin/sh', isRegex: false, roots: [unity] }, 10, never);
    assert.deepEqual(option.hits.map((h) => h.line), [1]);
    const dashE = await runRipgrep(rg, { query: '-e trick', isRegex: false, roots: [unity] }, 10, never);
    assert.deepEqual(dashE.hits.map((h) => h.line), [2]);
    const regex = await runRipgrep(rg, { query: 'class \\w+Controller\\b', isRegex: true, glob: '**/*.cs', roots: [unity] }, 10, never);
    assert.ok(regex.hits.length >= 2, JSON.stringify(regex.hits));
    assert.ok(regex.hits.every((h) => h.file.endsWith('.cs')));
  });

  it('reports a bad regex as ripgrep words it', async () => {
    const outcome = await runRipgrep(rg, { query: 'a(', isRegex: true, roots: [unity] }, 10, never);
    assert.match(outcome.error ?? '', /regex parse error/);
  });

  it('does not follow links out of the folder', async () => {
    const outcome = await runRipgrep(rg, { query: 'NoiseSecretToken', isRegex: false, roots: [unity] }, 10, never);
    assert.deepEqual(outcome.hits, []);
  });

  it('search_text needs no link check of its own: links out, to a file or a folder, are never searched, whatever the glob; a folder opened through a link is searched', async () => {
    const env = (root: string): ReturnType<typeof stubToolEnv> => stubToolEnv({ folders: [{ path: root, name: 'unity' }], ripgrep: rg });
    for (const glob of [undefined, '**/Linked*', '**/Linked*/**', '**/*.cs', 'Assets/LinkedSecret.cs']) {
      const result = await searchText({ query: 'NoiseSecretToken', ...(glob ? { glob } : {}) }, env(unity));
      assert.equal(result.text, `No matches for "NoiseSecretToken"${glob ? ` in ${glob}` : ''}.`, `glob ${glob}`);
    }
    // A link inside the folder to a file inside it: ripgrep passes it too; the file itself is found.
    const inside = await searchText({ query: '-e trick' }, env(unity));
    assert.equal(inside.text, 'Assets/Odd.cs:2: // -e trick');
    // The workspace folder itself reached through a link: searched, paths relative to it as opened.
    const opened = path.join(temp, 'opened-through-a-link');
    fs.symlinkSync(unity, opened);
    const through = await searchText({ query: '-e trick' }, env(opened));
    assert.equal(through.text, 'Assets/Odd.cs:2: // -e trick');
  });

  it('stops at max_results and says so', async () => {
    const outcome = await runRipgrep(rg, { query: 'm_', isRegex: false, roots: [unity] }, 7, never);
    assert.equal(outcome.hits.length, 7);
    assert.equal(outcome.truncated, true);
  });

  it('ends at once when stopped, and when its time is up', async () => {
    const stopped = new AbortController();
    stopped.abort();
    const aborted = await runRipgrep(rg, { query: 'the', isRegex: false, roots: [path.join(corpusDir(), 'quake3')] }, 100_000, stopped.signal);
    assert.deepEqual(aborted.hits, []);
    const late = await runRipgrep(rg, { query: 'the', isRegex: false, roots: [path.join(corpusDir(), 'quake3')] }, 1_000_000, never, 1);
    assert.equal(late.timedOut, true);
  });
});

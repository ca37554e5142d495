/**
 * No regular expression of the extension can be made to backtrack catastrophically: each one in
 * src/ (the webview's too: a hang there is still a hang) and each problem matcher of package.json
 * (VS Code runs those on every build's output) is checked by recheck, and anything it does not
 * call `safe` fails with its place and recheck's attack string.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { check, type Diagnostics } from 'recheck';
import { ROOT, regexesInProblemMatchers, regexesInSources, regexesInTypeScript, type FoundRegex } from './regexInventory';


/**
 * recheck runs one analysis either as a native binary (an optional dependency npm installs on
 * Linux, macOS and Windows x64 and macOS arm64) or compiled to JavaScript ('pure': everywhere, much
 * slower). Choose explicitly so `auto` never picks the Java build when a JVM happens to be installed.
 */
function backend(): 'native' | 'pure' {
  const os = ({ darwin: 'macos', linux: 'linux', win32: 'windows' } as Record<string, string>)[process.platform];
  try {
    require.resolve(`recheck-${os}-${process.arch}/package.json`);
    return 'native';
  } catch {
    return 'pure';
  }
}

/**
 * No wall-clock limits: with them a loaded machine reports `unknown` (timeout) where an idle one
 * says `safe`. Without them the result depends only on the pattern, the step limits and the seed.
 */
const DETERMINISTIC = { timeout: null, attackTimeout: null, incubationTimeout: null, seedingTimeout: null, recallTimeout: -1, randomSeed: 0 } as const;

function describeResult(found: FoundRegex, result: Diagnostics): string {
  const regex = `/${found.source}/${found.flags}`;
  if (result.status === 'vulnerable') {
    return `${found.where} ${regex}: ${result.complexity.summary}; attack ${result.attack.pattern}`;
  }
  if (result.status === 'unknown') {
    return `${found.where} ${regex}: unknown (${result.error.kind}${'message' in result.error ? `: ${result.error.message}` : ''})`;
  }
  return `${found.where} ${regex}: safe`;
}

async function unsafe(regexes: readonly FoundRegex[]): Promise<string[]> {
  const failures: string[] = [];
  for (const found of regexes) {
    const result = await check(found.source, found.flags, DETERMINISTIC);
    if (result.status !== 'safe') {
      failures.push(describeResult(found, result));
    }
  }
  return failures;
}

describe('ReDoS: every regular expression is checked by recheck', function () {
  // Here: about 20 s for all of them with the native checker, 80 s with the JavaScript one.
  this.timeout(backend() === 'native' ? 300_000 : 900_000);

  before(() => {
    process.env.RECHECK_BACKEND = backend();
  });

  it('finds regex literals and RegExp(…) with literal arguments by parsing, at their .ts lines', () => {
    const source = [
      'const a: RegExp = /ab+c/gi;',
      'type T = { re: RegExp };',
      'const b = new RegExp("x*y", "m");',
      'const c = RegExp(`^z$`);',
      'const d = (s: string): RegExp => new RegExp(s);',
      "const e = '/not a regex/';",
      '// const f = /commented out/;',
    ].join('\n');
    const { found, dynamic } = regexesInTypeScript(path.join(ROOT, 'src', 'example.ts'), source);
    assert.deepEqual(found, [
      { where: 'src/example.ts:1', source: 'ab+c', flags: 'gi' },
      { where: 'src/example.ts:3', source: 'x*y', flags: 'm' },
      { where: 'src/example.ts:4', source: '^z$', flags: '' },
    ]);
    assert.deepEqual(dynamic, [{ where: 'src/example.ts:5' }]);
  });

  it('every regex in src/ is safe', async () => {
    const { found } = regexesInSources(path.join(ROOT, 'src'));
    assert.ok(found.length > 50, `found only ${found.length} regexes in src/`);
    assert.ok(found.some((r) => r.where.startsWith('src/webview/')), 'the webview sources are included');
    assert.ok(found.some((r) => r.where.startsWith('src/fix/logParsers.ts:')), 'the log parsers are included');
    const failures = await unsafe(found);
    if (failures.length) assert.fail(`${failures.length} of ${found.length} regexes are not safe:\n${failures.join('\n')}`);
  });

  it("every problem matcher's regexp in package.json is safe", async () => {
    const found = regexesInProblemMatchers(path.join(ROOT, 'package.json'));
    assert.ok(found.length >= 8, `found only ${found.length} matcher patterns`);
    const failures = await unsafe(found);
    if (failures.length) assert.fail(`${failures.length} of ${found.length} problem matcher patterns are not safe:\n${failures.join('\n')}`);
  });
});

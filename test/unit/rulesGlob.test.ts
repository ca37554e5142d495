import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { parseApplyTo, type ApplyTo } from '../../src/rules/applyTo';
import { compileGlob, GLOB_LIMITS, type StepCounter } from '../../src/rules/glob';

function matcher(pattern: string): (path: string, counter?: StepCounter) => boolean {
  const compiled = compileGlob(pattern);
  assert.ok(compiled, `${pattern} compiles`);
  return compiled;
}

function applyTo(value: unknown): ApplyTo {
  const parsed = parseApplyTo(value);
  assert.ok(!('error' in parsed), `applyTo ${JSON.stringify(value)} parses: ${'error' in parsed ? parsed.error : ''}`);
  return parsed;
}

describe('project rules: globs (applyTo)', () => {
  describe('compileGlob: the syntax of files.exclude', () => {
    const cases: Array<[string, string, boolean]> = [
      ['**/*.hlsl', 'Foam.hlsl', true],
      ['**/*.hlsl', 'Assets/Shaders/Foam.hlsl', true],
      ['**/*.hlsl', 'Assets/Shaders/Foam.HLSL', true],
      ['**/*.hlsl', 'Assets/Shaders/Foam.hlsli', false],
      ['*.hlsl', 'Assets/Foam.hlsl', false],
      ['Assets/**', 'Assets', true],
      ['Assets/**', 'Assets/Scripts/Player.cs', true],
      ['Assets/**/*.cs', 'Assets/Player.cs', true],
      ['Assets/**/*.cs', 'Packages/Assets/Player.cs', false],
      ['**/Editor/**', 'Assets/Tools/Editor/Build.cs', true],
      ['**/*.{cs,hlsl}', 'a/b.cs', true],
      ['**/*.{cs,hlsl}', 'a/b.shader', false],
      ['{Assets,Packages}/**/*.{cs,{hlsl,shader}}', 'Packages/x/Water.shader', true],
      ['a?c', 'abc', true],
      ['a?c', 'a/c', false],
      ['[a-c]x', 'Bx', true],
      ['[!a]x', 'ax', false],
      ['[^a]x', 'bx', true],
      ['[]a]', ']', true],
      ['[unclosed', '[unclosed', true],
      ['**/.github/*', '.github/copilot-instructions.md', true],
      ['*', '.cursorrules', true],
      ['a**b', 'axxb', true],
      ['a**b', 'ax/xb', false],
    ];
    for (const [pattern, path, expected] of cases) {
      it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
        assert.equal(matcher(pattern)(path), expected);
      });
    }

    it('agrees with picomatch (dot, nocase) on generated globs and paths', () => {
      // Not `[!a]`: VS Code's glob negates with it, picomatch reads it as the characters `!` and `a`.
      const segmentPart = fc.constantFrom('a', 'b', 'A', '.', 'ab', '*', '?', '[ab]', '[^a]', '[a-b]');
      // Segments `.` and `..` are not globs of a path inside the folder (picomatch drops a leading `./`).
      const segment = fc.oneof(
        { weight: 5, arbitrary: fc.array(segmentPart, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')).filter((s) => s !== '.' && s !== '..') },
        { weight: 1, arbitrary: fc.constant('**') },
      );
      // No `**` inside braces: picomatch lets `a{**,b}` cross folders, which no glob user means.
      const alternative = fc.array(segmentPart, { minLength: 1, maxLength: 2 }).map((p) => p.join('')).filter((a) => !a.includes('**'));
      const braces = fc.array(alternative, { minLength: 2, maxLength: 3 }).map((alts) => `{${alts.join(',')}}`);
      const pattern = fc
        .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.option(braces, { nil: undefined }))
        .map(([segments, brace]) => (brace ? [...segments.slice(0, -1), `${segments.at(-1) === '**' ? '' : segments.at(-1)}${brace}`] : segments).join('/'));
      const name = fc.array(fc.constantFrom('a', 'b', 'A', 'B', '.', 'x'), { minLength: 1, maxLength: 5 }).map((c) => c.join('')).filter((n) => n !== '.' && n !== '..');
      const path = fc.array(name, { minLength: 1, maxLength: 4 }).map((names) => names.join('/'));
      fc.assert(
        fc.property(pattern, path, (glob, file) => {
          const picked = (g: string): boolean => picomatch(g, { dot: true, nocase: true, windows: false })(file);
          // A trailing `/**` also matches the folder itself: picomatch agrees for `a/**` but not for `*/**`.
          const expected = picked(glob) || (glob.endsWith('/**') && picked(glob.slice(0, -3)));
          assert.equal(matcher(glob)(file), expected, `${glob} against ${file}`);
        }),
        { numRuns: 3000, seed: 13 },
      );
    });

    it('hostile patterns stay linear: steps bounded by pattern × path, where picomatch would backtrack for seconds', () => {
      // picomatch 4.0.7 took 19 s on this pair (measured once, by hand; never run here).
      const hostile: Array<[string, string]> = [
        [`${'*a'.repeat(20)}*x`, 'a'.repeat(200)],
        [`${'**/a/'.repeat(20)}x`, Array(300).fill('a').join('/')],
        [`{${Array(8).fill('*a*a*a*b').join(',')}}`, 'a'.repeat(500)],
      ];
      for (const [pattern, path] of hostile) {
        const counter: StepCounter = { steps: 0 };
        assert.equal(matcher(pattern)(path, counter), false);
        const bound = 8 * (pattern.length + 1) * (path.length + 1);
        assert.ok(counter.steps <= bound, `${counter.steps} steps for ${pattern.slice(0, 20)}… (bound ${bound})`);
      }
    });

    it('refuses patterns over the limits instead of matching them slowly', () => {
      assert.equal(compileGlob(`**/${'a'.repeat(GLOB_LIMITS.patternChars)}`), undefined);
      assert.equal(compileGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'), undefined, '128 alternatives');
      assert.ok(compileGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'), '64 alternatives are fine');
      assert.equal(matcher('**')(`${'a/'.repeat(GLOB_LIMITS.pathChars)}b`), false, 'a path over the limit never matches');
    });
  });

  describe('parseApplyTo: VS Code meaning of .instructions.md applyTo', () => {
    it('relative globs match below any folder, as VS Code prefixes **/', () => {
      const rule = applyTo('*.hlsl');
      assert.equal(rule.always, false);
      assert.equal(rule.firstMatch(['Assets/Scripts/Player.cs', 'Packages/noise/Shader/Noise1D.hlsl']), 'Packages/noise/Shader/Noise1D.hlsl');
      assert.equal(applyTo('Shader/*.hlsl').firstMatch(['Packages/noise/Shader/Noise1D.hlsl']), 'Packages/noise/Shader/Noise1D.hlsl');
      assert.equal(applyTo('Shader/*.hlsl').firstMatch(['Assets/Catalog/ImageGenerator.hlsl']), undefined);
    });

    it('a leading slash (or ./) anchors the glob at the workspace folder', () => {
      assert.equal(applyTo('/Assets/**').firstMatch(['Packages/Assets/x.cs']), undefined);
      assert.equal(applyTo('/Assets/**').firstMatch(['Assets/x.cs']), 'Assets/x.cs');
      assert.equal(applyTo('./Assets/*.cs').firstMatch(['Packages/Assets/x.cs']), undefined);
      assert.equal(applyTo('./Assets/*.cs').firstMatch(['Assets/x.cs']), 'Assets/x.cs');
    });

    it('comma-separated globs (outside braces) and lists of globs', () => {
      const rule = applyTo('**/*.cs, **/*.{hlsl,shader}');
      assert.equal(rule.text, '**/*.cs, **/*.{hlsl,shader}');
      assert.equal(rule.firstMatch(['Water.shader']), 'Water.shader');
      assert.equal(rule.firstMatch(['README.md']), undefined);
      assert.equal(applyTo(['**/*.cs', '**/*.asmdef']).firstMatch(['Game.asmdef']), 'Game.asmdef');
    });

    it('**, **/* and * apply to every question, even one without files', () => {
      for (const always of ['**', '**/*', '*', '*.cs, **']) assert.equal(applyTo(always).always, true, always);
      assert.equal(applyTo('').always, false);
      assert.equal(applyTo('').firstMatch(['a.cs']), undefined, 'an empty applyTo applies to nothing');
    });

    it('reports what is not a glob, too many globs, and globs over the limits', () => {
      assert.deepEqual(parseApplyTo(42), { error: 'applyTo must be a glob or a list of globs' });
      assert.deepEqual(parseApplyTo(['**/*.cs', 3]), { error: 'applyTo must be a glob or a list of globs' });
      assert.match((parseApplyTo(Array(17).fill('*.cs').join(',')) as { error: string }).error, /17 globs; at most 16/);
      assert.match((parseApplyTo(`**/${'x'.repeat(300)}`) as { error: string }).error, /too long/);
    });
  });
});

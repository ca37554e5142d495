import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_MENTIONS, mentionLabel, parseMentions, quoteArgument, removeRange } from '../../src/shared/mentions';
import { fuzzyFilter, fuzzyScore } from '../../src/shared/fuzzy';

const kinds = (text: string): string[] => parseMentions(text).mentions.map((m) => m.label);
const problems = (text: string): string[] => parseMentions(text).problems.map((p) => `${p.code} ${p.text}`);

describe('mentions in composer text', () => {
  it('finds every kind, with its argument and where it is', () => {
    const text = 'Why #file:Assets/Scripts/Player.cs and #folder:Assets/Shaders with #selection, #problems #problems:all #terminal #changes #symbol:PlayerController.Move?';
    const parsed = parseMentions(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.mentions.map((m) => [m.kind, m.argument, text.slice(m.start, m.end)]),
      [
        ['file', 'Assets/Scripts/Player.cs', '#file:Assets/Scripts/Player.cs'],
        ['folder', 'Assets/Shaders', '#folder:Assets/Shaders'],
        ['selection', undefined, '#selection'],
        ['problems', undefined, '#problems'],
        ['problems', 'all', '#problems:all'],
        ['terminal', undefined, '#terminal'],
        ['changes', undefined, '#changes'],
        ['symbol', 'PlayerController.Move', '#symbol:PlayerController.Move'],
      ],
    );
  });

  it('reads paths with spaces in double quotes or backticks, and writes them back quoted', () => {
    assert.deepEqual(kinds('see #file:"Assets/My Scripts/Player Controller.cs" please'), ['#file:"Assets/My Scripts/Player Controller.cs"']);
    const parsed = parseMentions('see #file:`Assets/My Scripts/A.cs`.');
    assert.equal(parsed.mentions[0].argument, 'Assets/My Scripts/A.cs');
    assert.equal(parsed.mentions[0].end, 'see #file:`Assets/My Scripts/A.cs`'.length);
    assert.equal(quoteArgument('Assets/Player.cs'), 'Assets/Player.cs');
    assert.equal(quoteArgument('My Assets/a.cs'), '"My Assets/a.cs"');
    assert.equal(quoteArgument('say "hi".txt'), '`say "hi".txt`');
    assert.equal(quoteArgument('Weird.'), '"Weird."', 'a trailing dot would be read as the sentence\'s');
  });

  it('leaves the sentence its punctuation, and keeps brackets that belong to the path', () => {
    assert.deepEqual(kinds('Look at #file:Assets/Player.cs.'), ['#file:Assets/Player.cs']);
    assert.deepEqual(kinds('(see #file:Assets/Player.cs), then #folder:Assets/Shaders; ok?'), ['#file:Assets/Player.cs', '#folder:Assets/Shaders']);
    assert.deepEqual(kinds('#file:Assets/Copy(1).cs is odd'), ['#file:Assets/Copy(1).cs']);
    assert.deepEqual(kinds('what is #changes? and #terminal!'), ['#changes', '#terminal']);
  });

  it('reads a path of dots as a path: the workspace root, and the parent (which the host then refuses)', () => {
    assert.deepEqual(kinds('#folder:. and #folder:..'), ['#folder:"."', '#folder:".."']);
    assert.deepEqual(parseMentions('tree of #folder:.').mentions.map((m) => m.argument), ['.']);
    assert.deepEqual(parseMentions('#folder:.., please').mentions.map((m) => m.argument), ['..']);
    assert.deepEqual(kinds('Look at #file:Assets/Player.cs..'), ['#file:Assets/Player.cs'], 'dots after a path are still the sentence\'s');
  });

  it('is text where a # is not a mention: C#, anchors, #include, words that only start like a kind', () => {
    for (const text of ['I write C# daily', 'issue#12', 'https://x.dev/page#file:secret', '#include <stdio.h>', '#pragma once', '#changesets are', '#file alone', '#selections', '#terminal-colors']) {
      assert.deepEqual(parseMentions(text), { mentions: [], problems: [] }, text);
    }
  });

  it('never finds mentions in pasted code: fenced blocks and inline code spans', () => {
    const text = ['Why does this fail?', '```hlsl', '#selection', '#file:Assets/secret.txt', '```', 'and `#terminal` in a span, but #changes counts', '~~~', '#problems', '~~~'].join('\n');
    assert.deepEqual(kinds(text), ['#changes']);
    assert.deepEqual(kinds('``code with ` #file:x.cs`` then #selection'), ['#selection']);
    assert.deepEqual(kinds('```\nunclosed fence #selection'), [], 'an unclosed fence runs to the end, as markdown renders it');
    assert.deepEqual(kinds('a lone ` backtick then #selection'), ['#selection']);
  });

  it('reports mentions that cannot be used, saying which', () => {
    assert.deepEqual(problems('#file: and #folder:'), ['missing-argument #file:', 'missing-argument #folder:']);
    assert.deepEqual(problems('#problems:mine #selection:x'), ['unknown-argument #problems:mine', 'unknown-argument #selection:x']);
    assert.deepEqual(problems('#file:"no end'), ['unclosed-quote #file:"no end']);
    assert.deepEqual(problems('search the #codebase for it'), ['not-available #codebase']);
    assert.deepEqual(problems('#terminal: it fails'), [], 'a colon ending the sentence is punctuation');
  });

  it('attaches an item once however often it is mentioned, and at most MAX_MENTIONS', () => {
    assert.deepEqual(kinds('#selection #file:a.cs #selection #file:a.cs'), ['#selection', '#file:a.cs']);
    const many = Array.from({ length: MAX_MENTIONS + 3 }, (_, i) => `#file:f${i}.cs`).join(' ');
    const parsed = parseMentions(many);
    assert.equal(parsed.mentions.length, MAX_MENTIONS);
    assert.deepEqual(parsed.problems.map((p) => [p.code, p.text]), [['too-many', '3']]);
  });

  it('is case-insensitive in the kind and canonical in the label', () => {
    assert.deepEqual(kinds('#File:a.cs #PROBLEMS:ALL'), ['#file:a.cs', '#problems:all']);
    assert.equal(mentionLabel('symbol', 'Player Controller'), '#symbol:"Player Controller"');
  });

  it('removes a mention and one space next to it', () => {
    const text = 'Why #file:a.cs fails';
    const [m] = parseMentions(text).mentions;
    assert.equal(removeRange(text, m.start, m.end), 'Why fails');
    assert.equal(removeRange('ask #selection', 4, 14), 'ask');
  });

  it('reads every label it writes back to the same mention (property)', () => {
    const argument = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && !s.includes('\n') && !(s.includes('"') && s.includes('`')));
    fc.assert(
      fc.property(fc.constantFrom('file', 'folder', 'symbol') , argument, (kind, value) => {
        const label = mentionLabel(kind, value);
        const parsed = parseMentions(`before ${label} after`);
        assert.equal(parsed.mentions.length, 1, label);
        assert.equal(parsed.mentions[0].argument, value, label);
        assert.equal(parsed.mentions[0].label, label);
      }),
      { numRuns: 500 },
    );
  });

  it('reads hostile text (long runs of #, backticks, unclosed quotes) without error, as text', () => {
    assert.deepEqual(parseMentions('#'.repeat(200_000)), { mentions: [], problems: [] });
    assert.deepEqual(kinds('x ' + '`'.repeat(100_000) + ' #selection'), ['#selection'], 'an unmatched run of backticks is literal');
    const ladder = Array.from({ length: 400 }, (_, i) => '`'.repeat(i + 1)).join(' x ');
    assert.deepEqual(kinds(`${ladder} #terminal`), ['#terminal'], 'runs of every length, none matched');
    assert.equal(parseMentions('#file:"\n'.repeat(30_000)).problems.length, 30_000);
    const longPath = parseMentions(`#file:${'a'.repeat(5000)} #changes`);
    assert.deepEqual(longPath.mentions.map((m) => m.kind), ['file', 'changes']);
    assert.ok((longPath.mentions[0].argument ?? '').length <= 1100, 'an argument is bounded');
  });
});

describe('fuzzy matching for the picker', () => {
  it('matches characters in order and prefers file names, word starts and runs', () => {
    const files = ['Assets/Scripts/PlayerController.cs', 'Assets/Scripts/Inventory.cs', 'Assets/Shaders/Water.shader', 'Tools/buildReport.ts', 'Packages/PlayerPrefs/README.md'];
    assert.deepEqual(fuzzyFilter('plco', files, (f) => f, 10), ['Assets/Scripts/PlayerController.cs']);
    assert.equal(fuzzyFilter('water', files, (f) => f, 10)[0], 'Assets/Shaders/Water.shader');
    assert.equal(fuzzyFilter('player', files, (f) => f, 10)[0], 'Assets/Scripts/PlayerController.cs');
    assert.equal(fuzzyScore('zz', 'Assets/Player.cs'), undefined);
    assert.deepEqual(fuzzyFilter('', files, (f) => f, 2), files.slice(0, 2), 'an empty query keeps the order');
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { normalizeText, parseFrontMatter } from '../../src/rules/frontMatter';
import { RuleReader } from '../../src/rules/ruleReader';
import { cutText, questionPaths, selectRules, utf8Bytes } from '../../src/rules/selectRules';
import { DEFAULT_RULE_LIMITS, type RuleFile, type RuleLimits } from '../../src/rules/ruleTypes';
import { memoryFiles, type MemoryEntry } from './memoryProfileFiles';

/** Nine levels of nine aliases: 9^9 strings if expanded. */
const BILLION_LAUGHS = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');

const SHADER_RULE = '---\napplyTo: "**/*.hlsl"\n---\nShaders: half precision where it is enough.\n';
const CS_RULE = '---\napplyTo: "**/*.cs"\ndescription: C# rules\n---\nC#: no LINQ in Update().\n';

/** The rules a question gets, read from an in-memory folder. */
async function rulesOf(files: Record<string, MemoryEntry>, paths: readonly string[], limits?: RuleLimits): Promise<ReturnType<typeof selectRules>> {
  return selectRules(await new RuleReader(memoryFiles(files), limits).read(paths), paths, limits);
}

const sources = (selection: ReturnType<typeof selectRules>): string[] => selection.rules.map((r) => r.source);

describe('project rules: the pure core', () => {
  describe('front matter', () => {
    it('no front matter: the whole text is the rule, for every question', () => {
      assert.deepEqual(parseFrontMatter('# Rules\n---\nnot front matter\n'), { body: '# Rules\n---\nnot front matter\n' });
    });

    it('reads applyTo and removes the block; tolerates a BOM and CRLF line ends', () => {
      const parsed = parseFrontMatter('\uFEFF---\r\napplyTo: "**/*.hlsl"\r\n---\r\nUse half.\r\n');
      assert.ok(!('error' in parsed));
      assert.equal(parsed.body, 'Use half.\n');
      assert.equal(parsed.applyTo?.text, '**/*.hlsl');
      assert.equal(parsed.applyTo?.firstMatch(['Assets/Water.hlsl']), 'Assets/Water.hlsl');
    });

    it('front matter without applyTo, empty, or closed by ... applies always', () => {
      for (const text of ['---\ndescription: always\n---\nBody', '---\n---\nBody', '---\n\n...\nBody', '---\n# just a comment\n---\nBody']) {
        const parsed = parseFrontMatter(text);
        assert.deepEqual(parsed, { body: 'Body' }, text);
      }
    });

    it('reports malformed front matter instead of throwing', () => {
      const errors: Array<[string, RegExp]> = [
        ['---\napplyTo: "**/*.cs"\nBody with no closing line', /no closing ---/],
        ['---\napplyTo: [unclosed\n---\nBody', /not valid YAML/],
        ['---\napplyTo: a\napplyTo: b\n---\nBody', /not valid YAML: duplicated mapping key/],
        ['---\n- a list\n- not a mapping\n---\nBody', /not a mapping/],
        ['---\njust text\n---\nBody', /not a mapping/],
        ['---\napplyTo: 12\n---\nBody', /applyTo must be a glob/],
        ['---\napplyTo: {a: 1}\n---\nBody', /applyTo must be a glob/],
        [`---\ndescription: "${'x'.repeat(9000)}"\n---\nBody`, /longer than 8192/],
        [`---\n${BILLION_LAUGHS}\n---\nBody`, /not valid YAML: aliases exceeded maxAliases \(20\)/],
        ['---\napplyTo: &a [*a]\n---\nBody', /applyTo must be a glob/],
        [`---\napplyTo: ${'['.repeat(50)}${']'.repeat(50)}\n---\nBody`, /not valid YAML: nesting exceeded maxDepth \(20\)/],
      ];
      for (const [text, expected] of errors) {
        const parsed = parseFrontMatter(text);
        assert.ok('error' in parsed, `an error for ${JSON.stringify(text.slice(0, 40))}`);
        assert.match(parsed.error, expected);
      }
    });

    it('no custom YAML types (the core schema): a !!js/function tag is an error, never code', () => {
      assert.deepEqual(parseFrontMatter('---\napplyTo: !!js/function "**/*.cs"\n---\nBody'), { error: 'the front matter is not valid YAML: unknown scalar tag !<tag:yaml.org,2002:js/function>' });
    });

    it('normalizeText drops a BOM and turns CRLF and lone CR into LF', () => {
      assert.equal(normalizeText('\uFEFFa\r\nb\rc\n'), 'a\nb\nc\n');
    });

    it('the YAML parser is loaded with the first front matter, not before (a separate bundle)', () => {
      const select = path.resolve(__dirname, '..', '..', 'src', 'rules', 'selectRules.js');
      const script = `
        const { selectRules } = require(${JSON.stringify(select)});
        const loaded = () => Object.keys(require.cache).some((f) => /[\\\\/]node_modules[\\\\/]js-yaml[\\\\/]/.test(f));
        const plain = selectRules([{ source: 'AGENTS.md', origin: 'agents', text: 'Be brief.' }, { source: '.monster/rules/a.md', origin: 'monsterRule', text: 'No front matter.' }], []);
        const before = loaded();
        const withFront = selectRules([{ source: '.monster/rules/b.md', origin: 'monsterRule', text: '---\\napplyTo: "**"\\n---\\nAlways.' }], []);
        process.stdout.write(JSON.stringify({ before, after: loaded(), rules: plain.rules.length + withFront.rules.length }));`;
      const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 })) as Record<string, unknown>;
      assert.deepEqual(result, { before: false, after: true, rules: 3 });
    });
  });

  describe('selectRules: order, applyTo, nested AGENTS.md', () => {
    const folder: Record<string, MemoryEntry> = {
      'AGENTS.md': '# Root rules\nUnity 6, URP.\n',
      'Assets/AGENTS.md': 'Assets: gameplay code.\n',
      'Assets/Shaders/AGENTS.md': 'Shaders folder: SRP batcher compatible.\n',
      'Packages/AGENTS.md': 'Packages: do not edit vendored packages.\n',
      'Assets/Shaders/Foam.hlsl': 'float4 foam;',
      'Assets/Scripts/Player.cs': 'class Player {}',
      '.monster/rules/shaders.md': SHADER_RULE,
      '.monster/rules/csharp.md': CS_RULE,
      '.monster/rules/always.md': 'Always: answer in British English.\n',
      '.monster/rules/notes.txt': 'not a rule: not .md',
      '.github/copilot-instructions.md': 'Copilot: prefer composition.\n',
      '.cursorrules': 'Cursor: small functions.\n',
      '.clinerules': 'Cline: explain before editing.\n',
    };

    it('root AGENTS.md, nested ones shallow to deep, .monster/rules by name, then Copilot, Cursor, Cline', async () => {
      const selection = await rulesOf(folder, ['Assets/Shaders/Foam.hlsl']);
      assert.deepEqual(sources(selection), [
        'AGENTS.md',
        'Assets/AGENTS.md',
        'Assets/Shaders/AGENTS.md',
        '.monster/rules/always.md',
        '.monster/rules/shaders.md',
        '.github/copilot-instructions.md',
        '.cursorrules',
        '.clinerules',
      ]);
      assert.deepEqual(selection.problems, []);
      const shader = selection.rules.find((r) => r.source === '.monster/rules/shaders.md');
      assert.deepEqual(shader, { source: '.monster/rules/shaders.md', text: 'Shaders: half precision where it is enough.', applyTo: '**/*.hlsl' });
      assert.equal(selection.rules[0].text, '# Root rules\nUnity 6, URP.', 'trimmed, front matter free');
    });

    it('applyTo follows the files the question carries', async () => {
      assert.deepEqual(sources(await rulesOf(folder, ['Assets/Scripts/Player.cs'])).filter((s) => s.startsWith('.monster')), ['.monster/rules/always.md', '.monster/rules/csharp.md']);
      assert.deepEqual(sources(await rulesOf(folder, ['Assets/Scripts/Player.cs', 'Assets/Shaders/Foam.hlsl'])).filter((s) => s.startsWith('.monster')), [
        '.monster/rules/always.md',
        '.monster/rules/csharp.md',
        '.monster/rules/shaders.md',
      ]);
      assert.deepEqual(sources(await rulesOf(folder, [])), ['AGENTS.md', '.monster/rules/always.md', '.github/copilot-instructions.md', '.cursorrules', '.clinerules'], 'no files: no applyTo rule, no nested AGENTS.md');
    });

    it('a nested AGENTS.md applies to files under its folder only; a folder mention counts', async () => {
      assert.deepEqual(sources(await rulesOf(folder, ['Packages/x/package.json'])).filter((s) => s.endsWith('AGENTS.md')), ['AGENTS.md', 'Packages/AGENTS.md']);
      assert.deepEqual(sources(await rulesOf(folder, ['Assets/Shaders'])).filter((s) => s.endsWith('AGENTS.md')), ['AGENTS.md', 'Assets/AGENTS.md', 'Assets/Shaders/AGENTS.md']);
      assert.deepEqual(sources(await rulesOf(folder, ['AssetsBackup/x.cs'])).filter((s) => s.endsWith('AGENTS.md')), ['AGENTS.md'], 'a prefix of a name is not a folder');
    });

    it('question paths: ./ and slashes normalized, paths that leave the folder ignored', () => {
      assert.deepEqual(questionPaths(['./Assets/a.cs', '/Assets/b.cs', 'Assets/Shaders/', '../outside/AGENTS.md', 'C:/x', 'a\\b', '', 'Assets/a.cs']), ['Assets/a.cs', 'Assets/b.cs', 'Assets/Shaders']);
    });

    it('a rules file with malformed front matter is reported and not sent; the others still are', async () => {
      const selection = await rulesOf({ ...folder, '.monster/rules/broken.md': '---\napplyTo: [\n---\nBroken.' }, ['Assets/Shaders/Foam.hlsl']);
      assert.ok(!sources(selection).includes('.monster/rules/broken.md'));
      assert.ok(sources(selection).includes('.monster/rules/shaders.md'));
      assert.equal(selection.problems.length, 1);
      assert.equal(selection.problems[0].source, '.monster/rules/broken.md');
      assert.equal(selection.problems[0].reason, 'frontMatter');
      assert.match(selection.problems[0].detail ?? '', /not valid YAML/);
    });

    it('whitespace-only rules are not sent', async () => {
      assert.deepEqual(sources(await rulesOf({ 'AGENTS.md': ' \n\n', '.monster/rules/empty.md': '---\napplyTo: "**"\n---\n\n' }, [])), []);
    });
  });

  describe('bounds', () => {
    const limits: RuleLimits = { ...DEFAULT_RULE_LIMITS, ruleBytes: 200, totalBytes: 300 };

    it('cuts a long rule at a line end, saying so in the text and in the problems', async () => {
      const long = Array.from({ length: 40 }, (_, i) => `- rule number ${i}`).join('\n');
      const selection = await rulesOf({ 'AGENTS.md': long }, [], limits);
      const [rule] = selection.rules;
      assert.ok(utf8Bytes(rule.text) <= 200, `${utf8Bytes(rule.text)} bytes`);
      assert.match(rule.text, /- rule number \d+\n\[… AGENTS\.md is cut here: \d+ of its \d+ bytes are sent\]$/);
      assert.deepEqual(selection.problems, [{ source: 'AGENTS.md', reason: 'cut', detail: `${utf8Bytes(long)} bytes; 200 are sent` }]);
    });

    it('never cuts inside a character', () => {
      const cut = cutText('é'.repeat(300), 120, 'AGENTS.md');
      assert.ok(utf8Bytes(cut) <= 120);
      assert.ok(!cut.includes('\uFFFD'));
      assert.match(cut, /^é+\n\[… AGENTS\.md is cut here/);
    });

    it('a rule over what is left of the total is left out and reported; later smaller ones still go', async () => {
      const selection = await rulesOf({ 'AGENTS.md': 'a'.repeat(150), '.cursorrules': 'b'.repeat(190), '.clinerules': 'c'.repeat(100) }, [], limits);
      assert.deepEqual(sources(selection), ['AGENTS.md', '.clinerules']);
      assert.deepEqual(selection.problems, [{ source: '.cursorrules', reason: 'overBudget', detail: "190 bytes; 150 of the rules' 300 were left" }]);
    });

    it('files over the file cap are not read; binary and non-UTF-8 files are reported', async () => {
      const files = memoryFiles({
        'AGENTS.md': 'x'.repeat(DEFAULT_RULE_LIMITS.fileBytes + 1),
        '.cursorrules': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]),
        '.clinerules': new Uint8Array([0x61, 0xc3, 0x28]),
        '.github/copilot-instructions.md': new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('BOM and CRLF\r\nsecond line\r\n')]),
      });
      const selection = selectRules(await new RuleReader(files).read([]), []);
      assert.deepEqual(sources(selection), ['.github/copilot-instructions.md']);
      assert.equal(selection.rules[0].text, 'BOM and CRLF\nsecond line');
      assert.deepEqual(
        selection.problems.map((p) => `${p.source} ${p.reason}`),
        ['AGENTS.md tooBig', '.cursorrules binary', '.clinerules notText'],
      );
      assert.ok(files.bytesRead() < 1000, `the huge file was not read (${files.bytesRead()} bytes handed out)`);
    });

    it('reads at most folderRules files of .monster/rules, by name, and says so', async () => {
      const many: Record<string, MemoryEntry> = {};
      for (let i = 0; i < 40; i++) many[`.monster/rules/r${String(i).padStart(2, '0')}.md`] = `rule ${i}`;
      const selection = await rulesOf(many, []);
      assert.equal(selection.rules.length, 32);
      assert.equal(selection.rules.at(-1)?.source, '.monster/rules/r31.md');
      assert.deepEqual(selection.problems, [{ source: '.monster/rules', reason: 'limit', detail: '40 files; the first 32 by name are read' }]);
    });

    it('searches nested AGENTS.md only up to the depth limit', async () => {
      const deep = `${Array.from({ length: 20 }, (_, i) => `d${i}`).join('/')}`;
      const selection = await rulesOf({ [`${deep}/AGENTS.md`]: 'too deep', 'd0/d1/AGENTS.md': 'shallow', [`${deep}/x.cs`]: '' }, [`${deep}/x.cs`]);
      assert.deepEqual(sources(selection), ['d0/d1/AGENTS.md']);
    });
  });

  describe('RuleReader: confinement and cache', () => {
    it('never follows a symbolic link: a linked rules file, a linked .monster or .github folder, a linked folder on the way', async () => {
      const files = memoryFiles({
        'AGENTS.md': { link: '/etc/passwd' },
        '.monster': { link: '/home/someone/.monster' },
        '.github': { link: '../elsewhere' },
        '.cursorrules': 'Cursor rules are fine.',
        'Assets/Linked': { link: '/tmp/outside' },
        'Assets/Real/AGENTS.md': { link: '../../AGENTS.md' },
        'Assets/Real/x.cs': '',
      });
      const read = await new RuleReader(files).read(['Assets/Linked/AGENTS.md', 'Assets/Real/x.cs']);
      const selection = selectRules(read, ['Assets/Linked/AGENTS.md', 'Assets/Real/x.cs']);
      assert.deepEqual(sources(selection), ['.cursorrules']);
      assert.deepEqual(selection.problems.map((p) => `${p.source} ${p.reason}`).sort(), ['.github symlink', '.monster symlink', 'AGENTS.md symlink', 'Assets/Real/AGENTS.md symlink']);
      assert.ok(!files.asked.some((p) => p.startsWith('Assets/Linked/') || p === 'Assets/Linked'), `nothing through the link: ${files.asked.join(', ')}`);
      assert.ok(!files.asked.includes('AGENTS.md') && !files.asked.includes('Assets/Real/AGENTS.md'), 'linked files are never read');
    });

    it('.clinerules may be a folder of Markdown files', async () => {
      assert.deepEqual(sources(await rulesOf({ '.clinerules/01-style.md': 'Style.', '.clinerules/02-tests.md': 'Tests.', '.clinerules/image.png': 'x' }, [])), ['.clinerules/01-style.md', '.clinerules/02-tests.md']);
    });

    it('keeps what it read until cleared; concerns() says which changes matter', async () => {
      const files = memoryFiles({ 'AGENTS.md': 'Root.', 'Assets/Scripts/Player.cs': '', '.monster/rules/a.md': 'A.' });
      const reader = new RuleReader(files);
      await reader.read(['Assets/Scripts/Player.cs']);
      const asked = files.asked.length;
      await reader.read(['Assets/Scripts/Player.cs']);
      assert.equal(files.asked.length, asked, 'the second question reads nothing');
      assert.equal(reader.concerns('AGENTS.md', 'changed'), true);
      assert.equal(reader.concerns('.monster/rules/a.md', 'changed'), true);
      assert.equal(reader.concerns('.monster/rules/new.md', 'created'), true, 'a new rules file in a listed folder');
      assert.equal(reader.concerns('Assets/Scripts/AGENTS.md', 'created'), true, 'a new nested AGENTS.md');
      assert.equal(reader.concerns('Assets/Scripts/Player.cs', 'changed'), false, 'editing a script is not a rules change');
      assert.equal(reader.concerns('Library/cache.bin', 'created'), false, 'a folder never listed');
      reader.clear();
      await reader.read(['Assets/Scripts/Player.cs']);
      assert.ok(files.asked.length > asked, 'read again after clear()');
    });

    it('a file system that throws is a problem of that file, not a failure', async () => {
      const files = memoryFiles({ 'AGENTS.md': 'Root.', '.cursorrules': 'Cursor.' });
      const failing = { ...files, read: (p: string, max: number) => (p === '.cursorrules' ? Promise.reject(new Error('EACCES: permission denied')) : files.read(p, max)) };
      const selection = selectRules(await new RuleReader(failing).read([]), []);
      assert.deepEqual(sources(selection), ['AGENTS.md']);
      assert.deepEqual(selection.problems, [{ source: '.cursorrules', reason: 'readError', detail: 'EACCES: permission denied' }]);
    });

    it('rule files given in any order come out in sending order', () => {
      const files: RuleFile[] = [
        { source: '.clinerules', origin: 'cline', text: 'cline' },
        { source: 'a/b/AGENTS.md', origin: 'nestedAgents', text: 'deep' },
        { source: '.monster/rules/b.md', origin: 'monsterRule', text: 'b' },
        { source: 'z/AGENTS.md', origin: 'nestedAgents', text: 'z' },
        { source: 'AGENTS.md', origin: 'agents', text: 'root' },
        { source: '.monster/rules/a.md', origin: 'monsterRule', text: 'a' },
        { source: 'a/AGENTS.md', origin: 'nestedAgents', text: 'a' },
      ];
      assert.deepEqual(sources(selectRules(files, ['a/b/c.cs', 'z/y.cs'])), ['AGENTS.md', 'a/AGENTS.md', 'z/AGENTS.md', 'a/b/AGENTS.md', '.monster/rules/a.md', '.monster/rules/b.md', '.clinerules']);
    });
  });
});

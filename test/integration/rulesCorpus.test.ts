/**
 * Project rules on a real project nobody here wrote: the Unity corpus project (shared/corpus,
 * copied to a temp folder), which has its own AGENTS.md, with `.monster/rules/*.md` added for
 * HLSL and C#, read from disk through node's fs with the extension's contract (sizes checked
 * before reading, symbolic links never followed). Which rules apply to which of its real files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RuleReader } from '../../src/rules/ruleReader';
import { selectRules } from '../../src/rules/selectRules';
import { copyCorpus, needCorpus } from '../support/corpus';
import { nodeProfileFiles } from '../support/nodeProjectFiles';

/** Every file below `dir`, relative to it, '/'-separated (the question paths of the tests). */
function filesBelow(dir: string, relative = ''): string[] {
  return fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    return entry.isDirectory() ? filesBelow(dir, child) : entry.isFile() ? [child] : [];
  });
}

describe('project rules on the corpus (unity-noiseshader)', function () {
  this.timeout(30_000);
  let temp = '';
  let project = '';

  before(function () {
    needCorpus(this);
    temp = copyCorpus(['unity-noiseshader']);
    project = path.join(temp, 'unity-noiseshader');
    fs.mkdirSync(path.join(project, '.monster', 'rules'), { recursive: true });
    fs.writeFileSync(path.join(project, '.monster', 'rules', 'hlsl.md'), '---\napplyTo: "**/*.hlsl"\n---\nHLSL: keep the noise functions branch-free.\n');
    fs.writeFileSync(path.join(project, '.monster', 'rules', 'csharp.md'), '\uFEFF---\r\napplyTo: "**/*.cs"\r\n---\r\nC#: Unity 6 APIs only.\r\n');
    fs.writeFileSync(path.join(project, '.monster', 'rules', 'style.md'), 'Everyone: answer briefly.\n');
  });

  after(() => {
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  const rulesFor = async (paths: readonly string[]): Promise<string[]> => selectRules(await new RuleReader(nodeProfileFiles(project)).read(paths), paths).rules.map((r) => r.source);

  it('the project AGENTS.md is read as the project wrote it', async () => {
    const selection = selectRules(await new RuleReader(nodeProfileFiles(project)).read([]), []);
    assert.deepEqual(selection.rules.map((r) => r.source), ['AGENTS.md', '.monster/rules/style.md']);
    // AGENTS.md of the corpus project: "This repository contains a UPM Unity package project. …"
    assert.equal(selection.rules[0].text, fs.readFileSync(path.join(project, 'AGENTS.md'), 'utf8').trim());
    assert.deepEqual(selection.problems, []);
  });

  it('applies the HLSL rule to every .hlsl file and the C# rule to every .cs file, and neither to the rest', async () => {
    const files = filesBelow(project).filter((f) => !f.startsWith('.monster/'));
    const hlsl = files.filter((f) => f.endsWith('.hlsl'));
    const cs = files.filter((f) => f.endsWith('.cs'));
    assert.ok(hlsl.length >= 7 && cs.length >= 5, `${hlsl.length} .hlsl and ${cs.length} .cs files in the project`);
    for (const file of files) {
      const expected = ['AGENTS.md', '.monster/rules/csharp.md', '.monster/rules/hlsl.md', '.monster/rules/style.md'].filter(
        (rule) => (rule !== '.monster/rules/hlsl.md' || file.endsWith('.hlsl')) && (rule !== '.monster/rules/csharp.md' || file.endsWith('.cs')),
      );
      assert.deepEqual(await rulesFor([file]), expected, file);
    }
    assert.deepEqual(await rulesFor(['Packages/jp.keijiro.noiseshader/Shader/Noise1D.hlsl', 'Assets/Test/ValueRangeTest.cs']), ['AGENTS.md', '.monster/rules/csharp.md', '.monster/rules/hlsl.md', '.monster/rules/style.md']);
  });

  it('a nested AGENTS.md goes with files under its folder only, after the root one', async () => {
    fs.writeFileSync(path.join(project, 'Packages', 'jp.keijiro.noiseshader', 'AGENTS.md'), 'Package: keep the public API of NoiseShader stable.\n');
    try {
      assert.deepEqual(await rulesFor(['Packages/jp.keijiro.noiseshader/Shader/Noise1D.hlsl']), ['AGENTS.md', 'Packages/jp.keijiro.noiseshader/AGENTS.md', '.monster/rules/hlsl.md', '.monster/rules/style.md']);
      assert.deepEqual(await rulesFor(['Assets/Catalog/ImageGenerator.hlsl']), ['AGENTS.md', '.monster/rules/hlsl.md', '.monster/rules/style.md']);
    } finally {
      fs.rmSync(path.join(project, 'Packages', 'jp.keijiro.noiseshader', 'AGENTS.md'));
    }
  });

  it('real symbolic links out of the project are refused: a rules file, and the rules folder itself', async () => {
    const outside = fs.mkdtempSync(path.join(temp, 'outside-'));
    fs.writeFileSync(path.join(outside, 'secret.md'), 'SECRET');
    const linkedFile = path.join(project, '.cursorrules');
    const linkedFolder = path.join(project, '.clinerules');
    fs.symlinkSync(path.join(outside, 'secret.md'), linkedFile);
    fs.symlinkSync(outside, linkedFolder);
    try {
      const selection = selectRules(await new RuleReader(nodeProfileFiles(project)).read([]), []);
      assert.ok(!selection.rules.some((r) => r.text.includes('SECRET')));
      assert.deepEqual(selection.problems.map((p) => `${p.source} ${p.reason}`), ['.cursorrules symlink', '.clinerules symlink']);
    } finally {
      fs.rmSync(linkedFile);
      fs.rmSync(linkedFolder);
    }
  });
});

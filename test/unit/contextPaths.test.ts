import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FOLDER_MAX_ENTRIES } from '../../src/context/budgets';
import { chooseFiles, outerGitignores, renderTree, walkFolder } from '../../src/context/folderWalk';
import { WorkspacePaths, type WorkspacePath } from '../../src/context/workspacePaths';

/** Real folders and real symlinks in the temp directory: a workspace, and a secret beside it. */
describe('context: mention paths are confined to the workspace', () => {
  let root: string;
  let game: string;
  let tools: string;
  let secret: string;

  const write = (file: string, text = 'x'): string => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-mentions-')));
    game = path.join(root, 'Game');
    tools = path.join(root, 'Tools');
    secret = write(path.join(root, 'secret', 'id_rsa'), 'PRIVATE');
    write(path.join(game, 'Assets', 'Scripts', 'Player.cs'));
    write(path.join(game, 'Assets', 'My Scripts', 'Enemy AI.cs'));
    write(path.join(tools, 'build.py'));
    fs.symlinkSync(secret, path.join(game, 'Assets', 'key.txt'));
    fs.symlinkSync(path.join(root, 'secret'), path.join(game, 'Linked'));
    fs.symlinkSync(path.join(game, 'Assets', 'Scripts', 'Player.cs'), path.join(game, 'Assets', 'alias.cs'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const single = (): WorkspacePaths => new WorkspacePaths([{ path: game, name: 'Game' }]);
  const multi = (): WorkspacePaths => new WorkspacePaths([{ path: game, name: 'Game' }, { path: tools, name: 'Tools' }]);
  const inside = (absolute: string, relative: string): WorkspacePath => ({ kind: 'inside', absolute, relative });
  const refused = (reason: 'outside' | 'network' | 'device'): WorkspacePath => ({ kind: 'refused', reason });

  it('finds workspace files by their workspace-relative path, with spaces, backslashes and ./', async () => {
    const player = path.join(game, 'Assets', 'Scripts', 'Player.cs');
    assert.deepEqual(await single().resolve('Assets/Scripts/Player.cs', 'file'), inside(player, 'Assets/Scripts/Player.cs'));
    assert.deepEqual(await single().resolve('./Assets\\Scripts\\Player.cs', 'file'), inside(player, 'Assets/Scripts/Player.cs'));
    assert.deepEqual(await single().resolve('Assets/My Scripts/Enemy AI.cs', 'file'), inside(path.join(game, 'Assets', 'My Scripts', 'Enemy AI.cs'), 'Assets/My Scripts/Enemy AI.cs'));
    assert.deepEqual(await single().resolve(player, 'file'), inside(player, 'Assets/Scripts/Player.cs'), 'a full path inside the workspace');
    assert.deepEqual(await single().resolve('Assets/alias.cs', 'file'), inside(path.join(game, 'Assets', 'alias.cs'), 'Assets/alias.cs'), 'a link that stays inside');
    assert.deepEqual(await single().resolve('Assets', 'folder'), inside(path.join(game, 'Assets'), 'Assets'));
    assert.deepEqual(await single().resolve('.', 'folder'), inside(game, '.'));
  });

  it('names folders in a multi-root workspace, and finds files in either folder', async () => {
    assert.deepEqual(await multi().resolve('Tools/build.py', 'file'), inside(path.join(tools, 'build.py'), 'Tools/build.py'));
    assert.deepEqual(await multi().resolve('build.py', 'file'), inside(path.join(tools, 'build.py'), 'Tools/build.py'));
    assert.deepEqual(await multi().resolve('Game/Assets/Scripts/Player.cs', 'file'), inside(path.join(game, 'Assets', 'Scripts', 'Player.cs'), 'Game/Assets/Scripts/Player.cs'));
  });

  it('refuses what is outside: .., absolute paths elsewhere, ~, URIs, links out, network shares and devices', async () => {
    const paths = single();
    for (const written of ['../secret/id_rsa', 'Assets/../../secret/id_rsa', secret, '~/.ssh/id_rsa', 'file:///etc/passwd', 'C:\\Windows\\win.ini', 'Assets/key.txt', 'Linked/id_rsa']) {
      assert.deepEqual(await paths.resolve(written, 'file'), refused('outside'), written);
    }
    assert.deepEqual(await paths.resolve('\\\\fileserver\\share\\a.cs', 'file'), refused('network'));
    assert.deepEqual(await paths.resolve('//fileserver/share/a.cs', 'file'), refused('network'));
    assert.deepEqual(await paths.resolve('\\\\.\\PhysicalDrive0', 'file'), refused('device'));
    assert.deepEqual(await new WorkspacePaths([{ path: game, name: 'Game' }], 'win32').resolve('Assets/CON.txt', 'file'), refused('device'));
    assert.deepEqual(await paths.resolve('Linked', 'folder'), refused('outside'), 'a folder link out of the workspace');
  });

  it('says missing for what does not exist, or is not of the kind asked for', async () => {
    assert.deepEqual(await single().resolve('Assets/Nope.cs', 'file'), { kind: 'missing' });
    assert.deepEqual(await single().resolve('Assets', 'file'), { kind: 'missing' });
    assert.deepEqual(await single().resolve('Assets/Scripts/Player.cs', 'folder'), { kind: 'missing' });
    assert.deepEqual(await single().resolve('a\u0000b', 'file'), { kind: 'missing' });
  });

  it('never asks the file system about a path outside the workspace', async () => {
    const asked: string[] = [];
    const original = fs.promises.realpath;
    fs.promises.realpath = (async (p: fs.PathLike) => {
      asked.push(String(p));
      return original(p);
    }) as typeof fs.promises.realpath;
    try {
      await single().resolve('../secret/id_rsa', 'file');
      await single().resolve(secret, 'file');
      await single().resolve('\\\\host\\share\\x', 'file');
    } finally {
      fs.promises.realpath = original;
    }
    assert.deepEqual(asked.filter((p) => !p.startsWith(game)), []);
  });
});

describe('context: folder trees', () => {
  let root: string;

  const write = (relative: string, text = 'text'): void => {
    const file = path.join(root, ...relative.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-tree-')));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('skips generated folders and what .gitignore files ignore (nested ones too, and negations)', async () => {
    write('.gitignore', '*.log\nBuildOutput/\n!keep.log\n');
    write('Assets/Scripts/Player.cs');
    write('Assets/Scripts/.gitignore', 'Generated*.cs\n');
    write('Assets/Scripts/GeneratedBindings.cs');
    write('Assets/keep.log');
    write('Assets/debug.log');
    write('BuildOutput/game.exe');
    write('Library/ArtifactDB', 'x');
    write('node_modules/left-pad/index.js');
    write('.git/HEAD');
    write('Intermediate/Build.obj');
    write('Assets/Scripts/Player.cs.meta');
    const walk = await walkFolder(root, Date.now() + 10_000);
    assert.deepEqual(walk.entries.map((e) => e.path).sort(), ['.gitignore', 'Assets', 'Assets/Scripts', 'Assets/Scripts/.gitignore', 'Assets/Scripts/Player.cs', 'Assets/keep.log'].sort());
    assert.equal(walk.ignored, 8);
    assert.equal(renderTree(walk, 1000), ['Assets/', '  Scripts/', '    .gitignore', '    Player.cs', '  keep.log', '.gitignore', '(8 left out: ignored by .gitignore, generated folders such as Library and node_modules, Unity .meta files)'].join('\n'));
  });

  it('honours the .gitignore files above the folder mentioned', async () => {
    write('.gitignore', 'Assets/Scripts/Secret*.cs\n*.tmp\n');
    write('Assets/Scripts/Player.cs');
    write('Assets/Scripts/SecretKeys.cs');
    write('Assets/Scripts/cache.tmp');
    const folder = path.join(root, 'Assets', 'Scripts');
    const walk = await walkFolder(folder, Date.now() + 10_000, await outerGitignores(root, folder));
    assert.deepEqual(walk.entries.map((e) => e.path), ['Player.cs']);
  });

  it('lists links without following them', async () => {
    write('Assets/A.cs');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(outside, path.join(root, 'Assets', 'Elsewhere'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'Assets', 'secret.txt'));
    const walk = await walkFolder(root, Date.now() + 10_000);
    assert.ok(!walk.entries.some((e) => e.path.includes('Elsewhere/')), 'nothing below the linked folder');
    assert.deepEqual(chooseFiles(walk, 10_000, 1_000).chosen.map((e) => e.path), ['Assets/A.cs'], 'a linked file is never chosen to be read');
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('stops at FOLDER_MAX_ENTRIES and at the deadline, saying the tree is partial', async () => {
    for (let i = 0; i < FOLDER_MAX_ENTRIES + 10; i++) write(`Many/f${String(i).padStart(5, '0')}.txt`, '');
    const walk = await walkFolder(root, Date.now() + 60_000);
    assert.equal(walk.entries.length, FOLDER_MAX_ENTRIES);
    assert.equal(walk.truncated, true);
    assert.match(renderTree(walk, 200), /… [\d,]+ more entries not listed$/);
    let clock = 0;
    const late = await walkFolder(root, 5, [], () => (clock += 10));
    assert.equal(late.truncated, true);
    assert.equal(late.entries.length, 0);
  });

  it('chooses shallow text files first, each within its own budget and all within the folder\'s', async () => {
    write('Top.cs', 'a'.repeat(300));
    write('Big.cs', 'b'.repeat(5000));
    write('Deep/One.cs', 'c'.repeat(300));
    write('Deep/Two.cs', 'd'.repeat(300));
    write('Deep/Texture.png', 'binary');
    write('Deep/Player.prefab', 'yaml');
    const { chosen, leftOut } = chooseFiles(await walkFolder(root, Date.now() + 10_000), 700, 1000);
    assert.deepEqual(chosen.map((e) => e.path), ['Top.cs', 'Deep/One.cs']);
    assert.equal(leftOut, 2, 'Big.cs (over its budget) and Deep/Two.cs (over the folder budget); binaries and Unity assets are never candidates');
  });
});

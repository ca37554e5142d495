import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspacePaths } from '../../src/context/workspacePaths';

/** Where create_file may put a new file: real folders and real symlinks in the temp directory. */
describe('Agent tools: new files are confined to the workspace', () => {
  let root: string;
  let game: string;
  let tools: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-newpaths-')));
    game = path.join(root, 'Game');
    tools = path.join(root, 'Tools');
    fs.mkdirSync(path.join(game, 'Assets'), { recursive: true });
    fs.mkdirSync(tools);
    fs.mkdirSync(path.join(root, 'outside'));
    fs.writeFileSync(path.join(game, 'Assets', 'Player.cs'), 'x');
    fs.symlinkSync(path.join(root, 'outside'), path.join(game, 'LinkedOut'));
    fs.symlinkSync(path.join(root, 'outside', 'nothing'), path.join(game, 'dangling.cs'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const single = (): WorkspacePaths => new WorkspacePaths([{ path: game, name: 'Game' }]);

  it('places a new file, in new folders too', async () => {
    assert.deepEqual(await single().resolveNew('Assets/Enemy.cs'), { kind: 'new', absolute: path.join(game, 'Assets', 'Enemy.cs'), relative: 'Assets/Enemy.cs' });
    assert.deepEqual(await single().resolveNew('Assets/AI/Deep/Brain.cs'), { kind: 'new', absolute: path.join(game, 'Assets', 'AI', 'Deep', 'Brain.cs'), relative: 'Assets/AI/Deep/Brain.cs' });
  });

  it('says a file, or even a dangling link, exists', async () => {
    assert.deepEqual(await single().resolveNew('Assets/Player.cs'), { kind: 'exists', relative: 'Assets/Player.cs' });
    assert.deepEqual(await single().resolveNew('dangling.cs'), { kind: 'exists', relative: 'dangling.cs' });
  });

  it('refuses .., absolute paths outside, ~, network and device paths, and folders linked out', async () => {
    for (const written of ['../x.cs', 'Assets/../../x.cs', path.join(root, 'outside', 'x.cs'), '~/x.cs', '\\\\host\\share\\x.cs', '//./PhysicalDrive0', 'LinkedOut/x.cs', 'LinkedOut/deeper/x.cs', '', '.']) {
      assert.equal((await single().resolveNew(written)).kind, 'refused', written);
    }
    assert.equal(fs.readdirSync(path.join(root, 'outside')).length, 0);
  });

  it('puts a path that starts with a folder\'s name into that folder of a multi-root workspace', async () => {
    const multi = new WorkspacePaths([{ path: game, name: 'Game' }, { path: tools, name: 'Tools' }]);
    assert.deepEqual(await multi.resolveNew('Tools/build.py'), { kind: 'new', absolute: path.join(tools, 'build.py'), relative: 'Tools/build.py' });
    assert.deepEqual(await multi.resolveNew(path.join(tools, 'a.py')), { kind: 'new', absolute: path.join(tools, 'a.py'), relative: 'Tools/a.py' });
  });
});

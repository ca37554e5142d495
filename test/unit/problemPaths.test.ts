import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProblemPathResolver, realFile, type ProblemPath, type ProblemPathOptions } from '../../src/fix/problemPaths';

/** A real folder tree in the temp directory: a workspace with engine projects, and files beside it. */
describe('ProblemPathResolver', () => {
  let root: string;
  let game: string;
  let tools: string;
  let elsewhere: string;
  /** Every path the resolver asked the file system about. */
  let asked: string[];
  let options: ProblemPathOptions;

  const touch = (file: string): string => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    return file;
  };
  const resolve = (written: string, more: Partial<ProblemPathOptions> = {}): Promise<ProblemPath> =>
    new ProblemPathResolver({ ...options, ...more }).resolve(written);
  const inside = (file: string): ProblemPath => ({ kind: 'inside', file });

  before(() => {
    // realpath: macOS's temp folder is itself behind a symlink.
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-logpaths-')));
    game = path.join(root, 'Shooter');
    tools = path.join(root, 'Tools');
    elsewhere = path.join(root, 'elsewhere');
    touch(path.join(game, 'Source', 'Shooter', 'Weapon.cpp'));
    touch(path.join(game, 'Weapon.cpp')); // a shorter tail that must lose to the longer one
    touch(path.join(game, 'Shaders', 'water.hlsl'));
    touch(path.join(game, 'Godot', 'project.godot'));
    touch(path.join(game, 'Godot', 'player.gd'));
    touch(path.join(game, 'UnityGame', 'Assets', 'Scripts', 'Player.cs'));
    touch(path.join(tools, 'build.cpp'));
    touch(path.join(elsewhere, 'secret.cpp'));
    touch(path.join(elsewhere, 'secret.gd'));
    touch(path.join(elsewhere, 'Source', 'Shooter', 'Pickup.cpp'));
    // Links inside the workspace: one to a file outside it, one to a folder outside it, one that stays inside.
    fs.symlinkSync(path.join(elsewhere, 'secret.cpp'), path.join(game, 'Source', 'Linked.cpp'));
    fs.symlinkSync(path.join(elsewhere, 'Source'), path.join(game, 'External'));
    fs.symlinkSync(path.join(game, 'Shaders', 'water.hlsl'), path.join(game, 'Source', 'water-link.hlsl'));
  });

  beforeEach(() => {
    asked = [];
    options = {
      workspaceFolders: [game, tools],
      godotRoots: [path.join(game, 'Godot')],
      projectRoots: [path.join(game, 'UnityGame')],
      realFile: (p) => {
        asked.push(p);
        return realFile(p);
      },
    };
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('inside the workspace', () => {
    it('keeps absolute paths inside a workspace folder', async () => {
      const file = path.join(game, 'Shaders', 'water.hlsl');
      assert.deepEqual(await resolve(file), inside(file));
    });

    it('matches a path from another machine by its longest tail found in the workspace', async () => {
      assert.deepEqual(await resolve('C:\\Projects\\Shooter\\Source\\Shooter\\Weapon.cpp'), inside(path.join(game, 'Source', 'Shooter', 'Weapon.cpp')));
      assert.deepEqual(await resolve('/home/ci/work/Shooter/Shaders/water.hlsl'), inside(path.join(game, 'Shaders', 'water.hlsl')));
    });

    it('with uniqueTail (crash frames), follows a tail found under one root only', async () => {
      const shared = path.join(tools, 'Shaders', 'water.hlsl');
      touch(shared);
      try {
        // Under two workspace folders: first-found for logs, nothing for a crash frame.
        assert.deepEqual(await resolve('/home/ci/work/Shooter/Shaders/water.hlsl'), inside(path.join(game, 'Shaders', 'water.hlsl')));
        assert.deepEqual(await resolve('/home/ci/work/Shooter/Shaders/water.hlsl', { uniqueTail: true }), { kind: 'missing' });
        // The longer tail is under one root only: that one.
        assert.deepEqual(await resolve('C:\\Projects\\Shooter\\Source\\Shooter\\Weapon.cpp', { uniqueTail: true }), inside(path.join(game, 'Source', 'Shooter', 'Weapon.cpp')));
      } finally {
        fs.rmSync(shared);
      }
    });

    it('tries relative paths against every workspace folder, then engine projects below them', async () => {
      assert.deepEqual(await resolve('build.cpp'), inside(path.join(tools, 'build.cpp')));
      assert.deepEqual(await resolve('Shaders\\water.hlsl'), inside(path.join(game, 'Shaders', 'water.hlsl')));
      assert.deepEqual(await resolve('Assets/Scripts/Player.cs'), inside(path.join(game, 'UnityGame', 'Assets', 'Scripts', 'Player.cs')));
    });

    it('resolves res:// against the folders holding project.godot, and only those', async () => {
      assert.deepEqual(await resolve('res://player.gd'), inside(path.join(game, 'Godot', 'player.gd')));
      assert.deepEqual(await resolve('res://player.gd', { godotRoots: [] }), { kind: 'missing' });
    });

    it('follows a link that stays inside the workspace, keeping the path the log named', async () => {
      const link = path.join(game, 'Source', 'water-link.hlsl');
      assert.deepEqual(await resolve(link), inside(link));
    });

    it('says missing for files that are not here', async () => {
      assert.deepEqual(await resolve('res://enemies/slime.gd'), { kind: 'missing' });
      assert.deepEqual(await resolve('src/missing.cpp'), { kind: 'missing' });
      assert.deepEqual(await resolve(path.join(game, 'Source', 'Gone.cpp')), { kind: 'missing' });
    });
  });

  describe('outside the workspace', () => {
    it('skips an absolute path elsewhere without asking the file system about it, even when the file exists', async () => {
      const secret = path.join(elsewhere, 'secret.cpp');
      assert.deepEqual(await resolve(secret), { kind: 'outside', reason: 'elsewhere' });
      assert.deepEqual(await resolve('C:\\Program Files\\Epic Games\\UE_5.3\\Engine\\Source\\Runtime\\Engine\\Classes\\GameFramework\\Actor.h'), { kind: 'outside', reason: 'elsewhere' });
      assert.ok(asked.length > 0, 'the tails were tried inside the workspace');
      assert.deepEqual(asked.filter((p) => !p.startsWith(`${game}${path.sep}`) && !p.startsWith(`${tools}${path.sep}`)), [], 'only paths inside a workspace folder were looked at');
    });

    it('skips a link inside the workspace that points outside it, to a file or through a folder', async () => {
      assert.deepEqual(await resolve('Source/Linked.cpp'), { kind: 'outside', reason: 'link-outside' });
      assert.deepEqual(await resolve(path.join(game, 'Source', 'Linked.cpp')), { kind: 'outside', reason: 'link-outside' });
      assert.deepEqual(await resolve('External/Shooter/Pickup.cpp'), { kind: 'outside', reason: 'link-outside' });
    });

    it('skips res:// paths that leave the Godot project, without touching the file system', async () => {
      for (const written of ['res://../../elsewhere/secret.gd', 'res://../Source/Shooter/Weapon.cpp', 'res:///../x.gd', 'res://a/../../b.gd', 'res://..\\..\\secret.gd']) {
        assert.deepEqual(await resolve(written), { kind: 'outside', reason: 'leaves-godot-project' }, written);
        assert.deepEqual(await resolve(written, { godotRoots: [] }), { kind: 'outside', reason: 'leaves-godot-project' }, `${written} with no Godot project`);
      }
      assert.deepEqual(asked, []);
    });

    it('skips network paths and device paths without touching the file system', async () => {
      const network = ['\\\\host\\share\\Shooter\\Source\\Shooter\\Weapon.cpp', '//host/share/Shooter/Weapon.cpp', '\\/host/share/Weapon.cpp', '"\\\\fileserver\\builds\\Weapon.cpp"'];
      for (const written of network) {
        assert.deepEqual(await resolve(written), { kind: 'outside', reason: 'network' }, written);
      }
      for (const written of ['\\\\.\\PhysicalDrive0', '\\\\?\\C:\\Projects\\Shooter\\Weapon.cpp', '//./COM1']) {
        assert.deepEqual(await resolve(written), { kind: 'outside', reason: 'device' }, written);
      }
      // Windows opens a device for these names in any folder.
      for (const written of ['CON', 'Source\\NUL.cpp', 'C:\\Projects\\aux.h', 'res://com1.gd', 'lpt1 .txt']) {
        assert.deepEqual(await resolve(written, { platform: 'win32' }), { kind: 'outside', reason: 'device' }, written);
      }
      assert.deepEqual(asked, []);
    });

    it('confines what a file search found, too', async () => {
      const resolver = new ProblemPathResolver(options);
      assert.deepEqual(await resolver.confine(path.join(game, 'Source', 'Linked.cpp')), { kind: 'outside', reason: 'link-outside' });
      assert.deepEqual(await resolver.confine(path.join(elsewhere, 'secret.cpp')), { kind: 'outside', reason: 'elsewhere' });
      assert.deepEqual(await resolver.confine(path.join(game, 'Weapon.cpp')), inside(path.join(game, 'Weapon.cpp')));
      assert.ok(!asked.includes(path.join(elsewhere, 'secret.cpp')));
    });
  });
});

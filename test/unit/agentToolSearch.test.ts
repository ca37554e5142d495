/**
 * search_text's own work around ripgrep, with a stand-in `rg` (a shell script) so the order of
 * events is under the test's control: the real binary is exercised in
 * test/integration/agentRipgrep.test.ts and timed in `npm run bench` (item 15).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { searchText } from '../../src/agent/tools/searchTool';
import { WorkspacePaths } from '../../src/context/workspacePaths';
import { stubToolEnv } from '../support/toolEnv';

/** WorkspacePaths that leaves a mark when a file's confinement is first asked about. */
class MarkingPaths extends WorkspacePaths {
  constructor(
    folder: string,
    private readonly marker: string,
  ) {
    super([{ path: folder, name: 'Game' }]);
  }

  override isInsideFile(absolute: string): Promise<boolean> {
    fs.writeFileSync(this.marker, 'checked');
    return super.isInsideFile(absolute);
  }
}

describe('search_text: the work beside ripgrep', function () {
  this.timeout(20_000);
  let root: string;
  let game: string;
  let marker: string;
  let rg: string;

  before(function () {
    if (process.platform === 'win32') this.skip(); // The stand-in is a POSIX shell script.
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-search-')));
    game = path.join(root, 'Game');
    fs.mkdirSync(game);
    fs.writeFileSync(path.join(game, 'a.gd'), 'first\nsecond\n');
    marker = path.join(root, 'checked');
    rg = path.join(root, 'rg');
    // Prints one hit, then waits (5 s at most) for search_text to start checking that hit's file,
    // and only then prints a second hit and ends.
    fs.writeFileSync(
      rg,
      [
        '#!/bin/sh',
        `printf '%s\\0001:first\\n' '${path.join(game, 'a.gd')}'`,
        'i=0',
        `while [ ! -e '${marker}' ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done`,
        `if [ -e '${marker}' ]; then printf '%s\\0002:second\\n' '${path.join(game, 'a.gd')}'; fi`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  });
  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('checks each hit’s file while ripgrep is still searching, not after it ends', async () => {
    const env = stubToolEnv({ folders: [{ path: game, name: 'Game' }], paths: new MarkingPaths(game, marker), ripgrep: rg });
    const result = await searchText({ query: 'first' }, env);
    assert.deepEqual(result, { ok: true, text: 'a.gd:1: first\na.gd:2: second' });
  });
});

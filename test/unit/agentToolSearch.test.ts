/**
 * search_text's own work around ripgrep, with a stand-in `rg` (a shell script) whose output is
 * under the test's control: the real binary is exercised in test/integration/agentRipgrep.test.ts
 * (links included) and timed in `npm run bench` (item 15).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { searchText } from '../../src/agent/tools/searchTool';
import { WorkspacePaths } from '../../src/context/workspacePaths';
import { stubToolEnv } from '../support/toolEnv';

/** WorkspacePaths that counts the file-system confinement checks asked of it. */
class CountingPaths extends WorkspacePaths {
  checks = 0;

  override isInsideFile(absolute: string): Promise<boolean> {
    this.checks++;
    return super.isInsideFile(absolute);
  }
}

describe('search_text: the work beside ripgrep', function () {
  this.timeout(20_000);
  let root: string;
  let game: string;
  let rg: string;

  before(function () {
    if (process.platform === 'win32') this.skip(); // The stand-in is a POSIX shell script.
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-search-')));
    game = path.join(root, 'Game');
    fs.mkdirSync(game);
    fs.writeFileSync(path.join(game, 'a.gd'), 'first\nsecond\n');
    rg = path.join(root, 'rg');
    // Two hits in the folder, and one whose path is not under it (as no real ripgrep run on the
    // folder prints, but the tool must not trust that).
    fs.writeFileSync(
      rg,
      [
        '#!/bin/sh',
        `printf '%s\\0001:first\\n' '${path.join(game, 'a.gd')}'`,
        `printf '%s\\0002:  second  \\n' '${path.join(game, 'a.gd')}'`,
        `printf '%s\\0003:elsewhere\\n' '${path.join(root, 'Other', 'b.gd')}'`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  });
  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists hits by workspace-relative path without resolving links per file; a path outside the folders is left out, saying so', async () => {
    const paths = new CountingPaths([{ path: game, name: 'Game' }]);
    const env = stubToolEnv({ folders: [{ path: game, name: 'Game' }], paths, ripgrep: rg });
    const result = await searchText({ query: 'first' }, env);
    assert.deepEqual(result, { ok: true, text: 'a.gd:1: first\na.gd:2: second\n… 1 match in files outside the workspace left out.' });
    assert.equal(paths.checks, 0, 'ripgrep follows no links, so no file needs its links resolved');
  });
});

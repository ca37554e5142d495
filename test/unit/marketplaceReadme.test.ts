/**
 * The .vsix carries README.md without its developer sections (scripts/marketplaceReadme.js): the
 * Marketplace page tells users what the extension does and how to set it up, not how to run its tests.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../scripts/l10n';

// The plain-JS module scripts/package.js runs (not compiled into out/).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEVELOPER_SECTIONS, marketplaceReadme } = require(path.join(ROOT, 'scripts', 'marketplaceReadme.js')) as { DEVELOPER_SECTIONS: string[]; marketplaceReadme: (text: string) => string };
const headings = (text: string): string[] => text.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.trim());

describe('the README the .vsix carries', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const packaged = marketplaceReadme(readme);

  it('leaves out exactly the developer sections, each of which README.md has', () => {
    for (const section of DEVELOPER_SECTIONS) assert.ok(headings(readme).includes(section), `README.md has ${section}`);
    assert.deepEqual(headings(packaged), headings(readme).filter((h) => !DEVELOPER_SECTIONS.includes(h)));
    assert.ok(!packaged.includes('npm run bench') && !packaged.includes('.ci/run'), 'no developer commands');
  });

  it('keeps the title, the pictures and every user section whole', () => {
    assert.ok(packaged.startsWith('# Monster Gaming for VS Code\n'));
    assert.ok(packaged.includes('media/readme/agent-approval.png'));
    const section = (text: string, heading: string): string => {
      const start = text.indexOf(`\n${heading}\n`);
      const next = text.indexOf('\n## ', start + 1);
      return text.slice(start, next < 0 ? undefined : next);
    };
    for (const heading of headings(packaged)) assert.equal(section(packaged, heading), section(readme, heading), heading);
  });
});

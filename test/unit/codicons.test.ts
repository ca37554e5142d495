import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCodiconCss, webviewIconNames, writeCodicons } from '../../scripts/codicons';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WEBVIEW = path.join(ROOT, 'src', 'webview');
const PACKAGE = path.join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist');

function read(file: string): string {
  if (!fs.existsSync(file)) assert.fail(`${path.relative(ROOT, file)} is missing: run \`node esbuild.js\` first`);
  return fs.readFileSync(file, 'utf8');
}

/** Icon names written as literals where the helpers take them: `icon('x')` and `icon: 'x'`. A second net beside the IconName type. */
function literalIconNames(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/\bicon\(\s*'([a-z0-9-]+)'|\bicon:\s*'([a-z0-9-]+)'/g)) out.push(m[1] ?? m[2]);
  }
  return out;
}

/** A temporary webview folder with these files (an icons.ts is added when not given). */
function fakeWebview(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-codicons-'));
  const all = { 'icons.ts': "export const ICON_NAMES = ['add'] as const;\n", ...files };
  for (const [name, text] of Object.entries(all)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('Codicons shipped with the webview', () => {
  it('dist/codicon.css has a rule for every icon the webview uses, with the package\'s code point, and no other icon', () => {
    const shipped = parseCodiconCss(read(path.join(ROOT, 'dist', 'codicon.css')));
    const all = parseCodiconCss(read(path.join(PACKAGE, 'codicon.css')));
    const used = webviewIconNames(WEBVIEW);
    assert.ok(used.length > 20, `only ${used.length} icons found in src/webview`);
    for (const name of new Set([...used, ...literalIconNames(WEBVIEW)])) {
      assert.ok(shipped.codePoints.has(name), `codicon-${name} is used in src/webview but missing from dist/codicon.css (add it to src/webview/icons.ts, then node esbuild.js)`);
      assert.equal(shipped.codePoints.get(name), all.codePoints.get(name), `codicon-${name}: code point`);
    }
    assert.deepEqual([...shipped.codePoints.keys()].sort(), used, 'dist/codicon.css ships icons the webview does not use');
  });

  it('dist/codicon.css keeps the package\'s font face, base rule and modifiers, pointing at the subset font', () => {
    const css = read(path.join(ROOT, 'dist', 'codicon.css'));
    assert.match(css, /@font-face \{[^}]*font-family: "codicon";[^}]*src: url\("\.\/codicon\.ttf\?[0-9a-f]{32}"\) format\("truetype"\)/);
    assert.match(css, /\.codicon\[class\*='codicon-'\] \{\n\tfont: normal normal normal 16px\/1 codicon;/);
    assert.match(css, /\.codicon-loading\.codicon-modifier-spin/);
    const font = fs.statSync(path.join(ROOT, 'dist', 'codicon.ttf')).size;
    assert.ok(font > 0 && font < fs.statSync(path.join(PACKAGE, 'codicon.ttf')).size / 4, `dist/codicon.ttf is ${font} bytes: not a subset`);
  });

  it('finds codicon-<name> classes in .ts and .css, and not modifiers', () => {
    const dir = fakeWebview({ 'a.ts': "el.classList.replace('codicon-copy', 'codicon-check');", 'b.css': '.x .codicon-target { } .codicon-modifier-spin { }' });
    assert.deepEqual(webviewIconNames(dir), ['add', 'check', 'copy', 'target']);
  });

  it('refuses a codicon class built from a variable outside icon()', () => {
    const dir = fakeWebview({ 'a.ts': 'const c = `codicon codicon-${name}`;' });
    assert.throws(() => webviewIconNames(dir), /a\.ts:1: a codicon class built from a variable; use icon\(\)/);
  });

  it('fails the build with the names @vscode/codicons does not have', async () => {
    const dir = fakeWebview({ 'icons.ts': "export const ICON_NAMES = ['add', 'no-such-icon'] as const;\n", 'a.css': '.codicon-also-missing {}' });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-codicons-out-'));
    await assert.rejects(writeCodicons(dir, PACKAGE, out), /codicons that @vscode\/codicons does not have: also-missing, no-such-icon\./);
    assert.deepEqual(fs.readdirSync(out), [], 'nothing written');
  });

  it('writes a font and stylesheet with just the named icons', async () => {
    const dir = fakeWebview({ 'icons.ts': "export const ICON_NAMES = ['add', 'check'] as const;\n" });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-codicons-out-'));
    const written = await writeCodicons(dir, PACKAGE, out);
    assert.deepEqual(written.names, ['add', 'check']);
    assert.deepEqual([...parseCodiconCss(fs.readFileSync(path.join(out, 'codicon.css'), 'utf8')).codePoints], [['add', 0xea60], ['check', 0xeab2]]);
    assert.ok(written.fontBytes < 4096, `${written.fontBytes} bytes for two glyphs`);
  });
});

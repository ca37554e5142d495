// Writes exactly one .vsix into dist/ (CONTRACT.md): removes older ones, then runs vsce.
// Dependencies are bundled by esbuild, so vsce packages no node_modules.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { marketplaceReadme } = require('./marketplaceReadme');

const root = path.resolve(__dirname, '..');
const { name, version } = require(path.join(root, 'package.json'));
const dist = path.join(root, 'dist');
fs.mkdirSync(dist, { recursive: true });
for (const file of fs.readdirSync(dist)) {
  if (file.endsWith('.vsix')) fs.rmSync(path.join(dist, file));
}
const out = path.join(dist, `${name}-${version}.vsix`);
const readmePath = path.join(dist, 'README.md');
fs.writeFileSync(readmePath, marketplaceReadme(fs.readFileSync(path.join(root, 'README.md'), 'utf8')));
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--readme-path', path.relative(root, readmePath), '-o', out], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`${path.relative(root, out)} ${(fs.statSync(out).size / 1024).toFixed(1)} KB`);

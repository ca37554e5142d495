/**
 * `npm run test:electron`: the same extension-host suite (test/extension-host) in a desktop VS Code
 * downloaded by @vscode/test-electron, for machines that can reach VS Code's download servers.
 * (Here they cannot; `npm test` runs the suite in code-server instead, see run-extension-tests.ts.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startGateway } from '../test/gateway/server';
import { ROOT } from './codeServer';

async function main(): Promise<void> {
  const gateway = await startGateway({ rateLimits: false });
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-electron-'));
  const workspace = path.join(temp, 'sample-game');
  fs.cpSync(path.join(ROOT, 'demo', 'sample-game'), workspace, { recursive: true });
  // Same workspace override the code-server launcher writes: it must be ignored (application scope).
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'files.associations': { '*.shader': 'hlsl' }, 'monsterGaming.baseUrl': 'http://workspace-override.invalid/v1' }));
  const userData = path.join(temp, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'monsterGaming.baseUrl': gateway.url, 'security.workspace.trust.enabled': false }));
  try {
    await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'extension-host', 'index.js'),
      launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { MG_GATEWAY_URL: gateway.url, MONSTER_GAMING_API_KEY: '', MG_EXT_TEST_RESULTS: path.join(temp, 'results.json') },
    });
  } finally {
    await gateway.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

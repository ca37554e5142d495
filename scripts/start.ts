/**
 * `npm start`: the product, ready to use. Starts the development gateway, a real VS Code
 * (code-server) with the packaged extension installed and a small sample game open, and prints
 * the URL. No key and no manual step: the demo's VS Code gets a development key through
 * MONSTER_GAMING_API_KEY and user settings pointing at the local gateway.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startGateway } from '../test/gateway/server';
import { ROOT, startCodeServer } from './codeServer';

const DEMO_KEY = 'mg_live_studio_demo_local';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const vsix = fs.readdirSync(path.join(ROOT, 'dist')).find((f) => f.endsWith('.vsix'));
  if (!vsix) {
    throw new Error('No .vsix in dist/: run `npm run package` first (npm start does).');
  }
  const gateway = await startGateway({ port: flag('--gateway-port', 8790), tokenDelayMs: flag('--token-delay-ms', 15) });
  const demoRoot = path.join(ROOT, '.vscode-test', 'demo');
  const workspace = path.join(demoRoot, 'sample-game');
  // A fresh copy each time, so trying fixes never edits the repository's sample.
  fs.rmSync(demoRoot, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'demo', 'sample-game'), workspace, { recursive: true });
  const server = await startCodeServer({
    workspace,
    profileDir: path.join(demoRoot, 'profile'),
    vsix: path.join(ROOT, 'dist', vsix),
    port: flag('--port', 8080),
    env: { MONSTER_GAMING_API_KEY: DEMO_KEY },
    settings: {
      'monsterGaming.baseUrl': gateway.url,
      'workbench.colorTheme': 'Default Dark Modern',
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      // The demo folder lives inside this repository; keep VS Code from offering to open it.
      'git.openRepositoryInParentFolders': 'never',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    },
  });
  const open = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log('');
  console.log(`  Development gateway:  ${gateway.url}   (faults: POST ${gateway.url.replace(/\/v1$/, '')}/__control/fault)`);
  console.log(`  VS Code:              ${open}`);
  console.log('');
  console.log('  Open the VS Code URL in a browser, click the Monster Gaming icon in the activity bar and ask a question.');
  console.log('  Press Ctrl+C to stop.');
  const shutdown = async (): Promise<void> => {
    await server.stop();
    await gateway.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/**
 * `npm start`: the product, ready to use. Starts the development gateway, a real VS Code
 * (code-server) with the packaged extension installed and a small sample game open, and prints
 * the URL. No key and no manual step: the demo's VS Code gets a development key through
 * MONSTER_GAMING_API_KEY and user settings pointing at the local gateway.
 *
 * Every other provider preset works in the demo too: the development gateway speaks Moonshot,
 * Monster API, prxy.monster and a plain OpenAI-compatible server under its own paths, and the real
 * Portkey gateway runs in front of it. Select Provider switches; those providers' keys are set
 * like a user would (any `sk-…` for Moonshot, `prxy_live_…` for prxy.monster, any Monster API key).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startPortkey } from '../test/gateway/portkey';
import { startGateway } from '../test/gateway/server';
import { ROOT, startCodeServer } from './codeServer';

const DEMO_KEY = 'mg_live_studio_demo_local';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/** `--folder <path>`: the project to open instead of the sample game (a copy of it: nothing is written to the original). */
function folderFlag(): string | undefined {
  const index = process.argv.indexOf('--folder');
  if (index < 0) return undefined;
  const folder = process.argv[index + 1];
  if (!folder || !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`--folder needs a folder to open (got ${folder ?? 'nothing'}).`);
  }
  return path.resolve(folder);
}

async function main(): Promise<void> {
  const vsix = fs.readdirSync(path.join(ROOT, 'dist')).find((f) => f.endsWith('.vsix'));
  if (!vsix) {
    throw new Error('No .vsix in dist/: run `npm run package` first (npm start does).');
  }
  const gateway = await startGateway({ port: flag('--gateway-port', 8790), tokenDelayMs: flag('--token-delay-ms', 15) });
  const origin = new URL(gateway.url).origin;
  const portkey = await startPortkey({ port: flag('--portkey-port', 8787) });
  const demoRoot = path.join(ROOT, '.vscode-test', 'demo');
  const source = folderFlag() ?? path.join(ROOT, 'demo', 'sample-game');
  const workspace = path.join(demoRoot, path.basename(source));
  // A fresh copy each time, so trying fixes never edits the repository's sample (or your project).
  fs.rmSync(demoRoot, { recursive: true, force: true });
  fs.cpSync(source, workspace, { recursive: true });
  const server = await startCodeServer({
    workspace,
    profileDir: path.join(demoRoot, 'profile'),
    vsix: path.join(ROOT, 'dist', vsix),
    port: flag('--port', 8080),
    env: { MONSTER_GAMING_API_KEY: DEMO_KEY },
    settings: {
      'monsterGaming.baseUrl': gateway.url,
      'monsterGaming.prxy.baseUrl': `${origin}/prxy/v1`,
      'monsterGaming.moonshot.baseUrl': `${origin}/moonshot/v1`,
      'monsterGaming.monsterApi.baseUrl': `${origin}/monsterapi/v1`,
      'monsterGaming.openaiCompatible.baseUrl': `${origin}/openai/v1`,
      // Both Portkey presets go to the local Portkey, which forwards to the development gateway's
      // Moonshot format (pick the provider "moonshot" in Select Provider).
      'monsterGaming.portkey.baseUrl': portkey.url,
      'monsterGaming.portkeySelfHosted.baseUrl': portkey.url,
      'monsterGaming.portkey.customHost': `${origin}/moonshot`,
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
  console.log(`  Portkey gateway:      ${portkey.url}   (real @portkey-ai/gateway, forwarding to ${origin}/moonshot)`);
  console.log(`  VS Code:              ${open}`);
  console.log('');
  console.log('  Open the VS Code URL in a browser, click the Monster Gaming icon in the activity bar and ask a question.');
  console.log('  Press Ctrl+C to stop.');
  const shutdown = async (): Promise<void> => {
    await server.stop();
    await portkey.close();
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

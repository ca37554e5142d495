/**
 * A real HTTP proxy for the tests: Debian's `tinyproxy` (`apt-get install -y tinyproxy`), started
 * in the foreground with a config of its own on 127.0.0.1, optionally with Basic authentication.
 * Its log shows every request it carried, which is how tests prove a request went through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const TINYPROXY = process.env.MG_TINYPROXY ?? '/usr/bin/tinyproxy';

export interface RunningProxy {
  /** `http://127.0.0.1:<port>` (no credentials). */
  readonly url: string;
  readonly port: number;
  /** Everything tinyproxy logged so far. */
  log(): string;
  /** The lines where it accepted a request (`Request (file descriptor N): GET http://… HTTP/1.1`). */
  requests(): string[];
  stop(): Promise<void>;
}

/** A port nothing listens on (taken and released at once): a proxy that is down. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited with ${child.exitCode}: ${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`tinyproxy did not listen on ${port} within 10 s`);
}

/** Starts tinyproxy on 127.0.0.1 (any CONNECT port allowed); `auth` turns on `BasicAuth`. */
export async function startTinyproxy(auth?: { readonly user: string; readonly password: string }): Promise<RunningProxy> {
  if (!fs.existsSync(TINYPROXY)) {
    throw new Error(`${TINYPROXY} is missing: apt-get install -y tinyproxy (.ci/run installs it).`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-tinyproxy-'));
  const logFile = path.join(dir, 'tinyproxy.log');
  const port = await closedPort();
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 60',
    `LogFile "${logFile}"`,
    'LogLevel Info',
    'MaxClients 50',
    'Allow 127.0.0.1',
    // No ConnectPort line: CONNECT is allowed to every port (the test gateways use random ones).
    ...(auth ? [`BasicAuth ${auth.user} ${auth.password}`] : []),
    // Root would otherwise make tinyproxy look for the user "nobody"'s rights on the log file.
    ...(process.getuid?.() === 0 ? ['User root', 'Group root'] : []),
  ].join('\n');
  const configFile = path.join(dir, 'tinyproxy.conf');
  fs.writeFileSync(configFile, `${config}\n`);
  const child = spawn(TINYPROXY, ['-d', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  }
  const log = (): string => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    requests: () => log().split('\n').filter((line) => /Request \(file descriptor \d+\): /.test(line)),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the real, open-source Portkey AI gateway from npm (`@portkey-ai/gateway`, pinned in
 * package.json with `@hono/node-server` overridden to 1.13.8 so streaming works; see
 * shared/REAL-PEERS.md) on a free port of 127.0.0.1, for tests and demos that put it in front of
 * the development gateway with `x-portkey-custom-host`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

export interface RunningPortkey {
  /** e.g. `http://127.0.0.1:41234/v1` */
  readonly url: string;
  readonly port: number;
  /** Everything the gateway printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function portkeyEntry(): string {
  return path.join(path.dirname(require.resolve('@portkey-ai/gateway/package.json')), 'build', 'start-server.js');
}

/** Starts Portkey and resolves once it answers `GET /` ("AI Gateway says hey!"). */
export async function startPortkey(options: { readonly port?: number; readonly timeoutMs?: number } = {}): Promise<RunningPortkey> {
  const port = options.port ?? (await freePort());
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [portkeyEntry(), `--port=${port}`, '--headless'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Portkey exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      if (response.ok && (await response.text()).includes('AI Gateway')) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Portkey did not start on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    output: () => output,
    close: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

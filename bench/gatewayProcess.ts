/**
 * The development gateway in its own process, streaming as fast as it can (no token delay).
 *
 * Not in-process: the gateway writes every chunk in a loop of resolved promises, which in the
 * same event loop starves the client's socket reads, so the client would see the first chunk only
 * after most of the answer was written. A gateway is another machine; another process is closer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const GATEWAY_CLI = path.resolve(__dirname, '..', 'test', 'gateway', 'main.js');

export interface GatewayProcess {
  /** Base URL with `/v1`. */
  readonly url: string;
  /** JSON bodies of the chat requests recorded since the last reset. */
  chatBodies(): Promise<unknown[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startGatewayProcess(): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, [GATEWAY_CLI, '--port', '0', '--token-delay-ms', '0', '--no-rate-limits', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (data: Buffer) => {
      out += data.toString('utf8');
      const match = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the development gateway exited with ${code} before listening`)));
  });
  const origin = new URL(url).origin;
  return {
    url,
    chatBodies: async () => {
      const response = await fetch(`${origin}/__control/requests`);
      const requests = (await response.json()) as Array<{ path: string; body: unknown }>;
      return requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body);
    },
    reset: async () => {
      await fetch(`${origin}/__control/reset`, { method: 'POST' });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

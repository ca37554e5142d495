import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server on 127.0.0.1 that answers every request with `answer` (a hostile gateway); its url ends in /v1. */
export async function hostile(answer: (res: http.ServerResponse, req: http.IncomingMessage) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => answer(res, req));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, close: () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }) };
}

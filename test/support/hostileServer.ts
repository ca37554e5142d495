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

/** What a server answering with `endless` has written so far, and the bound it writes up to. */
export const ENDLESS_BYTES = 50 * 1024 * 1024;

/**
 * A 200 JSON answer that opens with `head`, pads one string with 50 MB (written only as fast as
 * the client reads) and closes with `tail`: a client that reads without a bound reads it all.
 */
export function endless(head: string, tail: string): { readonly answer: (res: http.ServerResponse) => void; readonly written: () => number } {
  let written = 0;
  const answer = (res: http.ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(head);
    const chunk = 'x'.repeat(64 * 1024);
    const more = (): void => {
      while (written < ENDLESS_BYTES && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end(tail);
    };
    more();
  };
  return { answer, written: () => written };
}

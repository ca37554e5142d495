/**
 * Small helpers over Node's `http` that the handlers share: bounded body reading, JSON replies,
 * and writes that notice when the client has gone away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type BodyResult =
  | { readonly kind: 'ok'; readonly text: string; readonly bytes: number }
  | { readonly kind: 'tooLarge'; readonly bytes: number }
  | { readonly kind: 'aborted' };

/** After this much discarded upload the gateway stops listening and drops the connection. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

/**
 * Reads the body, giving up at `limit` bytes. It resolves `tooLarge` as soon as the limit is
 * crossed (or the Content-Length announces it) so the 413 goes out while the client is still
 * sending; the rest of the upload keeps being read and thrown away, because closing a socket with
 * unread data makes the kernel send a reset that can swallow the 413 before the client reads it.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve(result);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) settle({ kind: 'tooLarge', bytes: declared });
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > DRAIN_LIMIT) req.socket.destroy();
      if (settled) return;
      if (bytes > limit) settle({ kind: 'tooLarge', bytes });
      else chunks.push(chunk);
    });
    req.on('end', () => settle({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8'), bytes }));
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}

/** Sends `body` as JSON with `status` and extra headers (unless the client already left). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Writes `data` and resolves once it reached the socket; false when the client is gone. Waiting
 * for each write gives natural backpressure and lets a `disconnect` fault cut the stream only
 * after the promised chunks have really been sent.
 */
export function send(res: ServerResponse, data: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => resolve(false);
    res.once('close', onClose);
    res.write(data, (error) => {
      res.off('close', onClose);
      resolve(!error && !res.destroyed);
    });
  });
}

/** Waits `ms`, or less when the client disconnects, so no timer outlives its response. */
export function pause(res: ServerResponse, ms: number): Promise<void> {
  if (ms <= 0 || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}

/** Header values as one string each, keys lower-cased (how tests want to compare them). */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Answers with a redirect (the `redirect` fault): the status, `Location`, and a short body. */
export function redirect(res: ServerResponse, fault: { readonly location: string; readonly status?: number }, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = `Moved to ${fault.location}`;
  res.writeHead(fault.status ?? 307, { ...headers, Location: fault.location, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

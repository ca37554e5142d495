/**
 * Keeps every request that reached `/v1`, so tests can check what the client really sent (the
 * Authorization header, the messages, the model) and how each exchange ended.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { flatHeaders } from './http';

/** One request as the gateway saw it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** The query string without `?` (empty when none). */
  readonly query: string;
  /** Lower-case header names, each value as one string. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The parsed JSON body; the raw text when it was not JSON; undefined when there was no body,
   * it was too large, or it was not read (e.g. a 401 answered from the headers alone).
   */
  readonly body: unknown;
  /** Body size in bytes as far as it was read (0 when not read). */
  readonly bodyBytes: number;
  readonly receivedAt: string;
  /** The discipline named in `X-Monster-Discipline`, when the answer was routed. */
  readonly discipline: string | undefined;
  /** The HTTP status sent, once headers went out. */
  readonly status: number | undefined;
  /** The response was sent completely (false while streaming, after a cut, or a stall). */
  readonly finished: boolean;
  /**
   * The client closed the connection before the response was complete (e.g. the user pressed
   * Stop, or gave up on a stalled stream). Cuts made by a fault or by `close()` do not count.
   */
  readonly clientAborted: boolean;
}

/** The mutable record behind a RecordedRequest while its exchange is still going on. */
export interface LiveRecord {
  body: unknown;
  bodyBytes: number;
  discipline: string | undefined;
  /** Set when the gateway itself drops the connection (faults, shutdown). */
  cutByGateway: boolean;
}

interface Entry extends LiveRecord {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly receivedAt: string;
  finished: boolean;
  clientAborted: boolean;
}

export class RequestRecorder {
  private readonly entries: Array<{ readonly entry: Entry; readonly res: ServerResponse }> = [];
  /** Set while the gateway shuts down so its own socket cleanup is not taken for client aborts. */
  closing = false;

  /** Starts recording an exchange; the returned record is filled in as the handler learns more. */
  start(req: IncomingMessage, res: ServerResponse, url: URL, now: number): LiveRecord {
    const entry: Entry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers: flatHeaders(req),
      body: undefined,
      bodyBytes: 0,
      discipline: undefined,
      receivedAt: new Date(now).toISOString(),
      finished: false,
      clientAborted: false,
      cutByGateway: false,
    };
    this.entries.push({ entry, res });
    res.on('finish', () => {
      entry.finished = true;
    });
    res.on('close', () => {
      entry.clientAborted = !entry.finished && !entry.cutByGateway && !this.closing;
    });
    return entry;
  }

  /** Copies of the records so far (tests may keep them while the gateway moves on). */
  snapshot(): RecordedRequest[] {
    return this.entries.map(({ entry, res }) => ({
      method: entry.method,
      path: entry.path,
      query: entry.query,
      headers: { ...entry.headers },
      body: structuredClone(entry.body),
      bodyBytes: entry.bodyBytes,
      receivedAt: entry.receivedAt,
      discipline: entry.discipline,
      status: res.headersSent ? res.statusCode : undefined,
      finished: entry.finished,
      clientAborted: entry.clientAborted,
    }));
  }

  clear(): void {
    this.entries.length = 0;
  }
}

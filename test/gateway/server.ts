/**
 * The Monster Gaming development gateway: a local HTTP server that speaks the Monster Gaming API
 * (OpenAI wire format, SSE, documented errors, tiers, rate-limit headers, `monster-gpt` routing,
 * whoami, models, telemetry) so tests and `npm start` demos never need the real service.
 *
 * Only Node's `http`; listens on 127.0.0.1. Keys pick their own tier (`mg_live_pro_demo01` is a
 * Pro key, `mg_test_…` a sandbox key at 5 req/min, anything with `invalid`/`revoked` is refused),
 * see `keys.ts`.
 *
 * Agent mode: a request that offers OpenAI function `tools` is answered by a scripted agent
 * (agentScripts.ts, keyed by phrases in the question: "make this shader compile", "fix the
 * build", "look around the project", "run `cmd`", "search for "x"", "read <path>"). Its tool
 * turns stream `tool_calls` deltas as OpenAI does (id and name first, arguments in uneven pieces,
 * several calls in one message, `finish_reason: "tool_calls"`); the next step is read from the
 * `tool` results sent back. Every `tool` message must name a call of the assistant message before
 * it by `tool_call_id`, and every call must be answered (400 INVALID_REQUEST otherwise, see
 * toolValidation.ts). Faults for tool turns: `malformedToolArguments`, `unknownTool`,
 * `unnamedToolCall`, `manyToolCalls`, `toolCallCut`; for models without function calling: the `rejectTools` fault or option
 * (CLI `--reject-tools`).
 *
 * Usage in streams: only when the request asks with `stream_options: {include_usage: true}`, in a
 * last chunk with empty `choices` (completion.ts), as OpenAI does. The `rejectStreamOptions` fault
 * answers a request carrying `stream_options` with the 400 of a gateway that does not know it.
 *
 * VS Code's utility jobs: Copilot Chat's chat-title prompt (sent to `chat.utilitySmallModel`) is
 * answered with a few words of the request, as a small model does (utilityJobs.ts).
 *
 * Structured output: `POST /v1/structured` takes a chat body with a required
 * `response_format: {type: "json_schema", json_schema: {name, schema}}` and answers one
 * `chat.completion` whose content is JSON matching the schema (the fix and edit rules for the
 * edit-list schema, a deterministic instance of any other: schemaSample.ts); chat requests carrying
 * `json_schema` get the same. Faults for them: `structuredUnsupported` (404 for the endpoint, 400
 * for the format), `structuredRefusal` (`message.refusal`, no content) and `structuredInvalid`
 * (JSON that breaks the schema); `content` and `error` faults apply too.
 *
 * Crash reports (crashReports.ts): `GET/POST /v1/debug/crashes` (filters `game_id`, `status`;
 * `limit` ≤ 100, `before` cursor), `/trends`, `/stats`, `PATCH /v1/debug/crashes/:id`; 130 seeded
 * crashes whose frames point into demo/sample-game, reseeded by reset. `error` faults apply.
 *
 * Other gateways' wire formats are served under `/moonshot/v1`, `/monsterapi/v1`, `/prxy/v1` and
 * `/openai/v1` (see `upstreams.ts`), so every provider preset can be tried locally.
 *
 * Control endpoints (no auth, never recorded), so tests running the gateway in another process
 * can drive it the same way in-process tests use the `DevGateway` object:
 *
 * - `POST /__control/fault`        body: a FaultSpec (or an array of them); queued in order.
 *                                  400 with `{"error": "..."}` when the spec is invalid.
 * - `POST /__control/clear-faults` drops queued faults.
 * - `POST /__control/reset`        faults, recorded requests, telemetry, rate-limit counters, crashes.
 * - `POST /__control/clear-crashes` empties the crash reports (the view's empty state); reset reseeds.
 * - `GET  /__control/faults`       queued faults with `remaining` counts.
 * - `GET  /__control/requests`     JSON array of RecordedRequest (every non-control request).
 * - `GET  /__control/telemetry`    JSON array of TelemetryEvent.
 * - `POST /__control/account`      body: account switches (account.ts: `balanceUsd`, `spentTodayUsd`,
 *                                  `monthlyCapUsd`, `dailyCapUsd`, `keyAge` fresh|aging|stale,
 *                                  `degradedModel`, `maintenance` {eta, message}); merged into the
 *                                  current state, `null` clears the optional ones; reset restores defaults.
 *
 * All control replies are JSON; the POSTs answer `{"ok": true}`.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { ApiSettings } from './api';
import { GatewayApi } from './api';
import type { FaultSpec } from './faults';
import { FaultQueue, parseFaultSpec } from './faults';
import { readBody, sendJson } from './http';
import type { Tier } from './keys';
import { RateLimiter } from './rateLimit';
import type { RecordedRequest } from './recorder';
import { RequestRecorder } from './recorder';
import type { TelemetryEvent } from './telemetry';
import { handleUpstream, matchUpstream, type UpstreamState } from './upstreams';
import { CrashStore } from './crashReports';
import { DEFAULT_ACCOUNT, parseAccountPatch, type AccountState } from './account';

export type { ErrorCode } from './errors';
export type { FaultSpec, FaultKind } from './faults';
export type { Tier, KeyInfo } from './keys';
export type { RecordedRequest } from './recorder';
export type { TelemetryEvent } from './telemetry';
export type { AccountState, KeyAge } from './account';

export interface GatewayOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Loopback address to listen on (default 127.0.0.1). VS Code, and so the extension, never sends
   * `localhost`/`127.0.0.1` through a proxy; proxy tests listen on 127.0.0.2 to be proxied.
   */
  readonly host?: string;
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Delay between streamed chunks (default 0; the CLI uses 15 so demos visibly stream). */
  readonly tokenDelayMs?: number;
  /** false: never answer RATE_LIMITED (the X-RateLimit-* headers are still sent). Default true. */
  readonly rateLimits?: boolean;
  /** Length of a rate-limit window (default 60,000 ms, "per minute"). */
  readonly rateLimitWindowMs?: number;
  /** Extra keys with their tier; listed keys are accepted even without the `mg_…` shape. */
  readonly keys?: Readonly<Record<string, Tier>>;
  /** `Retry-After` seconds for 429/503 error faults without their own `retryAfter` (default 2). */
  readonly faultRetryAfterSeconds?: number;
  /** Context windows in tokens by model id, replacing the catalogue's in validation (to reach CONTEXT_OVERFLOW) and in `GET /models`. */
  readonly contextWindows?: Readonly<Record<string, number>>;
  /**
   * Models that answer a request carrying `tools` with 400 INVALID_REQUEST ("does not support
   * tools"), as providers without function calling do: true for every model, or a list of ids.
   * Requests without tools are answered as usual. (Per request: the `rejectTools` fault.)
   */
  readonly rejectTools?: boolean | readonly string[];
  /** Called with one line per finished `/v1` exchange (the CLI prints them). */
  readonly log?: (line: string) => void;
}

/** A running gateway. */
export interface DevGateway {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:8790/v1`. */
  readonly url: string;
  readonly port: number;
  /** Requests so far (every path but `/__control/`, so mostly `/v1/…`), oldest first (copies). */
  readonly requests: readonly RecordedRequest[];
  /** Accepted telemetry events so far, oldest first (copies). */
  readonly telemetry: readonly TelemetryEvent[];
  /** Queues a fault for the next chat/stream request(s). */
  setFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Switches the account state (balance, spend, caps, key age, a degraded model, maintenance); merged. */
  setAccount(patch: Partial<AccountState>): void;
  /** Clears faults, recorded requests, telemetry, rate-limit counters and account switches; reseeds the crash reports. */
  reset(): void;
  /** Empties the crash reports until the next reset. */
  clearCrashes(): void;
  /** Stops listening and destroys open sockets (stalled streams included); never hangs. */
  close(): Promise<void>;
}

const DEFAULT_RETRY_AFTER_SECONDS = 2;
const MINUTE_MS = 60_000;
const CONTROL_BODY_LIMIT = 64 * 1024;

/** Starts a gateway on 127.0.0.1 and resolves once it is listening. */
export async function startGateway(options: GatewayOptions = {}): Promise<DevGateway> {
  const settings: ApiSettings = {
    tokenDelayMs: options.tokenDelayMs ?? 0,
    keys: options.keys ?? {},
    faultRetryAfterSeconds: options.faultRetryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
    contextWindows: options.contextWindows ?? {},
    rejectTools: options.rejectTools,
  };
  const faults = new FaultQueue();
  const limiter = new RateLimiter(options.rateLimitWindowMs ?? MINUTE_MS, options.rateLimits !== false);
  const recorder = new RequestRecorder();
  const telemetry: TelemetryEvent[] = [];
  const counters = new Map<string, number>();
  const nextId = (prefix: string): string => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}${n.toString(36).padStart(8, '0')}`;
  };
  let account: AccountState = DEFAULT_ACCOUNT;
  const setAccount = (patch: Partial<AccountState>): void => {
    account = { ...account, ...parseAccountPatch(patch) };
  };
  const crashes = new CrashStore(Date.now);
  const api = new GatewayApi({ settings, faults, limiter, telemetry, now: Date.now, nextId, account: () => account, setAccount, crashes });
  const upstreamState: UpstreamState = { faults, tokenDelayMs: settings.tokenDelayMs, faultRetryAfterSeconds: settings.faultRetryAfterSeconds, now: Date.now, nextId, rejectTools: options.rejectTools };

  const reset = (): void => {
    faults.clear();
    recorder.clear();
    telemetry.length = 0;
    limiter.reset();
    account = DEFAULT_ACCOUNT;
    crashes.reset();
  };

  const control = async (req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> => {
    const action = `${req.method} ${path}`;
    switch (action) {
      case 'POST /__control/fault': {
        const body = await readBody(req, CONTROL_BODY_LIMIT);
        if (body.kind !== 'ok') return sendJson(res, 413, { error: 'fault body too large or aborted' });
        try {
          const parsed: unknown = JSON.parse(body.text);
          const specs = (Array.isArray(parsed) ? parsed : [parsed]).map(parseFaultSpec);
          specs.forEach((spec) => faults.add(spec));
          return sendJson(res, 200, { ok: true, pending: faults.list() });
        } catch (error) {
          return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
        }
      }
      case 'POST /__control/account': {
        const body = await readBody(req, CONTROL_BODY_LIMIT);
        if (body.kind !== 'ok') return sendJson(res, 413, { error: 'account body too large or aborted' });
        try {
          setAccount(JSON.parse(body.text) as Partial<AccountState>);
          return sendJson(res, 200, { ok: true, account });
        } catch (error) {
          return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
        }
      }
      case 'POST /__control/clear-faults':
        faults.clear();
        return sendJson(res, 200, { ok: true });
      case 'POST /__control/reset':
        reset();
        return sendJson(res, 200, { ok: true });
      case 'POST /__control/clear-crashes':
        crashes.clear();
        return sendJson(res, 200, { ok: true });
      case 'GET /__control/faults':
        return sendJson(res, 200, faults.list());
      case 'GET /__control/requests':
        return sendJson(res, 200, recorder.snapshot());
      case 'GET /__control/telemetry':
        return sendJson(res, 200, structuredClone(telemetry));
      default:
        return sendJson(res, 404, { error: `unknown control endpoint ${action}` });
    }
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/__control/')) return control(req, res, url.pathname);
    const record = recorder.start(req, res, url, Date.now());
    if (options.log) {
      const log = options.log;
      res.on('close', () => {
        const status = res.headersSent ? String(res.statusCode) : 'cut';
        log(`${req.method} ${url.pathname} ${status}${record.discipline ? ` → ${record.discipline}` : ''}`);
      });
    }
    const upstream = matchUpstream(url.pathname);
    if (upstream) await handleUpstream(upstreamState, upstream.upstream, upstream.path, req, res, record);
    else await api.handle(req, res, url.pathname, record);
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.destroy();
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  let closed: Promise<void> | undefined;

  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}/v1`,
    port,
    get requests(): readonly RecordedRequest[] {
      return recorder.snapshot();
    },
    get telemetry(): readonly TelemetryEvent[] {
      return structuredClone(telemetry);
    },
    setFault: (fault: FaultSpec): void => faults.add(parseFaultSpec(fault)),
    clearFaults: (): void => faults.clear(),
    setAccount,
    reset,
    clearCrashes: (): void => crashes.clear(),
    close: (): Promise<void> => {
      closed ??= new Promise<void>((resolve) => {
        recorder.closing = true;
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

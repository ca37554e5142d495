/**
 * The `/v1` endpoints of the development gateway: routing table, auth, rate limits, body limits,
 * and the handlers for chat, stream, whoami, models, telemetry and health.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerTokens, tokenize } from './answers';
import type { CompletionPlan } from './completion';
import { REFUSAL, jsonCompletion, streamCompletion } from './completion';
import { GatewayError, carriesRetryAfter, errorBody } from './errors';
import type { FaultQueue, FaultSpec } from './faults';
import { readBody, redirect, sendJson } from './http';
import type { KeyInfo, Tier } from './keys';
import { bearerToken, resolveKey } from './keys';
import { MODELS, ROUTING_MODEL, modelAllowed, modelList } from './models';
import type { RateLimiter } from './rateLimit';
import type { LiveRecord } from './recorder';
import { editDiscipline } from './editAnswer';
import { fixDiscipline } from './fixRequest';
import { route, routeWith } from './routing';
import type { TelemetryEvent } from './telemetry';
import { parseTelemetry } from './telemetry';
import { STREAM_OPTIONS_UNRECOGNIZED, STREAM_OPTIONS_WITHOUT_STREAM, validateChat } from './validation';
import { agentTurn } from './agentScripts';
import { billingManage, creditBalance, keyHealth, maintenanceError, modelsHealth, spendLimit, spendLimitUpdate, status, usage, usageCsv, type AccountState } from './account';
import { analyzeCrash, validateAnalyze } from './debugAnalyze';
import type { CrashStore } from './crashReports';
import { faultFits, plannedCalls, rejectsTools, toolsRejectedMessage, type RejectTools } from './toolTurn';

/** "Request body exceeds 64KB (completions)": 65,536 bytes. */
export const BODY_LIMIT_BYTES = 65_536;

/** Settings the API needs, already defaulted by `startGateway`. */
export interface ApiSettings {
  readonly tokenDelayMs: number;
  readonly keys: Readonly<Record<string, Tier>>;
  readonly faultRetryAfterSeconds: number;
  readonly contextWindows: Readonly<Record<string, number>>;
  /** Models that answer requests carrying `tools` with a 400 (true: every model). */
  readonly rejectTools?: RejectTools;
}

/** The mutable state the API shares with the gateway object. */
export interface ApiState {
  readonly settings: ApiSettings;
  readonly faults: FaultQueue;
  readonly limiter: RateLimiter;
  readonly telemetry: TelemetryEvent[];
  readonly now: () => number;
  /** Next value of a per-gateway counter, for deterministic ids. */
  readonly nextId: (prefix: string) => string;
  /** The account switches (balance, key age, degraded model, maintenance); see account.ts. */
  readonly account: () => AccountState;
  /** Merges into the account state (PUT /billing/spend-limit sets the caps through it). */
  readonly setAccount: (patch: Partial<AccountState>) => void;
  /** The seeded crash reports (crashReports.ts). */
  readonly crashes: CrashStore;
}

/** One exchange: the request, its record, and headers every reply must carry (rate limits). */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: LiveRecord;
  readonly headers: Record<string, string>;
}

interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** Public routes skip auth. */
  readonly auth: boolean;
  /** Whether a request counts against the key's per-minute limit (whoami and telemetry do not). */
  readonly consume: boolean;
  readonly handle: (api: GatewayApi, exchange: Exchange, key: KeyInfo | undefined) => void | Promise<void>;
}

const TIER_LABELS: Readonly<Record<Tier, string>> = {
  free: 'free tier',
  payg: 'pay-as-you-go tier',
  starter: 'starter tier',
  pro: 'pro tier',
  studio: 'studio tier',
  enterprise: 'enterprise tier',
};

const ROUTES: Readonly<Record<string, Route>> = {
  '/v1/health': { method: 'GET', auth: false, consume: false, handle: (api, ex) => api.health(ex) },
  '/v1/whoami': { method: 'GET', auth: true, consume: false, handle: (api, ex, key) => api.whoami(ex, key) },
  '/v1/models': { method: 'GET', auth: true, consume: true, handle: (api, ex, key) => api.models(ex, key) },
  '/v1/chat/completions': { method: 'POST', auth: true, consume: true, handle: (api, ex, key) => api.chat(ex, key, false) },
  '/v1/stream': { method: 'POST', auth: true, consume: true, handle: (api, ex, key) => api.chat(ex, key, true) },
  '/v1/structured': { method: 'POST', auth: true, consume: true, handle: (api, ex, key) => api.chat(ex, key, false, true) },
  '/v1/telemetry/event': { method: 'POST', auth: true, consume: false, handle: (api, ex, key) => api.telemetryEvent(ex, key) },
  // Account endpoints: "Auth Required" ones count against the per-minute limit (only whoami is
  // documented as not consuming a token); "Public" ones need no key.
  '/v1/credits/balance': { method: 'GET', auth: true, consume: true, handle: (api, ex) => api.account(ex, (state, now) => creditBalance(state, now)) },
  '/v1/usage': { method: 'GET', auth: true, consume: true, handle: (api, ex) => api.usage(ex) },
  'GET /v1/billing/spend-limit': { method: 'GET', auth: true, consume: true, handle: (api, ex, key) => api.account(ex, (state) => spendLimit(state, api.required(key))) },
  'PUT /v1/billing/spend-limit': { method: 'PUT', auth: true, consume: true, handle: (api, ex, key) => api.putSpendLimit(ex, api.required(key)) },
  '/v1/billing/manage': { method: 'GET', auth: true, consume: true, handle: (api, ex, key) => api.account(ex, () => billingManage(queryOf(ex), api.required(key))) },
  '/v1/keys/health': { method: 'GET', auth: true, consume: true, handle: (api, ex, key) => api.account(ex, (state, now) => keyHealth(state, api.required(key), now)) },
  '/v1/models/health': { method: 'GET', auth: false, consume: false, handle: (api, ex) => api.account(ex, (state) => modelsHealth(state)) },
  '/v1/status': { method: 'GET', auth: false, consume: false, handle: (api, ex) => api.account(ex, (state, now) => status(state, now)) },
  // Crash Analysis: "Auth Required" like every debug endpoint; a request like any other against the limit.
  '/v1/debug/analyze': { method: 'POST', auth: true, consume: true, handle: (api, ex) => api.debugAnalyze(ex) },
  // Crash Reports: "Auth Required" like every debug endpoint.
  'GET /v1/debug/crashes': { method: 'GET', auth: true, consume: true, handle: (api, ex) => api.crashes(ex, (store, query) => store.list(query)) },
  'POST /v1/debug/crashes': { method: 'POST', auth: true, consume: true, handle: (api, ex) => api.addCrash(ex) },
  '/v1/debug/crashes/trends': { method: 'GET', auth: true, consume: true, handle: (api, ex) => api.crashes(ex, (store, query) => store.trends(query)) },
  '/v1/debug/crashes/stats': { method: 'GET', auth: true, consume: true, handle: (api, ex) => api.crashes(ex, (store) => store.stats()) },
  '/v1/debug/crashes/:id': { method: 'PATCH', auth: true, consume: true, handle: (api, ex) => api.patchCrash(ex) },
  // "HTML status page with real-time provider health" (the error card's link opens it).
  '/status': { method: 'GET', auth: false, consume: false, handle: (api, ex) => api.statusPage(ex) },
};

/** Paths that take a second method besides GET: their routes are keyed `METHOD path`. */
const SECOND_METHOD: Readonly<Record<string, string>> = { '/v1/debug/crashes': 'POST', '/v1/billing/spend-limit': 'PUT' };

const queryOf = (exchange: Exchange): URLSearchParams => new URL(exchange.req.url ?? '/', 'http://127.0.0.1').searchParams;

/** The route for a path: exact, by method where one path has two (any other method gets GET's 405), or the crash `:id` pattern. */
function routeFor(path: string, method: string | undefined): Route | undefined {
  const second = SECOND_METHOD[path];
  if (second) return ROUTES[`${method === second ? second : 'GET'} ${path}`];
  if (/^\/v1\/debug\/crashes\/[^/]+$/.test(path) && !ROUTES[path]) return ROUTES['/v1/debug/crashes/:id'];
  return ROUTES[path];
}

export class GatewayApi {
  private readonly startedAt: number;

  constructor(private readonly state: ApiState) {
    this.startedAt = state.now();
  }

  /** Answers one `/v1` request; every failure leaves as the documented error JSON. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, record: LiveRecord): Promise<void> {
    const exchange: Exchange = { req, res, record, headers: { 'X-Request-Id': this.state.nextId('req_mg_') } };
    try {
      const entry = routeFor(path, req.method);
      if (!entry) throw new GatewayError('INVALID_REQUEST', `No such endpoint: ${req.method} ${path}.`, { status: 404 });
      if (req.method !== entry.method) {
        throw new GatewayError('INVALID_REQUEST', `${path} accepts ${entry.method}, not ${req.method}.`, {
          status: 405,
          headers: { Allow: entry.method },
        });
      }
      const key = entry.auth ? this.authenticate(exchange, entry.consume) : undefined;
      await entry.handle(this, exchange, key);
    } catch (error) {
      this.fail(exchange, error);
    }
  }

  /** Checks the key and the rate limit; adds the rate-limit headers to the exchange. */
  private authenticate(exchange: Exchange, consume: boolean): KeyInfo {
    const key = resolveKey(bearerToken(exchange.req.headers.authorization), this.state.settings.keys);
    if (!key) throw new GatewayError('INVALID_API_KEY');
    const decision = this.state.limiter.take(key.key, key.requestsPerMinute, consume, this.state.now());
    Object.assign(exchange.headers, decision.headers);
    if (!decision.allowed) {
      const label = key.environment === 'sandbox' ? 'sandbox keys' : TIER_LABELS[key.tier];
      throw this.state.limiter.refusal(decision, label, key.requestsPerMinute);
    }
    return key;
  }

  private fail(exchange: Exchange, error: unknown): void {
    const failure =
      error instanceof GatewayError
        ? error
        : new GatewayError('PROVIDER_UNAVAILABLE', `Development gateway error: ${String(error)}`, { status: 500 });
    const headers: Record<string, string> = { ...exchange.headers, ...failure.headers };
    if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
    sendJson(exchange.res, failure.status, errorBody(failure, this.state.now()), headers);
  }

  /** Reads and parses a JSON body within the 64 KB limit; undefined when the client left. */
  private async readJson(exchange: Exchange): Promise<{ readonly value: unknown } | undefined> {
    const body = await readBody(exchange.req, BODY_LIMIT_BYTES);
    if (body.kind === 'aborted') return undefined;
    exchange.record.bodyBytes = body.bytes;
    if (body.kind === 'tooLarge') {
      throw new GatewayError('PAYLOAD_TOO_LARGE', `Request body is ${body.bytes} bytes; the limit is 65,536 bytes (64 KB).`);
    }
    if (body.text.trim() === '') throw new GatewayError('INVALID_REQUEST', 'Missing request body.');
    try {
      const value: unknown = JSON.parse(body.text);
      exchange.record.body = value;
      return { value };
    } catch {
      exchange.record.body = body.text;
      throw new GatewayError('INVALID_REQUEST', 'The request body is not valid JSON.');
    }
  }

  health(exchange: Exchange): void {
    sendJson(exchange.res, 200, {
      status: 'healthy',
      version: 'dev',
      gateway: 'monster-gaming-development-gateway',
      uptime_seconds: Math.floor((this.state.now() - this.startedAt) / 1000),
      subsystems: { kv: 'ok', d1: 'ok', config: 'ok' },
    }, exchange.headers);
  }

  /** A key for an auth-required route (authenticate already refused requests without one). */
  required(key: KeyInfo | undefined): KeyInfo {
    if (!key) throw new GatewayError('INVALID_API_KEY');
    return key;
  }

  /** Answers an account endpoint from the current switches. */
  account(exchange: Exchange, body: (state: AccountState, now: number) => Record<string, unknown>): void {
    sendJson(exchange.res, 200, body(this.state.account(), this.state.now()), exchange.headers);
  }

  /** `GET /v1/usage`: JSON, or with `format=csv` the daily rows as a spreadsheet. */
  usage(exchange: Exchange): void {
    const query = queryOf(exchange);
    const answer = usage(this.state.account(), query, this.state.now());
    if (query.get('format') !== 'csv') return sendJson(exchange.res, 200, answer, exchange.headers);
    const text = usageCsv(answer);
    exchange.res.writeHead(200, { ...exchange.headers, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="usage.csv"', 'Content-Length': String(Buffer.byteLength(text)) });
    exchange.res.end(text);
  }

  /** `PUT /v1/billing/spend-limit`: sets the caps sent, answers them all. */
  async putSpendLimit(exchange: Exchange, key: KeyInfo): Promise<void> {
    const body = await this.readJson(exchange);
    if (!body) return;
    this.state.setAccount(spendLimitUpdate(body.value));
    sendJson(exchange.res, 200, spendLimit(this.state.account(), key), exchange.headers);
  }

  /** `POST /v1/debug/analyze`: validated as documented; an error fault queued for the next request answers instead. */
  async debugAnalyze(exchange: Exchange): Promise<void> {
    const maintenance = this.state.account().maintenance;
    if (maintenance) throw maintenanceError(maintenance, this.state.now());
    const body = await this.readJson(exchange);
    if (!body) return;
    const request = validateAnalyze(body.value);
    const fault = this.state.faults.take((spec) => spec.kind === 'error');
    if (fault?.kind === 'error') throw this.faultError(fault);
    // A stored crash is analyzed from its frames and, as documented, moves to investigating.
    const stored = request.crashId !== undefined && !request.stackTrace ? this.state.crashes.find(request.crashId) : undefined;
    const answer = analyzeCrash(stored ? { ...request, stackTrace: stored.stack_trace, platform: request.platform ?? stored.platform, engine: request.engine ?? stored.engine } : request, this.state.now());
    if (stored) this.state.crashes.patch(stored.id, { status: 'investigating' });
    sendJson(exchange.res, 200, stored ? { ...answer, crash_id: stored.id } : answer, exchange.headers);
  }

  /** A crash reports read; an error fault queued for the next request answers instead. */
  crashes(exchange: Exchange, body: (store: CrashStore, query: URLSearchParams) => Record<string, unknown>): void {
    this.crashFault();
    sendJson(exchange.res, 200, body(this.state.crashes, new URL(exchange.req.url ?? '/', 'http://127.0.0.1').searchParams), exchange.headers);
  }

  /** `PATCH /v1/debug/crashes/:id` with `{status}`. */
  async patchCrash(exchange: Exchange): Promise<void> {
    const id = decodeURIComponent(new URL(exchange.req.url ?? '/', 'http://127.0.0.1').pathname.split('/').pop() ?? '');
    this.state.crashes.find(id);
    const body = await this.readJson(exchange);
    if (!body) return;
    this.crashFault();
    sendJson(exchange.res, 200, { ...this.state.crashes.patch(id, body.value) }, exchange.headers);
  }

  /** `POST /v1/debug/crashes` (JSON metadata): 201 with the id and fingerprint. */
  async addCrash(exchange: Exchange): Promise<void> {
    const body = await this.readJson(exchange);
    if (!body) return;
    this.crashFault();
    sendJson(exchange.res, 201, this.state.crashes.add(body.value), exchange.headers);
  }

  private crashFault(): void {
    const maintenance = this.state.account().maintenance;
    if (maintenance) throw maintenanceError(maintenance, this.state.now());
    const fault = this.state.faults.take((spec) => spec.kind === 'error');
    if (fault?.kind === 'error') throw this.faultError(fault);
  }

  /** `GET /status`: the same facts as `/v1/status`, as a small HTML page. */
  statusPage(exchange: Exchange): void {
    const state = status(this.state.account(), this.state.now());
    const maintenance = state.maintenance as { message: string; eta: string } | undefined;
    const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const body = [
      '<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="30"><title>Monster Gaming status</title></head><body>',
      `<h1>Monster Gaming: ${escape(String(state.status))}</h1>`,
      maintenance ? `<p>${escape(maintenance.message)}. Expected back at ${escape(maintenance.eta)}.</p>` : '<p>All systems operational.</p>',
      '</body></html>',
    ].join('\n');
    exchange.res.writeHead(200, { ...exchange.headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
    exchange.res.end(body);
  }

  whoami(exchange: Exchange, key: KeyInfo | undefined): void {
    if (!key) throw new GatewayError('INVALID_API_KEY');
    sendJson(exchange.res, 200, {
      tier: key.tier,
      environment: key.environment,
      key_type: key.type,
      game_id: 'game_dev_local',
      rate_limits: { requests_per_minute: key.requestsPerMinute, daily_cap_usd: key.dailyCapUsd },
    }, exchange.headers);
  }

  models(exchange: Exchange, key: KeyInfo | undefined): void {
    if (!key) throw new GatewayError('INVALID_API_KEY');
    sendJson(exchange.res, 200, modelList(key.tier, this.state.settings.contextWindows), exchange.headers);
  }

  async telemetryEvent(exchange: Exchange, key: KeyInfo | undefined): Promise<void> {
    if (!key) throw new GatewayError('INVALID_API_KEY');
    const body = await this.readJson(exchange);
    if (!body) return;
    const event = parseTelemetry(body.value, this.state.nextId('evt_'), key, this.state.now());
    this.state.telemetry.push(event);
    sendJson(exchange.res, 200, { ok: true, id: event.id }, exchange.headers);
  }

  /**
   * Chat completions, `/v1/stream`, and `/v1/structured` (`structured`): the same request with a
   * required `response_format: json_schema`, answered as one `chat.completion` whose content is
   * JSON matching the schema (or a `refusal`, with the `structuredRefusal` fault).
   */
  async chat(exchange: Exchange, key: KeyInfo | undefined, forceStream: boolean, structured = false): Promise<void> {
    if (!key) throw new GatewayError('INVALID_API_KEY');
    const maintenance = this.state.account().maintenance;
    if (maintenance) throw maintenanceError(maintenance, this.state.now());
    const body = await this.readJson(exchange);
    if (!body) return;
    const request = validateChat(body.value, key.tier, this.state.settings.contextWindows);
    if (structured && !request.schema) {
      throw new GatewayError('INVALID_REQUEST', 'Missing required field "response_format": {"type": "json_schema", "json_schema": {"name": "...", "schema": {...}}}.');
    }
    const streams = !structured && (forceStream || request.stream);
    if (request.streamOptions && !streams) throw new GatewayError('INVALID_REQUEST', STREAM_OPTIONS_WITHOUT_STREAM);
    const carriesTools = request.tools.offered.length > 0;
    if (carriesTools && rejectsTools(this.state.settings.rejectTools, request.model.id)) throw this.toolsRejected(request.model.id, key.tier);
    // A request that offers tools gets the scripted agent's next step (undefined: no scenario fits).
    const turn = agentTurn(request.tools);
    const fault = this.state.faults.take((spec) => faultFits(spec, carriesTools, (turn?.calls.length ?? 0) > 0, request.schema !== undefined, request.streamOptions !== undefined));
    if (fault?.kind === 'error') throw this.faultError(fault);
    if (fault?.kind === 'rejectTools') throw this.toolsRejected(request.model.id, key.tier);
    if (fault?.kind === 'rejectStreamOptions') throw new GatewayError('INVALID_REQUEST', STREAM_OPTIONS_UNRECOGNIZED);
    if (fault?.kind === 'structuredUnsupported') {
      throw structured
        ? new GatewayError('INVALID_REQUEST', 'No such endpoint: POST /v1/structured.', { status: 404 })
        : new GatewayError('INVALID_REQUEST', `response_format type "json_schema" is not supported by ${request.model.id}; use "json_object".`);
    }
    if (fault?.kind === 'resetBeforeHeaders' || fault?.kind === 'disconnect' || fault?.kind === 'toolCallCut') exchange.record.cutByGateway = true;
    if (fault?.kind === 'resetBeforeHeaders') {
      exchange.req.socket.destroy();
      return;
    }
    if (fault?.kind === 'redirect') return redirect(exchange.res, fault, exchange.headers);
    // monster-gpt names its specialist; other models answer in the same voice but unannounced.
    // A fix or an edit of a shader file is the shader specialist's whatever else its code mentions.
    const preferred = request.json ? (fixDiscipline(request.question, request.system) ?? editDiscipline(request.question)) : undefined;
    const routed =
      request.model.id === ROUTING_MODEL ? routeWith(preferred, request.question, request.system, key.tier) : undefined;
    const discipline = routed ?? route(request.question, request.system, 'starter');
    exchange.record.discipline = routed?.id;
    // A content fault answers with exactly its text: max_tokens does not cut it.
    const scripted = fault?.kind === 'content' ? undefined : turn;
    const all =
      fault?.kind === 'content'
        ? tokenize(fault.text)
        : scripted
          ? tokenize(scripted.text)
          : fault?.kind === 'structuredRefusal'
            ? []
            : answerTokens({ question: request.question, system: request.system, discipline, json: request.json, schema: request.schema?.schema, broken: fault?.kind === 'structuredInvalid' });
    const tokens =
      fault?.kind !== 'content' && request.maxTokens !== undefined && all.length > request.maxTokens
        ? all.slice(0, request.maxTokens)
        : all;
    const toolCalls = scripted && tokens.length === all.length ? plannedCalls(scripted, fault, () => this.state.nextId('call_mg_')) : [];
    const plan: CompletionPlan = {
      id: this.state.nextId('chatcmpl-mg_'),
      created: Math.floor(this.state.now() / 1000),
      model: request.model.id,
      tokens,
      toolCalls,
      finishReason: tokens.length < all.length ? 'length' : toolCalls.length > 0 ? 'tool_calls' : 'stop',
      promptTokens: request.promptTokens,
      headers: routed ? { ...exchange.headers, 'X-Monster-Discipline': routed.id } : exchange.headers,
      tokenDelayMs: fault?.kind === 'slow' ? fault.tokenDelayMs : this.state.settings.tokenDelayMs,
      ...(fault?.kind === 'structuredRefusal' ? { refusal: fault.text ?? REFUSAL } : {}),
      includeUsage: request.streamOptions?.includeUsage === true,
    };
    if (streams) await streamCompletion(exchange.res, plan, fault);
    else await jsonCompletion(exchange.res, plan, fault);
  }

  /** The 400 of a model without function calling, naming the models this key may use with tools. */
  private toolsRejected(model: string, tier: Tier): GatewayError {
    const usable = MODELS.filter((m) => modelAllowed(m, tier)).map((m) => m.id);
    return new GatewayError('INVALID_REQUEST', toolsRejectedMessage(model, this.state.settings.rejectTools, usable));
  }

  private faultError(fault: Extract<FaultSpec, { kind: 'error' }>): GatewayError {
    const retryAfter = carriesRetryAfter(fault.code)
      ? fault.retryAfter ?? this.state.settings.faultRetryAfterSeconds
      : undefined;
    return new GatewayError(fault.code, fault.message, { retryAfter });
  }
}

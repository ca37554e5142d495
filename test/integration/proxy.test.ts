import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GatewayClient, type ChatRequest } from '../../src/gateway/client';
import { GatewayError } from '../../src/gateway/errors';
import { DEFAULT_PROXY_SETTINGS, type ProxySettings } from '../../src/network/proxy';
import { Wire } from '../../src/network/wire';
import { TelemetryQueue } from '../../src/telemetry/telemetryQueue';
import { startGateway, type DevGateway } from '../gateway/server';
import { closedPort, startTinyproxy, type RunningProxy } from './tinyproxy';

const KEY = 'mg_live_starter_proxytests01';
const ask: ChatRequest = { model: 'monster-gpt', messages: [{ role: 'user', content: 'How do I write a toon shader in HLSL?' }] };

async function failure(run: () => Promise<unknown>): Promise<GatewayError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
    return error;
  }
  assert.fail('the request should have failed');
}

/** Sets environment variables for one test and puts them back. */
function withEnv(values: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * Through a REAL proxy (Debian's tinyproxy on 127.0.0.1). The gateway listens on 127.0.0.2: like
 * VS Code, the extension never sends localhost/127.0.0.1 through a proxy.
 */
describe('Proxies: every request honours http.proxy and HTTPS_PROXY (through tinyproxy)', function () {
  this.timeout(30_000);
  let gateway: DevGateway;
  let proxy: RunningProxy;
  let wires: Wire[] = [];

  function wire(settings: Partial<ProxySettings>, env: Record<string, string> = {}): Wire {
    const created = new Wire({ userAgent: 'monster-gaming-vscode/proxy-test', proxy: () => ({ ...DEFAULT_PROXY_SETTINGS, ...settings }), env });
    wires.push(created);
    return created;
  }
  const client = (through: Wire): GatewayClient => new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }), { wire: through });
  /** Log lines of requests a proxy carried to `pathname` since the test began (the proxies live for the whole suite). */
  const seen = new Map<RunningProxy, number>();
  const proxied = (log: RunningProxy, pathname: string): string[] =>
    log.requests().slice(seen.get(log) ?? 0).filter((line) => line.includes(`${new URL(gateway.url).host}/v1${pathname}`));
  const markLogs = (...proxies: RunningProxy[]): void => {
    for (const p of proxies) seen.set(p, p.requests().length);
  };

  before(async () => {
    gateway = await startGateway({ host: '127.0.0.2', rateLimits: false });
    proxy = await startTinyproxy();
  });
  after(async () => {
    await proxy.stop();
    await gateway.close();
  });
  beforeEach(() => {
    gateway.reset();
    markLogs(proxy);
  });
  afterEach(() => {
    for (const w of wires) w.dispose();
    wires = [];
  });

  it('streams a chat answer through http.proxy; the proxy\'s log shows the request', async () => {
    const deltas: string[] = [];
    const result = await client(wire({ proxy: proxy.url })).streamChat(ask, { onDelta: (t) => deltas.push(t) }, new AbortController().signal);
    assert.equal(result.end, 'complete');
    assert.ok(deltas.length > 3, 'streamed in pieces');
    assert.equal(result.info.discipline, 'shader');
    assert.equal(proxied(proxy, '/chat/completions').length, 1, proxy.log());
    assert.match(proxied(proxy, '/chat/completions')[0], /POST http:\/\/127\.0\.0\.2:\d+\/v1\/chat\/completions/);
  });

  it('lists models and checks the key (GET /whoami) through http.proxy', async () => {
    const through = client(wire({ proxy: proxy.url }));
    assert.ok((await through.listModels()).includes('monster-gpt'));
    assert.equal((await through.whoami()).tier, 'starter');
    assert.equal(proxied(proxy, '/models').length, 1);
    assert.equal(proxied(proxy, '/whoami').length, 1);
  });

  it('sends telemetry through http.proxy', async () => {
    const queue = new TelemetryQueue({ target: () => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }), batchDelayMs: 1, wire: wire({ proxy: proxy.url }) });
    queue.enqueue('session_start', { extension_version: '0.1.0' });
    await queue.flush(10_000);
    assert.equal(gateway.telemetry.length, 1);
    assert.equal(proxied(proxy, '/telemetry/event').length, 1);
  });

  it('the setting wins over HTTPS_PROXY in the environment', async () => {
    const dead = await closedPort();
    await client(wire({ proxy: proxy.url }, { HTTPS_PROXY: `http://127.0.0.1:${dead}` })).listModels();
    assert.equal(proxied(proxy, '/models').length, 1);
  });

  it('uses HTTPS_PROXY from the environment when http.proxy is not set (a client with no settings at all)', async () => {
    const restore = withEnv({ HTTPS_PROXY: proxy.url });
    try {
      const plain = new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: KEY }));
      const result = await plain.streamChat(ask, { onDelta: () => undefined }, new AbortController().signal);
      assert.equal(result.end, 'complete');
    } finally {
      restore();
    }
    assert.equal(proxied(proxy, '/chat/completions').length, 1, 'the request went through the proxy');
  });

  it('goes direct to hosts in NO_PROXY or http.noProxy', async () => {
    const host = new URL(gateway.url).hostname;
    await client(wire({}, { HTTPS_PROXY: proxy.url, NO_PROXY: `example.com,${host}` })).listModels();
    await client(wire({ proxy: proxy.url, noProxy: [host] })).whoami();
    assert.equal(gateway.requests.length, 2, 'both reached the gateway');
    assert.equal(proxied(proxy, '/models').length + proxied(proxy, '/whoami').length, 0, 'neither went through the proxy');
  });

  it('says plainly when the proxy is down: which proxy, where it was set, what to check', async () => {
    const dead = await closedPort();
    const error = await failure(() => client(wire({ proxy: `http://127.0.0.1:${dead}` })).streamChat(ask, { onDelta: () => undefined }, new AbortController().signal));
    assert.equal(error.code, 'PROXY_UNREACHABLE');
    assert.match(error.message, new RegExp(`^Could not reach the proxy 127\\.0\\.0\\.1:${dead} \\(from http\\.proxy\\)`));
    assert.match(error.message, /check that the proxy is running .*http\.proxy/i);
    const fromEnv = await failure(() => client(wire({}, { HTTPS_PROXY: `http://127.0.0.1:${dead}` })).whoami());
    assert.match(fromEnv.message, /\(from HTTPS_PROXY\).*HTTPS_PROXY environment variable/);
    assert.equal(gateway.requests.length, 0);
  });

  describe('a proxy that requires authentication', () => {
    let guarded: RunningProxy;
    const PASSWORD = 'pr0xy-s3cret';

    before(async () => {
      guarded = await startTinyproxy({ user: 'studio', password: PASSWORD });
    });
    after(() => guarded.stop());
    beforeEach(() => markLogs(guarded));

    it('without credentials: says the proxy needs them and how to give them', async () => {
      const error = await failure(() => client(wire({ proxy: guarded.url })).streamChat(ask, { onDelta: () => undefined }, new AbortController().signal));
      assert.equal(error.code, 'PROXY_AUTH');
      assert.match(error.message, /needs credentials \(HTTP 407\)/);
      assert.match(error.message, /http\.proxy as http:\/\/user:password@host:port.*http\.proxyAuthorization/);
      assert.equal(gateway.requests.length, 0);
    });

    it('with user:password in http.proxy: streams through it', async () => {
      const result = await client(wire({ proxy: `http://studio:${PASSWORD}@127.0.0.1:${guarded.port}` })).streamChat(ask, { onDelta: () => undefined }, new AbortController().signal);
      assert.equal(result.end, 'complete');
      assert.equal(proxied(guarded, '/chat/completions').length, 1);
    });

    it('with http.proxyAuthorization: works too', async () => {
      const authorization = `Basic ${Buffer.from(`studio:${PASSWORD}`).toString('base64')}`;
      assert.ok((await client(wire({ proxy: guarded.url, authorization })).listModels()).length > 0);
    });

    it('without credentials, for an https gateway (CONNECT): says the same', async () => {
      const error = await failure(() => new GatewayClient(() => Promise.resolve({ baseUrl: 'https://127.0.0.2:8443/v1', apiKey: KEY }), { wire: wire({ proxy: guarded.url }) }).listModels());
      assert.equal(error.code, 'PROXY_AUTH');
      assert.match(error.message, /needs credentials \(HTTP 407\)/);
    });

    it('with wrong credentials: says they were rejected, and never repeats the password', async () => {
      const error = await failure(() => client(wire({ proxy: `http://studio:wrong-${PASSWORD}@127.0.0.1:${guarded.port}` })).listModels());
      assert.equal(error.code, 'PROXY_AUTH');
      assert.match(error.message, /rejected the credentials/);
      assert.ok(!error.message.includes(PASSWORD));
    });
  });

  describe('HTTPS through the proxy (CONNECT) and http.proxyStrictSSL', () => {
    let secure: DevGateway;

    before(async function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-tls-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.2', '-addext', 'subjectAltName=IP:127.0.0.2', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
      secure = await startGateway({ host: '127.0.0.2', rateLimits: false, tls: { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') } });
      fs.rmSync(dir, { recursive: true, force: true });
    });
    after(() => secure.close());

    const secureClient = (through: Wire): GatewayClient => new GatewayClient(() => Promise.resolve({ baseUrl: secure.url, apiKey: KEY }), { wire: through });

    it('refuses a certificate nobody trusts, saying what to do (a TLS-inspecting proxy: trust its certificate, or http.proxyStrictSSL)', async () => {
      const error = await failure(() => secureClient(wire({ proxy: proxy.url })).listModels());
      assert.match(error.message, /TLS certificate of 127\.0\.0\.2:\d+ was not accepted/);
      assert.match(error.message, /http\.proxyStrictSSL/);
      assert.equal(secure.requests.length, 0);
    });

    it('with http.proxyStrictSSL false: streams over the tunnel', async () => {
      const result = await secureClient(wire({ proxy: proxy.url, strictSSL: false })).streamChat(ask, { onDelta: () => undefined }, new AbortController().signal);
      assert.equal(result.end, 'complete');
      assert.ok(proxy.requests().slice(seen.get(proxy)).some((line) => line.includes(`CONNECT ${new URL(secure.url).host}`)), proxy.log());
    });
  });
});

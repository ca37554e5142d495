import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The `openai` SDK is the heaviest thing the extension carries; it must load with the first
 * request, not with the client (which activation builds). Checked in a fresh Node process, since
 * this one has loaded the SDK already for other suites.
 */
describe('GatewayClient loads the openai SDK lazily', () => {
  it('does not load openai until the first request, then answers through it', () => {
    const client = path.resolve(__dirname, '..', '..', 'src', 'gateway', 'client.js');
    const script = `
      const http = require('node:http');
      const { GatewayClient } = require(${JSON.stringify(client)});
      const sdkLoaded = () => Object.keys(require.cache).some((f) => /[\\\\/]node_modules[\\\\/]openai[\\\\/]/.test(f));
      const server = http.createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ tier: 'starter', environment: 'sandbox' }));
      });
      server.listen(0, '127.0.0.1', async () => {
        const gateway = new GatewayClient(async () => ({ baseUrl: 'http://127.0.0.1:' + server.address().port + '/v1', apiKey: 'mg_test_lazy' }));
        const before = sdkLoaded();
        const whoami = await gateway.whoami();
        process.stdout.write(JSON.stringify({ before, after: sdkLoaded(), tier: whoami.tier }));
        server.close();
      });`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 })) as Record<string, unknown>;
    assert.deepEqual(result, { before: false, after: true, tier: 'starter' });
  });
});

/** undici (dist/network.js) is loaded only for a request that goes through a proxy. */
describe('The wire loads undici only for proxied requests', () => {
  it('answers a direct request without undici, and loads it for the first proxied one', () => {
    const wire = path.resolve(__dirname, '..', '..', 'src', 'network', 'wire.js');
    const script = `
      const http = require('node:http');
      const { Wire } = require(${JSON.stringify(wire)});
      const undiciLoaded = () => Object.keys(require.cache).some((f) => /[\\/]node_modules[\\/]undici[\\/]/.test(f));
      const server = http.createServer((req, res) => res.end('ok'));
      server.listen(0, '127.0.0.1', async () => {
        const base = 'http://127.0.0.1:' + server.address().port + '/v1';
        const direct = new Wire({ env: {} });
        await (await direct.send({ baseUrl: base, headers: {} }, base + '/health')).text();
        const afterDirect = undiciLoaded();
        const proxied = new Wire({ env: {}, proxy: () => ({ proxy: 'http://127.0.0.1:' + server.address().port, strictSSL: true, noProxy: [], support: 'override' }) });
        await proxied.send({ baseUrl: 'http://gateway.invalid/v1', headers: {} }, 'http://gateway.invalid/v1/health').then((r) => r.text(), () => undefined);
        process.stdout.write(JSON.stringify({ afterDirect, afterProxied: undiciLoaded() }));
        proxied.dispose();
        server.close();
      });`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 })) as Record<string, unknown>;
    assert.deepEqual(result, { afterDirect: false, afterProxied: true });
  });
});

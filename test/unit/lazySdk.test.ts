import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/**
 * undici carries its HTTP parser twice, as base64 WebAssembly: with and without SIMD. It tries the
 * SIMD build and falls back to the plain one when that fails, so the bundle ships only the plain
 * one (24 KB of the .vsix). Checked on the built bundle: it must still parse a real response.
 */
describe('The network bundle (dist/network.js)', () => {
  const bundle = path.resolve(__dirname, '..', '..', '..', 'dist', 'network.js');

  it('carries one llhttp build, the one without SIMD', () => {
    const text = readFileSync(bundle, 'utf8');
    // 200 characters from the middle of each build's base64 (their beginnings are alike).
    const wasm = (file: string): string => (/'(AGFzbQ[A-Za-z0-9+/=]+)'/.exec(readFileSync(require.resolve(`undici/lib/llhttp/${file}`), 'utf8'))?.[1] ?? '').slice(30_000, 30_200);
    assert.notEqual(wasm('llhttp_simd-wasm.js'), wasm('llhttp-wasm.js'));
    assert.equal(wasm('llhttp-wasm.js').length, 200);
    assert.equal(text.includes(wasm('llhttp_simd-wasm.js')), false, 'the SIMD parser is still in the bundle');
    assert.equal(text.includes(wasm('llhttp-wasm.js')), true, 'the plain parser is missing from the bundle');
  });

  it('fetches and parses a real HTTP response with it', () => {
    const script = `
      const http = require('node:http');
      const { fetch } = require(${JSON.stringify(bundle)});
      const server = http.createServer((req, res) => { res.setHeader('x-parsed', 'yes'); res.end('hello ' + req.url); });
      server.listen(0, '127.0.0.1', async () => {
        const response = await fetch('http://127.0.0.1:' + server.address().port + '/llhttp');
        process.stdout.write(JSON.stringify({ status: response.status, header: response.headers.get('x-parsed'), body: await response.text() }));
        server.close();
      });`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 })) as Record<string, unknown>;
    assert.deepEqual(result, { status: 200, header: 'yes', body: 'hello /llhttp' });
  });
});

/**
 * The SDK bundle (dist/gateway.js) keeps only the API resources the client calls (chat
 * completions, and the client's own `get`); esbuild.js turns the other 28 into empty classes.
 * Driven here as the client drives it, against a real HTTP server, so an SDK update that needs
 * one of the left-out resources fails here and not in a user's editor.
 */
describe('The SDK bundle (dist/gateway.js)', () => {
  const bundle = path.resolve(__dirname, '..', '..', '..', 'dist', 'gateway.js');

  it('leaves out the API resources the client never calls', () => {
    const text = readFileSync(bundle, 'utf8');
    assert.equal(text.includes('/chat/completions'), true);
    for (const unused of ['/fine_tuning/jobs', '/vector_stores', '/audio/speech', '/realtime/client_secrets']) {
      assert.equal(text.includes(unused), false, `${unused} is still in the bundle`);
    }
  });

  it('streams a chat completion, reads /models and reports an API error through it', () => {
    const script = `
      const http = require('node:http');
      const { OpenAI, APIError } = require(${JSON.stringify(bundle)});
      const server = http.createServer((req, res) => {
        if (req.url === '/v1/models') { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ object: 'list', data: [{ id: 'monster-gpt' }] })); return; }
        if (req.url === '/v1/missing') { res.statusCode = 404; res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ error: { message: 'no such thing' } })); return; }
        res.setHeader('content-type', 'text/event-stream');
        for (const piece of ['Pool ', 'them.']) res.write('data: ' + JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] }) + '\\n\\n');
        res.end('data: [DONE]\\n\\n');
      });
      server.listen(0, '127.0.0.1', async () => {
        const sdk = new OpenAI({ apiKey: 'mg_test', baseURL: 'http://127.0.0.1:' + server.address().port + '/v1', maxRetries: 0 });
        let text = '';
        for await (const chunk of await sdk.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true })) text += chunk.choices[0].delta.content ?? '';
        const models = await sdk.get('/models');
        const status = await sdk.get('/missing').then(() => 0, (e) => (e instanceof APIError ? e.status : -1));
        process.stdout.write(JSON.stringify({ text, model: models.data[0].id, status }));
        server.close();
      });`;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 })) as Record<string, unknown>;
    assert.deepEqual(result, { text: 'Pool them.', model: 'monster-gpt', status: 404 });
  });
});

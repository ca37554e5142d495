import * as assert from 'node:assert/strict';
import { DEFAULT_PROXY_SETTINGS, describeProxy, parseProxyUrl, proxySummary, routeFor, type ProxyRoute, type ProxySettings } from '../../src/network/proxy';

const GATEWAY = new URL('https://api.monstergaming.ai/v1/chat/completions');
const settings = (values: Partial<ProxySettings>): ProxySettings => ({ ...DEFAULT_PROXY_SETTINGS, ...values });
const via = (route: ProxyRoute): string => (route.kind === 'proxy' ? describeProxy(route) : 'direct');

describe('proxy routes: the rules VS Code applies to its own requests', () => {
  it('goes direct with no setting and no environment', () => {
    assert.equal(via(routeFor(GATEWAY, DEFAULT_PROXY_SETTINGS, {})), 'direct');
  });

  it('uses http.proxy, which wins over HTTPS_PROXY', () => {
    const route = routeFor(GATEWAY, settings({ proxy: 'http://proxy.corp:3128' }), { HTTPS_PROXY: 'http://env-proxy:8080' });
    assert.equal(via(route), 'proxy.corp:3128 (from http.proxy)');
  });

  it('uses the environment in VS Code\'s order (https_proxy, HTTPS_PROXY, http_proxy, HTTP_PROXY), for http and https targets alike', () => {
    assert.equal(via(routeFor(GATEWAY, DEFAULT_PROXY_SETTINGS, { HTTP_PROXY: 'http://plain:80', HTTPS_PROXY: 'http://secure:443' })), 'secure:443 (from HTTPS_PROXY)');
    assert.equal(via(routeFor(GATEWAY, DEFAULT_PROXY_SETTINGS, { http_proxy: 'http://lower:3128' })), 'lower:3128 (from http_proxy)');
    assert.equal(via(routeFor(new URL('http://gateway.lan:8790/v1'), DEFAULT_PROXY_SETTINGS, { HTTPS_PROXY: 'proxy.lan:3128' })), 'proxy.lan:3128 (from HTTPS_PROXY)', 'a bare host:port is http');
  });

  it('never proxies localhost, 127.0.0.1 or ::1 (as VS Code)', () => {
    for (const host of ['http://localhost:11434/v1', 'http://127.0.0.1:8790/v1', 'http://[::1]:8790/v1']) {
      assert.equal(via(routeFor(new URL(host), settings({ proxy: 'http://proxy:3128' }), {})), 'direct', host);
    }
    assert.equal(via(routeFor(new URL('http://127.0.0.2:8790/v1'), settings({ proxy: 'http://proxy:3128' }), {})), 'proxy:3128 (from http.proxy)', 'other loopback addresses are not special');
  });

  it('bypasses http.noProxy hosts (subdomains and ports too); with http.noProxy set, NO_PROXY is ignored', () => {
    const proxied = settings({ proxy: 'http://proxy:3128', noProxy: ['monstergaming.ai', 'lan:8790'] });
    assert.equal(via(routeFor(GATEWAY, proxied, {})), 'direct', 'subdomain of monstergaming.ai');
    assert.equal(via(routeFor(new URL('http://lan:8790/v1'), proxied, {})), 'direct');
    assert.equal(via(routeFor(new URL('http://lan:8791/v1'), proxied, {})), 'proxy:3128 (from http.proxy)', 'another port');
    assert.equal(via(routeFor(new URL('https://api.moonshot.ai/v1'), proxied, { NO_PROXY: 'moonshot.ai' })), 'proxy:3128 (from http.proxy)');
  });

  it('bypasses NO_PROXY / no_proxy hosts when http.noProxy is empty, whichever proxy applies; * bypasses all', () => {
    assert.equal(via(routeFor(GATEWAY, settings({ proxy: 'http://proxy:3128' }), { NO_PROXY: 'example.com, .monstergaming.ai' })), 'direct');
    assert.equal(via(routeFor(GATEWAY, DEFAULT_PROXY_SETTINGS, { HTTPS_PROXY: 'http://p:1', no_proxy: 'api.monstergaming.ai' })), 'direct');
    assert.equal(via(routeFor(GATEWAY, DEFAULT_PROXY_SETTINGS, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' })), 'direct');
  });

  it('goes direct when http.proxySupport is off', () => {
    assert.equal(via(routeFor(GATEWAY, settings({ proxy: 'http://proxy:3128', support: 'off' }), { HTTPS_PROXY: 'http://p:1' })), 'direct');
  });

  it('keeps credentials out of the description, and passes http.proxyAuthorization and strictSSL along', () => {
    const route = routeFor(GATEWAY, settings({ proxy: 'http://studio:s3cret@proxy:3128', authorization: 'Basic abc', strictSSL: false }), {});
    assert.ok(route.kind === 'proxy');
    assert.equal(describeProxy(route), 'proxy:3128 (from http.proxy)');
    assert.equal(route.url.username, 'studio');
    assert.equal(route.authorization, 'Basic abc');
    assert.equal(route.strictSSL, false);
  });

  it('ignores a proxy value that is no URL', () => {
    assert.equal(parseProxyUrl('not a url at all'), undefined);
    assert.equal(parseProxyUrl(''), undefined);
    assert.equal(via(routeFor(GATEWAY, settings({ proxy: '::::' }), {})), 'direct');
  });
});

describe('proxy summary (the log line when the proxy settings change)', () => {
  it('names the proxy and where it is set, never its credentials', () => {
    assert.equal(proxySummary(settings({ proxy: 'http://studio:s3cret@proxy:3128', noProxy: ['lan'] }), {}), 'proxy:3128 (from http.proxy), bypassed for lan (http.noProxy)');
    assert.equal(proxySummary(DEFAULT_PROXY_SETTINGS, { HTTPS_PROXY: 'http://env:8080', NO_PROXY: 'corp' }), 'env:8080 (from HTTPS_PROXY), bypassed for corp (NO_PROXY)');
    assert.equal(proxySummary(DEFAULT_PROXY_SETTINGS, {}), 'none');
    assert.equal(proxySummary(settings({ proxy: 'http://p:1', support: 'off' }), {}), 'none (http.proxySupport is off)');
  });
});

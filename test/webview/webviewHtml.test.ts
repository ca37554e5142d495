import * as assert from 'assert';
import { contentSecurityPolicy, createNonce, renderWebviewHtml } from '../../src/chat/webviewHtml';

describe('renderWebviewHtml', () => {
  const opts = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123_-',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
    codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicon.css',
  };

  it('sets the strict CSP', () => {
    const html = renderWebviewHtml(opts);
    const csp =
      "default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net; " +
      'style-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; ' +
      "script-src 'nonce-abc123_-'; connect-src 'none'";
    assert.strictEqual(contentSecurityPolicy(opts.cspSource, opts.nonce), csp);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}">`));
  });

  it('lets no image load from the web or from data: URLs (answers render no images)', () => {
    const imgSrc = contentSecurityPolicy(opts.cspSource, opts.nonce).split('; ').find((d) => d.startsWith('img-src'));
    assert.strictEqual(imgSrc, `img-src ${opts.cspSource}`);
  });

  it('has one script, with the nonce, and no inline styles or scripts', () => {
    const html = renderWebviewHtml(opts);
    assert.deepStrictEqual(html.match(/<script\b[^>]*>/g), [`<script nonce="abc123_-" src="${opts.scriptUri}">`]);
    assert.ok(!/<style\b/i.test(html));
    assert.ok(!/\sstyle=/i.test(html));
    assert.ok(!/\son\w+=/i.test(html));
    assert.ok(html.includes(`href="${opts.styleUri}"`));
    assert.ok(html.includes(`href="${opts.codiconUri}"`));
  });

  it('escapes attribute values', () => {
    const html = renderWebviewHtml({ ...opts, scriptUri: 'https://x/"><script>alert(1)</script>' });
    assert.ok(!html.includes('"><script>alert(1)'));
  });

  it('creates fresh 32-byte base64url nonces', () => {
    const a = createNonce();
    const b = createNonce();
    assert.notStrictEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  });
});

/**
 * The chat webview's HTML page. Pure (no `vscode` import) so tests can serve the exact page the
 * extension uses: a strict CSP, local stylesheets, and one script allowed by nonce.
 */
import { randomBytes } from 'crypto';

export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin local resources are served from. */
  readonly cspSource: string;
  /** A fresh random nonce per page (see `createNonce`). */
  readonly nonce: string;
  /** `webview.asWebviewUri` of `dist/webview.js`. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri` of `dist/webview.css`. */
  readonly styleUri: string;
  /** `webview.asWebviewUri` of `dist/codicon.css`. */
  readonly codiconUri: string;
}

/** A nonce for the page's script tag: 32 random bytes, base64url. */
export function createNonce(): string {
  return randomBytes(32).toString('base64url');
}

/** The content security policy: nothing inline, nothing remote (answers render no images: see markdown.ts). */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `connect-src 'none'`,
  ].join('; ');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders the page that hosts the chat view. */
export function renderWebviewHtml(opts: WebviewHtmlOptions): string {
  const csp = escapeAttribute(contentSecurityPolicy(opts.cspSource, opts.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(opts.codiconUri)}" id="vscode-codicon-stylesheet">
  <link rel="stylesheet" href="${escapeAttribute(opts.styleUri)}">
  <title>Monster Gaming</title>
</head>
<body>
  <div id="app" class="mg-app"></div>
  <script nonce="${escapeAttribute(opts.nonce)}" src="${escapeAttribute(opts.scriptUri)}"></script>
</body>
</html>
`;
}

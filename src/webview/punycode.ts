/**
 * Stands in for the `punycode.js` package in the webview bundle (esbuild.js swaps it in).
 * markdown-it uses it for link host names: `toASCII` for the `href`, `toUnicode` for the text of
 * autolinks. The browser's URL parser does IDNA itself; and link text keeps the `xn--` form as the
 * answer wrote it, so a look-alike host (`xn--pple-43d.com` is not apple.com) is not disguised.
 */

/** Host name for an `href`: ASCII names unchanged, others IDNA-encoded by the browser (throws if invalid). */
function toASCII(host: string): string {
  let ascii = true;
  for (let i = 0; i < host.length && ascii; i++) ascii = host.charCodeAt(i) < 0x80;
  return ascii ? host : new URL(`http://${host}/`).hostname;
}

/** Host name shown in link text: as written. */
function toUnicode(host: string): string {
  return host;
}

export default { toASCII, toUnicode };

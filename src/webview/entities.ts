/**
 * Stands in for the `entities` package in the webview bundle (esbuild.js swaps it in). markdown-it
 * uses only its `decodeHTMLStrict`, for one character reference at a time (`&copy;`), and that
 * brings the HTML standard's table of 2,231 names: 23 KB, a tenth of the view. The browser running
 * the view has the same table, so its HTML parser decodes instead. test/webview/browserShims.test.ts
 * checks the two agree.
 */
const reference = /^&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);$/;

/** Decodes `text` when it is exactly one character reference (name, decimal or hex); else returns it unchanged. */
export function decodeHTMLStrict(text: string): string {
  if (!reference.test(text)) return text;
  // Parsed into an inert document (no scripts, no loads); the input cannot hold markup anyway.
  const decoded = new DOMParser().parseFromString(`<!doctype html><body>${text}`, 'text/html').body.textContent ?? text;
  // Strict: the parser also takes a legacy name without its semicolon as a prefix (`&ampx;` → `&x;`),
  // which leaves the rest of the name and the `;` behind. Only `&semi;` decodes to a lone `;`.
  return decoded.length > 1 && decoded.endsWith(';') ? text : decoded;
}

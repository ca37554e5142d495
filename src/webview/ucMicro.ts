/**
 * What markdown-it takes from `uc.micro` in the view (esbuild.js points its import here): the
 * Unicode punctuation and symbol classes, for emphasis rules. Symbols are the browser's own
 * `\p{S}` instead of a 2.7 KB list of ranges; the other classes are the package's, which
 * linkify-it also builds its patterns from. test/webview/browserShims.test.ts checks that both
 * agree on every character this browser knows.
 */
export { Any, Cc, P, Z } from 'uc.micro';

export const S = /\p{S}/u;

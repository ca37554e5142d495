/**
 * The crash bundle, loaded on first use. esbuild leaves this require to Node, pointing at
 * dist/crash.js (built from crashBundle.ts); transpiled one-to-one for the tests, it loads
 * `crashBundle.js` next to this file.
 */
import type * as CrashBundle from './crashBundle';

export type Crash = typeof CrashBundle;

let loaded: Crash | undefined;

export function crashBundle(): Crash {
  loaded ??= require('./crashBundle') as Crash;
  return loaded;
}

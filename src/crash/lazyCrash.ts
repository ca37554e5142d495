/**
 * The crash bundle, loaded on first use. esbuild leaves this require to Node, pointing at
 * dist/crash.js (built from crashBundle.ts); transpiled one-to-one for the tests, it loads
 * `crashBundle.js` next to this file.
 */
import type * as CrashBundle from './crashBundle';
import { lazyModule } from '../util/lazyModule';

export type Crash = typeof CrashBundle;

export const crashBundle: () => Crash = lazyModule(() => require('./crashBundle') as Crash);

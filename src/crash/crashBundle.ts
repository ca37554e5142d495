/**
 * The crash bundle's entry (dist/crash.js): Analyze Crash with its parsers, the XML parser and the
 * analysis, loaded by lazyCrash.ts with the first use of the command or of its language-model
 * tool; the Crash Reports view's content.
 */
export { analyzeCrash } from './analyzeCrashCommand';
export { analyzeCrashTool } from './crashTool';
export { crashReportsTree } from './crashReportsTree';

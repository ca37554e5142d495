/**
 * Entry of the extension-host test suite (`extensionTestsPath`): VS Code loads this module in the
 * real Node extension host, with the extension under development loaded, and awaits `run()`. The
 * same entry serves `@vscode/test-electron` and `scripts/run-extension-tests.ts` (code-server).
 *
 * `run()` executes in the extension host child process, so it cannot hand results back through
 * stdout: it writes a JSON result file (path from `MG_EXT_TEST_RESULTS`, set on the VS Code
 * server's environment by the launcher) with the counts, every test with its error, and mocha's
 * spec output. The file is written (atomically) even when mocha cannot load or throws.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type Mocha from 'mocha';
import type * as VsCode from 'vscode';

type MochaClass = typeof Mocha;

export interface TestOutcome {
  readonly title: string;
  readonly fullTitle: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: { readonly message: string; readonly stack?: string };
}

export interface ExtensionTestResults {
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
  readonly tests: readonly TestOutcome[];
  /** Mocha's spec reporter output (no colours). */
  readonly output: string;
  /** Set when mocha itself could not load or run the suite. */
  readonly error?: string;
  readonly vscodeVersion?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

export function resultsFile(): string {
  return process.env.MG_EXT_TEST_RESULTS || path.join(ROOT, 'test-results', 'extension-host.json');
}

/**
 * mocha 12 is an ES module package: Node 20.19+/22.12+ load it with require(). An older Node (the
 * 20.18 of VS Code 1.96, the oldest we test on) cannot, so esbuild.js --tests bundles the same
 * mocha into one CommonJS file next to this module.
 */
function loadMocha(): MochaClass {
  let loaded: unknown;
  try {
    loaded = require('mocha');
  } catch {
    loaded = require('./mocha.cjs');
  }
  const candidate = loaded as MochaClass & { default?: MochaClass; Mocha?: MochaClass };
  return candidate.default ?? candidate.Mocha ?? candidate;
}

function describeError(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) {
    return { message: error.message, stack: error.stack };
  }
  return { message: String(error) };
}

function writeResults(results: ExtensionTestResults): void {
  const file = resultsFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(results, null, 2));
  // Rename so a launcher polling for the file never reads half of it.
  fs.renameSync(partial, file);
}

function vscodeVersion(): string | undefined {
  try {
    return (require('vscode') as typeof VsCode).version;
  } catch {
    return undefined;
  }
}

/** Runs every `*.test.js` next to this module with mocha (BDD, 20 s timeout) and records the results. */
export async function run(): Promise<void> {
  const startedAt = new Date().toISOString();
  // out/ carries inline source maps: report failures at .ts lines.
  process.setSourceMapsEnabled?.(true);
  const lines: string[] = [];
  const tests: TestOutcome[] = [];
  let failures = 0;
  let passes = 0;
  let pending = 0;
  let fatal: string | undefined;

  let Base: { consoleLog: (...args: unknown[]) => void; useColors: boolean } | undefined;
  let originalLog: ((...args: unknown[]) => void) | undefined;
  try {
    const Mocha = loadMocha();
    Base = Mocha.reporters.Base;
    originalLog = Base.consoleLog;
    Base.useColors = false;
    // The spec reporter prints through Base.consoleLog: keep its output for the result file.
    Base.consoleLog = (...args: unknown[]) => {
      lines.push(format(...args));
    };

    // MG_EXT_TEST_GREP runs only the matching tests (a developer's loop; the full run sets none).
    const grep = process.env.MG_EXT_TEST_GREP;
    const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
    const files = fs
      .readdirSync(__dirname)
      .filter((name) => name.endsWith('.test.js'))
      .sort()
      .map((name) => path.join(__dirname, name));
    for (const file of files) {
      mocha.addFile(file);
    }
    await new Promise<void>((resolve, reject) => {
      try {
        const runner = mocha.run(() => resolve());
        runner.on('pass', (test) => {
          passes++;
          tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'passed', durationMs: test.duration });
        });
        runner.on('fail', (runnable, error: unknown) => {
          // Also hooks ("before all" …): they count as failures.
          failures++;
          tests.push({ title: runnable.title, fullTitle: runnable.fullTitle(), state: 'failed', durationMs: runnable.duration, error: describeError(error) });
        });
        runner.on('pending', (test) => {
          pending++;
          tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'pending' });
        });
      } catch (error) {
        // A test file that throws while loading ends up here (mocha.run requires the files).
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  } catch (error) {
    const described = describeError(error);
    fatal = described.stack ?? described.message;
    failures++;
    lines.push(`mocha failed: ${fatal}`);
  } finally {
    if (Base && originalLog) {
      Base.consoleLog = originalLog;
    }
  }

  const results: ExtensionTestResults = {
    passes,
    failures,
    pending,
    tests,
    output: lines.join('\n'),
    ...(fatal !== undefined ? { error: fatal } : {}),
    vscodeVersion: vscodeVersion(),
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  writeResults(results);
  console.log(results.output);
  if (failures > 0) {
    throw new Error(`${failures} extension-host test(s) failed.`);
  }
  if (passes === 0) {
    throw new Error('No extension-host tests ran.');
  }
}

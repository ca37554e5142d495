/**
 * Runs the extension-host test suite (test/extension-host) inside a REAL VS Code extension host:
 * code-server (VS Code server, see shared/REAL-PEERS.md) with the extension loaded in development
 * mode from this repository, and the suite as `extensionTestsPath`.
 *
 *   node esbuild.js && node esbuild.js --tests && node out/scripts/run-extension-tests.js
 *   MG_CODE_SERVER=oldest node out/scripts/run-extension-tests.js   (the oldest VS Code we claim)
 *   (MG_EXT_TEST_GREP=<text> runs only the tests whose full title matches)
 *
 * Builds nothing. Starts the development gateway, copies demo/sample-game into a temp dir, starts
 * code-server with `--enable-smoke-test-driver` (without it the workbench ignores development
 * payloads), opens the workbench with the payload in headless Chromium, and waits for the result
 * file the suite's `run()` writes from the extension host (MG_EXT_TEST_RESULTS). Exits 0 only when
 * tests ran and none failed. On timeout: logs and a screenshot (test-results/). Tests of an API the
 * VS Code in use lacks are pending there (never passed): the summary counts them per VS Code version.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startGateway, type DevGateway } from '../test/gateway/server';
import type { ExtensionTestResults } from '../test/extension-host/index';
import { codeServerBuild, packageExtension, ROOT, startCodeServer, type RunningCodeServer } from './codeServer';
import { filesBelow } from './files';

/**
 * How long the whole suite may take before it counts as hung (a guard, not a timing assertion).
 * It runs ~75 tests in ~100 s warm; a cold first run on a busy 2-core machine (TypeScript's server,
 * Git and a shell starting for the first time) took over 180 s.
 */
const TIMEOUT_MS = Number(process.env.MG_EXT_TEST_TIMEOUT_MS ?? 600_000);
const CHROMIUM = process.env.MG_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TESTS_MODULE = path.join(ROOT, 'out', 'test', 'extension-host', 'index.js');
/** A second extension that uses the Monster Gaming models through vscode.lm (languageModelConsent.test.ts). */
const CALLER_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'lm-caller');
const RESULTS_DIR = path.join(ROOT, 'test-results');
/** What the temp workspace's settings try (and must fail) to redirect the gateway to. */
const WORKSPACE_BASE_URL = 'http://workspace-override.invalid/v1';

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Copies the sample game and adds a workspace value for the application-scoped baseUrl. */
function prepareWorkspace(tempRoot: string): string {
  const workspace = path.join(tempRoot, 'sample-game');
  fs.cpSync(path.join(ROOT, 'demo', 'sample-game'), workspace, { recursive: true });
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  const existing = fs.existsSync(settingsFile) ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(
    settingsFile,
    JSON.stringify({ 'files.associations': { '*.shader': 'hlsl' }, ...existing, 'monsterGaming.baseUrl': WORKSPACE_BASE_URL }, null, 2),
  );
  return workspace;
}

function readResults(file: string): ExtensionTestResults | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ExtensionTestResults;
  } catch {
    return undefined; // Written atomically, but be safe.
  }
}

async function waitForResults(file: string, timeoutMs: number, isDead: () => string | undefined): Promise<ExtensionTestResults | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const results = readResults(file);
    if (results) return results;
    const dead = isDead();
    if (dead) {
      console.error(dead);
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

function printDiagnostics(serverLog: string, userDataDir: string | undefined, browserLog: readonly string[]): void {
  if (fs.existsSync(serverLog)) {
    console.error(`\n--- code-server log (${serverLog}, last 60 lines) ---`);
    console.error(tail(fs.readFileSync(serverLog, 'utf8'), 60));
  }
  const hostLogs = userDataDir
    ? filesBelow(path.join(userDataDir, 'logs')).filter(
        (f) => (/^(remote)?exthost[^/]*\.log$/i.test(path.basename(f)) && !/telemetry/i.test(path.basename(f))) || (f.endsWith('.log') && f.includes(`${path.sep}monstergaming.monster-gaming${path.sep}`)),
      )
    : [];
  for (const file of hostLogs) {
    console.error(`\n--- extension host log (${file}, last 60 lines) ---`);
    console.error(tail(fs.readFileSync(file, 'utf8'), 60));
  }
  if (hostLogs.length === 0) {
    console.error(`\n(no extension host log found under ${userDataDir ?? '?'}/logs)`);
  }
  if (browserLog.length > 0) {
    console.error('\n--- browser console (last 40 lines) ---');
    console.error(browserLog.slice(-40).join('\n'));
  }
}

async function screenshot(page: Page | undefined, name: string): Promise<void> {
  if (!page) return;
  try {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, name);
    await page.screenshot({ path: file, timeout: 10_000 });
    console.error(`Screenshot: ${file}`);
  } catch (error) {
    console.error(`Could not save a screenshot: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  for (const required of [path.join(ROOT, 'dist', 'extension.js'), TESTS_MODULE]) {
    if (!fs.existsSync(required)) {
      console.error(`Missing ${path.relative(ROOT, required)}: run \`node esbuild.js && node esbuild.js --tests\` first.`);
      return 1;
    }
  }
  // The suite checks the "no key anywhere" state: never hand a developer's key to the host.
  delete process.env.MONSTER_GAMING_API_KEY;

  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-ext-host-'));
  const resultsFile = path.join(tempRoot, 'results.json');
  const serverLog = path.join(tempRoot, 'profile', 'server.log');
  const browserLog: string[] = [];
  let gateway: DevGateway | undefined;
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let ok = false;
  let passes = 0;
  let failures = 0;
  let pending: string[] = [];
  let version = '?';
  const target = codeServerBuild();

  const cleanup = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    browser = undefined;
    await server?.stop().catch(() => undefined);
    server = undefined;
    await gateway?.close().catch(() => undefined);
    gateway = undefined;
  };
  const onSignal = (): void => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    gateway = await startGateway({ rateLimits: false });
    const workspace = prepareWorkspace(tempRoot);
    // Installed, not a second development path: code-server loads one development extension only.
    const callerVsix = packageExtension(CALLER_FIXTURE, tempRoot);
    fs.mkdirSync(path.join(tempRoot, 'profile'), { recursive: true });
    server = await startCodeServer({
      build: target,
      workspace,
      profileDir: path.join(tempRoot, 'profile'),
      logFile: serverLog,
      extraVsix: [callerVsix],
      env: {
        VSCODE_OPTIONS: '--enable-smoke-test-driver',
        MG_EXT_TEST_RESULTS: resultsFile,
        // Where VS Code writes the logs (the extension's own included), for tests that read them.
        MG_EXT_TEST_LOGS: path.join(tempRoot, 'profile', 'user-data', 'logs'),
        MG_GATEWAY_URL: gateway.url,
        MG_EXT_TEST_GREP: process.env.MG_EXT_TEST_GREP ?? '',
      },
      settings: {
        'monsterGaming.baseUrl': gateway.url,
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
      },
    });
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://remote${ROOT}`],
      ['extensionTestsPath', `vscode-remote://remote${TESTS_MODULE}`],
    ]);
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => browserLog.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => browserLog.push(`[pageerror] ${error.message}`));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    let browserGone = false;
    browser.on('disconnected', () => (browserGone = true));
    const results = await waitForResults(resultsFile, TIMEOUT_MS, () => (browserGone ? 'The browser closed before the tests finished.' : undefined));

    if (!results) {
      console.error(`\nextension-host: no results within ${Math.round(TIMEOUT_MS / 1000)} s (${resultsFile}).`);
      await screenshot(page, `extension-host-${target.tier}-timeout.png`);
      printDiagnostics(serverLog, server.userDataDir, browserLog);
      failures = 1;
    } else {
      console.log(results.output);
      if (results.error && !results.output.includes(results.error)) {
        console.error(`\nmocha could not run the suite:\n${results.error}`);
      }
      for (const test of results.tests.filter((t) => t.state === 'failed')) {
        console.error(`\nFAILED: ${test.fullTitle}\n${test.error?.stack ?? test.error?.message ?? ''}`);
      }
      passes = results.passes;
      failures = results.failures;
      pending = results.tests.filter((t) => t.state === 'pending').map((t) => t.fullTitle);
      version = results.vscodeVersion ?? '?';
      ok = results.passes > 0 && results.failures === 0;
      if (results.passes === 0 && results.failures === 0) {
        console.error('\nNo tests ran.');
      }
      console.log(`\n(VS Code ${results.vscodeVersion ?? '?'}, ${((Date.now() - started) / 1000).toFixed(1)} s in all)`);
    }
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await screenshot(page, `extension-host-${target.tier}-error.png`);
    printDiagnostics(serverLog, server?.userDataDir, browserLog);
    failures = Math.max(failures, 1);
  } finally {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  if (ok) {
    fs.rmSync(tempRoot, { recursive: true, force: true });
  } else {
    console.error(`\nKept for inspection: ${tempRoot}`);
  }
  for (const title of pending) {
    console.log(`  pending on VS Code ${version}: ${title}`);
  }
  console.log(`extension-host (${target.tier} code-server, VS Code ${version}): ${passes} passed, ${pending.length} pending, ${failures} failed`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('extension-host: 0 passed, 1 failed');
    process.exit(1);
  },
);

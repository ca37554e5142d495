/**
 * Item 2 of issue 7: activate() time in the real extension host. A real VS Code (code-server,
 * see shared/REAL-PEERS.md) with the packaged .vsix installed is loaded in Chromium, then the
 * window is reloaded again and again; after each load the bench waits for the line
 * `Activated in N ms.` that activate() writes to its log output channel (a file VS Code keeps under
 * the user-data dir) and takes N. The first load is a warm-up and not counted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Locator, type Page } from 'playwright-core';
import { ROOT, startCodeServer } from '../scripts/codeServer';
import { filesBelow } from '../scripts/files';
import { findVsix } from './sizes';
import { median, type Row } from './stats';

const CHROMIUM = process.env.MG_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const LOAD_TIMEOUT_MS = 120_000;
const ACTIVATED = /Activated in ([\d.]+) ms\./g;

export interface ActivationRuns {
  /** The first, cold window load (not counted). */
  readonly warmupMs: number;
  readonly loads: number[];
  /** Per counted load: activity-bar click → the composer accepts input. */
  readonly coldOpens: number[];
  /** Per counted load: activity-bar click → VS Code's Search view has its input. */
  readonly searchOpens: number[];
  /** Per counted load: where the cold open's time went (see `OpenSteps`). */
  readonly steps: OpenSteps[];
}

/**
 * Milliseconds from the click to each step of a webview's load, from VS Code's own performance
 * marks in its webview host frame (pre/index.html) and the resource timing of our page; NaN where
 * a step could not be read.
 */
export interface OpenSteps {
  /** The workbench handed the view's HTML to the host frame (`content/started`). */
  readonly content: number;
  /** The host frame's service worker was ready: it waits for it before making our frame (`content/workerReady`). */
  readonly worker: number;
  /** `webview.js` (and the stylesheets) fetched through the service worker. */
  readonly script: number;
  /** The composer accepted input (as `timeOpen` saw it). */
  readonly composer: number;
}

/** Clicks the activity-bar item named `name` and times it until `ready` is visible (and enabled). */
async function timeOpen(page: Page, name: RegExp, ready: Locator): Promise<{ ms: number; clickedAt: number }> {
  const item = page.locator('.activitybar').getByRole('tab', { name });
  await item.waitFor({ timeout: LOAD_TIMEOUT_MS });
  const clickedAt = epochMs();
  const start = performance.now();
  await item.click();
  await ready.waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
  await expectEnabled(ready);
  return { ms: performance.now() - start, clickedAt };
}

/** What the page's resource timing entries have (the bench compiles without the DOM's types). */
interface ResourceEntry {
  readonly name: string;
  readonly responseEnd: number;
}

const epochMs = (): number => performance.timeOrigin + performance.now();

/** Reads `OpenSteps` of our webview after the open that started at `clickedAt` (epoch ms, same machine clock as the page). */
async function openSteps(page: Page, clickedAt: number, composerMs: number): Promise<OpenSteps> {
  const host = page.frames().find((frame) => frame.url().includes('extensionId=monstergaming.monster-gaming'));
  const ours = host?.childFrames()[0];
  const marks = host
    ? await host.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, performance.timeOrigin + m.startTime] as const)).catch(() => [])
    : [];
  const mark = (suffix: string): number => (marks.find(([name]) => name.endsWith(suffix))?.[1] ?? Number.NaN) - clickedAt;
  const scriptEnd = ours
    ? await ours
        .evaluate(() => {
          const entry = (performance.getEntriesByType('resource') as unknown as ResourceEntry[]).find((r) => r.name.includes('webview.js'));
          return entry ? performance.timeOrigin + entry.responseEnd : Number.NaN;
        })
        .catch(() => Number.NaN)
    : Number.NaN;
  return { content: mark('content/started'), worker: mark('content/workerReady'), script: scriptEnd - clickedAt, composer: composerMs };
}

async function expectEnabled(locator: Locator): Promise<void> {
  if (!(await locator.isEnabled())) throw new Error('the input is there but disabled');
}

/** Every `Activated in` line in the extension's log files, keyed so new ones can be told apart. */
function activationLines(userDataDir: string): Map<string, number> {
  const lines = new Map<string, number>();
  const logs = filesBelow(path.join(userDataDir, 'logs')).filter((f) => f.endsWith('.log') && f.includes(`${path.sep}monstergaming.monster-gaming${path.sep}`));
  for (const file of logs) {
    let n = 0;
    for (const match of fs.readFileSync(file, 'utf8').matchAll(ACTIVATED)) lines.set(`${file}#${n++}`, Number(match[1]));
  }
  return lines;
}

async function nextActivation(userDataDir: string, seen: Map<string, number>): Promise<number> {
  const deadline = Date.now() + LOAD_TIMEOUT_MS;
  for (;;) {
    const fresh = [...activationLines(userDataDir)].filter(([key]) => !seen.has(key));
    if (fresh.length > 0) {
      for (const [key, ms] of fresh) seen.set(key, ms);
      return fresh[fresh.length - 1][1];
    }
    if (Date.now() > deadline) throw new Error(`no new 'Activated in' line in the extension's log within ${LOAD_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function benchActivation(loads: number, gatewayUrl: string, progress: (line: string) => void): Promise<ActivationRuns> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-vscode-'));
  const workspace = path.join(root, 'sample-game');
  fs.cpSync(path.join(ROOT, 'demo', 'sample-game'), workspace, { recursive: true });
  const server = await startCodeServer({
    workspace,
    profileDir: path.join(root, 'profile'),
    vsix: findVsix(),
    env: { MONSTER_GAMING_API_KEY: '' },
    settings: {
      // The account check at activation talks to the local gateway, never the internet.
      'monsterGaming.baseUrl': gatewayUrl,
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      'git.openRepositoryInParentFolders': 'never',
    },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const seen = new Map<string, number>();
    const runs: number[] = [];
    const coldOpens: number[] = [];
    const searchOpens: number[] = [];
    const steps: OpenSteps[] = [];
    const composer = page.frameLocator('iframe.webview.ready[src*="extensionId=monstergaming.monster-gaming"]').frameLocator('iframe#active-frame').locator('textarea');
    const searchInput = page.locator('.search-view .search-widget textarea, .search-view .search-widget input').first();
    let warmupMs = Number.NaN;
    for (let load = 0; load <= loads; load++) {
      if (load === 0) await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
      else await page.reload();
      await page.locator('.monaco-workbench').waitFor({ timeout: LOAD_TIMEOUT_MS });
      const ms = await nextActivation(server.userDataDir, seen);
      const chat = await timeOpen(page, /^Monster Gaming/, composer);
      const chatMs = chat.ms;
      const step = await openSteps(page, chat.clickedAt, chatMs);
      const searchMs = (await timeOpen(page, /^Search/, searchInput)).ms;
      // The next load starts with the Explorer showing: neither view exists until clicked.
      await page.locator('.activitybar').getByRole('tab', { name: /^Explorer/ }).click();
      if (load === 0) warmupMs = ms;
      else {
        runs.push(ms);
        coldOpens.push(chatMs);
        searchOpens.push(searchMs);
        steps.push(step);
      }
      progress(`  window load ${load}${load === 0 ? ' (warm-up)' : `/${loads}`}: activate() ${ms.toFixed(1)} ms; chat opened in ${chatMs.toFixed(0)} ms (${stepsText(step)}), Search in ${searchMs.toFixed(0)} ms`);
    }
    return { warmupMs, loads: runs, coldOpens, searchOpens, steps };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function stepsText(step: OpenSteps): string {
  return `HTML to the host frame at ${step.content.toFixed(0)} ms, its service worker ready at ${step.worker.toFixed(0)} ms, webview.js in at ${step.script.toFixed(0)} ms, composer at ${step.composer.toFixed(0)} ms`;
}

/** The median of each step over the counted loads. */
function medianSteps(steps: readonly OpenSteps[]): OpenSteps {
  const of = (key: keyof OpenSteps): number => median(steps.map((s) => s[key]).filter((v) => !Number.isNaN(v)));
  return { content: of('content'), worker: of('worker'), script: of('script'), composer: of('composer') };
}

export function activationRows(runs: ActivationRuns): Row[] {
  return [
    {
      item: 2,
      figure: 'activate() in the real extension host',
      value: median(runs.loads),
      unit: 'ms',
      goal: { max: 10 },
      runs: runs.loads.length,
      note: `the extension's own "Activated in N ms." log line (activate()'s body, not the bundle's load), median of ${runs.loads.length} window loads of code-server after a warm-up load (${runs.warmupMs.toFixed(1)} ms); all: ${runs.loads.map((l) => l.toFixed(1)).join(', ')} ms.`,
    },
    {
      item: 17,
      figure: "the sidebar's cold open (click → composer accepts input)",
      value: median(runs.coldOpens),
      unit: 'ms',
      baseline: median(runs.searchOpens),
      ratio: median(runs.coldOpens) / median(runs.searchOpens),
      goal: { max: 300 },
      runs: runs.coldOpens.length,
      note: `activity-bar click to the composer's textarea enabled inside the webview, after each window load with the Explorer showing; baseline: VS Code's Search view opened the same way in the same loads. All: ${runs.coldOpens.map((l) => l.toFixed(0)).join(', ')} ms; Search: ${runs.searchOpens.map((l) => l.toFixed(0)).join(', ')} ms. Where it goes (medians from the click; VS Code's own webview marks): ${stepsText(medianSteps(runs.steps))}.`,
    },
  ];
}

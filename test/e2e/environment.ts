/**
 * The real-editor test environment: the development gateway, a real VS Code (code-server) with
 * the packaged .vsix installed, and headless Debian Chromium driving the workbench like a person.
 * One environment serves the whole suite (a workbench takes seconds to load); tests that need a
 * clean slate reset the gateway or reload the window.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { codeServerBuild, packageExtension, ROOT, startCodeServer, type RunningCodeServer } from '../../scripts/codeServer';
import { startPortkey, type RunningPortkey } from '../gateway/portkey';
import { startGateway, type DevGateway } from '../gateway/server';
import { Workbench } from './workbench';

/** The code-server this run drives (`MG_CODE_SERVER`: the current one, or the oldest we claim). */
export const CODE_SERVER = codeServerBuild();

/** Screenshots: test-results/e2e, or e2e-oldest for the oldest VS Code (each run empties its own). */
export const RESULTS_DIR = path.join(ROOT, 'test-results', CODE_SERVER.tier === 'current' ? 'e2e' : `e2e-${CODE_SERVER.tier}`);

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Environment {
  readonly gateway: DevGateway;
  /** The real Portkey gateway, in front of the development gateway's Moonshot wire format. */
  readonly portkey: RunningPortkey;
  readonly server: RunningCodeServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly workbench: Workbench;
  /** The copy of the sample game the workbench has open. */
  readonly workspace: string;
  /** Everything the VS Code server wrote (settings, state, logs). */
  readonly profileDir: string;
  readonly url: string;
  /** What the first start of this profile (a first install) showed. */
  readonly firstStart: FirstStart;
}

/** The walkthrough a first install opens (see walkthrough.test.ts). */
export interface FirstStart {
  readonly walkthroughOpened: boolean;
  /** Steps already checked when it opened. */
  readonly stepsDone: number;
}

export const WALKTHROUGH = 'monstergaming.monster-gaming#gettingStarted';

let current: Environment | undefined;

export function env(): Environment {
  if (!current) {
    throw new Error('The e2e environment is not running (hooks.ts starts it).');
  }
  return current;
}

function findVsix(): string {
  const dist = path.join(ROOT, 'dist');
  const vsix = fs.existsSync(dist) ? fs.readdirSync(dist).find((f) => f.endsWith('.vsix')) : undefined;
  if (!vsix) {
    throw new Error('No .vsix in dist/: run `npm run package` before the e2e tests (npm test does).');
  }
  return path.join(dist, vsix);
}

export async function startEnvironment(): Promise<Environment> {
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-e2e-'));
  const workspace = path.join(root, 'sample-game');
  fs.cpSync(path.join(ROOT, 'demo', 'sample-game'), workspace, { recursive: true });
  const profileDir = path.join(root, 'profile');
  const gateway = await startGateway({ rateLimits: false });
  const portkey = await startPortkey();
  const server = await startCodeServer({
    build: CODE_SERVER,
    workspace,
    profileDir,
    vsix: findVsix(),
    // Another extension that uses the Monster Gaming models (network.test.ts: asking for consent).
    extraVsix: [packageExtension(path.join(ROOT, 'test', 'fixtures', 'lm-caller'), root)],
    // Trace level: the key must not appear even in the most talkative logs.
    logLevel: 'trace',
    // No MONSTER_GAMING_API_KEY here: the suite sets the key through the palette like a user.
    env: { MONSTER_GAMING_API_KEY: '' },
    settings: {
      'monsterGaming.baseUrl': gateway.url,
      // Where "Portkey (self-hosted)" is, and the upstream it forwards to (Moonshot's wire format).
      'monsterGaming.portkeySelfHosted.baseUrl': portkey.url,
      'monsterGaming.portkey.customHost': `${new URL(gateway.url).origin}/moonshot`,
      // The smallest idle timeout, so the stall test waits seconds, not a minute.
      'monsterGaming.request.idleTimeoutSeconds': 5,
      // VS Code's Chat view without a GitHub sign-in answers through our models (Ask and Agent modes).
      'chat.allowAnonymousAccess': true,
      'workbench.startupEditor': 'none',
      // VS Code 1.116's first-start onboarding, a modal over the workbench. Only there: in 1.139 the
      // setting off makes a new profile's Welcome page switch to the first walkthrough, so the one
      // the extension opened on first install was never shown.
      ...(CODE_SERVER.tier === 'agent' ? { 'workbench.welcomePage.experimentalOnboarding': false } : {}),
      'workbench.colorTheme': 'Default Dark Modern',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'security.workspace.trust.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
      'telemetry.telemetryLevel': 'off',
      'editor.accessibilitySupport': 'off',
      // xterm's DOM renderer, so the tests can read what a terminal shows.
      'terminal.integrated.gpuAcceleration': 'off',
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
    },
  });
  const browser = await chromium.launch({ executablePath: process.env.MG_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  const workbench = new Workbench(page, url);
  await workbench.open();
  const firstStart = await walkthroughOnFirstStart(workbench);
  current = { gateway, portkey, server, browser, page, workbench, workspace, profileDir, url, firstStart };
  return current;
}

/**
 * A first install opens the walkthrough by itself. What it showed is recorded for the walkthrough
 * suite, then every editor is closed so each suite starts from the same empty editor area.
 */
async function walkthroughOnFirstStart(workbench: Workbench): Promise<FirstStart> {
  const title = workbench.page.locator(`.gettingStartedContainer h2.category-title[x-category-title-for="${WALKTHROUGH}"]`);
  const walkthroughOpened = await title.waitFor({ timeout: 30_000 }).then(() => true, () => false);
  // VS Code 1.116's first-start onboarding: a modal over the workbench, should the setting that
  // turns it off not be honoured (later releases dropped it). A user would press Skip.
  const onboarding = workbench.page.locator('.onboarding-a-overlay');
  if (await onboarding.isVisible()) {
    await workbench.screenshot('00-vscode-onboarding');
    await onboarding.getByText('Skip', { exact: true }).click();
    await onboarding.waitFor({ state: 'hidden', timeout: 10_000 });
  }
  let stepsDone = 0;
  if (walkthroughOpened) {
    stepsDone = await workbench.page.locator(`.gettingStartedContainer .codicon-getting-started-step-checked[data-done-step-id^="${WALKTHROUGH}#"]`).count();
    await workbench.screenshot('00-walkthrough-first-install');
  }
  await workbench.runCommand('View: Close All Editors');
  return { walkthroughOpened, stepsDone };
}

export async function stopEnvironment(): Promise<void> {
  const running = current;
  current = undefined;
  if (!running) {
    return;
  }
  await running.browser.close().catch(() => undefined);
  await running.server.stop().catch(() => undefined);
  await running.portkey.close().catch(() => undefined);
  await running.gateway.close().catch(() => undefined);
}

/** Shared by the extension-host suites: the extension under test, its manifest, and bounded waits. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { filesBelow } from '../../scripts/files';

export const EXTENSION_ID = 'monstergaming.monster-gaming';
/** The repository root: the extension is loaded from here in development mode. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface Manifest {
  readonly contributes: {
    readonly commands: ReadonlyArray<{ readonly command: string }>;
    readonly views: Readonly<Record<string, ReadonlyArray<{ readonly id: string; readonly type?: string }>>>;
    readonly configuration: {
      readonly properties: Readonly<Record<string, { readonly default?: unknown; readonly scope?: string }>>;
    };
  };
}

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  if (!found) {
    throw new Error(`${EXTENSION_ID} is not loaded in this extension host.`);
  }
  return found;
}

/** Activates the extension (a no-op when onStartupFinished already did) and returns it. */
export async function activated(): Promise<vscode.Extension<unknown>> {
  const ext = extension();
  await ext.activate();
  return ext;
}

export function manifest(): Manifest {
  return extension().packageJSON as Manifest;
}

/** The gateway the launcher started (`MG_GATEWAY_URL`, ending in /v1). */
export function gatewayUrl(): string {
  const url = process.env.MG_GATEWAY_URL;
  if (!url) {
    throw new Error('MG_GATEWAY_URL is not set: run the suite with scripts/run-extension-tests.ts.');
  }
  return url.replace(/\/+$/, '');
}

/** The development gateway's control endpoint (`/__control/<name>`: reset, fault, requests, …): GET without a body, POST with one. */
export async function gatewayControl(name: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${gatewayUrl().replace(/\/v1$/, '')}/__control/${name}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (response.status !== 200) throw new Error(`control ${name}: HTTP ${response.status}`);
  return response.json();
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when this VS Code is at least `major.minor` (the release that finalized an API). */
export function vscodeAtLeast(release: string): boolean {
  const [major, minor] = vscode.version.split('.').map(Number);
  const [wantMajor, wantMinor] = release.split('.').map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/** The release that finalized the language model chat provider API (`vscode.lm.registerLanguageModelChatProvider`). */
export const LM_PROVIDER_API = '1.104';

/**
 * A test of an API that VS Code finalized in `release`: on an older VS Code (the oldest tier,
 * see scripts/codeServer.ts) it is reported pending, never passed, with the release it needs.
 */
export function itFrom(release: string, title: string, fn: Mocha.AsyncFunc): Mocha.Test {
  return vscodeAtLeast(release) ? it(title, fn) : it.skip(`${title} [needs VS Code ${release}+; this is ${vscode.version}]`, fn);
}

/** A test of what happens where VS Code is older than `release` (reported pending on newer ones). */
export function itBefore(release: string, title: string, fn: Mocha.AsyncFunc): Mocha.Test {
  return vscodeAtLeast(release) ? it.skip(`${title} [only before VS Code ${release}; this is ${vscode.version}]`, fn) : it(title, fn);
}

/** The extension's own log (its "Monster Gaming" output channel) as written so far. */
export function extensionLog(): string {
  const logs = process.env.MG_EXT_TEST_LOGS;
  if (!logs) {
    throw new Error('MG_EXT_TEST_LOGS is not set: run the suite with scripts/run-extension-tests.ts.');
  }
  return filesBelow(logs)
    .filter((file) => file.includes(`${path.sep}${EXTENSION_ID}${path.sep}`) && file.endsWith('.log'))
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');
}

/** Shared by the extension-host suites: the extension under test, its manifest, and bounded waits. */
import * as path from 'node:path';
import * as vscode from 'vscode';

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

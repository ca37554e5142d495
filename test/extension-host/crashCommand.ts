/** Shared by the Analyze Crash suites: the development gateway's control endpoints, and the command answered as a user would. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { gatewayUrl, waitFor } from './helpers';

/** `GET /__control/<name>`, or a POST with `body`: the gateway's switches and its recorded requests. */
export async function control(name: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${gatewayUrl().replace(/\/v1$/, '')}/__control/${name}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200, `control ${name}`);
  return response.json();
}

/** Runs Analyze Crash, answering what it asks with Enter (the first quick pick item, an empty question) as a user would. */
export async function runAccepting(...args: unknown[]): Promise<unknown> {
  let settled = false;
  const running = Promise.resolve(vscode.commands.executeCommand('monsterGaming.analyzeCrash', ...args)).finally(() => (settled = true));
  await waitFor('the command answered and done', async () => {
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return settled || (await new Promise<false>((resolve) => setTimeout(() => resolve(false), 200)));
  }, 30_000);
  return running;
}

/**
 * Project rules files for the real-editor suite, and a reader of the `Project rules` message in
 * a recorded request, for projectRules.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `.monster/rules` files with applyTo globs: one for shaders, one for C#, each with a marker to look for. */
export const GLOB_RULES = {
  'shaders.md': { applyTo: '**/*.hlsl', marker: 'RULE-HLSL: half precision where it is enough.' },
  'csharp.md': { applyTo: '**/*.cs', marker: 'RULE-CSHARP: no allocations in Update().' },
} as const;

/** Writes GLOB_RULES into `<workspace>/.monster/rules/`. */
export function writeGlobRules(workspace: string): void {
  const folder = path.join(workspace, '.monster', 'rules');
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, rule] of Object.entries(GLOB_RULES)) {
    fs.writeFileSync(path.join(folder, name), `---\napplyTo: "${rule.applyTo}"\n---\n${rule.marker}\n`);
  }
}

/** Removes what this suite wrote (AGENTS.md and .monster/), so later suites see the sample game as shipped. */
export function removeRules(workspace: string): void {
  fs.rmSync(path.join(workspace, 'AGENTS.md'), { force: true });
  fs.rmSync(path.join(workspace, '.monster'), { recursive: true, force: true });
}

/** The text of a chat request body's system message beginning `Project rules` (CONTRACT.md), if any. */
export function projectRulesMessage(body: unknown): string | undefined {
  const messages = (body as { messages?: ReadonlyArray<{ role?: string; content?: unknown }> } | undefined)?.messages ?? [];
  const found = messages.find((m) => m.role === 'system' && typeof m.content === 'string' && m.content.startsWith('Project rules'));
  return found?.content as string | undefined;
}

/**
 * The runtime strings' translation template, `l10n/bundle.l10n.json`: every string literal passed
 * to `vscode.l10n.t(…)` under src/, and those a catalog marks with `l10nMessage(…)` to translate later. Translators copy it to `bundle.l10n.<locale>.json`; VS Code
 * picks that up through package.json's `"l10n": "./l10n"` with no code change.
 *
 *   node esbuild.js --tests && node out/scripts/l10n.js      rewrite the bundle
 *
 * The unit suite fails when the bundle is out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesBelow } from './files';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BUNDLE = path.join(ROOT, 'l10n', 'bundle.l10n.json');

/** A single- or double-quoted literal as the first argument of `l10n.t(` (or `l10nMessage(`, a catalog's marker). */
const CALL = /\b(?:l10n\.t|l10nMessage)\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")\s*[,)]/g;

function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  // A single-quoted literal becomes a JSON string: free the quotes, keep every other escape.
  return JSON.parse(`"${literal[0] === "'" ? body.replace(/\\'/g, "'").replace(/"/g, '\\"') : body}"`) as string;
}

/** Every message of `l10n.t` calls in the extension's sources, sorted, each once. */
export function extractMessages(srcDir = path.join(ROOT, 'src')): string[] {
  const messages = new Set<string>();
  for (const file of filesBelow(srcDir).filter((f) => f.endsWith('.ts') && !f.includes(`${path.sep}webview${path.sep}`))) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(CALL)) {
      messages.add(unquote(match[1]));
    }
  }
  return [...messages].sort();
}

/** The bundle's text: `{ "message": "message" }`, English being the source language. */
export function bundleText(messages: readonly string[]): string {
  return `${JSON.stringify(Object.fromEntries(messages.map((m) => [m, m])), null, 2)}\n`;
}

if (require.main === module) {
  const messages = extractMessages();
  fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
  fs.writeFileSync(BUNDLE, bundleText(messages));
  console.log(`${path.relative(ROOT, BUNDLE)}: ${messages.length} messages`);
}

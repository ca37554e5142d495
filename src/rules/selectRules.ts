/**
 * Which project rules a question gets, in which order, within which bounds: the pure core of
 * project rules (no `vscode`, no file system; ruleReader.ts reads the files).
 *
 * Order (the issue's, and the order the engine sends them in the `Project rules` message):
 * 1. `AGENTS.md` at the folder root: always.
 * 2. Nested `AGENTS.md` files, for a question carrying a file (or folder) under their folder:
 *    shallower first, so the one nearest the file comes last and, read last, takes precedence
 *    where they disagree (as Codex reads them); same depth by path.
 * 3. `.monster/rules/*.md` by file name: always without front matter (or without `applyTo`);
 *    with `applyTo`, when a glob matches a file the question carries (see applyTo.ts).
 * 4. `.github/copilot-instructions.md`, `.cursorrules`, `.clinerules` (a file, or a folder of
 *    `*.md` files by name), always, so a team's existing rules work unchanged.
 * Bounds: one rule's text is cut to `ruleBytes` (saying so in the text and in the problems); a
 * rule that does not fit in what is left of `totalBytes` is left out and reported, never dropped
 * silently. Files that could not be read are reported when they would have applied.
 */
import type { ProjectRule } from '../answering/contextTypes';
import { confinedPath } from '../engine/projectFiles';
import { withoutTrailingSlashes } from '../util/text';
import { parseFrontMatter } from './frontMatter';
import { DEFAULT_RULE_LIMITS, ORIGIN_ORDER, type RuleFile, type RuleLimits, type RuleProblem } from './ruleTypes';

export interface RulesSelection {
  /** The rules that apply, in sending order, each bounded. */
  readonly rules: readonly ProjectRule[];
  /** Files not sent, or not sent whole, and why. */
  readonly problems: readonly RuleProblem[];
}

/**
 * A question's paths as folder-relative paths ('/'-separated): `./` and leading slashes dropped;
 * anything that could leave the folder (`..`, a drive, a backslash) is not a path of this folder.
 */
export function questionPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of paths) {
    const path = withoutTrailingSlashes(raw.replace(/^(?:\.\/|\/)+/, ''));
    if (path !== '' && confinedPath(path) === path && !out.includes(path)) out.push(path);
  }
  return out;
}

/** The folder of a nested AGENTS.md ('' for the root one). */
export function agentsFolder(source: string): string {
  const slash = source.lastIndexOf('/');
  return slash < 0 ? '' : source.slice(0, slash);
}

function depth(source: string): number {
  return source.split('/').length;
}

/** Sending order: by origin, nested AGENTS.md shallower first, then by path (codepoint order). */
export function compareRuleFiles(a: RuleFile, b: RuleFile): number {
  const byOrigin = ORIGIN_ORDER.indexOf(a.origin) - ORIGIN_ORDER.indexOf(b.origin);
  if (byOrigin !== 0) return byOrigin;
  if (a.origin === 'nestedAgents' && depth(a.source) !== depth(b.source)) return depth(a.source) - depth(b.source);
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes, at a line end where there is one in the second
 * half, never inside a character; the note line says what was cut.
 */
export function cutText(text: string, maxBytes: number, source: string): string {
  const total = utf8Bytes(text);
  const noteFor = (kept: number): string => `\n[… ${source} is cut here: ${kept} of its ${total} bytes are sent]`;
  const room = Math.max(0, maxBytes - utf8Bytes(noteFor(total)));
  // Decoding a prefix replaces a split character with U+FFFD; drop it.
  let kept = decoder.decode(encoder.encode(text).subarray(0, room));
  if (kept.endsWith('\uFFFD')) kept = kept.slice(0, -1);
  const lineEnd = kept.lastIndexOf('\n');
  if (lineEnd > kept.length / 2) kept = kept.slice(0, lineEnd);
  return `${kept}${noteFor(utf8Bytes(kept))}`;
}

function applies(file: RuleFile, paths: readonly string[]): boolean {
  if (file.origin !== 'nestedAgents') return true;
  const folder = agentsFolder(file.source);
  return paths.some((p) => p === folder || p.startsWith(`${folder}/`));
}

/**
 * The rules for a question carrying `paths` (folder-relative: mentions, the selection's file, the
 * active editor), from the folder's rules `files` in any order.
 */
export function selectRules(files: readonly RuleFile[], paths: readonly string[], limits: RuleLimits = DEFAULT_RULE_LIMITS): RulesSelection {
  const carried = questionPaths(paths);
  const rules: ProjectRule[] = [];
  const problems: RuleProblem[] = [];
  let left = limits.totalBytes;
  for (const file of [...files].sort(compareRuleFiles)) {
    if (!applies(file, carried)) continue;
    if ('problem' in file) {
      problems.push(file.problem);
      continue;
    }
    let body = file.text;
    let applyTo: string | undefined;
    if (file.origin === 'monsterRule') {
      const front = parseFrontMatter(file.text);
      if ('error' in front) {
        problems.push({ source: file.source, reason: 'frontMatter', detail: front.error });
        continue;
      }
      if (front.applyTo && !front.applyTo.always && front.applyTo.firstMatch(carried) === undefined) continue;
      body = front.body;
      applyTo = front.applyTo?.text;
    }
    let text = body.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trim();
    if (text === '') continue;
    if (utf8Bytes(text) > limits.ruleBytes) {
      problems.push({ source: file.source, reason: 'cut', detail: `${utf8Bytes(text)} bytes; ${limits.ruleBytes} are sent` });
      text = cutText(text, limits.ruleBytes, file.source);
    }
    const size = utf8Bytes(text);
    if (size > left) {
      problems.push({ source: file.source, reason: 'overBudget', detail: `${size} bytes; ${left} of the rules' ${limits.totalBytes} were left` });
      continue;
    }
    left -= size;
    rules.push(applyTo === undefined ? { source: file.source, text } : { source: file.source, text, applyTo });
  }
  return { rules, problems };
}

/**
 * The front matter of a `.monster/rules/*.md` file: a YAML block between `---` lines at the very
 * top, of which only `applyTo` is read. A BOM and CRLF line ends are tolerated; a block that is
 * not closed, too long, not YAML, not a mapping, or whose `applyTo` is not a glob is reported
 * with the reason, never thrown.
 */
import type * as RuleSyntaxModule from './ruleSyntax';
import { lazyModule } from '../util/lazyModule';
import { parseApplyTo, type ApplyTo } from './applyTo';

/**
 * The YAML parser, loaded with the first file that has front matter. A plain `require` of a
 * sibling module: bundled, esbuild turns it into `require("./rules.js")` (a separate file, see
 * esbuild.js); transpiled one-to-one for the tests, it loads `ruleSyntax.js` next to this file.
 */
const ruleSyntax = lazyModule(() => require('./ruleSyntax') as typeof RuleSyntaxModule);

/** Front matter longer than this is refused: it holds a glob or two, not a document. */
export const MAX_FRONT_MATTER_CHARS = 8 * 1024;

export type FrontMatter =
  /** No front matter, or a valid one: `applyTo` when it has one. */
  | { readonly body: string; readonly applyTo?: ApplyTo }
  | { readonly error: string };

/** `text` with a leading BOM removed and every line end as `\n`. */
export function normalizeText(text: string): string {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
}

/** Splits a rules file into its front matter (parsed) and its body. */
export function parseFrontMatter(raw: string): FrontMatter {
  const text = normalizeText(raw);
  const firstLineEnd = text.indexOf('\n');
  const firstLine = firstLineEnd < 0 ? text : text.slice(0, firstLineEnd);
  if (firstLine.trimEnd() !== '---') return { body: text };
  let end = -1;
  let bodyStart = text.length;
  for (let at = firstLineEnd + 1; at > 0 && at <= text.length; ) {
    const next = text.indexOf('\n', at);
    const line = (next < 0 ? text.slice(at) : text.slice(at, next)).trimEnd();
    if (line === '---' || line === '...') {
      end = at;
      bodyStart = next < 0 ? text.length : next + 1;
      break;
    }
    if (next < 0) break;
    at = next + 1;
  }
  if (end < 0) return { error: 'the front matter has no closing --- line' };
  const yaml = text.slice(firstLineEnd + 1, end);
  if (yaml.length > MAX_FRONT_MATTER_CHARS) return { error: `the front matter is longer than ${MAX_FRONT_MATTER_CHARS} characters` };
  const body = text.slice(bodyStart);
  if (yaml.trim() === '') return { body };
  const parsed = ruleSyntax().parseYaml(yaml);
  if ('error' in parsed) return { error: `the front matter is not valid YAML: ${parsed.error}` };
  const data = parsed.value;
  if (data === null || data === undefined) return { body };
  if (typeof data !== 'object' || Array.isArray(data)) return { error: 'the front matter is not a mapping of keys to values' };
  if (!Object.prototype.hasOwnProperty.call(data, 'applyTo')) return { body };
  const applyTo = parseApplyTo((data as Record<string, unknown>).applyTo);
  if ('error' in applyTo) return { error: applyTo.error };
  return { body, applyTo };
}

/**
 * Glob matching for `applyTo`, in time proportional to pattern × path whatever the pattern.
 *
 * Why not picomatch or minimatch: both compile a glob to a backtracking regular expression, and
 * `applyTo` comes from a workspace file, which is hostile. `*a*a*a*a*x` against a 200-character
 * name took picomatch 4.0.7 19 s (minimatch 10.2.6 did not finish in 20 s), freezing the
 * extension host. This matcher has no regular expressions: it is the classic one-backtrack-point
 * wildcard algorithm, once over the characters of a segment (`*`) and once over the segments of a
 * path (`**`), which is exact because each star matches any sequence. Its results agree with
 * picomatch's (`dot`, `nocase`) on every pattern the property test generates
 * (test/unit/rulesGlob.test.ts).
 *
 * Syntax, as VS Code's `files.exclude` and Copilot's `applyTo`: `*` and `?` within a segment,
 * `**` as a whole segment for any number of segments, `[abc]`, `[a-z]`, `[!a]` / `[^a]`, and
 * `{a,b}` alternatives (nested too). Dot files match; case is ignored; a backslash is a literal.
 */

/** Bounds on one pattern: beyond them it is refused (`undefined`), never matched slowly. */
export const GLOB_LIMITS = { patternChars: 256, alternatives: 64, pathChars: 1024 } as const;

type CharToken =
  | { readonly kind: 'char'; readonly ch: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'star' }
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly (readonly [string, string])[] };

/** A pattern segment: `**`, or the tokens of one path segment. */
type Segment = { readonly globstar: true } | { readonly globstar: false; readonly tokens: readonly CharToken[] };

/** Counts the steps of the last matches (tests check the bound; nothing else reads it). */
export interface StepCounter {
  steps: number;
}

/** The index of the `}` closing the `{` at `open`, or -1. */
function closingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === '{') depth++;
    else if (pattern[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Splits on `separator` outside braces and brackets (`{a,b},c` → `{a,b}`, `c`). */
export function splitOutsideBraces(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') inClass = text.indexOf(']', i + 2) > 0;
    else if (ch === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Every alternative of the braces in `pattern`; undefined when there would be more than the limit. */
function expandBraces(pattern: string): string[] | undefined {
  const open = pattern.indexOf('{');
  const close = open < 0 ? -1 : closingBrace(pattern, open);
  if (close < 0) return [pattern];
  const head = pattern.slice(0, open);
  const tails = expandBraces(pattern.slice(close + 1));
  if (!tails) return undefined;
  const out: string[] = [];
  for (const choice of splitOutsideBraces(pattern.slice(open + 1, close), ',')) {
    const expanded = expandBraces(choice);
    if (!expanded) return undefined;
    for (const middle of expanded) {
      for (const tail of tails) {
        // NUL marks where the pieces meet, so `*{*,a}` stays a star (not a `**` no one wrote).
        out.push(`${head}\0${middle}\0${tail}`);
        if (out.length > GLOB_LIMITS.alternatives) return undefined;
      }
    }
  }
  return out;
}

function classAt(segment: string, open: number): { readonly token: CharToken; readonly end: number } | undefined {
  let i = open + 1;
  const negated = segment[i] === '!' || segment[i] === '^';
  if (negated) i++;
  const ranges: Array<readonly [string, string]> = [];
  const first = i;
  for (; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === ']' && i > first) return { token: { kind: 'class', negated, ranges }, end: i };
    if (segment[i + 1] === '-' && i + 2 < segment.length && segment[i + 2] !== ']') {
      ranges.push([ch, segment[i + 2]]);
      i += 2;
    } else {
      ranges.push([ch, ch]);
    }
  }
  return undefined;
}

function tokenize(segment: string): CharToken[] {
  const tokens: CharToken[] = [];
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '\0') continue;
    if (ch === '*') {
      // `a**b` is `a*b`: consecutive stars are one.
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') {
      tokens.push({ kind: 'any' });
    } else if (ch === '[' && classAt(segment, i)) {
      const found = classAt(segment, i);
      if (found) {
        tokens.push(found.token);
        i = found.end;
      }
    } else {
      tokens.push({ kind: 'char', ch: ch.toLowerCase() });
    }
  }
  return tokens;
}

function inClass(token: Extract<CharToken, { kind: 'class' }>, ch: string): boolean {
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  const hit = token.ranges.some(([from, to]) => (lower >= from.toLowerCase() && lower <= to.toLowerCase()) || (upper >= from.toUpperCase() && upper <= to.toUpperCase()));
  return hit !== token.negated;
}

function charMatches(token: CharToken, ch: string): boolean {
  switch (token.kind) {
    case 'char':
      return token.ch === ch.toLowerCase();
    case 'any':
      return true;
    case 'class':
      return inClass(token, ch);
    case 'star':
      return false;
  }
}

/**
 * The one-backtrack-point algorithm: `isStar(p)` items match any run of elements, the others one
 * element each. On a mismatch only the most recent star takes one more element, which is exact
 * for stars that match anything, so the steps are at most items × elements.
 */
function wildcardMatch(items: number, elements: number, isStar: (p: number) => boolean, matches: (p: number, e: number) => boolean, counter?: StepCounter): boolean {
  let p = 0;
  let e = 0;
  let starP = -1;
  let starE = 0;
  while (e < elements) {
    if (counter) counter.steps++;
    if (p < items && isStar(p)) {
      starP = p++;
      starE = e;
    } else if (p < items && matches(p, e)) {
      p++;
      e++;
    } else if (starP >= 0) {
      p = starP + 1;
      e = ++starE;
    } else {
      return false;
    }
  }
  while (p < items && isStar(p)) p++;
  return p === items;
}

function segmentMatches(tokens: readonly CharToken[], name: string, counter?: StepCounter): boolean {
  return wildcardMatch(tokens.length, name.length, (p) => tokens[p].kind === 'star', (p, e) => charMatches(tokens[p], name[e]), counter);
}

/** `**` as a whole segment is a globstar, unless its stars came from two pieces of a brace. */
function isGlobstar(part: string): boolean {
  return part.replaceAll('\0', '') === '**' && !part.includes('*\0*');
}

function compileAlternative(pattern: string): Segment[] {
  return pattern.split('/').map((part) => (isGlobstar(part) ? { globstar: true } : { globstar: false, tokens: tokenize(part) }));
}

function pathMatches(segments: readonly Segment[], names: readonly string[], counter?: StepCounter): boolean {
  return wildcardMatch(
    segments.length,
    names.length,
    (p) => segments[p].globstar,
    (p, e) => {
      const segment = segments[p];
      return !segment.globstar && segmentMatches(segment.tokens, names[e], counter);
    },
    counter,
  );
}

/**
 * A matcher for one glob over '/'-separated relative paths (no leading slash); undefined when the
 * pattern is over the limits. Paths longer than `GLOB_LIMITS.pathChars` never match.
 */
export function compileGlob(pattern: string): ((path: string, counter?: StepCounter) => boolean) | undefined {
  if (pattern.length > GLOB_LIMITS.patternChars) return undefined;
  const alternatives = expandBraces(pattern.replaceAll('\0', ''));
  if (!alternatives) return undefined;
  const compiled = alternatives.map(compileAlternative);
  return (path, counter) => {
    if (path.length > GLOB_LIMITS.pathChars) return false;
    const names = path.split('/');
    return compiled.some((segments) => pathMatches(segments, names, counter));
  };
}

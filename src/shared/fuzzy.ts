/**
 * Fuzzy matching for the mention picker: the query's characters in order, anywhere in the
 * candidate (`plco` finds `PlayerController.cs`). Matches at word starts, in the file name rather
 * than its folders, and in runs score higher. Used by the host to choose which candidates to send
 * and by the webview to order them as the user types. Pure.
 */

const BOUNDARY = /[\\/_\-. :]/;

/** The score of `candidate` for `query` (higher is better), or undefined when it does not match. */
export function fuzzyScore(query: string, candidate: string): number | undefined {
  const q = query.toLowerCase();
  if (q === '') return 0;
  const c = candidate.toLowerCase();
  // The file name starts after the last slash: matches there are worth more.
  const nameStart = Math.max(candidate.lastIndexOf('/'), candidate.lastIndexOf('\\')) + 1;
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const at = c.indexOf(ch, from);
    if (at < 0) return undefined;
    let points = 1;
    if (at === previous + 1) points += 4;
    const before = candidate[at - 1];
    if (at === 0 || (before !== undefined && BOUNDARY.test(before))) points += 6;
    else if (candidate[at] !== c[at] && before !== undefined && before === c[at - 1]) points += 4; // camelCase hump
    if (at >= nameStart) points += 2;
    score += points;
    previous = at;
    from = at + 1;
  }
  if (c.slice(nameStart).startsWith(q)) score += 10;
  // Shorter candidates first among equals.
  return score - candidate.length / 100;
}

/** The candidates matching `query`, best first, at most `limit`. Stable for equal scores. */
export function fuzzyFilter<T>(query: string, candidates: readonly T[], text: (candidate: T) => string, limit: number): T[] {
  const scored: Array<{ item: T; score: number; index: number }> = [];
  candidates.forEach((item, index) => {
    const score = fuzzyScore(query, text(item));
    if (score !== undefined) scored.push({ item, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.item);
}

/**
 * Choosing the definition a `#symbol:` mention means among what the workspace symbol providers
 * return (they match loosely: `Move` finds `MoveTowards`, `RemoveItem`…). An exact name beats a
 * case-insensitive one, which beats a prefix, then anything containing it; among equals, types
 * and functions beat fields and variables, and a qualified query (`Player.Move`) must match the
 * container. Pure.
 */

export interface SymbolCandidate {
  readonly name: string;
  /** The enclosing type or namespace, as the provider names it. */
  readonly container?: string;
  /** VS Code's SymbolKind name: `Class`, `Method`, `Field`… */
  readonly kind: string;
  /** Workspace-relative path. */
  readonly path: string;
  /** 1-based. */
  readonly line: number;
}

const KIND_RANK: Readonly<Record<string, number>> = {
  Class: 0, Struct: 0, Interface: 0, Enum: 0, Module: 1, Namespace: 2, Function: 1, Method: 1, Constructor: 2,
  Property: 3, Field: 4, Event: 3, Constant: 3, EnumMember: 5, Variable: 5, TypeParameter: 6,
};

/** How well `candidate` matches `query`; undefined when it does not match at all. Lower is better. */
export function symbolMatch(query: string, candidate: SymbolCandidate): number | undefined {
  // `Player.Move`, `Game::Player::Move`: the last part is the name, the rest its container.
  const separator = Math.max(query.lastIndexOf('.'), query.lastIndexOf('::'));
  const width = separator >= 0 && query.startsWith('::', separator) ? 2 : 1;
  const name = separator >= 0 ? query.slice(separator + width) : query;
  // Providers name the immediate container (`Enemy`, not `Game.Enemy`): its last part is compared.
  const containerPath = separator > 0 ? query.slice(0, separator).replaceAll('::', '.') : undefined;
  const container = containerPath?.slice(containerPath.lastIndexOf('.') + 1);
  if (container !== undefined && !(candidate.container ?? '').replaceAll('::', '.').toLowerCase().endsWith(container.toLowerCase())) return undefined;
  // Providers decorate names: `Move(Vector3)`, `Player.Move`. Compare the bare name.
  const paren = candidate.name.indexOf('(');
  const unparenthesized = paren >= 0 ? candidate.name.slice(0, paren) : candidate.name;
  const bare = unparenthesized.slice(Math.max(unparenthesized.lastIndexOf('.'), unparenthesized.lastIndexOf(':')) + 1);
  let rank: number;
  if (bare === name) rank = 0;
  else if (bare.toLowerCase() === name.toLowerCase()) rank = 1;
  else if (bare.toLowerCase().startsWith(name.toLowerCase())) rank = 2;
  else if (bare.toLowerCase().includes(name.toLowerCase())) rank = 3;
  else return undefined;
  return rank * 10 + (KIND_RANK[candidate.kind] ?? 7);
}

/** The best match and the others (best first), at most `limit` in all. */
export function rankSymbols<T extends SymbolCandidate>(query: string, candidates: readonly T[], limit: number): { best?: T; others: T[] } {
  const ranked = candidates
    .map((candidate, index) => ({ candidate, index, score: symbolMatch(query, candidate) }))
    .filter((entry): entry is { candidate: T; index: number; score: number } => entry.score !== undefined)
    .sort((a, b) => a.score - b.score || a.candidate.path.localeCompare(b.candidate.path) || a.candidate.line - b.candidate.line || a.index - b.index)
    .map((entry) => entry.candidate);
  // The same definition reported twice (two providers, or a class and its constructor on one line).
  const unique = ranked.filter((c, i) => ranked.findIndex((o) => o.path === c.path && o.line === c.line && o.name === c.name) === i);
  return { best: unique[0], others: unique.slice(1, limit) };
}

/** `PlayerController.Move (Method) — Assets/Scripts/PlayerController.cs:42` */
export function describeSymbol(symbol: SymbolCandidate): string {
  return `${symbol.container ? `${symbol.container}.` : ''}${symbol.name} (${symbol.kind}) — ${symbol.path}:${symbol.line}`;
}

/** Which command lines `monsterGaming.agent.allowedCommands` pre-approves. Pure: tested without VS Code. */

/**
 * True when `command` starts with one of the allowed prefixes at a word boundary (`npm test` allows
 * `npm test -- x`, not `npm testing`). Prefixes are read without the spaces around them; a blank one
 * allows nothing.
 */
export function commandAllowed(command: string, prefixes: readonly string[]): boolean {
  // A line that chains, substitutes or redirects is never pre-approved: the prefix would vouch for what
  // follows. Nor one with control or line-separator characters (shells and terminals read them their own way).
  const inner = trimBlanks(command).replace(/\t/g, ' ');
  if (/[;&|<>`]|\$\(/.test(inner) || [...inner].some(isControl)) return false;
  // A shell splits words on spaces and tabs only: after `make`, a no-break space is part of the program's name.
  return prefixes.map((prefix) => prefix.trim()).some((prefix) => prefix !== '' && (inner === prefix || (inner.startsWith(prefix) && inner.charAt(prefix.length) === ' ')));
}

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

/** Without the spaces and tabs around it (a loop: a regular expression for this backtracks quadratically). */
function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(start, end);
}

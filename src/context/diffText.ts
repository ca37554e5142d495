/**
 * The working-tree diff as an attached item: split per file (`diff --git a/… b/…`), files outside
 * the workspace folders dropped (a repository can be larger than the workspace), then whole files
 * while they fit the budget, a file too large for the rest cut at a hunk, and the others named.
 * Pure.
 */
import { withoutTrailingNewlines } from '../util/text';

export interface FileDiff {
  /** The path as git names it (`b/` side), relative to the repository root. */
  readonly path: string;
  readonly text: string;
}

/** `git diff` output, one entry per file. */
export function splitDiff(diff: string): FileDiff[] {
  const files: FileDiff[] = [];
  const starts: number[] = [];
  const header = /^diff --git /gm;
  for (let match = header.exec(diff); match; match = header.exec(diff)) starts.push(match.index);
  for (const [index, start] of starts.entries()) {
    const text = withoutTrailingNewlines(diff.slice(start, starts[index + 1] ?? diff.length));
    const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
    files.push({ path: diffPath(firstLine, text), text });
  }
  return files;
}

/** The file a section is about: its `+++ b/…` line, else `--- a/…` (a deletion), else the header. */
function diffPath(firstLine: string, text: string): string {
  const plus = /^\+\+\+ (.+)$/m.exec(text);
  if (plus && plus[1] !== '/dev/null') return withoutSide(unquote(plus[1]));
  const minus = /^--- (.+)$/m.exec(text);
  if (minus && minus[1] !== '/dev/null') return withoutSide(unquote(minus[1]));
  const b = firstLine.lastIndexOf(' b/');
  return unquote(b >= 0 ? firstLine.slice(b + 3) : firstLine.slice('diff --git '.length));
}

/** `b/Assets/A.cs` → `Assets/A.cs`. */
function withoutSide(p: string): string {
  return p.startsWith('a/') || p.startsWith('b/') ? p.slice(2) : p;
}

/** git quotes paths with unusual characters: `"b/tab\there"`; a tab may follow the path. */
function unquote(p: string): string {
  const tab = p.indexOf('\t');
  const trimmed = tab >= 0 && !p.startsWith('"') ? p.slice(0, tab) : p;
  if (!trimmed.startsWith('"')) return trimmed;
  try {
    return JSON.parse(trimmed) as string;
  } catch {
    return trimmed.slice(1, -1);
  }
}

export interface BoundedDiff {
  readonly text: string;
  /** Files whose diff is included (whole or cut). */
  readonly included: readonly string[];
  /** Files left out for the budget. */
  readonly leftOut: readonly string[];
  /** A file whose diff was cut at a hunk. */
  readonly cutFile?: string;
}

/** Whole files while they fit; the first that does not is cut at its last hunk that fits; the rest are named. */
export function boundDiff(files: readonly FileDiff[], budget: number): BoundedDiff {
  const parts: string[] = [];
  const included: string[] = [];
  const leftOut: string[] = [];
  let cutFile: string | undefined;
  let used = 0;
  for (const file of files) {
    if (used + file.text.length + 1 <= budget) {
      parts.push(file.text);
      included.push(file.path);
      used += file.text.length + 1;
      continue;
    }
    if (cutFile === undefined) {
      const room = budget - used - 60;
      const hunks = file.text.split(/\n(?=@@ )/);
      let kept = hunks[0];
      for (const hunk of hunks.slice(1)) {
        if (kept.length + hunk.length + 1 > room) break;
        kept += `\n${hunk}`;
      }
      if (kept.length <= room && kept !== hunks[0]) {
        parts.push(`${kept}\n… (the rest of this file's diff left out)`);
        included.push(file.path);
        cutFile = file.path;
        used += kept.length + 45;
        continue;
      }
    }
    leftOut.push(file.path);
  }
  return { text: parts.join('\n'), included, leftOut, ...(cutFile ? { cutFile } : {}) };
}

/**
 * Diagnostics as text, one a line, in the format CONTRACT.md gives the agent's `get_problems`:
 * `path:line:col: severity: message [source code]`. Most severe first, then by path and line (or
 * as a compiler reported them), at most `budget` characters, then `… N more problems`. Pure.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface ProblemEntry {
  /** Workspace-relative, forward slashes. */
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly severity: Severity;
  readonly message: string;
  readonly source?: string;
  readonly code?: string;
}

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2, hint: 3 };

/** One line: messages spanning lines are joined, very long ones cut. */
export function problemLine(problem: ProblemEntry): string {
  const message = problem.message.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).join(' ').slice(0, 500);
  const tag = [problem.source, problem.code].filter((part) => part !== undefined && part !== '').join(' ');
  return `${problem.path}:${problem.line}:${problem.column}: ${problem.severity}: ${message}${tag ? ` [${tag}]` : ''}`;
}

export interface ProblemsText {
  readonly text: string;
  readonly shown: number;
  readonly total: number;
  readonly counts: Readonly<Record<Severity, number>>;
}

/**
 * How problems of one severity are ordered: by path and line (diagnostics, which have no order of
 * their own), or as the tool reported them (a compiler's first error is the cause, later ones often follow from it).
 */
export type ProblemOrder = 'byPath' | 'asReported';

export function problemsText(problems: readonly ProblemEntry[], budget: number, order: ProblemOrder = 'byPath'): ProblemsText {
  // Array.prototype.sort is stable: 'asReported' keeps the tool's order within a severity.
  const sorted = [...problems].sort((a, b) => RANK[a.severity] - RANK[b.severity] || (order === 'byPath' ? a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column : 0));
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const problem of problems) counts[problem.severity]++;
  const lines: string[] = [];
  let used = 0;
  for (const problem of sorted) {
    const line = problemLine(problem);
    if (used + line.length + 1 > budget - 40) break;
    lines.push(line);
    used += line.length + 1;
  }
  if (lines.length < sorted.length) lines.push(`… ${(sorted.length - lines.length).toLocaleString('en-US')} more problems not listed`);
  return { text: lines.join('\n'), shown: Math.min(lines.length, sorted.length), total: sorted.length, counts };
}

/** `2 errors, 1 warning` (what the chip says). */
export function countsLabel(counts: Readonly<Record<Severity, number>>): string {
  const parts: string[] = [];
  for (const severity of ['error', 'warning', 'info', 'hint'] as const) {
    const n = counts[severity];
    if (n > 0) parts.push(`${n.toLocaleString('en-US')} ${severity === 'info' ? 'info' : severity}${n === 1 || severity === 'info' ? '' : 's'}`);
  }
  return parts.join(', ') || 'no problems';
}

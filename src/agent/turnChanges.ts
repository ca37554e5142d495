/**
 * The files one agent turn changed: each file's text before the turn touched it and after its
 * last change, for the review (+/− per file, Keep / Undo) and Undo Agent Changes. Undo restores
 * the text from here, so it works after Keep and after saves, without git. Pure.
 */
import { diffLines } from 'diff';
import type { ReviewFileView, ReviewView } from '../shared/protocol';
import type { AppliedChange } from './tools/toolTypes';

export interface FileChange {
  /** Absolute path. */
  readonly file: string;
  readonly relative: string;
  /** The text before the turn changed it; undefined: the turn created the file. */
  readonly original: string | undefined;
  /** The text after the turn's last change. */
  current: string;
  state: ReviewFileView['state'];
}

/** The text with a final line break (its own kind), so a last line without one compares equal to the same line with one. */
function withFinalEol(text: string): string {
  if (text === '' || text.endsWith('\n')) return text;
  return text + (text.includes('\r\n') ? '\r\n' : '\n');
}

/** Lines added and removed between two texts (a line diff, as the review shows them). A line appended to a file without a final line break is one line added, not the last line replaced. */
export function lineCounts(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(withFinalEol(before), withFinalEol(after))) {
    if (part.added) added += part.count;
    else if (part.removed) removed += part.count;
  }
  return { added, removed };
}

export class TurnChanges {
  private readonly files = new Map<string, FileChange>();

  /** A change a tool applied: the first one keeps the original text, later ones move `current` on. */
  record(change: AppliedChange): void {
    const known = this.files.get(change.file);
    if (known) {
      known.current = change.after;
      known.state = 'pending';
      return;
    }
    this.files.set(change.file, { file: change.file, relative: change.relative, original: change.before, current: change.after, state: 'pending' });
  }

  get isEmpty(): boolean {
    return this.files.size === 0;
  }

  /** The changed files, in the order the turn first changed them. */
  list(): readonly FileChange[] {
    return [...this.files.values()];
  }

  /** The file `relative` names, or every file (no `relative`), that is not undone yet. */
  select(relative: string | undefined): FileChange[] {
    return this.list().filter((change) => change.state !== 'undone' && (relative === undefined || change.relative === relative));
  }

  review(): ReviewView {
    return {
      files: this.list().map((change) => ({
        path: change.relative,
        ...lineCounts(change.original ?? '', change.current),
        created: change.original === undefined,
        state: change.state,
      })),
    };
  }
}

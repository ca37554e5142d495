import { sameLength, secrets } from '../secrets/redact';
import type { HistoryFiles } from './historyStore';

/** Every string inside a JSON value, redacted with a mask as long as what it hides. */
function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return secrets.redact(value, sameLength);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactStrings(inner)]));
  }
  return value;
}

/** One JSON document (or journal line) with its strings redacted; text that is not JSON is redacted as text. */
function redactJson(text: string): string {
  if (text.trim() === '') return text;
  try {
    return JSON.stringify(redactStrings(JSON.parse(text)));
  } catch {
    return secrets.redact(text, sameLength);
  }
}

/**
 * History files that pass everything they write through the redaction step: a key pasted into a
 * question, or echoed in an error, never reaches the disk. Secrets are masked inside the JSON's
 * strings by as many `*` as they had characters, so the decoded text keeps its length: the
 * journal's `text` records continue an answer at the length it had in memory (historyJournal.ts),
 * and a longer or shorter marker would make the next record land in the wrong place.
 */
export function redactedHistory(files: HistoryFiles): HistoryFiles {
  return {
    location: files.location,
    read: (name) => files.read(name),
    write: (name, content) => files.write(name, redactJson(content)),
    // Journal appends are JSON lines, each starting on a line of its own.
    append: (name, content) => files.append(name, content.split('\n').map(redactJson).join('\n')),
    delete: (name) => files.delete(name),
    size: (name) => files.size(name),
    list: () => files.list(),
    locked: (work) => files.locked(work),
  };
}

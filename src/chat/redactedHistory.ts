import { redact } from '../secrets/redact';
import type { HistoryFiles } from './historyStore';

/**
 * History files that pass everything they write through the redaction step: a key pasted into a
 * question, or echoed in an error, never reaches the disk. (JSON stays valid: a secret is replaced
 * inside its string by `[redacted]`.)
 */
export function redactedHistory(files: HistoryFiles): HistoryFiles {
  return {
    read: (name) => files.read(name),
    write: (name, content) => files.write(name, redact(content)),
    delete: (name) => files.delete(name),
  };
}

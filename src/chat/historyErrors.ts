/** Why history could not be saved or read, in words a user can act on. */

interface Reason {
  readonly why: string;
  readonly fix: string;
}

const reasons: Readonly<Record<string, Reason>> = {
  ENOSPC: { why: 'the disk is full', fix: 'Free some disk space' },
  EDQUOT: { why: 'your disk quota is used up', fix: 'Free some space in your quota' },
  EROFS: { why: 'the storage is read-only', fix: 'Make the storage writable' },
  EACCES: { why: 'permission was denied', fix: 'Give your user write permission on the folder' },
  EPERM: { why: 'the operation was not permitted', fix: 'Give your user write permission on the folder' },
  ENOTDIR: { why: 'part of the folder’s path is a file, not a folder', fix: 'Move that file out of the way' },
  EISDIR: { why: 'a folder is where a history file should be', fix: 'Move that folder out of the way' },
  EMFILE: { why: 'too many files are open', fix: 'Close some programs' },
  EIO: { why: 'the disk reported an input/output error', fix: 'Check the disk' },
  ELOCKED: { why: 'another VS Code window kept the history locked', fix: 'Wait a moment' },
};

/** The error's code (`ENOSPC`…) in words, with the code for searching: "the disk is full (ENOSPC)". */
export function describeIoError(error: unknown): Reason {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = code ? reasons[code] : undefined;
  if (known) return { why: `${known.why} (${code})`, fix: known.fix };
  const message = error instanceof Error ? error.message : String(error);
  return { why: message.replace(/\s+/g, ' ').slice(0, 200), fix: 'Check the folder' };
}

/** The notice shown while saving fails; cleared by the next save that works. */
export function saveFailedNotice(error: unknown, folder: string): string {
  const { why, fix } = describeIoError(error);
  return `Chat history could not be saved: ${why}. Answers still work, but this conversation is not kept on disk yet. ${fix} (history folder: ${folder}); saving is retried with every answer.`;
}

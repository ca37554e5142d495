/**
 * A crash's frames placed in the workspace: each frame's path goes through the resolver that log
 * import uses (fix/workspaceResolver.ts, confined by fix/problemPaths.ts), so a crash can never
 * open or send a file outside the workspace folders. Pure (the resolver is passed in).
 */
import type { ProblemPath } from '../fix/problemPaths';
import type { CrashFrame } from './crashTypes';

/** Most distinct paths looked up for one crash: each lookup may ask the file system a few times. */
export const MAX_RESOLVED_FILES = 24;

/** A frame, and the workspace file (absolute, inside a workspace folder) its path named, if any. */
export interface LocatedFrame {
  readonly frame: CrashFrame;
  readonly file?: string;
}

/** The frames with their workspace files, top first; each distinct path is resolved once. */
export async function locateFrames(frames: readonly CrashFrame[], resolve: (written: string) => Promise<ProblemPath>): Promise<LocatedFrame[]> {
  const found = new Map<string, string | undefined>();
  const located: LocatedFrame[] = [];
  for (const frame of frames) {
    const written = frame.file;
    if (written === undefined || frame.line === undefined) {
      located.push({ frame });
      continue;
    }
    if (!found.has(written) && found.size < MAX_RESOLVED_FILES) {
      const where = await resolve(written);
      found.set(written, where.kind === 'inside' ? where.file : undefined);
    }
    const file = found.get(written);
    located.push(file === undefined ? { frame } : { frame, file });
  }
  return located;
}

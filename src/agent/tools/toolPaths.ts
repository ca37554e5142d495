/**
 * The `Error:` texts for paths a tool refuses. Every path goes through WorkspacePaths (the
 * context's confinement); these only say why, naming the path as the model wrote it. The model
 * reads them, so they are English and stable, like the rest of the tool protocol.
 */
import type { RefusedReason, WorkspacePath, WorkspacePaths } from '../../context/workspacePaths';

export function refusedText(written: string, reason: RefusedReason): string {
  switch (reason) {
    case 'network':
      return `Error: ${written} is a network path; only files inside the workspace folders can be used. Nothing was read.`;
    case 'device':
      return `Error: ${written} names a device; only files inside the workspace folders can be used. Nothing was read.`;
    case 'outside':
      return `Error: ${written} is outside the workspace; use a path relative to the workspace folder (no "..", "~", absolute paths or links that lead out). Nothing was read.`;
  }
}

export type Confined = { readonly ok: true; readonly absolute: string; readonly relative: string } | { readonly ok: false; readonly error: string };

/** The workspace file `written` names, or the `Error:` text saying why not. */
export async function confinedFile(paths: WorkspacePaths, written: string): Promise<Confined> {
  const resolved: WorkspacePath = await paths.resolve(written, 'file');
  if (resolved.kind === 'inside') return { ok: true, absolute: resolved.absolute, relative: resolved.relative };
  if (resolved.kind === 'refused') return { ok: false, error: refusedText(written, resolved.reason) };
  if ((await paths.resolve(written, 'folder')).kind === 'inside') {
    let folder = written;
    while (folder.endsWith('/')) folder = folder.slice(0, -1);
    return { ok: false, error: `Error: ${written} is a folder, not a file; list it with list_files {"glob": "${folder}/**"}.` };
  }
  return { ok: false, error: `Error: there is no file ${written} in the workspace. Paths are relative to the workspace folder; find files with list_files or search_text.` };
}

/** Why a glob is refused: it may only name files below the workspace folders. */
export function globRefusal(glob: string): string | undefined {
  const slashed = glob.trim().replace(/\\/g, '/');
  if (slashed.startsWith('/') || slashed.startsWith('~') || /^[A-Za-z]:/.test(slashed) || slashed.split('/').includes('..')) {
    return `Error: the glob ${glob} reaches outside the workspace; globs are relative to the workspace folders (e.g. "**/*.cs"), without "..", "~" or absolute paths.`;
  }
  return undefined;
}

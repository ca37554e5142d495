/**
 * History's file safety: atomic writes (write-file-atomic) and the folder's lock (proper-lockfile).
 * Bundled on its own (dist/fileSafety.js) and required with history's first write, so the 27 KB
 * they bring (graceful-fs's polyfills, retry, signal-exit) are not loaded at activation.
 */
export { default as writeFileAtomic } from 'write-file-atomic';
export { lock } from 'proper-lockfile';

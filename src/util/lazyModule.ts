/**
 * A module required on first use, then kept. The `require` stays literal at the call site, where
 * esbuild points it at the module's own bundle (esbuild.js, LAZY); transpiled one-to-one for the
 * tests, it loads the sibling file.
 */
export function lazyModule<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}

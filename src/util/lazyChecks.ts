/**
 * Typed guards over ajv checks generated ahead of time, loaded on first use rather than at
 * activation. `load` holds the literal `require` of the generated module, so esbuild can point it
 * at its own lazy bundle (esbuild.js, LAZY); transpiled one-to-one for the tests, it loads
 * the module next to the caller.
 */
type Check = (data: unknown) => boolean;

export function lazyChecks<M extends object>(load: () => M): <T>(name: keyof M) => (value: unknown) => value is T {
  let loaded: M | undefined;
  return <T>(name: keyof M) =>
    (value: unknown): value is T =>
      ((loaded ??= load())[name] as Check)(value);
}

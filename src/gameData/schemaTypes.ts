/** What the schema worker (schemaWorker.ts) is asked and answers; no code, so both sides import it. */

export interface SchemaCheckInput {
  /** The schema file's text. */
  readonly schema: string;
  /** The reply to validate; absent to check the schema alone (before any request is spent). */
  readonly reply?: string;
  /** At most this many validation errors are listed. */
  readonly maxErrors: number;
}

/** One validation error: where in the reply (a JSON Pointer, `/` for the whole) and what is wrong. */
export interface ReplyError {
  readonly path: string;
  readonly message: string;
}

export type SchemaCheckResult =
  /** The schema cannot be used: not JSON, an unsupported `$schema`, or ajv could not compile it. */
  | { readonly kind: 'schemaInvalid'; readonly message: string }
  /** The schema compiles (no reply was given). */
  | { readonly kind: 'schemaValid' }
  /** The reply matches; `pretty` is it indented by two. */
  | { readonly kind: 'valid'; readonly pretty: string }
  /** The reply is not JSON. */
  | { readonly kind: 'notJson'; readonly message: string }
  /** The reply breaks the schema: the first errors, and how many there were. */
  | { readonly kind: 'invalid'; readonly errors: readonly ReplyError[]; readonly total: number }
  /** The check took longer than allowed (a catastrophic `pattern`, an enormous schema) and was stopped. */
  | { readonly kind: 'timeout'; readonly ms: number }
  /** The check itself failed (the worker ran out of memory, or could not start). */
  | { readonly kind: 'failed'; readonly message: string }
  /** Over the size bound, not read. */
  | { readonly kind: 'tooLarge'; readonly what: 'schema' | 'reply'; readonly bytes: number; readonly limit: number };

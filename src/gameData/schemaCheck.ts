/**
 * Checks a user's JSON Schema, and a reply against it, in a worker thread (schemaWorker.ts) that
 * is terminated when it takes too long: a schema's `pattern` can make a regular expression run
 * for ever on model output, and nothing inside the thread can interrupt it. Both texts are bounded
 * before they are handed over, and the worker's heap is capped.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SchemaCheckInput, SchemaCheckResult } from './schemaTypes';

/** A schema file and a reply are read up to this. */
export const MAX_SCHEMA_BYTES = 256 * 1024;
export const MAX_REPLY_BYTES = 256 * 1024;
/** A check (compile and validate) is stopped after this, counted from when ajv is loaded in the worker. */
export const CHECK_TIMEOUT_MS = 5000;
/** Starting the worker and loading ajv is stopped after this. */
const START_TIMEOUT_MS = 30_000;
/** Validation errors listed. */
export const MAX_ERRORS = 20;

export interface CheckOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The worker script; next to this file, both bundled (dist/schemaWorker.js) and transpiled (out/). */
  readonly workerFile?: string;
}

/**
 * Compiles `schema` and, with `reply`, validates it. Never throws: every outcome, the time bound
 * and a worker that could not run included, is a result.
 */
export function checkSchema(schema: string, reply?: string, options: CheckOptions = {}): Promise<SchemaCheckResult> {
  const schemaBytes = Buffer.byteLength(schema);
  if (schemaBytes > MAX_SCHEMA_BYTES) return Promise.resolve({ kind: 'tooLarge', what: 'schema', bytes: schemaBytes, limit: MAX_SCHEMA_BYTES });
  const replyBytes = reply === undefined ? 0 : Buffer.byteLength(reply);
  if (replyBytes > MAX_REPLY_BYTES) return Promise.resolve({ kind: 'tooLarge', what: 'reply', bytes: replyBytes, limit: MAX_REPLY_BYTES });
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const input: SchemaCheckInput = { schema, ...(reply !== undefined ? { reply } : {}), maxErrors: MAX_ERRORS };
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(options.workerFile ?? path.join(__dirname, 'schemaWorker.js'), {
        workerData: input,
        resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      });
    } catch (error) {
      resolve({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    let settled = false;
    const finish = (result: SchemaCheckResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      void worker.terminate();
      resolve(result);
    };
    let timer = setTimeout(() => finish({ kind: 'failed', message: `the check did not start within ${START_TIMEOUT_MS / 1000} s` }), START_TIMEOUT_MS);
    const abort = (): void => finish({ kind: 'failed', message: 'cancelled' });
    options.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: SchemaCheckResult | 'started') => {
      if (message !== 'started') return finish(message);
      clearTimeout(timer);
      timer = setTimeout(() => finish({ kind: 'timeout', ms: timeoutMs }), timeoutMs);
    });
    worker.once('error', (error) => finish({ kind: 'failed', message: error.message }));
    worker.once('exit', (code) => finish({ kind: 'failed', message: `the check stopped (exit code ${code})` }));
  });
}

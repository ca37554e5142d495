/**
 * Raw-HTTP helpers for tests that talk to the development gateway with `fetch`: post a chat
 * request, and read an SSE body into its `data:` payloads while noting how the stream ended.
 * Kept next to the gateway so every test suite reads streams the same way.
 */

/** A key of the default (Starter) tier. */
export const STARTER_KEY = 'mg_live_starter_tests01';

/** The usual question, with an engine/language system message. */
export const SHADER_MESSAGES = [
  { role: 'system', content: 'Engine: Unity 2022.3. Language: C#.' },
  { role: 'user', content: 'How do I write a dissolve shader in HLSL with a glowing edge for my URP project?' },
] as const;

/** POSTs JSON (or a raw string) to `{baseUrl}{path}` with a Bearer key (omit with `key: null`). */
export function post(
  baseUrl: string,
  path: string,
  body: unknown,
  key: string | null = STARTER_KEY,
  signal?: AbortSignal,
): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key !== null) headers['Authorization'] = `Bearer ${key}`;
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
}

/** GETs `{baseUrl}{path}` with a Bearer key (omit with `key: null`). */
export function get(baseUrl: string, path: string, key: string | null = STARTER_KEY): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });
}

/** What arrived on an SSE response. */
export interface SseRead {
  /** The `data:` payloads in order (`[DONE]` included as the string `[DONE]`). */
  readonly payloads: string[];
  /** Every event was exactly one `data: …` line followed by a blank line. */
  readonly wellFramed: boolean;
  /** The body ended with an error (connection cut, abort). */
  readonly error: Error | undefined;
  /** Set when `idleMs` passed without new bytes and the read was aborted. */
  readonly stalled: boolean;
}

/**
 * Reads an SSE body to its end (or error). With `idleMs`, gives up when nothing arrives for that
 * long (the stall fault), cancelling the body so the connection closes.
 */
export async function readSse(response: Response, idleMs?: number): Promise<SseRead> {
  if (!response.body) throw new Error('response has no body');
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let error: Error | undefined;
  let stalled = false;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const idle =
      idleMs === undefined
        ? new Promise<never>(() => undefined)
        : new Promise<'idle'>((resolve) => (timer = setTimeout(() => resolve('idle'), idleMs)));
    try {
      const next = await Promise.race([reader.read(), idle]);
      if (next === 'idle') {
        stalled = true;
        await reader.cancel();
        break;
      }
      if (next.done) break;
      text += decoder.decode(next.value, { stream: true });
    } catch (caught) {
      error = caught instanceof Error ? caught : new Error(String(caught));
      break;
    } finally {
      clearTimeout(timer);
    }
  }
  const events = text.split('\n\n');
  const tail = events.pop();
  const wellFramed = tail === '' && events.every((event) => /^data: [^\n]*$/.test(event));
  const payloads = events.map((event) => event.replace(/^data: /, ''));
  return { payloads, wellFramed, error, stalled };
}

/** A parsed `chat.completion.chunk` (only the fields tests look at). */
export interface ChunkShape {
  readonly id: string;
  readonly object: string;
  readonly model: string;
  readonly created: number;
  readonly choices: ReadonlyArray<{
    readonly index: number;
    readonly delta: { readonly role?: string; readonly content?: string };
    readonly finish_reason: string | null;
  }>;
  /** Only with `stream_options.include_usage`: null on every chunk but the last, which has empty `choices`. */
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number; readonly total_tokens: number } | null;
}

/** Parses the JSON payloads (skips `[DONE]`; throws on malformed ones). */
export function chunksOf(read: SseRead): ChunkShape[] {
  return read.payloads.filter((p) => p !== '[DONE]').map((p) => JSON.parse(p) as ChunkShape);
}

/** The content of the chunks, joined. */
export function contentOf(chunks: readonly ChunkShape[]): string {
  return chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
}

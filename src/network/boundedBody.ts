/**
 * A response body read as text, at most `maxBytes` of it: past that the connection is dropped and
 * `tooLarge()` is thrown, so a hostile or broken server cannot fill the extension host's memory.
 */
export async function boundedText(response: Response, maxBytes: number, tooLarge: () => Error): Promise<string> {
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `text` without the slashes it ends with (`https://host/v1//` → `https://host/v1`); a loop, so no input can make it slow. */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return text.slice(0, end);
}

/** `text` without the line breaks it ends with; a loop, so no input can make it slow. */
export function withoutTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x0a || text.charCodeAt(end - 1) === 0x0d)) end--;
  return text.slice(0, end);
}

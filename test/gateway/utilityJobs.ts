/**
 * The small jobs VS Code's Chat view gives its utility model (`chat.utilitySmallModel`, see the
 * README), answered as a small model does: Copilot Chat asks for a session title with "Please
 * write a brief title for the following request:" and shows the reply as the chat's title. A
 * specialist's whole answer there would be wrong, so the gateway writes a few words of the request.
 */

/** Copilot Chat's title prompt (code-server 1.139), and the request after it (bounded: prompts are hostile too). */
const TITLE_REQUEST = /^Please write a brief title for the following request:\s*([^\n]{1,2000})/;
/** "Aim for 3-6 words", the prompt says. */
const TITLE_WORDS = 6;

/** The title for a title request (paths as their base name, at most six words, sentence case), else undefined. */
export function utilityAnswer(question: string): string | undefined {
  const request = TITLE_REQUEST.exec(question.trim())?.[1];
  if (!request) return undefined;
  const words = request
    .trim()
    .split(/\s+/)
    .slice(0, TITLE_WORDS)
    .map((word) => word.split(/[\\/]/).at(-1) ?? word);
  const title = words.join(' ').replace(/[.?!:,;]+$/, '');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

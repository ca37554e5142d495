import type { EngineInfo } from '../engine/detect';
import { engineLabel } from '../engine/detect';
import { languageName } from '../util/languages';

export { languageName };

/** Fence languages the webview highlights; VS Code ids that differ are mapped. */
const FENCE_LANGUAGES: Readonly<Record<string, string>> = { csharp: 'csharp', shellscript: 'bash', plaintext: '' };

/** A selection to ask about, as the editor gives it. */
export interface SelectionContext {
  /** Path relative to the workspace (or the file name). */
  readonly relativePath: string;
  readonly languageId: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  readonly engine?: EngineInfo;
}

/** What a question about a selection sends, shows and remembers. */
export interface PreparedQuestion {
  /** The user message: the question and the code, as markdown. */
  readonly text: string;
  /** The system line the gateway documents: "Engine: Unity 2022.3. Language: C#.". */
  readonly systemContext: string;
  /** Short label for the transcript: "Player.cs:12-20 · C# · Unity 2022.3". */
  readonly contextLabel: string;
  readonly languageId: string;
  readonly fileName: string;
}

/** Selections larger than this are cut (with a note) so the request stays under the 64 KB body limit. */
export const MAX_SELECTION_CHARS = 40_000;

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) {
    longest = Math.max(longest, match[0].length);
  }
  return longest;
}

export function systemContextLine(languageId: string, engine?: EngineInfo): string {
  const parts = [];
  if (engine) {
    parts.push(`Engine: ${engineLabel(engine)}.`);
  }
  parts.push(`Language: ${languageName(languageId)}.`);
  return parts.join(' ');
}

/** Builds the question for "Ask About Selection". */
export function prepareSelectionQuestion(question: string, selection: SelectionContext): PreparedQuestion {
  let code = selection.text;
  let cut = '';
  if (code.length > MAX_SELECTION_CHARS) {
    code = code.slice(0, MAX_SELECTION_CHARS);
    cut = `\n\n_(Selection cut to the first ${MAX_SELECTION_CHARS.toLocaleString('en-US')} characters to fit the gateway's 64 KB limit.)_`;
  }
  // A fence longer than any backtick run inside the code, so code containing ``` stays one block.
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  const lines = selection.startLine === selection.endLine ? `line ${selection.startLine}` : `lines ${selection.startLine}–${selection.endLine}`;
  const fenceLanguage = FENCE_LANGUAGES[selection.languageId] ?? selection.languageId;
  const text = `${question.trim()}\n\n\`${selection.relativePath}\` (${lines}):\n\n${fence}${fenceLanguage}\n${code.replace(/\n$/, '')}\n${fence}${cut}`;
  const fileName = selection.relativePath.split(/[\\/]/).pop() ?? selection.relativePath;
  const range = selection.startLine === selection.endLine ? `${selection.startLine}` : `${selection.startLine}-${selection.endLine}`;
  const labelParts = [`${fileName}:${range}`, languageName(selection.languageId)];
  if (selection.engine) {
    labelParts.push(engineLabel(selection.engine));
  }
  return {
    text,
    systemContext: systemContextLine(selection.languageId, selection.engine),
    contextLabel: labelParts.join(' · '),
    languageId: selection.languageId,
    fileName: selection.relativePath,
  };
}

/**
 * The `@monster` conversation as VS Code's Chat view keeps it: turns handed back in `context.history`,
 * with what the participant remembered in each result's metadata. No `vscode` import, so the rules
 * (what goes back to the gateway, which discipline is pinned, what `/discipline` means) are unit tested.
 */
import { DISCIPLINES, disciplineLabel, normalizeDisciplineId, type Discipline } from '../disciplines/catalog';
import type { ConversationTurn } from '../answering/compose';

/** What `@monster` keeps in each ChatResult's metadata; VS Code hands it back with the history. */
export interface ParticipantMetadata {
  /** The slash command of the turn (`fix`, `explain`, `discipline`), if any. */
  readonly command?: string;
  /** Id of the discipline that answered. */
  readonly discipline?: string;
  /** The conversation's pin after this turn (a discipline id, or `auto`); absent when the conversation follows the setting. */
  readonly pin?: string;
  /** The markdown line naming who answered, written before the answer (left out of the history sent back). */
  readonly header?: string;
  /** The user message actually sent, when it is more than the prompt (e.g. `/explain` adds the code). */
  readonly sent?: string;
  /** True when the turn is a question and its answer, to be carried into follow-ups. */
  readonly conversational?: boolean;
}

/** One turn of the Chat view's history, reduced to what the conversation needs. */
export type HistoryTurn =
  | { readonly kind: 'request'; readonly prompt: string; readonly command?: string }
  | { readonly kind: 'response'; readonly text: string; readonly metadata?: ParticipantMetadata };

/** "**Shader · Technical Artist**": how an answer in the Chat view names its specialist, before the text. */
export function answerHeader(discipline: Discipline): string {
  return `**${disciplineLabel(discipline)}**\n\n`;
}

/**
 * The conversation so far as gateway turns: each question that was answered, and its answer.
 * Fixes, pins without a question, and failed turns are left out; so is the specialist header.
 */
export function conversationTurns(history: readonly HistoryTurn[]): ConversationTurn[] {
  const turns: ConversationTurn[] = [];
  for (let i = 0; i + 1 < history.length; i++) {
    const request = history[i];
    const response = history[i + 1];
    if (request.kind !== 'request' || response.kind !== 'response') continue;
    i++;
    const meta = response.metadata;
    if (!meta?.conversational) continue;
    const answer = (meta.header && response.text.startsWith(meta.header) ? response.text.slice(meta.header.length) : response.text).trim();
    const question = (meta.sent ?? request.prompt).trim();
    if (answer && question) {
      turns.push({ role: 'user', content: question }, { role: 'assistant', content: answer });
    }
  }
  return turns;
}

/** The discipline pinned in this conversation with `/discipline` (latest wins), or undefined. */
export function conversationPin(history: readonly HistoryTurn[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i];
    if (turn.kind === 'response' && turn.metadata?.pin) {
      return turn.metadata.pin;
    }
  }
  return undefined;
}

/** What `/discipline …` asked for. */
export type DisciplineCommand =
  /** Pin `pin` (a discipline id, or `auto`); `rest` is a question to ask right away, if any. */
  | { readonly kind: 'pin'; readonly pin: string; readonly rest: string }
  /** No name: list the disciplines. */
  | { readonly kind: 'list' }
  /** A name that matches nothing. */
  | { readonly kind: 'unknown'; readonly name: string };

const AUTO_NAMES = new Set(['auto', 'automatic', 'none', 'off', 'routing']);

/** The discipline a user's name for it means: id (`ui-ux`), name (`UI/UX`, `Level Design`) or specialist (`Technical Artist`). */
export function findDiscipline(name: string): Discipline | undefined {
  const wanted = normalizeDisciplineId(name);
  if (!wanted) return undefined;
  return DISCIPLINES.find(
    (d) => d.id === wanted || normalizeDisciplineId(d.name) === wanted || normalizeDisciplineId(d.specialist) === wanted,
  );
}

/** Parses `/discipline shader`, `/discipline level design how do I pace a boss fight?`, `/discipline auto`. */
export function parseDisciplineCommand(prompt: string): DisciplineCommand {
  const words = prompt.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return { kind: 'list' };
  }
  if (AUTO_NAMES.has(words[0].toLowerCase())) {
    return { kind: 'pin', pin: 'auto', rest: words.slice(1).join(' ') };
  }
  // Longest name first: "level design" must not stop at "level".
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const found = findDiscipline(words.slice(0, n).join(' '));
    if (found) {
      return { kind: 'pin', pin: found.id, rest: words.slice(n).join(' ') };
    }
  }
  return { kind: 'unknown', name: words[0] };
}

/**
 * Messages VS Code hands a language model provider, turned into gateway turns. No `vscode` import:
 * parts are read by shape (a text part has a string `value`; a tool result has `content` parts).
 */
import type { ChatTurn } from '../gateway/client';

/** `LanguageModelChatMessageRole` values of the finalized API. */
const ROLES: Readonly<Record<number, ChatTurn['role']>> = { 1: 'user', 2: 'assistant', 3: 'system' };

/** The text of a message part: text parts, and the text inside tool results; nothing for images or data. */
function partText(part: unknown): string {
  if (typeof part !== 'object' || part === null) return '';
  const { value, content } = part as { value?: unknown; content?: unknown };
  if (typeof value === 'string') return value;
  if (Array.isArray(content)) return content.map(partText).join('');
  return '';
}

/** One gateway turn per message with text, in order; roles the gateway does not know are sent as `user`. */
export function toGatewayTurns(messages: ReadonlyArray<{ readonly role: number; readonly content: ReadonlyArray<unknown> | string }>): ChatTurn[] {
  return messages.flatMap((message): ChatTurn[] => {
    const text = typeof message.content === 'string' ? message.content : message.content.map(partText).join('');
    return text ? [{ role: ROLES[message.role] ?? 'user', content: text }] : [];
  });
}

/** A token estimate good enough for VS Code's budgeting: the gateway, like most, counts about 4 characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

import type { ContextItem } from '../answering/contextTypes';
import type { ChatMessageView, ConversationSummary } from '../shared/protocol';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A message as stored: what the webview shows, plus what the next request needs. */
export interface StoredMessage extends Mutable<ChatMessageView> {
  /**
   * Written by versions before the answering engine (the engine line of Ask About Selection);
   * read and ignored now: the engine line is made fresh for every request.
   */
  systemContext?: string;
  /** User messages: the context attached, as it was sent (a follow-up or a retry sends it again). */
  items?: ContextItem[];
  /** User messages: what the model was asked, when it is not the text shown (Analyze Crash's brief for other gateways). */
  prompt?: string;
  /** What the router looks at besides the text. */
  languageId?: string;
  fileName?: string;
}

export interface Conversation {
  readonly id: string;
  title: string;
  readonly createdAt: number;
  updatedAt: number;
  messages: StoredMessage[];
}

const TITLE_LENGTH = 60;

/** The first line of the first question, shortened: what the history list shows. */
export function titleFor(conversation: Conversation): string {
  const first = conversation.messages.find((m) => m.role === 'user');
  if (!first) {
    return 'New chat';
  }
  const line = first.text.split('\n').find((l) => l.trim() && !l.startsWith('```'))?.trim() ?? 'Question about code';
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
}

export function summarize(conversation: Conversation): ConversationSummary {
  return {
    id: conversation.id,
    title: conversation.title,
    updatedAt: conversation.updatedAt,
    messageCount: conversation.messages.length,
  };
}

/** The webview's copy of a stored message: internal fields stay in the host. */
export function toView(message: StoredMessage): ChatMessageView {
  const { systemContext: _s, languageId: _l, fileName: _f, items: _i, prompt: _p, ...view } = message;
  return view;
}

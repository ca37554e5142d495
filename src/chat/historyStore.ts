import type { ConversationSummary } from '../shared/protocol';
import { summarize, type Conversation } from './conversation';

/** The part of vscode.Memento the store needs (workspaceState: history is per workspace). */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const INDEX_KEY = 'monsterGaming.history.index';
const CURRENT_KEY = 'monsterGaming.history.current';
const conversationKey = (id: string): string => `monsterGaming.history.conversation.${id}`;

/** Messages kept per conversation; the oldest go first beyond this. */
export const MAX_MESSAGES_PER_CONVERSATION = 2000;

/**
 * Past conversations, per workspace, bounded in number and size. Each conversation is its own
 * Memento entry so saving one answer does not rewrite the whole history.
 */
export class ConversationStore {
  constructor(
    private readonly memento: MementoLike,
    private readonly maxConversations: () => number,
  ) {}

  list(): ConversationSummary[] {
    return [...(this.memento.get<ConversationSummary[]>(INDEX_KEY) ?? [])].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  load(id: string): Conversation | undefined {
    const conversation = this.memento.get<Conversation>(conversationKey(id));
    if (!conversation || !Array.isArray(conversation.messages)) {
      return undefined;
    }
    // An answer that was streaming when the window closed did not finish.
    for (const message of conversation.messages) {
      if (message.status === 'streaming' || message.status === 'waiting') {
        message.status = 'incomplete';
      }
    }
    return conversation;
  }

  /** The conversation that was open last, if it still exists. */
  current(): Conversation | undefined {
    const id = this.memento.get<string>(CURRENT_KEY);
    return id ? this.load(id) : undefined;
  }

  async setCurrent(id: string | undefined): Promise<void> {
    await this.memento.update(CURRENT_KEY, id);
  }

  /** Saves a conversation (empty ones are not kept) and drops the oldest beyond the limit. */
  async save(conversation: Conversation): Promise<void> {
    if (conversation.messages.length === 0) {
      return;
    }
    if (conversation.messages.length > MAX_MESSAGES_PER_CONVERSATION) {
      conversation.messages.splice(0, conversation.messages.length - MAX_MESSAGES_PER_CONVERSATION);
    }
    await this.memento.update(conversationKey(conversation.id), conversation);
    const index = this.list().filter((s) => s.id !== conversation.id);
    index.unshift(summarize(conversation));
    const keep = Math.max(1, this.maxConversations());
    for (const dropped of index.splice(keep)) {
      await this.memento.update(conversationKey(dropped.id), undefined);
    }
    await this.memento.update(INDEX_KEY, index);
  }

  async delete(id: string): Promise<void> {
    await this.memento.update(conversationKey(id), undefined);
    await this.memento.update(
      INDEX_KEY,
      this.list().filter((s) => s.id !== id),
    );
    if (this.memento.get<string>(CURRENT_KEY) === id) {
      await this.memento.update(CURRENT_KEY, undefined);
    }
  }
}

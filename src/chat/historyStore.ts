import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { ConversationSummary } from '../shared/protocol';
import { summarize, type Conversation } from './conversation';

/**
 * Files in one folder. History is kept in files (the extension's workspace storage folder), not
 * in Memento: files are written by the extension host itself, so a window reload right after an
 * answer cannot lose it, and a 2 MB conversation does not bloat VS Code's state database.
 */
export interface HistoryFiles {
  read(name: string): Promise<string | undefined>;
  write(name: string, content: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** HistoryFiles on the local file system; writes go through a temporary file and a rename. */
export class FolderHistoryFiles implements HistoryFiles {
  constructor(private readonly folder: string) {}

  async read(name: string): Promise<string | undefined> {
    try {
      return await fs.readFile(path.join(this.folder, name), 'utf8');
    } catch {
      return undefined;
    }
  }

  async write(name: string, content: string): Promise<void> {
    await fs.mkdir(this.folder, { recursive: true });
    const target = path.join(this.folder, name);
    const temp = `${target}.${process.pid}.tmp`;
    await fs.writeFile(temp, content, 'utf8');
    await fs.rename(temp, target);
  }

  async delete(name: string): Promise<void> {
    await fs.rm(path.join(this.folder, name), { force: true });
  }
}

interface IndexFile {
  readonly version: 1;
  readonly current?: string;
  readonly conversations: ConversationSummary[];
}

const INDEX = 'index.json';
const conversationFile = (id: string): string => `conversation-${id.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;

/** Messages kept per conversation; the oldest go first beyond this. */
export const MAX_MESSAGES_PER_CONVERSATION = 2000;

/**
 * Past conversations of one workspace, bounded in number and size: an index (kept in memory)
 * and one file per conversation, so saving an answer rewrites only its own conversation.
 * Writes are queued, so they land in the order they were made.
 */
export class ConversationStore {
  private index: ConversationSummary[] = [];
  private currentId: string | undefined;
  private readonly loaded: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly files: HistoryFiles,
    private readonly maxConversations: () => number,
  ) {
    this.loaded = this.loadIndex();
  }

  /** Resolves once the index has been read. */
  ready(): Promise<void> {
    return this.loaded;
  }

  private async loadIndex(): Promise<void> {
    const raw = await this.files.read(INDEX);
    if (!raw) {
      return;
    }
    try {
      const parsed = JSON.parse(raw) as Partial<IndexFile>;
      this.index = Array.isArray(parsed.conversations) ? parsed.conversations.filter((s) => typeof s?.id === 'string') : [];
      this.currentId = typeof parsed.current === 'string' ? parsed.current : undefined;
    } catch {
      // A corrupt index loses the list, not the conversations; it is rewritten on the next save.
      this.index = [];
    }
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private writeIndex(): Promise<void> {
    const content: IndexFile = { version: 1, current: this.currentId, conversations: this.index };
    return this.files.write(INDEX, JSON.stringify(content));
  }

  /** Newest first. */
  list(): ConversationSummary[] {
    return [...this.index].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async load(id: string): Promise<Conversation | undefined> {
    await this.loaded;
    await this.queue;
    const raw = await this.files.read(conversationFile(id));
    if (!raw) {
      return undefined;
    }
    let conversation: Conversation;
    try {
      conversation = JSON.parse(raw) as Conversation;
    } catch {
      return undefined;
    }
    if (!Array.isArray(conversation.messages)) {
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
  async current(): Promise<Conversation | undefined> {
    await this.loaded;
    return this.currentId ? this.load(this.currentId) : undefined;
  }

  async setCurrent(id: string | undefined): Promise<void> {
    await this.loaded;
    if (this.currentId === id) {
      return;
    }
    this.currentId = id;
    await this.enqueue(() => this.writeIndex());
  }

  /** Saves a conversation (empty ones are not kept) and drops the oldest beyond the limit. */
  async save(conversation: Conversation): Promise<void> {
    await this.loaded;
    if (conversation.messages.length === 0) {
      return;
    }
    if (conversation.messages.length > MAX_MESSAGES_PER_CONVERSATION) {
      conversation.messages.splice(0, conversation.messages.length - MAX_MESSAGES_PER_CONVERSATION);
    }
    const content = JSON.stringify(conversation);
    const index = this.list().filter((s) => s.id !== conversation.id);
    index.unshift(summarize(conversation));
    const dropped = index.splice(Math.max(1, this.maxConversations()));
    this.index = index;
    if (dropped.some((d) => d.id === this.currentId)) {
      this.currentId = undefined;
    }
    await this.enqueue(async () => {
      await this.files.write(conversationFile(conversation.id), content);
      for (const old of dropped) {
        await this.files.delete(conversationFile(old.id));
      }
      await this.writeIndex();
    });
  }

  async delete(id: string): Promise<void> {
    await this.loaded;
    this.index = this.index.filter((s) => s.id !== id);
    if (this.currentId === id) {
      this.currentId = undefined;
    }
    await this.enqueue(async () => {
      await this.files.delete(conversationFile(id));
      await this.writeIndex();
    });
  }
}

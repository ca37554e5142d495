import type { ConversationSummary } from '../shared/protocol';
import { summarize, type Conversation } from './conversation';
import { isConversationEnvelope, isIndexEnvelope, isSummary, isTombstone } from './historyChecks';
import { describeIoError } from './historyErrors';
import type { HistoryFiles } from './historyFiles';
import { baselineOf, changesSince, journalLines, replay, type Baseline, type Replayed } from './historyJournal';
import type { Tombstone } from './historySchema';

export { FolderHistoryFiles, type HistoryFiles } from './historyFiles';

/** index.json as written since version 1; `deleted` was added later (older versions ignore it). */
interface IndexState {
  current?: string;
  conversations: ConversationSummary[];
  deleted: Tombstone[];
}

const INDEX = 'index.json';
const FILE = /^conversation-(.+)\.json$/;
const JOURNAL = /^conversation-(.+)\.jsonl$/;
const safeId = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, '_');
const conversationFile = (id: string): string => `conversation-${safeId(id)}.json`;
const journalFile = (id: string): string => `conversation-${safeId(id)}.jsonl`;

/** Messages kept per conversation; the oldest go first beyond this. */
export const MAX_MESSAGES_PER_CONVERSATION = 2000;
/** Deletions remembered, so another window's older copy cannot bring a conversation back. */
const MAX_TOMBSTONES = 500;
/** Conversations whose last saved state is remembered (the open one, and the one before it). */
const MAX_BASELINES = 4;
/** The journal is folded into the conversation file once it is this share of it (or the file is small). */
const COMPACT_SHARE = 0.25;
const SMALL_FILE_BYTES = 1024 * 1024;

/** A conversation read from history, or why it could not be. */
export interface LoadResult {
  /** Absent when there is no such conversation, or it could not be read (then `problem` says why). */
  readonly conversation?: Conversation;
  /** For a notice: messages left out because they were damaged, or why the file could not be read. */
  readonly problem?: string;
}

const isAnswering = (conversation: Conversation): boolean => conversation.messages.some((m) => m.status === 'streaming' || m.status === 'waiting');

/**
 * Past conversations, bounded in number and size, in one folder that other windows and processes
 * may share:
 * - `conversation-<id>.json`: a conversation as of its last compaction (the format of every version);
 * - `conversation-<id>.jsonl`: its journal, appended by saves since (historyJournal.ts), folded back
 *   into the file when no answer is streaming and the journal has grown (or when it is opened);
 * - `index.json`: the list (a cache: rebuilt from the files when missing or damaged), which
 *   conversation was open last, and recent deletions.
 * Every read-modify-write holds the folder's lock and merges with what is on disk, so two windows
 * never overwrite each other's work. Saves are queued and land in order; a failed save throws, and
 * the next one writes whatever the failed one did not.
 */
export class ConversationStore {
  private index: ConversationSummary[] = [];
  private currentId: string | undefined;
  private readonly loaded: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();
  /** What is on disk of recently saved or loaded conversations, newest last. */
  private readonly baselines = new Map<string, Baseline>();
  /** Saves waiting in the queue, by conversation: a later save joins the waiting one. */
  private readonly waiting = new Map<string, { conversation: Conversation; done: Promise<void> }>();

  constructor(
    private readonly files: HistoryFiles,
    private readonly maxConversations: () => number,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.loaded = this.enqueue(() => this.loadIndex()).catch((error: unknown) => this.log(`Could not read the chat history index: ${String(error)}`));
  }

  /** Where the files are. */
  get location(): string {
    return this.files.location;
  }

  /** Resolves once the index has been read (never rejects). */
  ready(): Promise<void> {
    return this.loaded;
  }

  /** Resolves once every queued write (and compaction) has finished. */
  async idle(): Promise<void> {
    for (let last: Promise<unknown> | undefined; last !== this.queue; ) {
      last = this.queue;
      await last;
    }
  }

  /** Newest first. */
  list(): ConversationSummary[] {
    return [...this.index].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Reads the list again (another window may have changed it). */
  async refresh(): Promise<void> {
    await this.loaded;
    await this.enqueue(async () => {
      this.adopt(await this.readIndex());
    });
  }

  async load(id: string): Promise<LoadResult> {
    await this.loaded;
    return this.enqueue(async () => {
      let replayed: Replayed | undefined;
      try {
        replayed = await this.files.locked(() => this.readConversation(id));
      } catch (error) {
        const { why } = describeIoError(error);
        return { problem: `This conversation could not be read: ${why}. Its file stays as it is: ${this.files.location}/${conversationFile(id)}` };
      }
      if (!replayed) return {};
      const { conversation, damaged } = replayed;
      this.remember(conversation.id, baselineOf(conversation));
      // An answer that was streaming when the window closed did not finish.
      for (const message of conversation.messages) {
        if (message.status === 'streaming' || message.status === 'waiting') message.status = 'incomplete';
      }
      this.compactLater(id);
      if (damaged === 0) return { conversation };
      this.log(`History: ${damaged} damaged message(s) or journal record(s) left out of conversation ${id}.`);
      return {
        conversation,
        problem: `${damaged} damaged message${damaged === 1 ? ' of this conversation could not be read and was' : 's of this conversation could not be read and were'} left out.`,
      };
    });
  }

  /** The conversation that was open last, if it still exists. */
  async current(): Promise<LoadResult> {
    await this.loaded;
    return this.currentId ? this.load(this.currentId) : {};
  }

  async setCurrent(id: string | undefined): Promise<void> {
    await this.loaded;
    if (this.currentId === id) return;
    this.currentId = id;
    await this.enqueue(() => this.files.locked(() => this.updateIndex(() => undefined)));
  }

  /**
   * Saves a conversation (empty ones are not kept): appends what changed since this store last
   * wrote or read it, or writes it whole when it is new here. Drops the oldest beyond the limit.
   */
  async save(conversation: Conversation): Promise<void> {
    await this.loaded;
    if (conversation.messages.length === 0) return;
    if (conversation.messages.length > MAX_MESSAGES_PER_CONVERSATION) {
      conversation.messages.splice(0, conversation.messages.length - MAX_MESSAGES_PER_CONVERSATION);
    }
    this.index = [summarize(conversation), ...this.index.filter((s) => s.id !== conversation.id)];
    const waiting = this.waiting.get(conversation.id);
    if (waiting) {
      waiting.conversation = conversation;
      return waiting.done;
    }
    const entry = { conversation, done: Promise.resolve() };
    entry.done = this.enqueue(async () => {
      this.waiting.delete(conversation.id);
      await this.files.locked(() => this.write(entry.conversation));
      if (!isAnswering(entry.conversation)) this.compactLater(entry.conversation.id);
    });
    this.waiting.set(conversation.id, entry);
    return entry.done;
  }

  async delete(id: string): Promise<void> {
    await this.loaded;
    this.index = this.index.filter((s) => s.id !== id);
    if (this.currentId === id) this.currentId = undefined;
    this.baselines.delete(id);
    await this.enqueue(() =>
      this.files.locked(async () => {
        await this.removeFiles(id);
        await this.updateIndex((state) => {
          state.conversations = state.conversations.filter((s) => s.id !== id);
          state.deleted.push({ id, at: Date.now() });
        });
      }),
    );
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private remember(id: string, baseline: Baseline): void {
    this.baselines.delete(id);
    this.baselines.set(id, baseline);
    for (const old of this.baselines.keys()) {
      if (this.baselines.size <= MAX_BASELINES) break;
      this.baselines.delete(old);
    }
  }

  // ------------------------------------------------------------------------------ under the lock

  /** Writes what changed; under the lock. */
  private async write(conversation: Conversation): Promise<void> {
    const state = await this.readIndex();
    const tombstone = state.deleted.find((t) => t.id === conversation.id);
    if (tombstone) {
      // Deleted in another window: it comes back only with a message newer than the deletion.
      if (!conversation.messages.some((m) => m.createdAt > tombstone.at)) {
        this.baselines.delete(conversation.id);
        this.adopt(state);
        return;
      }
      state.deleted = state.deleted.filter((t) => t !== tombstone);
    }
    const baseline = this.baselines.get(conversation.id);
    const onDisk = (await this.files.size(conversationFile(conversation.id))) !== undefined;
    // The base of the next save is what this one writes, taken with its text: the conversation can
    // change while the write is on its way (an answer ends mid-write), and that change is the next save's.
    const written = baselineOf(conversation);
    if (baseline && onDisk) {
      const records = changesSince(baseline, conversation);
      if (records.length > 0) await this.files.append(journalFile(conversation.id), journalLines(records));
    } else {
      // New here, or its file went away: write it whole.
      await this.files.write(conversationFile(conversation.id), JSON.stringify(conversation));
      await this.files.delete(journalFile(conversation.id));
    }
    this.remember(conversation.id, written);
    const summary = summarize(conversation);
    const listed = state.conversations.find((s) => s.id === conversation.id);
    // While an answer streams only its time changes: the index is written when something else does.
    if (tombstone || !listed || listed.title !== summary.title || listed.messageCount !== summary.messageCount || !isAnswering(conversation)) {
      await this.updateIndex((fresh) => {
        fresh.deleted = fresh.deleted.filter((t) => t.id !== conversation.id);
        fresh.conversations = [summary, ...fresh.conversations.filter((s) => s.id !== conversation.id)];
      }, state);
    } else {
      this.adopt(state, summary);
    }
  }

  /**
   * Applies `change` to the index on disk (read again unless just read under this lock), drops the
   * oldest conversations beyond the limit, writes it, and makes it this window's list.
   */
  private async updateIndex(change: (state: IndexState) => void, read?: IndexState): Promise<void> {
    const state = read ?? (await this.readIndex());
    change(state);
    if (this.currentId !== undefined && !state.conversations.some((s) => s.id === this.currentId)) this.currentId = undefined;
    state.current = this.currentId;
    const kept = [...state.conversations].sort((a, b) => b.updatedAt - a.updatedAt);
    const dropped = kept.splice(Math.max(1, this.maxConversations()));
    for (const old of dropped) {
      await this.removeFiles(old.id);
      state.deleted.push({ id: old.id, at: Date.now() });
    }
    state.conversations = kept;
    state.deleted = state.deleted.slice(-MAX_TOMBSTONES);
    await this.files.write(INDEX, JSON.stringify({ version: 1, current: state.current, conversations: state.conversations, deleted: state.deleted }));
    this.adopt(state);
  }

  /** Takes the list on disk as this window's (with `fresh` for the conversation just saved). */
  private adopt(state: IndexState, fresh?: ConversationSummary): void {
    this.index = fresh ? [fresh, ...state.conversations.filter((s) => s.id !== fresh.id)] : state.conversations;
    if (this.currentId !== undefined && !this.index.some((s) => s.id === this.currentId)) this.currentId = undefined;
  }

  private async removeFiles(id: string): Promise<void> {
    this.baselines.delete(id);
    await this.files.delete(conversationFile(id));
    await this.files.delete(journalFile(id));
  }

  /** The index on disk, checked; rebuilt from the conversation files when missing or damaged. */
  private async readIndex(): Promise<IndexState & { rebuilt?: true }> {
    let raw: string | undefined;
    try {
      raw = await this.files.read(INDEX);
    } catch (error) {
      this.log(`Could not read the chat history index, rebuilding it: ${String(error)}`);
    }
    let parsed: unknown;
    try {
      parsed = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      this.log('The chat history index is damaged; rebuilding it from the conversation files.');
    }
    if (!isIndexEnvelope(parsed)) return { conversations: await this.summariesOf(await this.conversationNames()), deleted: [], rebuilt: true };
    return {
      current: parsed.current,
      conversations: parsed.conversations.filter(isSummary),
      deleted: (parsed.deleted ?? []).filter(isTombstone),
    };
  }

  /**
   * Reads the index at activation and makes it agree with the folder: nothing listed whose files
   * are gone, nothing unlisted whose files are there (unless deleted). Written back, under the
   * lock, only when something had to change.
   */
  private async loadIndex(): Promise<void> {
    const first = await this.reconciled();
    this.currentId = first.state.current;
    this.adopt(first.state);
    if (!first.changed) return;
    // A storage that cannot be written is reported by the first save, not here.
    await this.files
      .locked(async () => {
        const again = await this.reconciled();
        if (again.changed) await this.updateIndex(() => undefined, again.state);
        else this.adopt(again.state);
      })
      .catch((error: unknown) => this.log(`Could not write the rebuilt chat history index: ${String(error)}`));
  }

  private async reconciled(): Promise<{ state: IndexState; changed: boolean }> {
    const names = await this.files.list();
    const state = await this.readIndex();
    if (state.rebuilt) return { state, changed: state.conversations.length > 0 };
    const present = new Set(await this.conversationNames(names));
    const listed = new Set(state.conversations.map((s) => conversationFile(s.id)));
    const deleted = new Set(state.deleted.map((t) => conversationFile(t.id)));
    const kept = state.conversations.filter((s) => present.has(conversationFile(s.id)));
    const orphans = [...present].filter((name) => !listed.has(name) && !deleted.has(name));
    const changed = kept.length !== state.conversations.length || orphans.length > 0;
    return { state: { ...state, conversations: [...kept, ...(await this.summariesOf(orphans))] }, changed };
  }

  /** The conversation files in the folder (a conversation with only a journal is named by its file too). */
  private async conversationNames(names?: string[]): Promise<string[]> {
    const all = names ?? (await this.files.list());
    const files = new Set<string>();
    for (const name of all) {
      const id = FILE.exec(name)?.[1] ?? JOURNAL.exec(name)?.[1];
      if (id !== undefined) files.add(`conversation-${id}.json`);
    }
    return [...files];
  }

  /** The list entries of conversation files; one that cannot be read is listed under its file name. */
  private async summariesOf(names: readonly string[]): Promise<ConversationSummary[]> {
    const summaries: ConversationSummary[] = [];
    for (const name of names) {
      const id = FILE.exec(name)?.[1] ?? name;
      try {
        const replayed = await this.readConversation(id);
        if (replayed) summaries.push(summarize({ ...replayed.conversation, id: safeId(replayed.conversation.id) === id ? replayed.conversation.id : id }));
      } catch (error) {
        this.log(`History: ${name} cannot be read (${String(error)}); it is listed so it can be opened or deleted.`);
        summaries.push({ id, title: `Unreadable conversation (${name})`, updatedAt: 0, messageCount: 0 });
      }
    }
    return summaries;
  }

  /** A conversation's file and journal, replayed; throws when the file cannot be read or is not a conversation. */
  private async readConversation(id: string): Promise<Replayed | undefined> {
    const raw = await this.files.read(conversationFile(id));
    const journal = await this.files.read(journalFile(id));
    let envelope: unknown;
    if (raw !== undefined) {
      try {
        envelope = JSON.parse(raw);
      } catch {
        throw Object.assign(new Error('the file is damaged (not valid JSON)'), { code: 'EDAMAGED' });
      }
      if (!isConversationEnvelope(envelope)) throw Object.assign(new Error('the file is not a conversation'), { code: 'EDAMAGED' });
    }
    return replay(envelope as Parameters<typeof replay>[0], journal, id);
  }

  /** Folds a conversation's journal into its file, later in the queue, when it has grown enough. */
  private compactLater(id: string): void {
    void this.enqueue(() => this.files.locked(() => this.compact(id))).catch((error: unknown) => this.log(`Could not fold the journal of conversation ${id}: ${String(error)}`));
  }

  private async compact(id: string): Promise<void> {
    const journalBytes = await this.files.size(journalFile(id));
    if (journalBytes === undefined) return;
    const fileBytes = (await this.files.size(conversationFile(id))) ?? 0;
    if (fileBytes > SMALL_FILE_BYTES && journalBytes < fileBytes * COMPACT_SHARE) return;
    // From the disk, not from memory: the journal may hold another window's records too.
    const replayed = await this.readConversation(id);
    if (!replayed || isAnswering(replayed.conversation)) return;
    await this.files.write(conversationFile(id), JSON.stringify(replayed.conversation));
    await this.files.delete(journalFile(id));
  }
}

/**
 * The journal of a conversation: what changed since its file was last written, one JSON record a
 * line in `conversation-<id>.jsonl`. A save while an answer streams appends a few records (the new
 * text, a status) instead of rewriting a conversation that may be megabytes; the journal is folded
 * back into the conversation file once the answer has ended (see ConversationStore).
 *
 * Replaying is idempotent (a record applied twice changes nothing), so a crash between writing the
 * folded file and deleting the journal loses nothing and doubles nothing. Records name messages by
 * id, so two windows appending to one journal keep both windows' messages.
 */
import type { Conversation, StoredMessage } from './conversation';
import { isJournalRecord, isStoredMessage } from './historyChecks';
import type { ConversationEnvelope, JournalRecord } from './historySchema';

/** What this window last wrote (or read) of a conversation: the base the next save is compared to. */
export interface Baseline {
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** By message id: its text (the same string, not a copy) and its other fields. */
  readonly messages: ReadonlyMap<string, { readonly text: string; readonly fields: Readonly<Record<string, unknown>> }>;
}

function fieldsOf(message: StoredMessage): Record<string, unknown> {
  const { text: _text, ...fields } = message;
  return fields;
}

/** Remembers the conversation as it is now (cheap: texts are shared, not copied). */
export function baselineOf(conversation: Conversation): Baseline {
  return {
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    messages: new Map(conversation.messages.map((m) => [m.id, { text: m.text, fields: fieldsOf(m) }])),
  };
}

/** Shallow, `text` aside: `discipline` and `error` are replaced, never changed in place, by the controller. */
function sameFields(message: StoredMessage, fields: Readonly<Record<string, unknown>>): boolean {
  let count = 0;
  for (const key in message) {
    if (key === 'text') continue;
    if (message[key as keyof StoredMessage] !== fields[key]) return false;
    count++;
  }
  return count === Object.keys(fields).length;
}

/**
 * The records that turn `before` into `conversation`: the new text of a message that only grew
 * (an answer streaming), the whole message for any other change, and what was added or removed.
 */
export function changesSince(before: Baseline, conversation: Conversation): JournalRecord[] {
  const records: JournalRecord[] = [];
  const { id, title, createdAt, updatedAt } = conversation;
  if (title !== before.title || updatedAt !== before.updatedAt) {
    records.push({ type: 'meta', id, title, createdAt, updatedAt });
  }
  const present = new Set(conversation.messages.map((m) => m.id));
  for (const known of before.messages.keys()) {
    if (!present.has(known)) records.push({ type: 'remove', id: known });
  }
  for (const message of conversation.messages) {
    const known = before.messages.get(message.id);
    const fieldsKept = known !== undefined && sameFields(message, known.fields);
    if (fieldsKept && message.text === known.text) continue;
    if (fieldsKept && message.text.startsWith(known.text)) {
      records.push({ type: 'text', id: message.id, at: known.text.length, text: message.text.slice(known.text.length) });
    } else {
      records.push({ type: 'put', message });
    }
  }
  return records;
}

/** Records as journal lines. Each starts on a line of its own, even after a torn last line. */
export function journalLines(records: readonly JournalRecord[]): string {
  return records.map((record) => `\n${JSON.stringify(record)}`).join('') + '\n';
}

/** A conversation read back: file plus journal, with what could not be used. */
export interface Replayed {
  readonly conversation: Conversation;
  /** Messages and records left out because they were malformed. */
  readonly damaged: number;
}

/**
 * The conversation file (checked message by message) with the journal applied. A malformed
 * message or record is left out and counted; a torn line (a crash mid-append) is expected and
 * not counted. Undefined when there is neither a file nor a journal that starts one.
 */
export function replay(envelope: ConversationEnvelope | undefined, journal: string | undefined, fallbackId: string): Replayed | undefined {
  let damaged = 0;
  const messages: StoredMessage[] = [];
  for (const candidate of envelope?.messages ?? []) {
    if (isStoredMessage(candidate)) messages.push(candidate);
    else damaged++;
  }
  let head: Omit<Conversation, 'messages'> | undefined = envelope && { id: envelope.id, title: envelope.title, createdAt: envelope.createdAt, updatedAt: envelope.updatedAt };
  for (const line of journal?.split('\n') ?? []) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      // Whole records are written, so a line that is not JSON is a torn write: a crash mid-append,
      // or an append that failed (disk full) and was written again by the next save.
      continue;
    }
    if (!isJournalRecord(record)) {
      damaged++;
      continue;
    }
    if (record.type === 'meta') {
      head = { id: head?.id ?? record.id, title: record.title, createdAt: head?.createdAt ?? record.createdAt, updatedAt: record.updatedAt };
      continue;
    }
    apply(messages, record);
  }
  if (!head) {
    return messages.length > 0 ? { conversation: { id: fallbackId, title: 'Recovered conversation', createdAt: 0, updatedAt: 0, messages }, damaged } : undefined;
  }
  return { conversation: { ...head, messages }, damaged };
}

function apply(messages: StoredMessage[], record: Exclude<JournalRecord, { type: 'meta' }>): void {
  const id = record.type === 'put' ? record.message.id : record.id;
  const at = messages.findIndex((m) => m.id === id);
  switch (record.type) {
    case 'put':
      if (at < 0) messages.push(record.message);
      else messages[at] = record.message;
      return;
    case 'text': {
      const message = messages[at];
      if (!message) return;
      // Already there (a record applied twice) when the text goes on with it; otherwise the journal wins.
      if (message.text.length > record.at && message.text.startsWith(record.text, record.at)) return;
      message.text = message.text.length >= record.at ? message.text.slice(0, record.at) + record.text : message.text + record.text;
      return;
    }
    case 'remove':
      if (at >= 0) messages.splice(at, 1);
      return;
  }
}

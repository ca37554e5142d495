/** The checks of historySchema.ts, typed: ajv's code generated ahead of time (see there). */
import type { ConversationSummary } from '../shared/protocol';
import type { StoredMessage } from './conversation';
import type { ConversationEnvelope, HistorySchemaName, IndexEnvelope, JournalRecord, Tombstone } from './historySchema';
import * as generated from './historyValidators.generated';

type Check = (data: unknown) => boolean;
const check =
  <T>(name: HistorySchemaName) =>
  (value: unknown): value is T =>
    (generated[name] as Check)(value);

export const isStoredMessage = check<StoredMessage>('message');
export const isConversationEnvelope = check<ConversationEnvelope>('conversation');
export const isSummary = check<ConversationSummary>('summary');
export const isIndexEnvelope = check<IndexEnvelope>('index');
export const isTombstone = check<Tombstone>('tombstone');

const recordChecks: Readonly<Record<JournalRecord['type'], Check>> = {
  meta: generated.recordMeta as Check,
  put: generated.recordPut as Check,
  text: generated.recordText as Check,
  remove: generated.recordRemove as Check,
};

export function isJournalRecord(value: unknown): value is JournalRecord {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(recordChecks, type) && recordChecks[type as JournalRecord['type']](value);
}

/** The checks of historySchema.ts, typed: ajv's code generated ahead of time (see there). */
import type { ConversationSummary } from '../shared/protocol';
import type { StoredMessage } from './conversation';
import type { ConversationEnvelope, IndexEnvelope, JournalRecord, Tombstone } from './historySchema';
import type * as Generated from './historyValidators.generated';
import { lazyChecks } from '../util/lazyChecks';

type Check = (data: unknown) => boolean;

/**
 * The generated checks (37 KB), loaded when history is first read, not at activation: bundled,
 * esbuild points this require at dist/history.js (esbuild.js).
 */
const check = lazyChecks<typeof Generated>(() => require('./historyValidators.generated') as typeof Generated);

export const isStoredMessage = check<StoredMessage>('message');
export const isConversationEnvelope = check<ConversationEnvelope>('conversation');
export const isSummary = check<ConversationSummary>('summary');
export const isIndexEnvelope = check<IndexEnvelope>('index');
export const isTombstone = check<Tombstone>('tombstone');

const recordChecks: Readonly<Record<JournalRecord['type'], Check>> = {
  meta: check('recordMeta'),
  put: check('recordPut'),
  text: check('recordText'),
  remove: check('recordRemove'),
};

export function isJournalRecord(value: unknown): value is JournalRecord {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(recordChecks, type) && recordChecks[type as JournalRecord['type']](value);
}

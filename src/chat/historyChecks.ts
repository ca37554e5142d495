/** The checks of historySchema.ts, typed: ajv's code generated ahead of time (see there). */
import type { ConversationSummary } from '../shared/protocol';
import type { StoredMessage } from './conversation';
import type { ConversationEnvelope, HistorySchemaName, IndexEnvelope, JournalRecord, Tombstone } from './historySchema';
import type * as Generated from './historyValidators.generated';

type Check = (data: unknown) => boolean;
let loaded: typeof Generated | undefined;

/**
 * The generated checks (37 KB), loaded when history is first read, not at activation: bundled,
 * esbuild points this require at dist/history.js (esbuild.js); transpiled one-to-one for the
 * tests, it loads the generated module next to this file.
 */
function generated(): typeof Generated {
  loaded ??= require('./historyValidators.generated') as typeof Generated;
  return loaded;
}

const check =
  <T>(name: HistorySchemaName) =>
  (value: unknown): value is T =>
    (generated()[name] as Check)(value);

export const isStoredMessage = check<StoredMessage>('message');
export const isConversationEnvelope = check<ConversationEnvelope>('conversation');
export const isSummary = check<ConversationSummary>('summary');
export const isIndexEnvelope = check<IndexEnvelope>('index');
export const isTombstone = check<Tombstone>('tombstone');

const recordChecks: Readonly<Record<JournalRecord['type'], Check>> = {
  meta: (value) => (generated().recordMeta as Check)(value),
  put: (value) => (generated().recordPut as Check)(value),
  text: (value) => (generated().recordText as Check)(value),
  remove: (value) => (generated().recordRemove as Check)(value),
};

export function isJournalRecord(value: unknown): value is JournalRecord {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(recordChecks, type) && recordChecks[type as JournalRecord['type']](value);
}

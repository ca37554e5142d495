/**
 * What history files may contain, as JSON Schema. Files on disk are input like any other (another
 * version of the extension, another window, a crash, a person with an editor may have written
 * them): every conversation, message, journal record and index entry is checked before use.
 *
 * The checks are ajv's, compiled ahead of time (`npm run schemas` writes
 * historyValidators.generated.ts; historyChecks.ts types them), so the extension ships a few KB
 * of generated code instead of ajv itself. Properties a schema does not name are removed, never
 * passed on to the webview.
 */
import type { ContextKind } from '../answering/contextTypes';
import { ACTION_KINDS, MESSAGE_STATUSES } from '../shared/protocol';
import type { Conversation, StoredMessage } from './conversation';

const string = { type: 'string' } as const;

/** Every kind of attached item (a record, so the compiler notices one missing). */
const everyContextKind: Record<ContextKind, true> = { file: true, folder: true, selection: true, problems: true, terminal: true, changes: true, symbol: true, activeEditor: true, codebase: true };
const CONTEXT_KINDS = Object.keys(everyContextKind) as readonly ContextKind[];
const number = { type: 'number' } as const;

const messageFields = {
  id: string,
  role: { enum: ['user', 'assistant'] },
  status: { enum: MESSAGE_STATUSES },
  createdAt: number,
  discipline: { $ref: 'discipline' },
  model: string,
  error: { $ref: 'error' },
  contextLabel: string,
  context: { $ref: 'contextReport' },
  items: { type: 'array', items: { $ref: 'contextItem' } },
  attachments: { type: 'array', items: { $ref: 'attachment' } },
  systemContext: string,
  prompt: string,
  languageId: string,
  fileName: string,
  steps: { type: 'array', items: { $ref: 'agentStep' } },
  review: { $ref: 'review' },
  tokens: { type: 'object', required: ['prompt', 'completion'], additionalProperties: false, properties: { prompt: number, completion: number } },
  frames: {
    type: 'array',
    maxItems: 64,
    items: { type: 'object', required: ['path', 'line'], additionalProperties: false, properties: { function: string, path: string, line: { type: 'integer', minimum: 1 } } },
  },
};

/** Every schema, by the name its generated check is exported under. */
export const HISTORY_SCHEMAS = {
  discipline: {
    $id: 'discipline',
    type: 'object',
    required: ['id', 'label', 'source'],
    additionalProperties: false,
    properties: { id: string, label: string, source: { enum: ['gateway', 'pinned', 'local'] } },
  },
  error: {
    $id: 'error',
    type: 'object',
    required: ['code', 'title', 'message', 'actions'],
    additionalProperties: false,
    properties: {
      code: string,
      title: string,
      message: string,
      remediation: string,
      actions: {
        type: 'array',
        items: { type: 'object', required: ['kind', 'label'], additionalProperties: false, properties: { kind: { enum: ACTION_KINDS }, label: string } },
      },
    },
  },
  contextItem: {
    $id: 'contextItem',
    type: 'object',
    required: ['kind', 'label', 'text', 'explicit'],
    additionalProperties: false,
    properties: {
      kind: { enum: CONTEXT_KINDS },
      label: string,
      path: string,
      span: { type: 'object', required: ['startLine', 'endLine'], additionalProperties: false, properties: { startLine: { type: 'integer' }, endLine: { type: 'integer' } } },
      language: string,
      text: string,
      cut: string,
      explicit: { type: 'boolean' },
    },
  },
  contextReport: {
    $id: 'contextReport',
    type: 'object',
    required: ['usedBytes', 'limitBytes', 'sent', 'cut'],
    additionalProperties: false,
    properties: { usedBytes: number, limitBytes: number, sent: { type: 'array', items: string }, rules: { type: 'array', items: string }, cut: { type: 'array', items: string } },
  },
  /** A chip listed on a sent question (AttachmentView). */
  attachment: {
    $id: 'attachment',
    type: 'object',
    required: ['kind', 'label'],
    additionalProperties: false,
    properties: { kind: { enum: CONTEXT_KINDS }, label: string, detail: string },
  },
  /** One tool call of an agent turn (AgentStepView). */
  agentStep: {
    $id: 'agentStep',
    type: 'object',
    required: ['id', 'tool', 'brief', 'status'],
    additionalProperties: false,
    properties: { id: string, tool: string, brief: string, status: { enum: ['running', 'waiting', 'done', 'failed', 'rejected', 'stopped'] }, result: string, ms: number },
  },
  /** The files an agent turn changed (ReviewView). */
  review: {
    $id: 'review',
    type: 'object',
    required: ['files'],
    additionalProperties: false,
    properties: {
      files: {
        type: 'array',
        items: {
          type: 'object',
          required: ['path', 'added', 'removed', 'created', 'state'],
          additionalProperties: false,
          properties: { path: string, added: number, removed: number, created: { type: 'boolean' }, state: { enum: ['pending', 'kept', 'undone'] } },
        },
      },
    },
  },
  message: { $id: 'message', type: 'object', required: ['id', 'role', 'status', 'createdAt', 'text'], additionalProperties: false, properties: { ...messageFields, text: string } },
  /** The conversation file; its messages are checked one by one, so one bad message does not lose the rest. */
  conversation: {
    $id: 'conversation',
    type: 'object',
    required: ['id', 'title', 'createdAt', 'updatedAt', 'messages'],
    additionalProperties: false,
    properties: { id: string, title: string, createdAt: number, updatedAt: number, messages: { type: 'array' } },
  },
  summary: {
    $id: 'summary',
    type: 'object',
    required: ['id', 'title', 'updatedAt', 'messageCount'],
    additionalProperties: false,
    properties: { id: string, title: string, updatedAt: number, messageCount: number },
  },
  /** index.json; entries are checked one by one too. */
  index: {
    $id: 'index',
    type: 'object',
    required: ['version', 'conversations'],
    properties: { version: number, current: string, conversations: { type: 'array' }, deleted: { type: 'array' } },
  },
  tombstone: { $id: 'tombstone', type: 'object', required: ['id', 'at'], additionalProperties: false, properties: { id: string, at: number } },
  /** Journal records (see historyJournal.ts), one schema per `type`. */
  recordMeta: {
    $id: 'recordMeta',
    type: 'object',
    required: ['type', 'id', 'title', 'createdAt', 'updatedAt'],
    additionalProperties: false,
    properties: { type: { const: 'meta' }, id: string, title: string, createdAt: number, updatedAt: number },
  },
  recordPut: { $id: 'recordPut', type: 'object', required: ['type', 'message'], additionalProperties: false, properties: { type: { const: 'put' }, message: { $ref: 'message' } } },
  recordText: {
    $id: 'recordText',
    type: 'object',
    required: ['type', 'id', 'at', 'text'],
    additionalProperties: false,
    properties: { type: { const: 'text' }, id: string, at: { type: 'integer', minimum: 0 }, text: string },
  },
  recordRemove: { $id: 'recordRemove', type: 'object', required: ['type', 'id'], additionalProperties: false, properties: { type: { const: 'remove' }, id: string } },
} as const;

export type HistorySchemaName = keyof typeof HISTORY_SCHEMAS;

/** A record of a conversation's journal: one line of `conversation-<id>.jsonl`. */
export type JournalRecord =
  /** The conversation's own fields (its first record when it has no file yet). */
  | { readonly type: 'meta'; readonly id: string; readonly title: string; readonly createdAt: number; readonly updatedAt: number }
  /** A whole message: added at the end, or replacing the one with its id (any change but appended text). */
  | { readonly type: 'put'; readonly message: StoredMessage }
  /** Text appended to a message whose text was `at` characters long. */
  | { readonly type: 'text'; readonly id: string; readonly at: number; readonly text: string }
  | { readonly type: 'remove'; readonly id: string };

export interface IndexEnvelope {
  readonly version: number;
  readonly current?: string;
  readonly conversations: readonly unknown[];
  readonly deleted?: readonly unknown[];
}

/** A conversation deleted at `at` (epoch ms): another window's older copy must not bring it back. */
export interface Tombstone {
  readonly id: string;
  readonly at: number;
}

/** The conversation file before its messages are checked. */
export type ConversationEnvelope = Omit<Conversation, 'messages'> & { messages: unknown[] };

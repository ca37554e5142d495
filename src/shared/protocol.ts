/**
 * The one message protocol between the extension host and the chat webview.
 *
 * Both sides import this file; every message is a member of a discriminated union on `type`.
 * The webview never sees the API key, never talks to the network, and receives streamed answers
 * as small `delta` messages (never the whole transcript per update).
 *
 * Request ids: an answer is named by the id of its assistant message. The webview chooses it for
 * the questions it sends (`send.id`); every message that streams that answer (`messageAdded`,
 * `discipline`, `context`, `waiting`, `delta`, `done`) carries it, and `stop` names it.
 */
import type { ContextKind, ContextReport } from '../answering/contextTypes';

export type { ContextReport };

/** Where the discipline shown on an answer came from. */
export type DisciplineSource =
  /** Named by the gateway in `X-Monster-Discipline`. */
  | 'gateway'
  /** Pinned by the user with "Select Discipline". */
  | 'pinned'
  /** Predicted by the local router (gateways that do not route). */
  | 'local';

/** A discipline as the UI shows it. */
export interface DisciplineView {
  /** Machine id, e.g. `shader`. */
  readonly id: string;
  /** Display label, e.g. `Shader · Technical Artist`. */
  readonly label: string;
  readonly source: DisciplineSource;
}

/** A one-click action offered with an error or notice. */
export type ActionKind =
  | 'setApiKey'
  | 'getApiKey'
  | 'openPricing'
  | 'retry'
  | 'retryWithFallback'
  | 'openSettings'
  /** VS Code's `http.proxy`, `http.proxyStrictSSL`, `http.noProxy` settings. */
  | 'openProxySettings'
  | 'selectDiscipline'
  | 'selectModel'
  | 'selectProvider'
  | 'newChat'
  /** The gateway's status page (`/status`), from a maintenance or 503 card. */
  | 'openStatus';

export interface ActionView {
  readonly kind: ActionKind;
  /** Button text, e.g. "Set API key". */
  readonly label: string;
}

/** A failure shown in the transcript, with the gateway's remediation and what to do next. */
export interface ErrorView {
  /** Gateway error code (`INVALID_API_KEY`, …) or a local one (`NETWORK`, `STREAM_CUT`, …). */
  readonly code: string;
  /** Short headline, e.g. "Your API key was rejected". */
  readonly title: string;
  /** What happened, in plain words. */
  readonly message: string;
  /** What to do next (the gateway's `remediation` where it sent one). */
  readonly remediation?: string;
  readonly actions: readonly ActionView[];
}

/** An attached item as a chip: above the prompt before sending, and listed on the sent message. */
export interface AttachmentView {
  readonly kind: ContextKind;
  /** The mention (`#file:Assets/Scripts/Player.cs`, `#problems`), or the file name for the active editor. */
  readonly label: string;
  /** What it carries: `lines 1–120 of 2,400 (around the cursor, line 40)`, `2 errors, 1 warning`, `a tree of 40 entries and 6 files`. */
  readonly detail?: string;
}

/** A `#` mention found in the prompt's text (the host reads them; the webview draws them as chips). */
export interface MentionView {
  readonly kind: ContextKind;
  /** The canonical spelling: `#file:Assets/Player.cs`. */
  readonly label: string;
  /** Where it is in the text the host read (UTF-16 offsets, `end` exclusive). */
  readonly start: number;
  readonly end: number;
  /** Why it cannot be attached as written (outside the workspace, no such file…); absent when it can. */
  readonly problem?: string;
}

/** A mention that could not be attached, and why (the question is not sent until it is fixed or removed). */
export interface ContextProblemView {
  /** The mention as written. */
  readonly label: string;
  /** What went wrong and what to do. */
  readonly message: string;
}

/** The kinds of mention whose argument the picker completes from the workspace. */
export type CandidateKind = 'file' | 'folder' | 'symbol';

/** One completion the picker offers after `#file:`, `#folder:` or `#symbol:`. */
export interface CandidateView {
  /** What goes after the colon: a workspace-relative path or a symbol name. */
  readonly value: string;
  /** The list's main text: the file or symbol name. */
  readonly label: string;
  /** Dimmed beside it: the folder, or the symbol's kind and place. */
  readonly description?: string;
}

/** Lifecycle of one message in the transcript. */
export type MessageStatus =
  /** Tokens are arriving. */
  | 'streaming'
  /** Waiting before an automatic retry (429 `Retry-After`). */
  | 'waiting'
  /** Finished normally. */
  | 'complete'
  /** Stopped by the user; the partial answer is kept. */
  | 'stopped'
  /** The stream ended without finishing (cut, no `[DONE]`); the partial answer is kept. */
  | 'incomplete'
  /** The request failed; `error` says why. Any partial answer is kept. */
  | 'error';

/** One message of a conversation as the webview renders it. */
export interface ChatMessageView {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  /** Markdown source (the webview renders and sanitizes it). */
  readonly text: string;
  readonly status: MessageStatus;
  /** Assistant messages: the specialist that answered. */
  readonly discipline?: DisciplineView;
  /** Model that answered (assistant messages). */
  readonly model?: string;
  readonly error?: ErrorView;
  /** User messages sent with editor context: a short label such as `Player.cs:12-20 · C# · Unity 2022.3`. */
  readonly contextLabel?: string;
  /** User messages: what the request carried (bytes of the limit, the items and rules sent, what was cut). */
  readonly context?: ContextReport;
  /** User messages: the items attached to it (mentions and the active editor), as chips. */
  readonly attachments?: readonly AttachmentView[];
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Assistant messages of agent mode: the tool calls of the turn, in order. */
  readonly steps?: readonly AgentStepView[];
  /** Assistant messages of agent mode: the files the turn changed, to keep or undo. */
  readonly review?: ReviewView;
  /** The streaming agent turn's approval that waits now (never stored): a view drawn anew shows its card again. */
  readonly approval?: ApprovalView;
  /** Tokens the answer used (every step of an agent turn summed), when the gateway reported them. */
  readonly tokens?: TokensView;
  /** Analyze Crash answers: the crash's frames that are in the workspace, top first, each opening its line. */
  readonly frames?: readonly FrameLinkView[];
}

/** A crash frame in a workspace file, shown under the analysis as a link to its line. */
export interface FrameLinkView {
  /** The function, when the crash named one (`try_jump`, `AShooterWeapon::Fire`). */
  readonly function?: string;
  /** Workspace-relative path (forward slashes; multi-root: starting with the folder's name). */
  readonly path: string;
  /** 1-based. */
  readonly line: number;
}

// ---------------------------------------------------------------------------------------------
// Agent mode
// ---------------------------------------------------------------------------------------------

/** Where a tool call is. */
export type AgentStepStatus =
  /** Its arguments are streaming, or it is running. */
  | 'running'
  /** Waiting for the user (an approval card is shown). */
  | 'waiting'
  | 'done'
  /** The tool answered with an `Error:` text (the model was told). */
  | 'failed'
  /** The user rejected or skipped it (the model was told, with the reason when given). */
  | 'rejected'
  /** Stop ended it. */
  | 'stopped';

/** One tool call of an agent turn, as a compact row of the transcript (expandable). */
export interface AgentStepView {
  /** The call's id (unique in the turn). */
  readonly id: string;
  /** The tool's name, e.g. `read_file`. */
  readonly tool: string;
  /** Its arguments in brief, e.g. `Assets/Shaders/Water.shader:1-80`. */
  readonly brief: string;
  readonly status: AgentStepStatus;
  /** The result's first lines (bounded), shown when the row is expanded. */
  readonly result?: string;
  /** How long the tool took, in ms (not the model). */
  readonly ms?: number;
}

/** What an approval asks: an edit or a new file (a diff is open), or a task or command to run. */
export type ApprovalKind = 'edit' | 'create' | 'task' | 'command';

/** An action waiting for the user. */
export interface ApprovalView {
  /** The tool call's id. */
  readonly id: string;
  readonly kind: ApprovalKind;
  /** Workspace-relative file (edit, create), or the task's name. */
  readonly subject: string;
  /** The exact command line or task definition (task, command); the change in brief (edit, create). */
  readonly detail: string;
  /** Lines added and removed (edit, create). */
  readonly added?: number;
  readonly removed?: number;
}

/** One file of a turn's review. */
export interface ReviewFileView {
  /** Workspace-relative path. */
  readonly path: string;
  readonly added: number;
  readonly removed: number;
  /** The turn created the file (Undo deletes it). */
  readonly created: boolean;
  readonly state: 'pending' | 'kept' | 'undone';
}

/** The files an agent turn changed. */
export interface ReviewView {
  readonly files: readonly ReviewFileView[];
}

export interface TokensView {
  readonly prompt: number;
  readonly completion: number;
}

/** One past conversation in the history list. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: number;
  readonly messageCount: number;
}

/** The chat header: what will answer the next question. */
export interface HeaderView {
  readonly model: string;
  /** The gateway answering, e.g. "Monster Gaming" or "Portkey (self-hosted) → moonshot". */
  readonly provider: string;
  /** The pinned discipline, or null for automatic routing. */
  readonly pinned: DisciplineView | null;
  /** Key state shown in the header (never the key itself). */
  readonly account: AccountView;
  /**
   * The engine profile of the folder the next question is about (the active editor's, else the
   * first); absent while it is read and where no engine is detected.
   */
  readonly profile?: ProfileView;
}

/** The engine profile as the header shows it: one line, and a tooltip. */
export interface ProfileView {
  /** e.g. "Unity 6.0 · URP 17.0.3 · Input System". */
  readonly label: string;
  /**
   * The tooltip, a line each (already localized): the profile's facts, the files it was read
   * from, what could not be read, and the folder's project rules.
   */
  readonly tooltip: readonly string[];
}

/** What the webview may know about the key: whether there is one, and its public facts. */
export interface AccountView {
  readonly hasKey: boolean;
  /** e.g. "Starter · sandbox"; absent until validated. */
  readonly label?: string;
  /** URL of the page where a free key is issued. */
  readonly signupUrl: string;
  /** The gateway whose key this is, when it is not Monster Gaming (e.g. "Moonshot"). */
  readonly provider?: string;
}

/** Everything the webview needs to draw itself from scratch (sent once after `ready`). */
/**
 * Messages per page: a conversation opens with its newest page, and the view asks for the page
 * before its oldest drawn message as the user scrolls up (a long conversation is megabytes).
 */
export const MESSAGES_PER_PAGE = 20;

export interface ViewState {
  readonly header: HeaderView;
  readonly conversationId: string;
  /** The newest page of the conversation. */
  readonly messages: readonly ChatMessageView[];
  /** How many messages come before `messages` (the view asks for them with `older`). */
  readonly earlier: number;
  readonly history: readonly ConversationSummary[];
  /** A note shown above the transcript, e.g. that old messages were left out of the context. */
  readonly notice?: string;
  /** The composer is in agent mode (questions run the agent loop). */
  readonly agentMode?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Extension host → webview
// ---------------------------------------------------------------------------------------------

/** Full state; sent in answer to `ready` and when the view must be redrawn. */
export interface InitMessage {
  readonly type: 'init';
  readonly state: ViewState;
}

/** Replace the transcript (New Chat, or a conversation reopened from history). */
export interface ConversationMessage {
  readonly type: 'conversation';
  readonly conversationId: string;
  /** The newest page; `earlier` messages come before it. */
  readonly messages: readonly ChatMessageView[];
  readonly earlier: number;
  readonly notice?: string;
}

/** The page before message `before` (the answer to an `older` request); `earlier` messages come before it. */
export interface OlderMessagesMessage {
  readonly type: 'older';
  readonly before: string;
  readonly messages: readonly ChatMessageView[];
  readonly earlier: number;
}

/** Append one message (the user's question, or the empty assistant answer about to stream). */
export interface MessageAddedMessage {
  readonly type: 'messageAdded';
  readonly message: ChatMessageView;
}

/** More text for a streaming assistant message; `text` is appended. */
export interface DeltaMessage {
  readonly type: 'delta';
  readonly id: string;
  readonly text: string;
}

/** The discipline of a streaming answer became known (response headers, or local prediction). */
export interface DisciplineMessage {
  readonly type: 'discipline';
  readonly id: string;
  readonly discipline: DisciplineView;
}

/**
 * What the request for answer `id` carries, once it is built: the context meter shows it, and the
 * question `messageId` keeps it (its sent items, what was cut).
 */
export interface ContextMessage {
  readonly type: 'context';
  readonly id: string;
  readonly messageId: string;
  readonly report: ContextReport;
}

/** A streaming answer is waiting (429) and will retry at `retryAt`; `text` explains. */
export interface WaitingMessage {
  readonly type: 'waiting';
  readonly id: string;
  readonly text: string;
  /** Epoch ms at which the retry starts (the webview shows a countdown). */
  readonly retryAt: number;
}

/**
 * A streaming answer ended. The host sends no `text` (the webview has every delta); `text`, when
 * present, replaces what was streamed.
 */
export interface DoneMessage {
  readonly type: 'done';
  readonly id: string;
  readonly status: Exclude<MessageStatus, 'streaming' | 'waiting'>;
  readonly text?: string;
  readonly error?: ErrorView;
}

/** Remove one message (a failed answer being retried is replaced by a new one). */
export interface MessageRemovedMessage {
  readonly type: 'messageRemoved';
  readonly id: string;
}

/** The header changed (model, pinned discipline, key state). */
export interface HeaderMessage {
  readonly type: 'header';
  readonly header: HeaderView;
}

/** The list of past conversations changed. */
export interface HistoryMessage {
  readonly type: 'history';
  readonly items: readonly ConversationSummary[];
}

/** A note above the transcript (e.g. oldest messages trimmed from the context); null clears it. */
export interface NoticeMessage {
  readonly type: 'notice';
  readonly text: string | null;
}

/** Put the cursor in the prompt box. */
export interface FocusMessage {
  readonly type: 'focus';
}

/** The active editor's implicit chip (what would be attached), or null: no editor, or `monsterGaming.chat.includeActiveEditor` is off. */
export interface ActiveEditorMessage {
  readonly type: 'activeEditor';
  readonly editor: AttachmentView | null;
}

/** The mentions of the prompt's text `version` (an answer to `draft`). */
export interface MentionsMessage {
  readonly type: 'mentions';
  readonly version: number;
  readonly mentions: readonly MentionView[];
}

/** The picker's completions for a `candidates` request (answers only the latest `requestId`). */
export interface CandidatesMessage {
  readonly type: 'candidates';
  readonly requestId: number;
  readonly candidates: readonly CandidateView[];
}

/**
 * A question was not sent: some of its mentions could not be attached (outside the workspace,
 * missing, no selection…). `text` is the question, for the prompt box to get back.
 */
export interface ContextRefusedMessage {
  readonly type: 'contextRefused';
  readonly text: string;
  readonly problems: readonly ContextProblemView[];
}

/** Agent mode was turned on or off (the composer's Ask / Agent control, Toggle Agent Mode). */
export interface AgentModeMessage {
  readonly type: 'agentMode';
  readonly on: boolean;
}

/** A tool call of answer `id` started or changed (upserted by `step.id`). */
export interface StepMessage {
  readonly type: 'step';
  readonly id: string;
  readonly step: AgentStepView;
}

/** Answer `id` waits for the user on `approval`; null: nothing waits any more (answered, stopped). */
export interface ApprovalMessage {
  readonly type: 'approval';
  readonly id: string;
  readonly approval: ApprovalView | null;
}

/** The review of answer `id` (after the turn, and when a file is kept or undone). */
export interface ReviewMessage {
  readonly type: 'review';
  readonly id: string;
  readonly review: ReviewView;
}

/** Tokens answer `id` has used so far (updated after each step of an agent turn). */
export interface TokensMessage {
  readonly type: 'tokens';
  readonly id: string;
  readonly tokens: TokensView;
}

export type HostToWebview =
  | AgentModeMessage
  | StepMessage
  | ApprovalMessage
  | ReviewMessage
  | TokensMessage
  | InitMessage
  | ConversationMessage
  | OlderMessagesMessage
  | MessageAddedMessage
  | DeltaMessage
  | DisciplineMessage
  | ContextMessage
  | WaitingMessage
  | DoneMessage
  | MessageRemovedMessage
  | HeaderMessage
  | HistoryMessage
  | NoticeMessage
  | FocusMessage
  | ActiveEditorMessage
  | MentionsMessage
  | CandidatesMessage
  | ContextRefusedMessage;

// ---------------------------------------------------------------------------------------------
// Webview → extension host
// ---------------------------------------------------------------------------------------------

/** The webview has loaded and wants `init`. */
export interface ReadyRequest {
  readonly type: 'ready';
}

/**
 * Send a question. `id` is the request id the webview chose: the answer's messages carry it. Its
 * `#` mentions are attached by the host, which reads them from `text`.
 */
export interface SendRequest {
  readonly type: 'send';
  readonly id: string;
  readonly text: string;
  /** False when the user removed the active editor's chip: it is not attached to this question. */
  readonly includeActiveEditor?: boolean;
}

/** The prompt's text changed (debounced): the host answers with its mentions (`mentions`), for the chips. */
export interface DraftRequest {
  readonly type: 'draft';
  /** Increases with every change; the answer carries it, so a late answer is not drawn over a newer text. */
  readonly version: number;
  /** At most 100,000 characters (longer text is not read for mentions until it is sent). */
  readonly text: string;
}

/** Completions for the mention being typed (`#file:pla` → files matching `pla`). Debounced by the webview. */
export interface CandidatesRequest {
  readonly type: 'candidates';
  readonly requestId: number;
  readonly kind: CandidateKind;
  /** What follows the colon so far (at most 200 characters). */
  readonly query: string;
}

/** Stop the answer of request `id`; nothing happens when that answer has already ended. */
export interface StopRequest {
  readonly type: 'stop';
  readonly id: string;
}

/** Start an empty conversation. */
export interface NewChatRequest {
  readonly type: 'newChat';
}

/** Reopen a past conversation. */
/** The page of the open conversation before message `before` (the user scrolled up to it). */
export interface OlderRequest {
  readonly type: 'older';
  readonly before: string;
}

export interface OpenConversationRequest {
  readonly type: 'openConversation';
  readonly conversationId: string;
}

/** Delete a past conversation. */
export interface DeleteConversationRequest {
  readonly type: 'deleteConversation';
  readonly conversationId: string;
}

/** A button of an error or notice was pressed; `messageId` names the message it belongs to. */
export interface ActionRequest {
  readonly type: 'action';
  readonly kind: ActionKind;
  readonly messageId?: string;
}

/** Copy a code block to the clipboard (done by the host: clipboard access in webviews is unreliable). */
export interface CopyCodeRequest {
  readonly type: 'copyCode';
  readonly code: string;
}

/** Insert a code block at the cursor of the active editor. */
export interface InsertCodeRequest {
  readonly type: 'insertCode';
  readonly code: string;
  readonly language?: string;
}

/** A link in an answer was clicked; the host opens http/https only, after VS Code's confirmation. */
export interface OpenLinkRequest {
  readonly type: 'openLink';
  readonly href: string;
}

/** A frame link of answer `id` was clicked: the host opens frame `index` of that answer (never a path the view names). */
export interface OpenFrameRequest {
  readonly type: 'openFrame';
  readonly id: string;
  readonly index: number;
}

/** The Ask / Agent control was switched. */
export interface SetAgentModeRequest {
  readonly type: 'setAgentMode';
  readonly on: boolean;
}

/**
 * The user answered approval `approvalId` of answer `id`: accept (Accept, Run) or reject (Reject,
 * Skip), with a reason for the model when given.
 */
export interface ApproveRequest {
  readonly type: 'approve';
  readonly id: string;
  readonly approvalId: string;
  readonly decision: 'accept' | 'reject';
  readonly reason?: string;
}

/** Open the diff of approval `approvalId` of answer `id` again. */
export interface OpenApprovalRequest {
  readonly type: 'openApproval';
  readonly id: string;
  readonly approvalId: string;
}

/** In the review of answer `id`: open a file's diff, keep or undo it (`path`), or all of them (no `path`). */
export interface ReviewRequest {
  readonly type: 'reviewAction';
  readonly id: string;
  readonly action: 'open' | 'keep' | 'undo';
  readonly path?: string;
}

export type WebviewToHost =
  | SetAgentModeRequest
  | ApproveRequest
  | OpenApprovalRequest
  | ReviewRequest
  | ReadyRequest
  | SendRequest
  | StopRequest
  | NewChatRequest
  | OpenConversationRequest
  | OlderRequest
  | DeleteConversationRequest
  | ActionRequest
  | CopyCodeRequest
  | InsertCodeRequest
  | OpenLinkRequest
  | OpenFrameRequest
  | DraftRequest
  | CandidatesRequest;

const webviewRequestTypes: ReadonlySet<string> = new Set<WebviewToHost['type']>([
  'ready',
  'send',
  'stop',
  'newChat',
  'openConversation',
  'older',
  'deleteConversation',
  'action',
  'copyCode',
  'insertCode',
  'openLink',
  'openFrame',
  'candidates',
  'draft',
  'setAgentMode',
  'approve',
  'openApproval',
  'reviewAction',
]);

/** The longest reason for a rejection the model is told. */
export const MAX_REJECT_REASON_CHARS = 2_000;
/** The longest path a review action names. */
const MAX_REVIEW_PATH_CHARS = 1_024;

/** The longest prompt text the host reads for chips while typing. */
export const MAX_DRAFT_CHARS = 100_000;

const candidateKinds: ReadonlySet<string> = new Set<CandidateKind>(['file', 'folder', 'symbol']);

/** Every action kind and message status (a record, so the compiler notices one missing); history files are checked against them. */
const everyActionKind: Record<ActionKind, true> = {
  setApiKey: true,
  getApiKey: true,
  openPricing: true,
  retry: true,
  retryWithFallback: true,
  openSettings: true,
  openProxySettings: true,
  selectDiscipline: true,
  selectModel: true,
  selectProvider: true,
  newChat: true,
  openStatus: true,
};
export const ACTION_KINDS = Object.keys(everyActionKind) as readonly ActionKind[];
const everyStatus: Record<MessageStatus, true> = { streaming: true, waiting: true, complete: true, stopped: true, incomplete: true, error: true };
export const MESSAGE_STATUSES = Object.keys(everyStatus) as readonly MessageStatus[];

const actionKinds: ReadonlySet<string> = new Set<ActionKind>(ACTION_KINDS);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

/** A request id: short, and safe anywhere an id goes (a history file name, a DOM id). */
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID.test(value);
}

/**
 * Checks a message that claims to come from the webview. The webview renders untrusted model
 * output, so the host treats everything it posts as untrusted input and drops what does not fit.
 */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !webviewRequestTypes.has(raw.type)) {
    return undefined;
  }
  switch (raw.type) {
    case 'ready':
    case 'newChat':
      return { type: raw.type };
    case 'send':
      if (typeof raw.text !== 'string' || !isRequestId(raw.id) || (raw.includeActiveEditor !== undefined && typeof raw.includeActiveEditor !== 'boolean')) return undefined;
      return raw.includeActiveEditor === false ? { type: 'send', id: raw.id, text: raw.text, includeActiveEditor: false } : { type: 'send', id: raw.id, text: raw.text };
    case 'draft':
      return Number.isSafeInteger(raw.version) && typeof raw.text === 'string' && raw.text.length <= MAX_DRAFT_CHARS ? { type: 'draft', version: raw.version as number, text: raw.text } : undefined;
    case 'candidates':
      return Number.isSafeInteger(raw.requestId) && typeof raw.kind === 'string' && candidateKinds.has(raw.kind) && typeof raw.query === 'string' && raw.query.length <= 200
        ? { type: 'candidates', requestId: raw.requestId as number, kind: raw.kind as CandidateKind, query: raw.query }
        : undefined;
    case 'stop':
      return isRequestId(raw.id) ? { type: 'stop', id: raw.id } : undefined;
    case 'older':
      return typeof raw.before === 'string' && raw.before.length <= 200 ? { type: 'older', before: raw.before } : undefined;
    case 'openConversation':
    case 'deleteConversation':
      return typeof raw.conversationId === 'string'
        ? { type: raw.type, conversationId: raw.conversationId }
        : undefined;
    case 'action':
      return typeof raw.kind === 'string' && actionKinds.has(raw.kind) && optionalString(raw.messageId)
        ? { type: 'action', kind: raw.kind as ActionKind, messageId: raw.messageId as string | undefined }
        : undefined;
    case 'copyCode':
      return typeof raw.code === 'string' ? { type: 'copyCode', code: raw.code } : undefined;
    case 'insertCode':
      return typeof raw.code === 'string' && optionalString(raw.language)
        ? { type: 'insertCode', code: raw.code, language: raw.language as string | undefined }
        : undefined;
    case 'openLink':
      return typeof raw.href === 'string' ? { type: 'openLink', href: raw.href } : undefined;
    case 'openFrame':
      return isRequestId(raw.id) && typeof raw.index === 'number' && Number.isInteger(raw.index) && raw.index >= 0 && raw.index < 1000 ? { type: 'openFrame', id: raw.id, index: raw.index } : undefined;
    case 'setAgentMode':
      return typeof raw.on === 'boolean' ? { type: 'setAgentMode', on: raw.on } : undefined;
    case 'approve':
      if (!isRequestId(raw.id) || typeof raw.approvalId !== 'string' || raw.approvalId.length > 200 || (raw.decision !== 'accept' && raw.decision !== 'reject')) return undefined;
      if (raw.reason !== undefined && (typeof raw.reason !== 'string' || raw.reason.length > MAX_REJECT_REASON_CHARS)) return undefined;
      return { type: 'approve', id: raw.id, approvalId: raw.approvalId, decision: raw.decision, ...(typeof raw.reason === 'string' && raw.reason.trim() ? { reason: raw.reason.trim() } : {}) };
    case 'openApproval':
      return isRequestId(raw.id) && typeof raw.approvalId === 'string' && raw.approvalId.length <= 200 ? { type: 'openApproval', id: raw.id, approvalId: raw.approvalId } : undefined;
    case 'reviewAction':
      if (!isRequestId(raw.id) || (raw.action !== 'open' && raw.action !== 'keep' && raw.action !== 'undo')) return undefined;
      if (raw.path !== undefined && (typeof raw.path !== 'string' || raw.path.length === 0 || raw.path.length > MAX_REVIEW_PATH_CHARS)) return undefined;
      if (raw.action === 'open' && raw.path === undefined) return undefined;
      return { type: 'reviewAction', id: raw.id, action: raw.action, ...(typeof raw.path === 'string' ? { path: raw.path } : {}) };
    default:
      return undefined;
  }
}

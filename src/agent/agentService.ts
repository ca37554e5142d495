/**
 * Agent mode on VS Code: the toolbox of one turn (the workspace tools behind the user's
 * approvals), the diffs an approval opens, and each turn's changes for its review and Undo Agent
 * Changes. The engine runs the loop; surfaces render it; this decides what runs and remembers
 * what changed. Loaded with the first agent turn (dist/agent.js).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AgentToolbox } from '../answering/types';
import type { AgentApprovalKind } from '../config/readSettings';
import type { ToolDefinition } from '../gateway/client';
import type { ToolCall } from '../gateway/toolCalls';
import type { ApprovalView, ApproveRequest, OpenApprovalRequest, ReviewRequest, ReviewView } from '../shared/protocol';
import type { ToolRegistry } from './tools/registry';
import { restrictedMode, type Approval, type ChangeRequest, type RunRequest, type ToolKind } from './tools/toolTypes';
import { workspaceToolEnv, workspaceToolRegistry } from './tools/workspaceTools';
import { lmToolSet, type LmToolSet } from './lmTools';
import { TOOL_SCHEMAS } from './tools/toolSchemas';
import { commandAllowed } from './commandAllowed';
import { lineCounts, TurnChanges, type FileChange } from './turnChanges';
import { Commands } from '../commands/ids';

/** The scheme of the texts an approval's or a review's diff shows (the proposed file, the original). */
export const AGENT_SCHEME = 'monster-agent';
/** Turns whose changes stay reviewable; older ones are forgotten (their files stay as they are). */
const KEPT_TURNS = 20;

export interface AgentSettings {
  readonly autoApprove: readonly AgentApprovalKind[];
  readonly allowedCommands: readonly string[];
}

/**
 * How a surface shows an approval (null: it is no longer waiting): the sidebar's card, or
 * `@monster /agent`'s question with buttons in the Chat view; both answer through `answer`. The
 * turn waits for that answer or for Stop: nothing dismissed ever counts as a Reject.
 */
export type ApprovalUi = (view: ApprovalView | null) => void;

export interface AgentServiceDeps {
  readonly settings: () => AgentSettings;
  /** The review of answer `answerId` changed (a file kept or undone, Undo Agent Changes). */
  readonly onReview: (answerId: string, review: ReviewView) => void;
  readonly log: (line: string) => void;
  /** Asks before Undo replaces what the user changed after the agent; true: go on. Default: a modal warning with `yes`. */
  readonly confirm?: (question: string, yes: string) => Promise<boolean>;
}

/** The virtual texts the diffs show. */
class AgentTexts implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A read-only document of `text`, named like `file` (so the diff's language is right). */
  add(file: string, text: string, label: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: AGENT_SCHEME, path: vscode.Uri.file(file).path, query: `${label}-${++this.counter}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  forget(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }
}

interface Waiting {
  readonly view: ApprovalView;
  readonly resolve: (approval: Approval) => void;
  /** The diff's two sides (edits and new files). */
  readonly diff?: { readonly left: vscode.Uri; readonly right: vscode.Uri; readonly title: string };
}

/** One agent turn: the toolbox the engine runs calls through, and the files it changed. */
export class AgentTurn implements AgentToolbox {
  readonly changes = new TurnChanges();
  private waiting: Waiting | undefined;

  constructor(
    readonly answerId: string,
    private readonly registry: ToolRegistry,
    /** Other extensions' and MCP servers' tools (`vscode.lm.tools`), offered beside ours. */
    private readonly foreign: LmToolSet,
    private readonly settings: AgentSettings,
    private readonly texts: AgentTexts,
    private readonly ui: ApprovalUi,
  ) {}

  tools(): readonly ToolDefinition[] {
    return [...this.registry.specs(), ...this.foreign.specs].map((spec) => ({ name: spec.function.name, description: spec.function.description, parameters: spec.function.parameters as Record<string, unknown> }));
  }

  async run(call: ToolCall, signal: AbortSignal): Promise<{ ok: boolean; text: string; refused?: boolean }> {
    if (!this.registry.has(call.name) && this.foreign.has(call.name)) return this.runForeign(call, signal);
    let refused = false;
    const asked = (approval: Approval): Approval => {
      if (!approval.approved) refused = true;
      return approval;
    };
    const env = workspaceToolEnv({
      signal,
      approve: async (change) => asked(await this.approveChange(call.id, change, signal)),
      confirmRun: async (request) => asked(await this.approveRun(call.id, request, signal)),
    });
    const result = await this.registry.run(call.name, call.arguments, env);
    if (result.change) this.changes.record(result.change);
    return { ok: result.ok, text: result.text, ...(refused ? { refused: true } : {}) };
  }

  /** Another extension's tool: it may do anything, so it asks like a command unless commands are auto-approved. */
  private async runForeign(call: ToolCall, signal: AbortSignal): Promise<{ ok: boolean; text: string; refused?: boolean }> {
    if (!vscode.workspace.isTrusted) return { ok: false, text: `Error: ${restrictedMode("runs no other extension's tool")}` };
    const name = this.foreign.realName(call.name) ?? call.name;
    if (!this.auto('command')) {
      const approval = await this.ask({ id: call.id, kind: 'command', subject: name, detail: vscode.l10n.t('{0}, a tool of another extension, with {1}', name, call.arguments.slice(0, 2_000)) }, signal);
      if (!approval.approved) return { ok: false, text: `Error: the user skipped ${name}${approval.reason ? `, saying: ${approval.reason}` : ''}. Nothing was run.`, refused: true };
    }
    const result = await this.foreign.run(call.name, call.arguments, signal);
    return { ok: result.ok, text: result.text };
  }

  /** Whether approval `approvalId` still waits for the user. */
  waits(approvalId: string): boolean {
    return this.waiting?.view.id === approvalId;
  }

  /** The user's answer to the waiting approval (Accept / Reject, Run / Skip); false when it no longer waits. */
  answer(approvalId: string, decision: 'accept' | 'reject', reason?: string): boolean {
    const waiting = this.waiting;
    if (!waiting || waiting.view.id !== approvalId) return false;
    waiting.resolve(decision === 'accept' ? { approved: true } : { approved: false, ...(reason ? { reason } : {}) });
    return true;
  }

  /** The approval whose diff shows `proposed` on its right, while it waits. */
  approvalShowing(proposed: vscode.Uri): string | undefined {
    return this.waiting?.diff?.right.toString() === proposed.toString() ? this.waiting.view.id : undefined;
  }

  async openApproval(approvalId: string): Promise<void> {
    const diff = this.waiting?.view.id === approvalId ? this.waiting.diff : undefined;
    if (diff) await vscode.commands.executeCommand('vscode.diff', diff.left, diff.right, diff.title, { preview: false });
  }

  private auto(kind: ToolKind): boolean {
    return this.settings.autoApprove.includes(kind);
  }

  private async approveChange(id: string, change: ChangeRequest, signal: AbortSignal): Promise<Approval> {
    if (this.auto('edit')) return { approved: true };
    const counts = lineCounts(change.before ?? '', change.after);
    const create = change.before === undefined;
    const view: ApprovalView = {
      id,
      kind: create ? 'create' : 'edit',
      subject: change.relative,
      detail: create ? lines(counts.added, vscode.l10n.t('New file, 1 line'), vscode.l10n.t('New file, {0} lines', counts.added)) : `${lines(counts.added, vscode.l10n.t('1 line added'), vscode.l10n.t('{0} lines added', counts.added))}, ${lines(counts.removed, vscode.l10n.t('1 removed'), vscode.l10n.t('{0} removed', counts.removed))}`,
      ...counts,
    };
    const name = change.relative.split('/').pop() ?? change.relative;
    const left = this.texts.add(change.file, change.before ?? '', 'before');
    const right = this.texts.add(change.file, change.after, 'proposed');
    const diff = { left, right, title: create ? vscode.l10n.t('{0} (new file proposed by the agent)', name) : vscode.l10n.t('{0} (edit proposed by the agent)', name) };
    try {
      return await this.ask(view, signal, diff);
    } finally {
      await closeDiff(right);
      this.texts.forget(left);
      this.texts.forget(right);
    }
  }

  private async approveRun(id: string, request: RunRequest, signal: AbortSignal): Promise<Approval> {
    const kind: ToolKind = request.tool === 'run_task' ? 'task' : 'command';
    if (this.auto(kind)) return { approved: true };
    if (kind === 'command' && commandAllowed(request.subject, this.settings.allowedCommands)) return { approved: true };
    return this.ask({ id, kind, subject: request.subject, detail: request.detail }, signal);
  }

  /** Shows `view` and waits for the user, or for Stop (which rejects it). */
  private async ask(view: ApprovalView, signal: AbortSignal, diff?: Waiting['diff']): Promise<Approval> {
    if (signal.aborted) return { approved: false, reason: 'stopped' };
    const answered = new Promise<Approval>((resolve) => {
      this.waiting = { view, resolve, ...(diff ? { diff } : {}) };
      signal.addEventListener('abort', () => resolve({ approved: false, reason: 'the user stopped the turn' }), { once: true });
    });
    if (diff) void vscode.commands.executeCommand('vscode.diff', diff.left, diff.right, diff.title, { preview: false });
    this.ui(view);
    try {
      return await answered;
    } finally {
      this.waiting = undefined;
      this.ui(null);
    }
  }
}

/** A code block of exactly `text` (a command line as it will run), fenced longer than any backtick run in it. */
function fenced(text: string): string {
  const fence = '`'.repeat(Math.max(3, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length + 1)));
  return `${fence}\n${text}\n${fence}`;
}

/** Why the user rejects (optional, told to the model): the trimmed text, or undefined for none (Escape leaves it unsaid). */
async function askReason(title?: string): Promise<string | undefined> {
  const reason = await vscode.window.showInputBox({ ...(title ? { title } : {}), prompt: vscode.l10n.t('Why? (optional; the agent is told)'), ignoreFocusOut: true });
  return reason?.trim().slice(0, 2_000) || undefined;
}

/** The right side of the active diff editor (where the title's Accept / Reject act when not handed one). */
function activeDiffRight(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff ? input.modified : undefined;
}

/** The singular or plural wording of a count. */
const lines = (count: number, one: string, other: string): string => (count === 1 ? one : other);

/** Closes the diff whose right side is `right`, if it is open. */
async function closeDiff(right: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === right.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

/** Puts a file back as it was before the turn (deletes one the turn created). Returns an error text, or undefined. */
async function restore(change: FileChange): Promise<string | undefined> {
  const uri = vscode.Uri.file(change.file);
  const edit = new vscode.WorkspaceEdit();
  if (change.original === undefined) {
    edit.deleteFile(uri, { ignoreIfNotExists: true });
    return (await vscode.workspace.applyEdit(edit)) ? undefined : vscode.l10n.t('VS Code did not delete {0}.', change.relative);
  }
  if (!fs.existsSync(change.file)) {
    edit.createFile(uri, { contents: Buffer.from(change.original, 'utf8') });
    return (await vscode.workspace.applyEdit(edit)) ? undefined : vscode.l10n.t('VS Code did not recreate {0}.', change.relative);
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const wasDirty = document.isDirty;
  edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), change.original);
  if (!(await vscode.workspace.applyEdit(edit))) return vscode.l10n.t('VS Code did not restore {0} (is it read-only?).', change.relative);
  // Saved, so the disk holds the original again (compilers read the disk); unsaved work of the user's stays unsaved.
  if (!wasDirty) await document.save();
  return undefined;
}

/** True when the file is no longer as the turn left it: the user (or something else) changed it since. A deleted file is not: nothing of theirs would be lost. */
async function changedSince(change: FileChange): Promise<boolean> {
  let size: number;
  try {
    size = (await fs.promises.stat(change.file)).size;
  } catch {
    return false;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === change.file);
  if (open?.isDirty) return open.getText() !== change.current;
  // Bounded: a file whose size is off by more than a byte-order mark changed, without reading it.
  if (Math.abs(size - Buffer.byteLength(change.current, 'utf8')) > 3) return true;
  return (open ?? (await vscode.workspace.openTextDocument(vscode.Uri.file(change.file)))).getText() !== change.current;
}

const confirmModal = async (question: string, yes: string): Promise<boolean> => (await vscode.window.showWarningMessage(question, { modal: true }, yes)) === yes;

/** Every agent turn of the window: their toolboxes, approvals, reviews and undo. */
export class AgentService implements vscode.Disposable {
  private readonly texts = new AgentTexts();
  private readonly turns = new Map<string, AgentTurn>();
  private readonly registration: vscode.Disposable;
  private last: AgentTurn | undefined;

  constructor(private readonly deps: AgentServiceDeps) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(AGENT_SCHEME, this.texts);
  }

  /** The toolbox for answer `answerId`; `ui` shows its approvals. */
  startTurn(answerId: string, ui: ApprovalUi): AgentTurn {
    const turn = new AgentTurn(answerId, workspaceToolRegistry(), lmToolSet(Object.keys(TOOL_SCHEMAS)), this.deps.settings(), this.texts, ui);
    this.turns.set(answerId, turn);
    for (const old of [...this.turns.keys()].slice(0, Math.max(0, this.turns.size - KEPT_TURNS))) this.turns.delete(old);
    return turn;
  }

  /** The turn ended: it becomes the one Undo Agent Changes undoes if it changed anything. Returns its review. */
  endTurn(answerId: string): ReviewView | undefined {
    const turn = this.turns.get(answerId);
    if (!turn || turn.changes.isEmpty) return undefined;
    this.last = turn;
    return turn.changes.review();
  }

  /** The view's approvals and review actions. */
  async request(message: ApproveRequest | OpenApprovalRequest | ReviewRequest): Promise<void> {
    const turn = this.turns.get(message.id);
    if (!turn) return;
    switch (message.type) {
      case 'approve':
        turn.answer(message.approvalId, message.decision, message.reason);
        return;
      case 'openApproval':
        await turn.openApproval(message.approvalId);
        return;
      case 'reviewAction':
        if (message.action === 'open') await this.openChange(turn, message.path);
        else if (message.action === 'keep') this.keep(turn, message.path);
        else await this.undo(turn, message.path);
        return;
    }
  }

  /**
   * How `@monster /agent` asks: the question in the answer and buttons that answer it
   * (answerFromChat). VS Code's own agent asks inline too; its confirmation part is not public
   * API. The turn waits for a button or Stop, so nothing dismissed passes for a Reject. Here, not
   * in the participant: it loads with the agent (dist/agent.js), not at activation.
   */
  askInChat(stream: vscode.ChatResponseStream, answerId: string): ApprovalUi {
    return (view) => {
      if (!view) return;
      const run = view.kind === 'task' || view.kind === 'command';
      const code = `\`${view.subject.replace(/[`\r\n]/g, ' ')}\``;
      stream.markdown('\n\n' + (run ? `${vscode.l10n.t('The agent wants to run:')}\n\n${fenced(view.detail)}` : vscode.l10n.t('The agent wants to change {0} ({1}).', code, view.detail)) + '\n\n');
      const button = (title: string, decision: 'accept' | 'reject' | 'open'): void => stream.button({ command: Commands.answerAgentApproval, arguments: [answerId, view.id, decision], title });
      button(run ? vscode.l10n.t('Run') : vscode.l10n.t('Accept'), 'accept');
      button(run ? vscode.l10n.t('Skip') : vscode.l10n.t('Reject'), 'reject');
      if (!run) button(vscode.l10n.t('Show Diff'), 'open');
      stream.progress(vscode.l10n.t('Waiting for your answer…'));
    };
  }

  /**
   * An approval answered from a button of `@monster /agent` in the Chat view: Accept or Run goes
   * on; Reject or Skip asks why (optional, the agent is told; Escape leaves it unsaid); Show Diff
   * opens the edit's diff again. A button of a question that no longer waits says so.
   */
  async answerFromChat(answerId: string, approvalId: string, decision: 'accept' | 'reject' | 'open'): Promise<boolean> {
    const turn = this.turns.get(answerId);
    if (!turn?.waits(approvalId)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: that question was already answered, or its agent turn has ended.'));
      return false;
    }
    if (decision === 'open') {
      await turn.openApproval(approvalId);
      return true;
    }
    const reason = decision === 'reject' ? await askReason() : undefined;
    return turn.answer(approvalId, decision, reason);
  }

  /**
   * Accept / Reject in the title of an approval's diff (`proposed`: its right side, as the title
   * hands it): the same answer as the card's, so the card and the model see it as one. Reject asks
   * why first, as answerFromChat does.
   */
  async answerDiff(proposed: unknown, decision: 'accept' | 'reject'): Promise<void> {
    const uri = proposed instanceof vscode.Uri ? proposed : activeDiffRight();
    const turn = uri && [...this.turns.values()].find((t) => t.approvalShowing(uri));
    if (!uri || !turn) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: that question was already answered, or its agent turn has ended.'));
      return;
    }
    const reason = decision === 'reject' ? await askReason(vscode.l10n.t('Reject Agent Edit')) : undefined;
    const id = turn.approvalShowing(uri);
    if (id) turn.answer(id, decision, reason);
  }

  /** Undo Agent Changes: every file the last turn that changed files changed or created, as it was. */
  async undoLastTurn(): Promise<boolean> {
    const turn = this.last;
    if (!turn || turn.changes.list().every((change) => change.state === 'undone')) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: the last agent turn left nothing to undo.'));
      return false;
    }
    return this.undo(turn, undefined);
  }

  private keep(turn: AgentTurn, path: string | undefined): void {
    for (const change of turn.changes.select(path)) change.state = 'kept';
    this.deps.onReview(turn.answerId, turn.changes.review());
  }

  /** Puts the files back; false when the user declined because they changed a file since. */
  private async undo(turn: AgentTurn, path: string | undefined): Promise<boolean> {
    // Kept files are undone too: Keep only closes the question, the original is still known.
    const selected = turn.changes.select(path);
    // Undo replaces the whole text: later edits of the user's would go without a word, so ask first.
    const touched: string[] = [];
    for (const change of selected) if (await changedSince(change)) touched.push(change.relative);
    if (touched.length > 0) {
      const question = vscode.l10n.t(
        "{0} changed after the agent's edit. Undo puts back the text from before the agent's turn (a file the agent created is deleted), so those later changes go too; in an open editor, Edit > Undo brings them back.",
        touched.join(', '),
      );
      if (!(await (this.deps.confirm ?? confirmModal)(question, vscode.l10n.t('Undo Anyway')))) return false;
    }
    const failures: string[] = [];
    for (const change of selected) {
      const failure = await restore(change);
      if (failure) failures.push(failure);
      else change.state = 'undone';
    }
    this.deps.onReview(turn.answerId, turn.changes.review());
    if (failures.length > 0) void vscode.window.showErrorMessage(vscode.l10n.t('Monster Gaming: some agent changes could not be undone: {0}', failures.join(' ')));
    return true;
  }

  /** The diff of one reviewed file: as it was before the turn, against the file now. */
  private async openChange(turn: AgentTurn, path: string | undefined): Promise<void> {
    const change = turn.changes.list().find((c) => c.relative === path);
    if (!change) return;
    const name = change.relative.split('/').pop() ?? change.relative;
    const left = this.texts.add(change.file, change.original ?? '', 'original');
    if (change.state === 'undone' || !fs.existsSync(change.file)) {
      await vscode.commands.executeCommand('vscode.open', left);
      return;
    }
    await vscode.commands.executeCommand('vscode.diff', left, vscode.Uri.file(change.file), vscode.l10n.t("{0} (the agent's changes)", name), { preview: false });
  }

  dispose(): void {
    this.registration.dispose();
    this.turns.clear();
  }
}

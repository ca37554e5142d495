/**
 * The agent service's edges in a real VS Code, on a folder of the suite's workspace: an approval's
 * diff and what the disk holds while it waits, Accept (in the card or the diff's title), Reject
 * with a reason, Stop, a created file undone, Undo after the user edited, saved or deleted the
 * file, auto-approval and allowed command prefixes, Undo Agent Changes with nothing to undo, and
 * another extension's tool named like ours.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AGENT_SCHEME, AgentService, type AgentSettings, type AgentTurn } from '../../src/agent/agentService';
import { workspaceFolderPaths } from '../../src/agent/tools/workspaceTools';
import { TOOL_SCHEMAS } from '../../src/agent/tools/toolSchemas';
import type { ApprovalView, ReviewView } from '../../src/shared/protocol';
import { activated, waitFor } from './helpers';

/** Each test works in its own folder: VS Code may keep a closed file's document, with its text, for a while. */
const ROOT_DIR = 'agent-service-test';
const ORIGINAL = 'class Player\n{\n    int hp = 100;\n}\n';
const EDITED = 'class Player\n{\n    int hp = 250;\n}\n';
const CALLER_ID = 'monstergaming-tests.lm-caller';

describe('Agent service in a real VS Code', function () {
  this.timeout(60_000);
  let folder: string;
  let service: AgentService;
  let settings: AgentSettings;
  let reviews: Array<{ answerId: string; review: ReviewView }>;
  let questions: string[];
  let confirmAnswer: boolean;
  let views: Array<ApprovalView | null>;
  let counter = 0;
  let dir = '';

  const file = (name: string): string => path.join(folder, ...dir.split('/'), name);
  const relative = (name: string): string => `${dir}/${name}`;
  const disk = (name: string): string => fs.readFileSync(file(name), 'utf8');
  const agentTabs = (): vscode.Tab[] =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === AGENT_SCHEME);
  const turn = (): AgentTurn => service.startTurn(`answer-${++counter}`, (view) => views.push(view));
  const call = (on: AgentTurn, name: string, args: unknown, signal = new AbortController().signal): ReturnType<AgentTurn['run']> =>
    on.run({ id: `call-${++counter}`, name, arguments: JSON.stringify(args) }, signal);
  const editHp = (on: AgentTurn, name = 'Player.cs', signal?: AbortSignal): ReturnType<AgentTurn['run']> =>
    call(on, 'edit_file', { path: relative(name), old_text: 'int hp = 100;', new_text: 'int hp = 250;' }, signal);
  const waitingView = (): Promise<ApprovalView> => waitFor('the approval', () => views.find((v): v is ApprovalView => v !== null));
  /** Runs an edit of Player.cs and accepts it, as the sidebar's card would. */
  const acceptedEdit = async (on: AgentTurn, name = 'Player.cs'): Promise<void> => {
    const running = editHp(on, name);
    const view = await waitingView();
    assert.equal(on.answer(view.id, 'accept'), true);
    const result = await running;
    assert.equal(result.ok, true, result.text);
    views = [];
  };

  before(async () => {
    await activated();
    folder = workspaceFolderPaths()[0].path;
  });
  beforeEach(() => {
    dir = `${ROOT_DIR}/t${++counter}`;
    fs.mkdirSync(path.join(folder, ...dir.split('/')), { recursive: true });
    fs.writeFileSync(file('Player.cs'), ORIGINAL);
    settings = { autoApprove: ['read'], allowedCommands: [] };
    reviews = [];
    questions = [];
    confirmAnswer = false;
    views = [];
    service = new AgentService({
      settings: () => settings,
      onReview: (answerId, review) => reviews.push({ answerId, review }),
      log: () => undefined,
      confirm: (question) => {
        questions.push(question);
        return Promise.resolve(confirmAnswer);
      },
    });
  });
  afterEach(async () => {
    service.dispose();
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => fs.rmSync(path.join(folder, ROOT_DIR), { recursive: true, force: true }));

  it('an edit waits for approval with its diff open and the file unchanged; Accept applies it and closes the diff', async () => {
    const on = turn();
    const running = editHp(on);
    const view = await waitingView();
    assert.equal(view.kind, 'edit');
    assert.equal(view.subject, relative('Player.cs'));
    assert.equal(view.detail, '1 line added, 1 removed');
    const [tab] = await waitFor('the approval diff', () => (agentTabs().length > 0 ? agentTabs() : undefined));
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.modified.scheme, AGENT_SCHEME);
    assert.equal(input.original.scheme, AGENT_SCHEME);
    assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), EDITED);
    assert.equal(disk('Player.cs'), ORIGINAL, 'nothing is written while the approval waits');
    assert.equal(on.answer('another-id', 'accept'), false, 'an answer to another approval is ignored');
    assert.equal(on.answer(view.id, 'accept'), true);
    const result = await running;
    assert.equal(result.ok, true, result.text);
    assert.equal(result.refused, undefined);
    assert.equal(disk('Player.cs'), EDITED);
    assert.deepEqual(views.at(-1), null, 'the card is taken down');
    await waitFor('the approval diff to close', () => agentTabs().length === 0);
    assert.deepEqual(service.endTurn(on.answerId), { files: [{ path: relative('Player.cs'), added: 1, removed: 1, created: false, state: 'pending' }] });
  });

  it("Accept in the diff's title answers the approval that diff shows, as the card would; the title of another document answers nothing", async () => {
    const on = turn();
    const running = editHp(on);
    const view = await waitingView();
    const [tab] = await waitFor('the approval diff', () => (agentTabs().length > 0 ? agentTabs() : undefined));
    const proposed = (tab.input as vscode.TabInputTextDiff).modified;
    assert.equal(on.approvalShowing(proposed), view.id);
    // A stale diff (an older proposal of the same file) is not this approval.
    await service.answerDiff(proposed.with({ query: 'proposed-0' }), 'accept');
    assert.equal(on.approvalShowing(proposed), view.id, 'still waiting');
    assert.equal(disk('Player.cs'), ORIGINAL);
    await service.answerDiff(proposed, 'accept');
    const result = await running;
    assert.equal(result.ok, true, result.text);
    assert.equal(disk('Player.cs'), EDITED);
    assert.deepEqual(views.at(-1), null, 'the card is taken down');
    assert.equal(on.approvalShowing(proposed), undefined);
  });

  it('Reject with a reason tells the model the reason, marks the call refused and changes nothing', async () => {
    const on = turn();
    const running = editHp(on);
    const view = await waitingView();
    on.answer(view.id, 'reject', 'keep hp at 100, it is balanced');
    const result = await running;
    assert.equal(result.ok, false);
    assert.equal(result.refused, true);
    assert.match(result.text, /keep hp at 100, it is balanced/);
    assert.equal(disk('Player.cs'), ORIGINAL);
    assert.equal(on.changes.isEmpty, true);
    assert.equal(service.endTurn(on.answerId), undefined);
    await waitFor('the approval diff to close', () => agentTabs().length === 0);
  });

  it('Stop while an approval waits rejects it, writes nothing and takes the card down', async () => {
    const on = turn();
    const stop = new AbortController();
    const running = editHp(on, 'Player.cs', stop.signal);
    await waitingView();
    stop.abort();
    const result = await running;
    assert.equal(result.ok, false);
    assert.equal(result.refused, true);
    assert.equal(disk('Player.cs'), ORIGINAL);
    assert.equal(views.at(-1), null, 'ui(null) was called');
    assert.equal(on.changes.isEmpty, true);
    await waitFor('the approval diff to close', () => agentTabs().length === 0);
  });

  it('a created file, approved, is deleted by Undo and its review says undone', async () => {
    const on = turn();
    const running = call(on, 'create_file', { path: relative('Enemy.cs'), content: 'class Enemy\n{\n}\n' });
    const view = await waitingView();
    assert.equal(view.kind, 'create');
    assert.equal(view.detail, 'New file, 3 lines');
    on.answer(view.id, 'accept');
    assert.equal((await running).ok, true);
    assert.equal(disk('Enemy.cs'), 'class Enemy\n{\n}\n');
    service.endTurn(on.answerId);
    await service.request({ type: 'reviewAction', id: on.answerId, action: 'undo', path: relative('Enemy.cs') });
    assert.equal(fs.existsSync(file('Enemy.cs')), false);
    assert.deepEqual(reviews.at(-1), { answerId: on.answerId, review: { files: [{ path: relative('Enemy.cs'), added: 3, removed: 0, created: true, state: 'undone' }] } });
    assert.deepEqual(questions, [], 'nothing to ask: the file was as the agent left it');
  });

  it('Undo after the user saved and then edited the file further asks first; declined, it changes nothing', async () => {
    const on = turn();
    await acceptedEdit(on);
    service.endTurn(on.answerId);
    const document = await vscode.workspace.openTextDocument(file('Player.cs'));
    await vscode.window.showTextDocument(document);
    const saved = new vscode.WorkspaceEdit();
    saved.insert(document.uri, new vscode.Position(3, 0), '    int mp = 5;\n');
    assert.ok(await vscode.workspace.applyEdit(saved));
    assert.ok(await document.save());
    const unsaved = new vscode.WorkspaceEdit();
    unsaved.insert(document.uri, new vscode.Position(4, 0), '    int xp = 7;\n');
    assert.ok(await vscode.workspace.applyEdit(unsaved));
    const users = document.getText();
    assert.equal(document.isDirty, true);

    confirmAnswer = false;
    await service.request({ type: 'reviewAction', id: on.answerId, action: 'undo', path: relative('Player.cs') });
    assert.equal(questions.length, 1, 'the user is asked before their later edits are replaced');
    assert.match(questions[0], new RegExp(`${relative('Player.cs')}.*changed after the agent`));
    assert.equal(document.getText(), users, 'declined: the user’s text stays');
    assert.equal(on.changes.list()[0].state, 'pending');

    confirmAnswer = true;
    await service.request({ type: 'reviewAction', id: on.answerId, action: 'undo', path: relative('Player.cs') });
    assert.equal(questions.length, 2);
    assert.equal(document.getText(), ORIGINAL, 'Undo Anyway: the text from before the turn');
    assert.equal(on.changes.list()[0].state, 'undone');
    // The replacement is one edit on the document: the editor's Undo brings the user's text back.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), users);
  });

  it('Undo after the user only saved the agent’s edit asks nothing and restores the original on disk', async () => {
    const on = turn();
    await acceptedEdit(on);
    service.endTurn(on.answerId);
    await service.request({ type: 'reviewAction', id: on.answerId, action: 'keep', path: relative('Player.cs') });
    assert.equal(reviews.at(-1)?.review.files[0].state, 'kept');
    assert.equal(await service.undoLastTurn(), true);
    assert.deepEqual(questions, []);
    assert.equal(disk('Player.cs'), ORIGINAL);
    assert.equal(reviews.at(-1)?.review.files[0].state, 'undone');
  });

  it('a file the user deleted after the agent edited it is recreated by Undo', async () => {
    const on = turn();
    await acceptedEdit(on);
    service.endTurn(on.answerId);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file('Player.cs'));
    assert.equal(await service.undoLastTurn(), true);
    assert.equal(disk('Player.cs'), ORIGINAL);
    assert.equal(on.changes.list()[0].state, 'undone');
  });

  it('autoApprove read and edit applies an edit without asking', async () => {
    settings = { autoApprove: ['read', 'edit'], allowedCommands: [] };
    const on = turn();
    const result = await editHp(on);
    assert.equal(result.ok, true, result.text);
    assert.deepEqual(views, [], 'no card');
    assert.equal(agentTabs().length, 0, 'no diff');
    assert.equal(disk('Player.cs'), EDITED);
  });

  it('allowed commands pre-approve run_command for a matching prefix only', async () => {
    settings = { autoApprove: ['read'], allowedCommands: ['node -e'] };
    const on = turn();
    const allowed = await call(on, 'run_command', { command: `node -e "require('fs').writeFileSync('${dir}/ran.txt', 'yes')"` });
    assert.equal(allowed.ok, true, allowed.text);
    assert.deepEqual(views, [], 'run without asking');
    assert.equal(disk('ran.txt'), 'yes');

    const running = call(on, 'run_command', { command: `node --eval "require('fs').writeFileSync('${dir}/other.txt', 'no')"` });
    const view = await waitingView();
    assert.equal(view.kind, 'command');
    on.answer(view.id, 'reject');
    const skipped = await running;
    assert.equal(skipped.refused, true);
    assert.equal(fs.existsSync(file('other.txt')), false);

    views = [];
    const chained = call(on, 'run_command', { command: `node -e "1" && node -e "require('fs').writeFileSync('${dir}/chained.txt', 'no')"` });
    const chainedView = await waitingView();
    on.answer(chainedView.id, 'reject');
    assert.equal((await chained).refused, true, 'a chained line is asked about, whatever its prefix');
    assert.equal(fs.existsSync(file('chained.txt')), false);
  });

  it('Undo Agent Changes with nothing to undo says so and returns false', async () => {
    assert.equal(await service.undoLastTurn(), false, 'no turn yet');
    const on = turn();
    await acceptedEdit(on);
    service.endTurn(on.answerId);
    assert.equal(await service.undoLastTurn(), true);
    assert.equal(await service.undoLastTurn(), false, 'everything is undone already');
    assert.equal(disk('Player.cs'), ORIGINAL);
  });

  it('offers our 11 tools and never another extension’s tool named like ours', async () => {
    const caller = vscode.extensions.getExtension(CALLER_ID);
    assert.ok(caller, `${CALLER_ID} is not installed`);
    await caller.activate();
    const lm = (vscode as { lm?: { tools?: readonly vscode.LanguageModelToolInformation[] } }).lm;
    assert.ok(lm?.tools?.some((t) => t.name === 'read_file'), 'the fixture registered its read_file');
    const on = turn();
    const names = on.tools().map((t) => t.name);
    const ours = Object.keys(TOOL_SCHEMAS);
    assert.equal(ours.length, 11);
    for (const name of ours) assert.equal(names.filter((n) => n === name).length, 1, `${name} offered once: ${JSON.stringify(names)}`);
    assert.ok(names.includes('lmCaller_echo'), 'a foreign tool with its own name is offered');
    const read = await call(on, 'read_file', { path: relative('Player.cs') });
    assert.equal(read.ok, true, read.text);
    assert.doesNotMatch(read.text, /IMPOSTOR/);
    assert.match(read.text, /int hp = 100;/);
  });
});

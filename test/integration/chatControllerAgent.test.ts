/**
 * The sidebar's controller in agent mode, below the UI: the Ask / Agent switch, a turn's steps
 * and approvals as the view hears them, the review after it, tokens, and all of it kept in
 * history. Real engine and development gateway; the agent port is a small in-memory one (the
 * real service runs in the extension-host and end-to-end suites).
 */
import * as assert from 'node:assert/strict';
import { AnswerEngine } from '../../src/answering/engine';
import type { AgentToolbox } from '../../src/answering/types';
import { ChatController, type AgentPort, type ChatSettings } from '../../src/chat/chatController';
import { ConversationStore } from '../../src/chat/historyStore';
import { DisciplineRouter } from '../../src/disciplines/router';
import { GatewayClient, type ToolDefinition } from '../../src/gateway/client';
import type { ApprovalView, HostToWebview, ReviewView, StepMessage } from '../../src/shared/protocol';
import { startGateway, type DevGateway } from '../gateway/server';
import { tempHistory } from '../unit/tempHistory';

const TOOLS: readonly ToolDefinition[] = ['read_file', 'edit_file', 'compile_shader', 'list_files'].map((name) => ({ name, description: name, parameters: { type: 'object', properties: {} } }));
const SHADER = ['#version 450', 'layout(location = 0) out vec4 color;', 'void main() {', '  vec4 tint = vec4(1.0);', '  color = tnt;', '}'].join('\n');

/** An agent port over one in-memory shader whose edits wait for the user's approval. */
class ShaderAgent implements AgentPort {
  text = SHADER;
  readonly requests: unknown[] = [];
  private waiting: ((approved: boolean, reason?: string) => void) | undefined;
  review: ReviewView | undefined;

  startTurn(_answerId: string, ui: (view: ApprovalView | null) => void): Promise<AgentToolbox> {
    return Promise.resolve({
      tools: () => TOOLS,
      run: async (call) => {
        const args = JSON.parse(call.arguments) as Record<string, string>;
        if (call.name === 'compile_shader') return { ok: true, text: this.text.includes('tnt') ? "shaders/water.frag:5:11: error: 'tnt' : undeclared identifier [glslang]" : 'OK' };
        if (call.name === 'read_file') return { ok: true, text: this.text.split('\n').map((l, i) => `${String(i + 1).padStart(4)} | ${l}`).join('\n') };
        if (call.name !== 'edit_file') return { ok: false, text: 'Error: not here.' };
        ui({ id: call.id, kind: 'edit', subject: 'shaders/water.frag', detail: '1 line added, 1 removed', added: 1, removed: 1 });
        const [approved, reason] = await new Promise<[boolean, string | undefined]>((resolve) => (this.waiting = (a, r) => resolve([a, r])));
        ui(null);
        if (!approved) return { ok: false, text: `Error: the user rejected the change to shaders/water.frag${reason ? `, saying: ${reason}` : ''}. Nothing was changed.`, refused: true };
        this.text = this.text.replace(args.old_text, args.new_text);
        this.review = { files: [{ path: 'shaders/water.frag', added: 1, removed: 1, created: false, state: 'pending' }] };
        return { ok: true, text: 'Edited shaders/water.frag.' };
      },
    });
  }
  endTurn(): Promise<ReviewView | undefined> {
    return Promise.resolve(this.review);
  }
  request(message: unknown): Promise<void> {
    this.requests.push(message);
    const m = message as { type: string; decision?: string; reason?: string };
    if (m.type === 'approve') this.waiting?.(m.decision === 'accept', m.reason);
    return Promise.resolve();
  }
  maxSteps(): number {
    return 25;
  }
}

describe('ChatController in agent mode', () => {
  let gateway: DevGateway;
  let history: ReturnType<typeof tempHistory>;
  let posted: HostToWebview[];
  const settings: ChatSettings = { model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 };

  before(async () => {
    gateway = await startGateway({ rateLimits: false });
  });
  after(() => gateway.close());
  beforeEach(() => {
    gateway.reset();
    history = tempHistory();
    posted = [];
  });

  function controller(agent: AgentPort | undefined, store = new ConversationStore(history.files, () => 50)): ChatController {
    const engine = new AnswerEngine({
      gateway: new GatewayClient(() => Promise.resolve({ baseUrl: gateway.url, apiKey: 'mg_live_studio_agentui' }), { idleTimeoutMs: () => 5_000 }),
      settings: () => settings,
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
    });
    return new ChatController({ engine, settings: () => settings, account: () => ({ hasKey: true, signupUrl: 'https://monstergaming.ai/signup' }), store, post: (m) => posted.push(m), ...(agent ? { agent } : {}) });
  }

  /** Resolves once the view has been shown an approval card. */
  function approvalShown(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (posted.some((m) => m.type === 'approval' && m.approval)) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
  }

  /** Answers the approval the view is shown, as the card's buttons would. */
  function approveWhenAsked(chat: ChatController, decision: 'accept' | 'reject', reason?: string): void {
    const timer = setInterval(() => {
      const shown = posted.find((m) => m.type === 'approval' && m.approval);
      if (shown?.type !== 'approval' || !shown.approval) return;
      clearInterval(timer);
      void chat.agentRequest({ type: 'approve', id: shown.id, approvalId: shown.approval.id, decision, ...(reason ? { reason } : {}) });
    }, 5);
  }

  it('switches to agent mode only where the agent is offered, and tells the view', () => {
    const without = controller(undefined);
    without.setAgentMode(true);
    assert.equal(without.agentMode, false);
    assert.equal(posted.length, 0);
    const chat = controller(new ShaderAgent());
    void chat.agentRequest({ type: 'setAgentMode', on: true });
    assert.equal(chat.agentMode, true);
    assert.deepEqual(posted, [{ type: 'agentMode', on: true }]);
    assert.equal(chat.viewState().agentMode, true);
  });

  it('runs a turn: steps as rows, the edit waits for Accept, the review and tokens after, all kept in history', async () => {
    const agent = new ShaderAgent();
    const store = new ConversationStore(history.files, () => 50);
    const chat = controller(agent, store);
    chat.setAgentMode(true);
    approveWhenAsked(chat, 'accept');
    assert.equal(await chat.send({ text: 'Make this shader compile: shaders/water.frag' }), true);
    assert.ok(!agent.text.includes('tnt'), 'the approved edit was made');

    const answerId = posted.find((m) => m.type === 'messageAdded' && m.message.role === 'assistant')?.type === 'messageAdded' ? (posted.find((m) => m.type === 'messageAdded' && m.message.role === 'assistant') as { message: { id: string } }).message.id : '';
    const steps = posted.filter((m): m is StepMessage => m.type === 'step' && m.id === answerId);
    const edit = steps.filter((s) => s.step.tool === 'edit_file').map((s) => s.step.status);
    assert.deepEqual(edit, ['running', 'waiting', 'running', 'done'], 'the edit row waits while the card is shown');
    const last = new Map(steps.map((s) => [s.step.id, s.step]));
    assert.deepEqual([...last.values()].map((s) => `${s.tool} ${s.brief} ${s.status}`), [
      'compile_shader shaders/water.frag done',
      'read_file shaders/water.frag done',
      'edit_file shaders/water.frag done',
      'compile_shader shaders/water.frag done',
    ]);
    assert.ok([...last.values()].every((s) => typeof s.ms === 'number' && s.result !== undefined));
    const approvals = posted.filter((m) => m.type === 'approval').map((m) => (m.type === 'approval' ? m.approval?.kind ?? null : undefined));
    assert.deepEqual(approvals, ['edit', null]);
    assert.ok(posted.some((m) => m.type === 'tokens' && m.id === answerId));
    const review = posted.find((m) => m.type === 'review');
    assert.deepEqual(review?.type === 'review' ? review.review.files.map((f) => f.path) : [], ['shaders/water.frag']);

    // Reopened from disk: the rows, the review and the tokens are still there.
    const reopened = await new ConversationStore(history.files, () => 50).load(chat.conversationId);
    const answer = reopened.conversation?.messages.find((m) => m.id === answerId);
    assert.equal(answer?.steps?.length, 4);
    assert.equal(answer?.review?.files[0].path, 'shaders/water.frag');
    assert.ok((answer?.tokens?.prompt ?? 0) > 0);

    // A Keep or Undo from the agent service updates the stored review and the view.
    chat.reviewChanged(answerId, { files: [{ path: 'shaders/water.frag', added: 1, removed: 1, created: false, state: 'undone' }] });
    assert.equal(chat.messages.find((m) => m.id === answerId)?.review?.files[0].state, 'undone');
    assert.equal(posted.at(-1)?.type, 'review');
  });

  it('a rejection with a reason reaches the model, and the row says rejected', async () => {
    const agent = new ShaderAgent();
    const chat = controller(agent);
    chat.setAgentMode(true);
    approveWhenAsked(chat, 'reject', 'keep the typo, it is a test fixture');
    await chat.send({ text: 'Make this shader compile: shaders/water.frag' });
    assert.ok(agent.text.includes('tnt'));
    const rows = posted.filter((m): m is StepMessage => m.type === 'step' && m.step.tool === 'edit_file');
    assert.equal(rows.at(-1)?.step.status, 'rejected');
    const bodies = gateway.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as { messages: Array<{ role: string; content: string | null }> });
    assert.ok(bodies.at(-1)?.messages.some((m) => m.role === 'tool' && /rejected the change.*saying: keep the typo/.test(m.content ?? '')));
  });

  it('a view drawn anew while an approval waits (the sidebar hidden and shown) gets the card again; once answered, no card', async () => {
    const agent = new ShaderAgent();
    const chat = controller(agent);
    chat.setAgentMode(true);
    const sending = chat.send({ text: 'Make this shader compile: shaders/water.frag' });
    await approvalShown();
    const shown = posted.find((m) => m.type === 'approval' && m.approval);
    assert.ok(shown?.type === 'approval' && shown.approval);
    // What `init` carries to the new webview: the waiting answer with its approval.
    const redrawn = chat.viewState().messages.find((m) => m.id === shown.id);
    assert.deepEqual(redrawn?.approval, shown.approval);
    assert.equal(chat.viewState().messages.filter((m) => m.approval).length, 1, 'only the waiting answer carries it');
    await chat.agentRequest({ type: 'approve', id: shown.id, approvalId: shown.approval.id, decision: 'accept' });
    await sending;
    assert.ok(!agent.text.includes('tnt'), 'the approval answered from the redrawn card went through');
    assert.equal(chat.viewState().messages.some((m) => m.approval), false, 'answered: a view drawn now shows no card');
    assert.equal(chat.messages.some((m) => 'approval' in m), false, 'the approval is never part of the stored messages');
  });

  it('Stop while an approval waits ends the turn: the card goes, the waiting row is stopped', async () => {
    const agent = new ShaderAgent();
    const chat = controller(agent);
    chat.setAgentMode(true);
    const sending = chat.send({ text: 'Make this shader compile: shaders/water.frag' });
    await approvalShown();
    const stopping = chat.stop();
    // The port answers Stop like the real service: the waiting approval is rejected.
    void agent.request({ type: 'approve', decision: 'reject', reason: 'the user stopped the turn' });
    await stopping;
    await sending;
    assert.ok(agent.text.includes('tnt'), 'nothing was changed');
    const done = posted.find((m) => m.type === 'done');
    assert.equal(done?.type === 'done' ? done.status : undefined, 'stopped');
    const edit = posted.filter((m): m is StepMessage => m.type === 'step' && m.step.tool === 'edit_file').at(-1);
    assert.ok(edit && (edit.step.status === 'rejected' || edit.step.status === 'stopped'), edit?.step.status);
    assert.equal(posted.filter((m) => m.type === 'approval').at(-1)?.type === 'approval' ? (posted.filter((m) => m.type === 'approval').at(-1) as { approval: unknown }).approval : 'missing', null);
  });
});

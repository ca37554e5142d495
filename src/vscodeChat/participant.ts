import * as vscode from 'vscode';
import type { ContextItem } from '../answering/contextTypes';
import { userContent } from '../answering/compose';
import type { AnswerEngine } from '../answering/engine';
import { Commands } from '../commands/ids';
import type { Settings } from '../config/settings';
import { DISCIPLINES, disciplineById, disciplineLabel, type Discipline } from '../disciplines/catalog';
import { diagnosticTitle } from '../fix/diagnostics';
import type { FixController } from '../fix/fixController';
import { FixRefusedError } from '../fix/fixProposal';
import { PRICING_URL, SIGNUP_URL, statusPageUrl } from '../gateway/errors';
import type { ActionView, ErrorView } from '../shared/protocol';
import { answerHeader, conversationPin, conversationTurns, parseDisciplineCommand, type HistoryTurn, type ParticipantMetadata } from './conversation';
import { LM_VENDOR } from './languageModels';
import { referenceItems } from './references';
import type { LazyAgent } from '../agent/agentPort';
import { stepBrief } from '../chat/agentSteps';
import type { AgentToolbox } from '../answering/types';

/** `contributes.chatParticipants[0].id`; users call it `@monster`. */
export const PARTICIPANT_ID = 'monsterGaming.monster';

export interface ParticipantDeps {
  /** The answering engine: `@monster` only renders its events. */
  readonly engine: Pick<AnswerEngine, 'run' | 'missingKey' | 'describe'>;
  readonly settings: () => Settings;
  /** The fix flow of the quick fix: `/fix` proposes, previews and applies through it. */
  readonly fixes: FixController;
  /** `/agent`: the agent loop with the workspace tools; approvals are asked in the answer, with buttons. */
  readonly agent?: LazyAgent;
  readonly log: (line: string) => void;
}

let agentTurns = 0;

/** Inline code whatever the text holds (a brief comes from the model). */
const code = (text: string): string => `\`${text.replace(/[`\r\n]/g, ' ')}\``;

/** A turn's tokens in the sidebar's words: the total, and how it splits. */
const tokensLine = (prompt: number, completion: number): string => {
  const en = (n: number): string => n.toLocaleString('en-US');
  return vscode.l10n.t('{0} tokens ({1} prompt + {2} completion)', en(prompt + completion), en(prompt), en(completion));
};

/** A question as asked: its text and the context attached (references, the code of `/explain`). */
interface Question {
  readonly text: string;
  readonly items: readonly ContextItem[];
  readonly languageId?: string;
  readonly fileName?: string;
}

/** The Chat view's history, read by shape (its turn classes cannot be built outside VS Code). */
function historyOf(context: vscode.ChatContext): HistoryTurn[] {
  return context.history.map((turn): HistoryTurn => {
    if ('prompt' in turn) return { kind: 'request', prompt: turn.prompt, command: turn.command };
    const text = turn.response.map((part) => ('value' in part && part.value instanceof vscode.MarkdownString ? part.value.value : '')).join('');
    return { kind: 'response', text, metadata: turn.result.metadata as ParticipantMetadata | undefined };
  });
}

/** Error actions as Chat view buttons (retry and new chat are the Chat view's own). */
function actionButton(action: ActionView, statusUrl: string): vscode.Command | undefined {
  switch (action.kind) {
    case 'openStatus':
      return { command: 'vscode.open', arguments: [vscode.Uri.parse(statusUrl)], title: vscode.l10n.t('Open Status Page') };
    case 'setApiKey':
      return { command: Commands.setApiKey, title: vscode.l10n.t('Set API Key') };
    case 'getApiKey':
      return { command: 'vscode.open', arguments: [vscode.Uri.parse(SIGNUP_URL)], title: vscode.l10n.t('Get a Free Key') };
    case 'openPricing':
      return { command: 'vscode.open', arguments: [vscode.Uri.parse(PRICING_URL)], title: vscode.l10n.t('Open Pricing') };
    case 'openSettings':
      return { command: 'workbench.action.openSettings', arguments: ['@ext:monstergaming.monster-gaming'], title: vscode.l10n.t('Open Settings') };
    case 'selectDiscipline':
      return { command: Commands.selectDiscipline, title: vscode.l10n.t('Select Discipline') };
    case 'selectModel':
      return { command: Commands.selectModel, title: vscode.l10n.t('Select Model') };
    case 'selectProvider':
      return { command: Commands.selectProvider, title: vscode.l10n.t('Select Provider') };
    default:
      return undefined;
  }
}

/**
 * `@monster` in VS Code's Chat view: questions answered through the same gateway client, routing
 * and specialist prompts as the sidebar; `/fix` and `/explain` on the diagnostic at the cursor
 * through the quick fix's own flow; `/discipline <name>` pins a specialist for the conversation.
 */
export class MonsterParticipant {
  constructor(private readonly deps: ParticipantDeps) {}

  readonly handler: vscode.ChatRequestHandler = (request, context, stream, token) => this.handle(request, context, stream, token);

  async handle(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const history = historyOf(context);
    const pin = conversationPin(history);
    switch (request.command) {
      case 'fix':
        return this.fix(stream, token, pin);
      case 'explain': {
        const question = await this.deps.fixes.explainQuestion(undefined, undefined, true);
        if (!question) {
          stream.markdown(vscode.l10n.t('There is no problem at the cursor to explain. Put the cursor on an error in the editor and ask again.'));
          return { metadata: { command: 'explain', pin } satisfies ParticipantMetadata };
        }
        return this.answer(request, history, pin, question, stream, token, 'explain');
      }
      case 'discipline':
        return this.discipline(request, history, stream, token);
      case 'agent': {
        if (!this.deps.agent) return this.answer(request, history, pin, { text: request.prompt, items: await referenceItems(request.references) }, stream, token);
        const answerId = `participant-${Date.now().toString(36)}-${++agentTurns}`;
        const agent = this.deps.agent;
        const toolbox = agent.service().startTurn(answerId, agent.service().askInChat(stream, answerId));
        const result = await this.answer(request, history, pin, { text: request.prompt, items: await referenceItems(request.references) }, stream, token, 'agent', { toolbox, maxSteps: agent.maxSteps() });
        const review = agent.service().endTurn(answerId);
        if (review) {
          stream.markdown('\n\n' + vscode.l10n.t('**Changed:** {0}', review.files.map((f) => `${code(f.path)} +${f.added} −${f.removed}`).join(', ')));
          stream.button({ command: Commands.undoAgentTurn, title: vscode.l10n.t('Undo Agent Changes') });
        }
        return result;
      }
      default: {
        const items = await referenceItems(request.references);
        return this.answer(request, history, pin, { text: request.prompt, items }, stream, token);
      }
    }
  }

  /** Follow-ups offered under an answer. */
  followups(result: vscode.ChatResult): vscode.ChatFollowup[] {
    const meta = result.metadata as ParticipantMetadata | undefined;
    if (meta?.command === 'explain' && meta.conversational) {
      return [{ prompt: '', command: 'fix', label: vscode.l10n.t('Fix it') }];
    }
    if (meta?.conversational && meta.discipline && meta.discipline !== 'general' && !meta.pin) {
      const discipline = disciplineById(meta.discipline);
      return [{ prompt: discipline.id, command: 'discipline', label: vscode.l10n.t('Keep asking the {0}', disciplineLabel(discipline)) }];
    }
    return [];
  }

  private async discipline(request: vscode.ChatRequest, history: HistoryTurn[], stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const parsed = parseDisciplineCommand(request.prompt);
    if (parsed.kind !== 'pin') {
      if (parsed.kind === 'unknown') stream.markdown(vscode.l10n.t('There is no discipline called "{0}".', parsed.name) + ' ');
      stream.markdown(vscode.l10n.t('Pin one of these with `/discipline <name>`, or go back to automatic routing with `/discipline auto`:') + '\n\n');
      stream.markdown(DISCIPLINES.map((d) => `- \`${d.id}\`: ${disciplineLabel(d)}${d.covers ? ` (${d.covers})` : ''}`).join('\n'));
      return { metadata: { command: 'discipline', pin: conversationPin(history) } satisfies ParticipantMetadata };
    }
    if (parsed.rest) {
      return this.answer(request, history, parsed.pin, { text: parsed.rest, items: [] }, stream, token, 'discipline');
    }
    stream.markdown(
      parsed.pin === 'auto'
        ? vscode.l10n.t('Back to automatic routing: each question goes to the specialist that fits it.')
        : vscode.l10n.t('**{0}** answers the rest of this conversation. Ask away.', disciplineLabel(disciplineById(parsed.pin))),
    );
    return { metadata: { command: 'discipline', pin: parsed.pin } satisfies ParticipantMetadata };
  }

  /** Answers `question` through the engine, carrying the conversation, and names the specialist who answered. */
  private async answer(
    request: vscode.ChatRequest,
    history: HistoryTurn[],
    pin: string | undefined,
    question: Question,
    stream: vscode.ChatResponseStream,
    token: vscode.CancellationToken,
    command?: string,
    agent?: { readonly toolbox: AgentToolbox; readonly maxSteps: number },
  ): Promise<vscode.ChatResult> {
    // A Monster Gaming model picked in the Chat view's model picker answers; otherwise the configured one.
    const model = request.model?.vendor === LM_VENDOR ? request.model.id : undefined;
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    let discipline: Discipline | undefined;
    let header: string | undefined;
    let text = '';
    let sent = question.items.length > 0 || question.text !== request.prompt ? userContent(question.text, question.items) : undefined;
    let cut: readonly string[] = [];
    let limitKb = 64;
    // The specialist is named once, before the first words of the answer.
    const name = (): void => {
      if (header || !discipline) return;
      header = answerHeader(discipline);
      stream.markdown(header);
    };
    stream.progress(vscode.l10n.t('Asking Monster Gaming…'));
    const asked = { text: question.text, items: question.items, languageId: question.languageId, path: question.fileName };
    const briefs = new Map<string, string>();
    let tokens: { readonly prompt: number; readonly completion: number } | undefined;
    try {
      const result = await this.deps.engine.run(
        {
          surface: 'participant',
          model,
          pin,
          mode: agent ? { kind: 'agent', question: asked, history: conversationTurns(history), toolbox: agent.toolbox, maxSteps: agent.maxSteps } : { kind: 'chat', question: asked, history: conversationTurns(history) },
        },
        (event) => {
          switch (event.type) {
            case 'discipline':
              discipline = event.discipline;
              return;
            case 'context':
              cut = event.report.cut;
              limitKb = Math.floor(event.report.limitBytes / 1024);
              if (sent !== undefined) sent = userContent(question.text, event.items);
              return;
            case 'waiting':
              stream.progress(event.message);
              return;
            case 'delta':
              name();
              text += event.text;
              stream.markdown(event.text);
              return;
            case 'toolCall': {
              const brief = stepBrief(event.call.name, event.call.arguments);
              briefs.set(event.call.id, brief);
              stream.progress(`${event.call.name} ${brief}`);
              return;
            }
            case 'toolResult':
              name();
              // One line a step, like the sidebar's rows: the tool, its arguments in brief, how it went.
              stream.markdown(`\n\n${event.stopped ? '■' : event.refused ? '⊘' : event.ok ? '✓' : '✗'} ${code(event.name)} ${code(briefs.get(event.id) ?? '')} (${event.ms} ms)\n\n`);
              return;
            case 'tokens':
              tokens = { prompt: event.promptTokens, completion: event.completionTokens };
              return;
            default:
              return;
          }
        },
        controller.signal,
      );
      if (result.type === 'done') name();
      const meta: ParticipantMetadata = { command, pin, sent, discipline: result.discipline?.id ?? discipline?.id, header, conversational: text.trim() !== '' };
      if (cut.length > 0) stream.markdown('\n\n' + vscode.l10n.t('_Left out to fit the {0} KB limit: {1}._', limitKb, cut.join(', ')));
      // What the turn cost, every step summed, as the sidebar shows under an agent answer (spent even when it failed).
      if (tokens) stream.markdown(`\n\n_${tokensLine(tokens.prompt, tokens.completion)}_`);
      if (result.type === 'error') {
        if (result.status === 'incomplete') {
          stream.markdown(`\n\n_${result.view.title}: ${result.view.message}_`);
          return { metadata: meta };
        }
        return this.failed(result.view, stream, meta);
      }
      return { metadata: meta };
    } finally {
      cancel.dispose();
    }
  }

  /** `/fix`: the diagnostic at the cursor, through the quick fix's flow; Accept and Reject as buttons. */
  private async fix(stream: vscode.ChatResponseStream, token: vscode.CancellationToken, pin: string | undefined): Promise<vscode.ChatResult> {
    const base: ParticipantMetadata = { command: 'fix', pin };
    const target = this.deps.fixes.target(undefined, undefined, true);
    if (!target) {
      stream.markdown(vscode.l10n.t('There is no problem at the cursor to fix. Put the cursor on an error in the editor and ask again.'));
      return { metadata: base };
    }
    if (!vscode.workspace.isTrusted) {
      stream.markdown(vscode.l10n.t('Fixes that write to files are off in Restricted Mode. Trust this workspace to use them; `/explain` still works.'));
      stream.button({ command: 'workbench.trust.manage', title: vscode.l10n.t('Manage Workspace Trust') });
      return { metadata: base };
    }
    const missing = await this.deps.engine.missingKey();
    if (missing) return this.failed(this.deps.engine.describe(missing), stream, base);
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    stream.progress(vscode.l10n.t('Fixing {0}…', diagnosticTitle(target.diagnostic)));
    try {
      const proposed = await this.deps.fixes.propose(target, controller.signal, (message) => stream.progress(message));
      if (proposed.discipline) stream.markdown(answerHeader(disciplineById(proposed.discipline)));
      stream.markdown(`${vscode.l10n.t('Fix for {0}', `\`${proposed.title.replace(/`/g, "'")}\``)}: ${proposed.explanation || vscode.l10n.t('No explanation given.')}\n\n`);
      if (this.deps.settings().fixPreview) {
        await this.deps.fixes.showDiff(proposed.preview);
        stream.markdown(vscode.l10n.t('The fix is open as a diff. Accept applies it as one edit; one undo reverts it.'));
        stream.button({ command: Commands.acceptFix, arguments: [proposed.preview], title: vscode.l10n.t('Accept') });
        stream.button({ command: Commands.rejectFix, arguments: [proposed.preview], title: vscode.l10n.t('Reject') });
      } else if (await this.deps.fixes.accept(proposed.preview)) {
        stream.markdown(vscode.l10n.t('Applied as one edit; one undo reverts it.'));
      }
      return { metadata: { ...base, discipline: proposed.discipline } satisfies ParticipantMetadata };
    } catch (error) {
      if (controller.signal.aborted) return { metadata: base };
      if (error instanceof FixRefusedError) {
        const said = error.explanation ? ` ${vscode.l10n.t('The model said: {0}', error.explanation)}` : '';
        return { errorDetails: { message: `${error.message}${said}` }, metadata: base };
      }
      return this.failed(this.deps.engine.describe(error), stream, base);
    } finally {
      cancel.dispose();
    }
  }

  /**
   * Shows a failure the engine described: a missing key as words and buttons in the answer (it is
   * not an error of the request), anything else as the Chat view's error with the way out.
   */
  private failed(view: ErrorView, stream: vscode.ChatResponseStream, metadata: ParticipantMetadata): vscode.ChatResult {
    const statusUrl = statusPageUrl(this.deps.settings().monsterGamingBaseUrl);
    const buttons = view.actions.map((action) => actionButton(action, statusUrl)).filter((button) => button !== undefined);
    if (view.code === 'NO_API_KEY') {
      stream.markdown(view.message);
      for (const button of buttons) stream.button(button);
      return { metadata };
    }
    this.deps.log(`@monster: ${view.code}`);
    for (const button of buttons) stream.button(button);
    return { errorDetails: { message: `${view.title}. ${view.message} ${view.remediation ?? ''}`.trim() }, metadata };
  }
}

/** Registers `@monster` where this VS Code has the chat API (1.95+); undefined elsewhere. */
export function registerParticipant(deps: ParticipantDeps, iconPath: vscode.Uri): vscode.ChatParticipant | undefined {
  const chat = (vscode as { chat?: Partial<typeof vscode.chat> }).chat;
  if (typeof chat?.createChatParticipant !== 'function') {
    deps.log('This VS Code has no chat participant API; @monster is not available.');
    return undefined;
  }
  const monster = new MonsterParticipant(deps);
  const participant = chat.createChatParticipant(PARTICIPANT_ID, monster.handler);
  participant.iconPath = iconPath;
  participant.followupProvider = { provideFollowups: (result) => monster.followups(result) };
  return participant;
}

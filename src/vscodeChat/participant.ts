import * as vscode from 'vscode';
import { buildAnswerRequest, chooseDiscipline, ROUTING_MODEL, streamAnswer, type ChatGateway } from '../chat/answering';
import { providerById } from '../gateway/providers';
import type { AnswerEvent } from '../chat/chatController';
import { ContextTooLargeError } from '../chat/contextWindow';
import type { Settings } from '../config/settings';
import { DISCIPLINES, disciplineById, disciplineLabel } from '../disciplines/catalog';
import type { DisciplineRouter } from '../disciplines/router';
import type { EngineInfo } from '../engine/detect';
import { diagnosticTitle } from '../fix/diagnostics';
import type { FixController } from '../fix/fixController';
import { FixRefusedError } from '../fix/fixProposal';
import type { RateLimitInfo } from '../gateway/client';
import { describeError, GatewayError, PRICING_URL, SIGNUP_URL, toGatewayError } from '../gateway/errors';
import type { ActionView } from '../shared/protocol';
import { answerHeader, conversationPin, conversationTurns, parseDisciplineCommand, type HistoryTurn, type ParticipantMetadata } from './conversation';
import { LM_VENDOR } from './languageModels';
import { questionWithReferences } from './references';

/** `contributes.chatParticipants[0].id`; users call it `@monster`. */
export const PARTICIPANT_ID = 'monsterGaming.monster';

export interface ParticipantDeps {
  readonly gateway: ChatGateway;
  readonly settings: () => Settings;
  readonly hasKey: () => Promise<boolean>;
  readonly router: DisciplineRouter;
  /** The fix flow of the quick fix: `/fix` proposes, previews and applies through it. */
  readonly fixes: FixController;
  readonly engineFor: (uri: vscode.Uri) => Promise<EngineInfo | undefined>;
  readonly log: (line: string) => void;
  readonly onAnswer?: (event: AnswerEvent) => void;
  readonly onRateLimit?: (rateLimit: RateLimitInfo) => void;
}

/** A question as sent: its text, the editor context line, and what routing looks at. */
interface Question {
  readonly text: string;
  readonly systemContext?: string;
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
function actionButton(action: ActionView): vscode.Command | undefined {
  switch (action.kind) {
    case 'setApiKey':
      return { command: 'monsterGaming.setApiKey', title: vscode.l10n.t('Set API Key') };
    case 'getApiKey':
      return { command: 'vscode.open', arguments: [vscode.Uri.parse(SIGNUP_URL)], title: vscode.l10n.t('Get a Free Key') };
    case 'openPricing':
      return { command: 'vscode.open', arguments: [vscode.Uri.parse(PRICING_URL)], title: vscode.l10n.t('Open Pricing') };
    case 'openSettings':
      return { command: 'workbench.action.openSettings', arguments: ['@ext:monstergaming.monster-gaming'], title: vscode.l10n.t('Open Settings') };
    case 'selectDiscipline':
      return { command: 'monsterGaming.selectDiscipline', title: vscode.l10n.t('Select Discipline') };
    case 'selectModel':
      return { command: 'monsterGaming.selectModel', title: vscode.l10n.t('Select Model') };
    case 'selectProvider':
      return { command: 'monsterGaming.selectProvider', title: vscode.l10n.t('Select Provider') };
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
      default: {
        const question = await questionWithReferences(request.prompt, request.references, this.deps.engineFor);
        return this.answer(request, history, pin, question, stream, token);
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
      return this.answer(request, history, parsed.pin, { text: parsed.rest }, stream, token, 'discipline');
    }
    stream.markdown(
      parsed.pin === 'auto'
        ? vscode.l10n.t('Back to automatic routing: each question goes to the specialist that fits it.')
        : vscode.l10n.t('**{0}** answers the rest of this conversation. Ask away.', disciplineLabel(disciplineById(parsed.pin))),
    );
    return { metadata: { command: 'discipline', pin: parsed.pin } satisfies ParticipantMetadata };
  }

  /** Answers `question`, carrying the conversation, and names the specialist who answered. */
  private async answer(
    request: vscode.ChatRequest,
    history: HistoryTurn[],
    pin: string | undefined,
    question: Question,
    stream: vscode.ChatResponseStream,
    token: vscode.CancellationToken,
    command?: string,
  ): Promise<vscode.ChatResult> {
    const settings = this.deps.settings();
    // A Monster Gaming model picked in the Chat view's model picker answers; otherwise the configured one.
    const model = request.model?.vendor === LM_VENDOR ? request.model.id : settings.model;
    const local = chooseDiscipline(pin ?? settings.discipline, this.deps.router, question);
    const sent = question.text !== request.prompt ? question.text : undefined;
    const base: ParticipantMetadata = { command, pin, sent };
    if (!(await this.deps.hasKey())) {
      this.keyMissing(stream);
      return { metadata: base };
    }
    let built: ReturnType<typeof buildAnswerRequest>;
    try {
      // The configured model routes as the settings say; a model picked in the Chat view routes only if it is monster-gpt on Monster Gaming.
      const routes = model === settings.model ? settings.gatewayRoutes : providerById(settings.provider.id).routesDisciplines && model === ROUTING_MODEL;
      built = buildAnswerRequest(model, local, question.systemContext, [...conversationTurns(history), { role: 'user', content: question.text }], false, routes);
    } catch (error) {
      if (error instanceof ContextTooLargeError) return this.failed(new GatewayError('PAYLOAD_TOO_LARGE', error.message), stream, base);
      throw error;
    }

    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    const started = Date.now();
    let header: string | undefined;
    let answeredBy = local.discipline.id;
    let text = '';
    const name = (discipline = local.discipline): void => {
      if (header) return;
      answeredBy = discipline.id;
      header = answerHeader(discipline);
      stream.markdown(header);
    };
    stream.progress(vscode.l10n.t('Asking Monster Gaming…'));
    this.deps.onAnswer?.({ phase: 'started', model, predicted: local.discipline.id, discipline: local.source === 'pinned' ? local.discipline.id : undefined });
    try {
      const result = await streamAnswer(
        this.deps.gateway,
        built.request,
        {
          onResponse: (info) => {
            if (info.rateLimit) this.deps.onRateLimit?.(info.rateLimit);
            name(info.discipline ? disciplineById(info.discipline) : local.discipline);
          },
          onDelta: (delta) => {
            name();
            text += delta;
            stream.markdown(delta);
          },
        },
        controller.signal,
        {
          maxWaitSeconds: settings.rateLimitMaxWaitSeconds,
          onWait: (retryAt, error) =>
            stream.progress(vscode.l10n.t('{0} Retrying in {1} s…', error.message.trim(), Math.ceil((retryAt - Date.now()) / 1000))),
        },
      );
      if (result.end === 'incomplete') stream.markdown('\n\n' + vscode.l10n.t('_The gateway closed the stream before the answer was finished._'));
      if (built.droppedTurns > 0) stream.markdown('\n\n' + vscode.l10n.t("_{0} older message(s) were left out to fit the gateway's 64 KB limit._", built.droppedTurns));
      this.deps.onAnswer?.({
        phase: 'completed',
        model,
        predicted: local.discipline.id,
        discipline: answeredBy,
        durationMs: Date.now() - started,
        promptTokens: result.usage?.promptTokens,
        completionTokens: result.usage?.completionTokens,
        end: result.end,
      });
      return { metadata: { ...base, discipline: answeredBy, header, conversational: text.trim() !== '' } satisfies ParticipantMetadata };
    } catch (error) {
      const meta = { ...base, discipline: answeredBy, header, conversational: text.trim() !== '' };
      if (controller.signal.aborted) return { metadata: meta };
      const failure = toGatewayError(error);
      this.deps.onAnswer?.({ phase: 'failed', model, discipline: answeredBy, durationMs: Date.now() - started, errorCode: failure.code });
      return this.failed(failure, stream, meta);
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
    if (!(await this.deps.hasKey())) {
      this.keyMissing(stream);
      return { metadata: base };
    }
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    stream.progress(vscode.l10n.t('Fixing {0}…', diagnosticTitle(target.diagnostic)));
    try {
      const proposed = await this.deps.fixes.propose(target, controller.signal, (retryAt) =>
        stream.progress(vscode.l10n.t('Rate limited, retrying in {0} s…', Math.ceil((retryAt - Date.now()) / 1000))),
      );
      if (proposed.discipline) stream.markdown(answerHeader(disciplineById(proposed.discipline)));
      stream.markdown(`${vscode.l10n.t('Fix for {0}', `\`${proposed.title.replace(/`/g, "'")}\``)}: ${proposed.explanation || vscode.l10n.t('No explanation given.')}\n\n`);
      if (this.deps.settings().fixPreview) {
        await this.deps.fixes.showDiff(proposed.preview);
        stream.markdown(vscode.l10n.t('The fix is open as a diff. Accept applies it as one edit; one undo reverts it.'));
        stream.button({ command: 'monsterGaming.acceptFix', arguments: [proposed.preview], title: vscode.l10n.t('Accept') });
        stream.button({ command: 'monsterGaming.rejectFix', arguments: [proposed.preview], title: vscode.l10n.t('Reject') });
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
      return this.failed(toGatewayError(error), stream, base);
    } finally {
      cancel.dispose();
    }
  }

  private keyMissing(stream: vscode.ChatResponseStream): void {
    const context = this.deps.settings().errorContext;
    stream.markdown(
      context.monsterGaming
        ? vscode.l10n.t('Set your Monster Gaming API key to get answers. New here? Get a free key with $5 credit at {0}.', SIGNUP_URL)
        : vscode.l10n.t('Set your {0} key to get answers (Monster Gaming: Select Provider switches gateways).', context.providerLabel),
    );
    stream.button({ command: 'monsterGaming.setApiKey', title: vscode.l10n.t('Set API Key') });
  }

  private failed(failure: GatewayError, stream: vscode.ChatResponseStream, metadata: ParticipantMetadata): vscode.ChatResult {
    const view = describeError(failure, this.deps.settings().errorContext);
    this.deps.log(`@monster answer failed: ${failure.code} (${failure.details.status ?? 'no status'})`);
    for (const button of view.actions.map(actionButton)) {
      if (button) stream.button(button);
    }
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

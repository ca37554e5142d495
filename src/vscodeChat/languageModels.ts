import * as vscode from 'vscode';
import type { AnswerEngine } from '../answering/engine';
import type { ModelCatalog } from '../answering/modelCatalog';
import { ROUTING_MODEL } from '../answering/routing';
import type { Settings } from '../config/settings';
import type { GatewayModel } from '../gateway/client';
import { Disposable } from '../util/lifecycle';
import type { LanguageModelConsent } from './consent';
import type { LanguageModelChatInformation, LanguageModelChatProvider, LanguageModelChatRequestMessage, LanguageModelResponsePart, ProvideLanguageModelChatResponseOptions } from './lmApi';
import { estimateMessageTokens, estimateTokens, inputTokenLimit, toCallPart, toGatewayMessages, toToolChoice, toToolDefinitions } from './lmMessages';

/** The vendor of our models in VS Code's model picker (`contributes.languageModelChatProviders`). */
export const LM_VENDOR = 'monstergaming';

/** Used when the gateway does not say a model's context window. */
const DEFAULT_CONTEXT_TOKENS = 128_000;
const MAX_OUTPUT_TOKENS = 8_192;

export interface LanguageModelDeps {
  /** The answering engine: the caller's messages go through it as given. */
  readonly engine: Pick<AnswerEngine, 'run' | 'missingKey'>;
  /** The gateway's models for the key, shared with the engine's body limits. */
  readonly models: Pick<ModelCatalog, 'models' | 'forget' | 'bodyLimit'>;
  readonly settings: () => Settings;
  readonly log: (line: string) => void;
  /** Events after which the offered models may differ (the key, the gateway or the model setting changed). */
  readonly changes: ReadonlyArray<vscode.Event<unknown>>;
  /** Asks the user before another extension spends the key (see consent.ts). */
  readonly consent?: Pick<LanguageModelConsent, 'check'>;
}

function modelInformation(model: GatewayModel, provider: string, toolCalling: boolean, bodyLimitBytes: number): LanguageModelChatInformation {
  const context = model.contextWindow ?? DEFAULT_CONTEXT_TOKENS;
  const maxOutputTokens = Math.min(MAX_OUTPUT_TOKENS, Math.floor(context / 4));
  const routing = model.id === ROUTING_MODEL;
  return {
    id: model.id,
    name: routing ? 'Monster GPT' : model.id,
    family: model.id,
    version: model.id,
    detail: provider,
    tooltip: routing
      ? vscode.l10n.t('Routes each question to a game-dev specialist (shader, netcode, animation, …) on the Monster Gaming gateway.')
      : vscode.l10n.t('{0} through {1}.', model.id, provider),
    // VS Code budgets its prompt with this: capped by the body limit, it trims history and attachments first (inputTokenLimit).
    maxInputTokens: inputTokenLimit(context - maxOutputTokens, bodyLimitBytes),
    maxOutputTokens,
    // Every preset speaks OpenAI `tools`; a model that refused them this session says so (see toolsRefused).
    capabilities: { imageInput: false, toolCalling },
    isUserSelectable: true,
  };
}

/**
 * Monster Gaming models in VS Code's model picker: the models the gateway offers the stored key
 * (`GET /models`), else the configured model, answering through the same gateway client as the
 * sidebar. Anything that asks VS Code for a model (Copilot's chat, other extensions, `@monster`)
 * can use them.
 */
export class MonsterLanguageModels extends Disposable implements LanguageModelChatProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  /**
   * Models that refused a request with tools this session: offered without tool calling (so not
   * for agent mode) until the key, gateway or model setting changes (another gateway may take them).
   */
  private readonly noTools = new Set<string>();

  constructor(private readonly deps: LanguageModelDeps) {
    super();
    for (const event of deps.changes) {
      this.register(
        event(() => {
          this.deps.models.forget();
          this.noTools.clear();
          this.changed.fire();
        }),
      );
    }
  }

  async provideLanguageModelChatInformation(): Promise<LanguageModelChatInformation[]> {
    const configured = this.deps.settings().model;
    const listed = await this.deps.models.models();
    const models = listed?.length ? listed : [{ id: configured }];
    // The configured model first: it is the one the sidebar uses.
    const ordered = [...models.filter((m) => m.id === configured), ...models.filter((m) => m.id !== configured)];
    const provider = this.deps.settings().errorContext.providerLabel;
    const limits = await Promise.all(ordered.map((model) => this.deps.models.bodyLimit(model.id)));
    return ordered.map((model, i) => modelInformation(model, provider, !this.noTools.has(model.id), limits[i]));
  }

  async provideLanguageModelChatResponse(
    model: LanguageModelChatInformation,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    this.deps.log(`Language model request from ${options.requestInitiator ?? 'an unnamed caller'} for ${model.id}.`);
    // No consent question for a key that is not there.
    const missing = await this.deps.engine.missingKey();
    if (missing) throw vscode.LanguageModelError.NoPermissions(missing.message);
    const consent = await this.deps.consent?.check(options.requestInitiator);
    if (consent && !consent.allowed) {
      throw vscode.LanguageModelError.NoPermissions(
        consent.reason === 'denied'
          ? vscode.l10n.t('{0} may not use your Monster Gaming key: you chose "Don\'t Allow". Run "Monster Gaming: Reset Model Access" to be asked again.', consent.callerName)
          : vscode.l10n.t('{0} wants to use your Monster Gaming key, and the question was not answered, so the request was refused. Try again and choose "Allow".', consent.callerName),
      );
    }
    const tools = toToolDefinitions(options.tools);
    if (tools.length > 0 && this.noTools.has(model.id)) throw new vscode.LanguageModelError(this.toolsRefused(model));
    if (token.isCancellationRequested) return;
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    const maxTokens = options.modelOptions?.max_tokens;
    try {
      const result = await this.deps.engine.run(
        {
          surface: 'languageModel',
          model: model.id,
          mode: {
            kind: 'passThrough',
            messages: toGatewayMessages(messages),
            ...(typeof maxTokens === 'number' ? { maxTokens } : {}),
            ...(tools.length > 0 ? { tools, toolChoice: toToolChoice(options.toolMode) } : {}),
          },
        },
        (event) => {
          if (event.type === 'delta') progress.report(new vscode.LanguageModelTextPart(event.text));
          // The sidebar shows what was cut to fit; here the caller cannot, so the log says it.
          if (event.type === 'context' && event.report.cut.length > 0) {
            this.deps.log(`Language model request for ${model.id} cut to fit the ${Math.floor(event.report.limitBytes / 1024)} KB limit: left out ${event.report.cut.join(', ')}.`);
          }
        },
        controller.signal,
      );
      if (result.type === 'done') {
        // The sidebar's agent tells the model in its last tool result; here VS Code runs the calls, so the log says it.
        if (result.droppedToolCalls) this.deps.log(`${model.id} asked for ${result.droppedToolCalls} calls past the 32 a step allows; they were left out.`);
        for (const call of result.toolCalls ?? []) {
          const part = toCallPart(call);
          if (part.unusable) this.deps.log(`The model sent an unusable ${call.name || 'unnamed'} call (${call.problem ?? 'arguments not a JSON object'}); reported with an error input.`);
          progress.report(new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input));
        }
        return;
      }
      if (result.error.code === 'TOOLS_UNSUPPORTED') {
        this.noTools.add(model.id);
        this.changed.fire();
        throw new vscode.LanguageModelError(this.toolsRefused(model));
      }
      const message = `${result.view.title}: ${result.view.message}`;
      if (['NO_API_KEY', 'INVALID_API_KEY', 'TIER_RESTRICTED'].includes(result.error.code)) throw vscode.LanguageModelError.NoPermissions(message);
      if (result.error.code === 'MODEL_NOT_FOUND') throw vscode.LanguageModelError.NotFound(message);
      throw new Error(message, { cause: result.error });
    } finally {
      cancel.dispose();
    }
  }

  /** What a request with tools to a model that refuses them fails with (the first time and after). */
  private toolsRefused(model: LanguageModelChatInformation): string {
    return vscode.l10n.t(
      '{0} does not accept tools on this gateway, so it cannot be used in agent mode or with tools; for the rest of this session it is offered without tool calling. Pick another model for agent mode, or use it in Ask mode.',
      model.name,
    );
  }

  provideTokenCount(_model: LanguageModelChatInformation, text: string | LanguageModelChatRequestMessage): Promise<number> {
    return Promise.resolve(typeof text === 'string' ? estimateTokens(text) : estimateMessageTokens(text));
  }
}

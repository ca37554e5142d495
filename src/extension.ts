import * as path from 'node:path';
import * as vscode from 'vscode';
import { lazyAgent } from './agent/agentPort';
import { registerLanguageModelTools } from './agent/languageModelTools';
import { AnswerEngine } from './answering/engine';
import { ModelCatalog } from './answering/modelCatalog';
import { workspaceProject, workspaceUri } from './answering/workspaceProject';
import { ChatController, type Question } from './chat/chatController';
import type { ChatMessageView } from './shared/protocol';
import { CHAT_VIEW_ID, ChatViewProvider } from './chat/chatViewProvider';
import { HeaderProfile } from './chat/headerProfile';
import { ConversationStore, FolderHistoryFiles } from './chat/historyStore';
import { redactedHistory } from './chat/redactedHistory';
import { createViewActions } from './chat/viewActions';
import { ContextKeyService } from './commands/contextKeys';
import { DebugStops } from './crash/debugStops';
import { registerCommands } from './commands/registerCommands';
import { SettingsService } from './config/settings';
import { ContextService } from './context/contextService';
import { TerminalRecorder } from './context/terminalRecorder';
import { DisciplineRouter } from './disciplines/router';
import { EditSelection } from './edit/editSelection';
import { EngineDetector } from './engine/workspaceEngine';
import { FixCodeActionProvider } from './fix/codeActions';
import { EngineLogDiagnostics } from './fix/engineLogDiagnostics';
import { FixController } from './fix/fixController';
import { workspaceResolver } from './fix/workspaceResolver';
import { ProposalController } from './fix/proposalController';
import { GatewayClient } from './gateway/client';
import { statusPageUrl } from './gateway/errors';
import { ConnectionLog } from './network/connectionLog';
import { Wire } from './network/wire';
import { Onboarding } from './onboarding/walkthrough';
import { AccountService } from './secrets/account';
import { AccountInsights } from './account/accountInsights';
import { CrashReportsView } from './crash/crashReportsShell';
import { GatewayRest } from './account/gatewayRest';
import { ApiKeyStore } from './secrets/apiKeyStore';
import { ProviderCredentials } from './secrets/credentials';
import { createKeyCheck } from './secrets/keyCheck';
import { redactingLog } from './secrets/redact';
import { monsterGamingTarget } from './telemetry/target';
import { Telemetry } from './telemetry/telemetry';
import { ProjectRules } from './rules/projectRules';
import { UsageEvents } from './telemetry/usageEvents';
import { registerVsCodeChat } from './vscodeChat';
import { LanguageModelConsent } from './vscodeChat/consent';
import { askModelAccess, extensionName } from './vscodeChat/consentPrompt';

let telemetry: Telemetry | undefined;

/** What the extension exports to other extensions (and its extension-host tests). */
export interface MonsterGamingApi {
  /** `@monster` in VS Code's Chat view; undefined where VS Code has no chat participant API. */
  readonly chatParticipant: vscode.ChatParticipant | undefined;
  /** The account status-bar item's tooltip as shown now (account name, limits, credit balance, spend). */
  readonly accountTooltip: () => string;
  /** Reads the key state again, as a key change does (its extension-host tests set a key in the environment). */
  readonly refreshAccount: () => Promise<void>;
  /** The sidebar conversation's messages as the view shows them (its extension-host tests read them). */
  readonly sidebarMessages: () => readonly ChatMessageView[];
}

/** Wiring only: build the services, connect them, hand every disposable to VS Code. */
export function activate(context: vscode.ExtensionContext): MonsterGamingApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Monster Gaming', { log: true });
  const log = redactingLog(output);
  const version = String((context.extension.packageJSON as { readonly version?: unknown }).version);
  const settings = new SettingsService();
  const current = (): typeof settings.value => settings.value;
  const keys = new ApiKeyStore(context.secrets);
  void keys.rememberAll();
  const wire = new Wire({ userAgent: `monster-gaming-vscode/${version}`, proxy: () => settings.value.proxy });
  const credentials = new ProviderCredentials(keys, current);
  const hasKey = (): Promise<boolean> => credentials.hasKey();
  const account = new AccountService(keys, current, credentials, wire);
  const insights = new AccountInsights({ keys, settings: current, onSettingsChange: settings.onDidChange, wire, memory: context.globalState, log, show: (details) => account.setDetails(details) });
  const gateway = new GatewayClient(() => credentials.connection(), { wire, idleTimeoutMs: () => settings.value.idleTimeoutSeconds * 1000 });
  telemetry = new Telemetry(monsterGamingTarget(keys, current), () => settings.value.telemetryEnabled, log, wire);
  const usage = new UsageEvents(telemetry, context.globalState, () => account.tier);
  const onboarding = new Onboarding(context.globalState, context.extension.id);
  const engines = new EngineDetector();
  // Project rules per folder: the `Project rules` message of every chat question and proposal.
  const rules = new ProjectRules();
  const headerProfile = new HeaderProfile(engines, rules, log);
  const models = new ModelCatalog({ gateway, hasKey, monsterGaming: () => settings.value.errorContext.monsterGaming, log });
  const engine = new AnswerEngine({
    gateway, settings: current, hasKey, router: new DisciplineRouter(), limits: models, l10n: vscode.l10n, log,
    project: workspaceProject((uri) => engines.profileFor(uri), (files) => rules.rulesFor(files.map((file) => workspaceUri(file) ?? file))),
    onUsage: (event) => {
      usage.answer(event);
      onboarding.answered(event);
      if (event.phase === 'completed') void insights.afterAnswer();
    },
    onRateLimit: (rateLimit) => account.setRateLimit(rateLimit),
    platformStatus: (signal) => insights.platformStatus(signal),
  });
  // Windows without a folder share the global storage: the store locks and merges (historyStore.ts).
  const store = new ConversationStore(redactedHistory(new FolderHistoryFiles(path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'history'))), () => settings.value.maxConversations, log);
  const contextKeys = new ContextKeyService(account, credentials, keys);
  const terminal = new TerminalRecorder();
  const contextService = new ContextService({ includeActiveEditor: () => settings.value.includeActiveEditor, terminal, log });
  const statusUrl = (): string => statusPageUrl(settings.value.monsterGamingBaseUrl);
  const view: ChatViewProvider = new ChatViewProvider(context.extensionUri, () => controller, createViewActions(() => controller, (reason) => usage.upgradeClicked(reason), statusUrl), log, contextService);
  const agent = lazyAgent(current, () => controller, log);
  const controller = new ChatController({ engine, settings: current, account: () => account.view(), profile: () => headerProfile.view(), store, post: (message) => view.post(message), l10n: vscode.l10n, log, onStreamingChanged: (on) => contextKeys.streaming(on), agent });
  const proposals = new ProposalController({ engine, log, statusUrl });
  const ask = async (question: Question): Promise<void> => {
    await view.reveal(false);
    await controller.send(question);
  };
  const onFixEvent = (event: 'error_fix_started' | 'error_fix_applied', properties: { language: string; source?: string }): void => {
    telemetry?.event(event, properties);
    if (event === 'error_fix_applied') onboarding.fixApplied();
  };
  const fixes = new FixController({ proposals, settings: current, engineFor: (uri) => engines.engineFor(uri), ask, onFixEvent });
  const edits = new EditSelection(proposals);
  const consent = new LanguageModelConsent({ ownId: context.extension.id, memory: context.globalState, ask: askModelAccess, nameOf: extensionName, log });
  const chat = registerVsCodeChat({ engine, models, settings: current, fixes, agent, log, changes: [keys.onDidChange, settings.onDidChange], consent }, vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png'));
  const engineLog = new EngineLogDiagnostics(log, () => output.show(true));
  // Every debug session's last stop, for Analyze Crash from the debugger (the rest loads lazily).
  const debugStops = new DebugStops();
  const crash = { controller, reveal: () => view.reveal(false), engines, rest: new GatewayRest(() => credentials.connection(), wire), monsterGaming: () => settings.value.errorContext.monsterGaming, describe: (error: unknown) => engine.describe(error), failureView: (error: unknown) => engine.failureView(error), resolver: workspaceResolver, log, debug: debugStops };
  const crashReports = new CrashReportsView(crash, hasKey, [keys.onDidChange, settings.onDidChange]);
  const connection = new ConnectionLog(settings.value, log, () => void account.refresh());
  context.subscriptions.push(
    output, settings, keys, account, insights, engines, rules, headerProfile, agent, terminal, contextService, view, proposals, engineLog, telemetry, wire, contextKeys, { dispose: () => controller.dispose() },
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new FixCodeActionProvider(), FixCodeActionProvider.metadata),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    headerProfile.onDidChange(() => controller.refreshHeader()),
    settings.onDidChange((changed) => {
      controller.refreshHeader();
      contextService.scheduleChip();
      models.forget();
      connection.changed(changed);
    }),
    keys.onDidChange(() => models.forget()),
    account.onDidChange(() => {
      controller.refreshHeader();
      onboarding.keyChanged(account.hasKey);
    }),
    crashReports,
    ...registerCommands({
      controller, view, settings, keys, credentials, gateway, keyCheck: createKeyCheck(current, credentials, wire), account, insights, engines, store, fixes, edits, engineLog, consent, agent, log, crash, crashReports,
      gameData: { engine, log, statusUrl },
    }),
    ...chat.disposables,
    ...registerLanguageModelTools(crash),
    ...debugStops.register(),
  );
  // Not under an extension-test runner: a walkthrough opening mid-suite would take the editor from the tests.
  onboarding.start(context.extensionMode !== vscode.ExtensionMode.Test);
  void account.refresh();
  telemetry.event('session_start', { extension_version: version, vscode_version: vscode.version });
  log(`Activated in ${(performance.now() - started).toFixed(1)} ms.`);
  return { chatParticipant: chat.participant, accountTooltip: () => account.tooltip, refreshAccount: () => account.refresh(), sidebarMessages: () => controller.messages };
}

/** Ends the session: the last event is flushed (bounded in time); the rest is disposed by VS Code. */
export async function deactivate(): Promise<void> {
  telemetry?.event('session_end');
  await telemetry?.flush();
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import { ChatController, type AnswerEvent } from './chat/chatController';
import { CHAT_VIEW_ID, ChatViewProvider } from './chat/chatViewProvider';
import { ConversationStore, FolderHistoryFiles } from './chat/historyStore';
import { redactedHistory } from './chat/redactedHistory';
import { createViewActions } from './chat/viewActions';
import { registerCommands } from './commands/registerCommands';
import { SettingsService } from './config/settings';
import { ContextService } from './context/contextService';
import { TerminalRecorder } from './context/terminalRecorder';
import { DisciplineRouter } from './disciplines/router';
import { EngineDetector } from './engine/workspaceEngine';
import { FixCodeActionProvider } from './fix/codeActions';
import { FixController } from './fix/fixController';
import { EngineLogDiagnostics } from './fix/engineLogDiagnostics';
import { GatewayClient } from './gateway/client';
import { providerById } from './gateway/providers';
import { proxySummary } from './network/proxy';
import { Wire } from './network/wire';
import { AccountService } from './secrets/account';
import { ApiKeyStore } from './secrets/apiKeyStore';
import { ProviderCredentials } from './secrets/credentials';
import { createKeyCheck } from './secrets/keyCheck';
import { redact } from './secrets/redact';
import { Telemetry } from './telemetry/telemetry';
import { Onboarding } from './onboarding/walkthrough';
import { UsageEvents } from './telemetry/usageEvents';
import { registerVsCodeChat } from './vscodeChat';
import { LanguageModelConsent } from './vscodeChat/consent';
import { askModelAccess, extensionName } from './vscodeChat/consentPrompt';

let telemetry: Telemetry | undefined;

/** What the extension exports to other extensions (and its extension-host tests). */
export interface MonsterGamingApi {
  /** `@monster` in VS Code's Chat view; undefined where VS Code has no chat participant API. */
  readonly chatParticipant: vscode.ChatParticipant | undefined;
}

/** Wiring only: build the services, connect them, hand every disposable to VS Code. */
export function activate(context: vscode.ExtensionContext): MonsterGamingApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Monster Gaming', { log: true });
  // Logging must never throw: during shutdown the channel is closed while late callbacks still report.
  // Every line passes the redaction step (keys, proxy credentials, URL userinfo).
  const log = (line: string): void => {
    try {
      output.info(redact(line));
    } catch {
      // The channel is gone; nothing to report to.
    }
  };
  const settings = new SettingsService();
  const keys = new ApiKeyStore(context.secrets);
  void keys.rememberAll();
  const version = String((context.extension.packageJSON as { readonly version?: unknown }).version);
  const userAgent = `monster-gaming-vscode/${version}`;
  const wire = new Wire({ userAgent, proxy: () => settings.value.proxy });
  const credentials = new ProviderCredentials(keys, () => settings.value);
  const account = new AccountService(keys, () => settings.value, credentials, wire);
  const gateway = new GatewayClient(() => credentials.connection(), { wire, idleTimeoutMs: () => settings.value.idleTimeoutSeconds * 1000 });
  const keyCheck = createKeyCheck(() => settings.value, credentials, wire);
  // Telemetry belongs to Monster Gaming's gateway: with another provider nothing is sent anywhere.
  telemetry = new Telemetry(async () => {
    const key = await keys.resolve();
    return key && providerById(settings.value.provider.id).isMonsterGaming ? { baseUrl: settings.value.monsterGamingBaseUrl, apiKey: key.key } : undefined;
  }, () => settings.value.telemetryEnabled, log, wire);
  const usage = new UsageEvents(telemetry, context.globalState, () => account.tier);
  const onboarding = new Onboarding(context.globalState, context.extension.id);
  const onAnswer = (event: AnswerEvent): void => {
    usage.answer(event);
    onboarding.answered(event);
  };
  // Windows without a folder share the global storage: the store locks and merges (historyStore.ts).
  const store = new ConversationStore(redactedHistory(new FolderHistoryFiles(path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'history'))), () => settings.value.maxConversations, log);
  const engines = new EngineDetector();
  const router = new DisciplineRouter();
  let lastProvider = settings.value.provider.id;
  let lastProxy = proxySummary(settings.value.proxy, process.env);
  if (lastProxy !== 'none') log(`Proxy: ${lastProxy}.`);
  const terminal = new TerminalRecorder();
  const contextService = new ContextService({ includeActiveEditor: () => settings.value.includeActiveEditor, terminal, log });
  const view: ChatViewProvider = new ChatViewProvider(context.extensionUri, () => controller, createViewActions(() => controller, (reason) => usage.upgradeClicked(reason)), log, contextService);
  const controller = new ChatController({
    gateway,
    settings: () => settings.value,
    hasKey: () => credentials.hasKey(),
    account: () => account.view(),
    router,
    store,
    post: (message) => view.post(message),
    log,
    onAnswer,
    onRateLimit: (rateLimit) => account.setRateLimit(rateLimit),
    onStreamingChanged: (streaming) => void vscode.commands.executeCommand('setContext', 'monsterGaming.streaming', streaming),
  });
  const fixes = new FixController({
    gateway,
    settings: () => settings.value,
    router,
    engineFor: (uri) => engines.engineFor(uri),
    hasKey: () => credentials.hasKey(),
    ask: async (question) => {
      await view.reveal(false);
      await controller.send(question);
    },
    log,
    onFixEvent: (event, properties) => {
      telemetry?.event(event, properties);
      if (event === 'error_fix_applied') onboarding.fixApplied();
    },
  });
  const hasKey = (): Promise<boolean> => credentials.hasKey();
  const consent = new LanguageModelConsent({ ownId: context.extension.id, memory: context.globalState, ask: askModelAccess, nameOf: extensionName, log });
  const chat = registerVsCodeChat(
    { gateway, settings: () => settings.value, hasKey, router, fixes, engineFor: (uri) => engines.engineFor(uri), log, onAnswer, onRateLimit: (rateLimit) => account.setRateLimit(rateLimit), changes: [keys.onDidChange, settings.onDidChange], consent },
    vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png'),
  );
  const engineLog = new EngineLogDiagnostics(log, () => output.show(true));
  context.subscriptions.push(
    output, settings, keys, account, engines, terminal, contextService, view, fixes, engineLog, telemetry, wire, { dispose: () => controller.dispose() },
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new FixCodeActionProvider(), FixCodeActionProvider.metadata),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    settings.onDidChange((changed) => {
      controller.refreshHeader();
      contextService.scheduleChip();
      const proxy = proxySummary(changed.proxy, process.env);
      if (proxy !== lastProxy) {
        lastProxy = proxy;
        log(`Proxy: ${proxy}.`);
      }
      if (changed.provider.id !== lastProvider) {
        lastProvider = changed.provider.id;
        log(`Provider: ${changed.errorContext.providerLabel} at ${changed.baseUrl}, model ${changed.model || '(none)'}.`);
        void account.refresh();
      }
    }),
    account.onDidChange(async () => {
      controller.refreshHeader();
      const preset = credentials.preset();
      const stored = preset.isMonsterGaming ? await keys.hasStoredKey() : (await Promise.all(preset.slots.map((slot) => keys.slot(slot.id)))).some(Boolean);
      await vscode.commands.executeCommand('setContext', 'monsterGaming.hasStoredKey', stored);
    }),
    ...registerCommands({ controller, view, settings, keys, credentials, gateway, keyCheck, account, engines, store, fixes, engineLog, consent, log }),
    ...chat.disposables,
    account.onDidChange(() => onboarding.keyChanged(account.hasKey)),
  );
  // Not under an extension-test runner: a walkthrough opening mid-suite would take the editor from the tests.
  onboarding.start(context.extensionMode !== vscode.ExtensionMode.Test);
  void account.refresh();
  telemetry.event('session_start', { extension_version: version, vscode_version: vscode.version });
  log(`Activated in ${(performance.now() - started).toFixed(1)} ms.`);
  return { chatParticipant: chat.participant };
}

/** Ends the session: the last event is flushed (bounded in time); the rest is disposed by VS Code. */
export async function deactivate(): Promise<void> {
  telemetry?.event('session_end');
  await telemetry?.flush();
}

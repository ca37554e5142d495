import * as vscode from 'vscode';
import type { AccountInsights } from '../account/accountInsights';
import type { ChatController } from '../chat/chatController';
import type { ChatViewProvider } from '../chat/chatViewProvider';
import type { LazyAgent } from '../agent/agentPort';
import type { ConversationStore } from '../chat/historyStore';
import type { SettingsService } from '../config/settings';
import type { EngineDetector } from '../engine/workspaceEngine';
import type { EditSelection } from '../edit/editSelection';
import type { FixController } from '../fix/fixController';
import type { EngineLogDiagnostics } from '../fix/engineLogDiagnostics';
import { importEngineLog } from '../fix/importLog';
import type { GatewayClient } from '../gateway/client';
import { providerById } from '../gateway/providers';
import type { AccountService } from '../secrets/account';
import type { ApiKeyStore } from '../secrets/apiKeyStore';
import type { ProviderCredentials } from '../secrets/credentials';
import { clearApiKey, setApiKey, type KeyCheck } from '../secrets/keyCommands';
import { redact } from '../secrets/redact';
import { createProjectRules } from '../rules/createProjectRules';
import type { AnalyzeCrashServices } from '../crash/analyzeCrashCommand';
import type { CrashReportsView } from '../crash/crashReportsShell';
import { crashBundle } from '../crash/lazyCrash';
import type { GameDataServices } from '../gameData/generateGameData';
import { gameDataBundle } from '../gameData/lazyGameData';
import type { LanguageModelConsent } from '../vscodeChat/consent';
import { prepareAskAboutSelection } from './askAboutSelection';
import { Commands, type CommandId } from './ids';
import { selectDiscipline } from './selectDiscipline';
import { selectModel, selectProvider } from './selectProvider';
import { showHistory } from './showHistory';

export interface CommandServices {
  readonly controller: ChatController;
  readonly view: ChatViewProvider;
  readonly settings: SettingsService;
  readonly keys: ApiKeyStore;
  readonly credentials: ProviderCredentials;
  readonly gateway: GatewayClient;
  /** Checks a key before it is stored (whoami for Monster Gaming, GET /models for the others). */
  readonly keyCheck: KeyCheck;
  readonly account: AccountService;
  /** The Monster Gaming account's readings (model health in Select Model). */
  readonly insights: Pick<AccountInsights, 'modelsHealth'>;
  readonly engines: EngineDetector;
  readonly store: ConversationStore;
  readonly fixes: FixController;
  readonly edits: EditSelection;
  readonly engineLog: EngineLogDiagnostics;
  /** Which other extensions may spend the key through the Monster Gaming models. */
  readonly consent: Pick<LanguageModelConsent, 'reset'>;
  readonly agent: LazyAgent;
  /** What Analyze Crash needs (its code loads with its first use). */
  readonly crash: AnalyzeCrashServices;
  /** What Generate Game Data needs (its code loads with its first use). */
  readonly gameData: GameDataServices;
  readonly crashReports: CrashReportsView;
  readonly log: (line: string) => void;
}

/** Every command and its handler, in one table. */
export function registerCommands(s: CommandServices): vscode.Disposable[] {
  const reveal = (): Promise<void> => s.view.reveal(true);
  const table: Record<CommandId, (...args: unknown[]) => unknown> = {
    [Commands.openChat]: reveal,
    [Commands.newChat]: async () => {
      await s.view.reveal(true);
      await s.controller.newChat();
    },
    [Commands.askAboutSelection]: async () => {
      const question = await prepareAskAboutSelection(s.engines);
      if (question) {
        await s.view.reveal(false);
        await s.controller.send(question);
      }
    },
    [Commands.stop]: () => s.controller.stop(),
    [Commands.setApiKey]: () => setApiKey(s.keys, s.account, s.credentials.preset(), s.keyCheck, s.log),
    [Commands.clearApiKey]: () => clearApiKey(s.keys, providerById(s.settings.value.provider.id)),
    [Commands.selectDiscipline]: () => selectDiscipline(s.settings),
    [Commands.selectProvider]: () => selectProvider(s.settings, s.credentials, () => vscode.commands.executeCommand(Commands.setApiKey)),
    [Commands.selectModel]: () => selectModel(s.settings, s.gateway, (signal) => s.insights.modelsHealth(signal)),
    [Commands.showHistory]: () => showHistory(s.store, s.controller, reveal),
    [Commands.fixError]: (uri, diagnostic) => s.fixes.fix(uri, diagnostic),
    [Commands.explainError]: (uri, diagnostic) => s.fixes.explain(uri, diagnostic),
    [Commands.importEngineLog]: (logFile) => importEngineLog(s.engineLog, logFile instanceof vscode.Uri ? logFile : undefined),
    [Commands.acceptFix]: (uri) => s.fixes.accept(uri),
    [Commands.rejectFix]: (uri) => s.fixes.reject(uri),
    [Commands.editSelection]: (args) => s.edits.run(args),
    [Commands.resetModelAccess]: async () => {
      await s.consent.reset();
      void vscode.window.showInformationMessage(vscode.l10n.t('Monster Gaming: other extensions will be asked again before they use your key.'));
    },
    [Commands.toggleAgentMode]: async () => {
      await s.view.reveal(true);
      s.controller.setAgentMode(!s.controller.agentMode);
    },
    [Commands.undoAgentTurn]: () => s.agent.undoLastTurn(),
    [Commands.answerAgentApproval]: (answerId, approvalId, decision) =>
      typeof answerId === 'string' && typeof approvalId === 'string' && (decision === 'accept' || decision === 'reject' || decision === 'open') ? s.agent.service().answerFromChat(answerId, approvalId, decision) : undefined,
    [Commands.acceptAgentEdit]: (proposed) => s.agent.service().answerDiff(proposed, 'accept'),
    [Commands.rejectAgentEdit]: (proposed) => s.agent.service().answerDiff(proposed, 'reject'),
    [Commands.analyzeCrash]: (...args) => crashBundle().analyzeCrash(s.crash, ...args),
    [Commands.generateGameData]: (target) => gameDataBundle().generateGameData(s.gameData, target),
    [Commands.refreshCrashReports]: () => s.crashReports.refresh(),
    [Commands.loadMoreCrashReports]: () => s.crashReports.tree().loadMore(),
    [Commands.analyzeCrashReport]: (node) => s.crashReports.tree().analyze(node),
    [Commands.setCrashStatus]: (node) => s.crashReports.tree().setStatus(node),
    [Commands.openCrashTopFrame]: (node) => s.crashReports.tree().openTopFrame(node),
    [Commands.createProjectRules]: (target) => createProjectRules(s.engines, s.log, target instanceof vscode.Uri ? target : undefined),
  };
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        const message = redact(error instanceof Error ? error.message : String(error));
        s.log(`Command ${id} failed: ${message}`);
        // A rejected notification (e.g. the window is closing) must not become an unhandled rejection.
        vscode.window.showErrorMessage(`Monster Gaming: ${message}`).then(undefined, () => undefined);
        return undefined;
      }
    }),
  );
}

/** Every command id, in one place (CONTRACT.md "Commands"). */
export const Commands = {
  openChat: 'monsterGaming.openChat',
  newChat: 'monsterGaming.newChat',
  askAboutSelection: 'monsterGaming.askAboutSelection',
  stop: 'monsterGaming.stop',
  fixError: 'monsterGaming.fixError',
  explainError: 'monsterGaming.explainError',
  setApiKey: 'monsterGaming.setApiKey',
  clearApiKey: 'monsterGaming.clearApiKey',
  selectDiscipline: 'monsterGaming.selectDiscipline',
  selectProvider: 'monsterGaming.selectProvider',
  selectModel: 'monsterGaming.selectModel',
  showHistory: 'monsterGaming.showHistory',
  importEngineLog: 'monsterGaming.importEngineLog',
  acceptFix: 'monsterGaming.acceptFix',
  rejectFix: 'monsterGaming.rejectFix',
  resetModelAccess: 'monsterGaming.resetModelAccess',
  createProjectRules: 'monsterGaming.createProjectRules',
  editSelection: 'monsterGaming.editSelection',
  toggleAgentMode: 'monsterGaming.toggleAgentMode',
  undoAgentTurn: 'monsterGaming.undoAgentTurn',
  /** `@monster /agent`'s approval buttons (answer id, approval id, accept | reject | open); hidden from the palette. */
  answerAgentApproval: 'monsterGaming.answerAgentApproval',
  acceptAgentEdit: 'monsterGaming.acceptAgentEdit',
  rejectAgentEdit: 'monsterGaming.rejectAgentEdit',
  analyzeCrash: 'monsterGaming.analyzeCrash',
  generateGameData: 'monsterGaming.generateGameData',
  refreshCrashReports: 'monsterGaming.crashReports.refresh',
  loadMoreCrashReports: 'monsterGaming.crashReports.loadMore',
  analyzeCrashReport: 'monsterGaming.crashReports.analyze',
  setCrashStatus: 'monsterGaming.crashReports.setStatus',
  openCrashTopFrame: 'monsterGaming.crashReports.openTopFrame',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Context keys the manifest's `when` clauses read (the walkthrough's are in onboarding/walkthrough.ts). */
export const ContextKeys = {
  /** An answer streams in the sidebar: Stop Generating is offered. */
  streaming: 'monsterGaming.streaming',
  /** A key of the active provider is in SecretStorage: Clear API Key is offered. */
  hasStoredKey: 'monsterGaming.hasStoredKey',
} as const;

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
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

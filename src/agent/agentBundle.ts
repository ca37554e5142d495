/**
 * Everything agent mode runs, as one lazily loaded bundle (dist/agent.js, see esbuild.js): the
 * workspace tools, the approvals and the turn's review. The extension requires it through
 * lazyAgent.ts when the first agent turn starts (or another agent calls one of our tools), so
 * activation never reads or evaluates it.
 */
export { workspaceToolEnv, workspaceToolRegistry, workspaceFolderPaths } from './tools/workspaceTools';
export { runAgentSteps, fitToolResults, ToolTurnTooLargeError } from '../answering/agentLoop';
export { AgentService, AgentTurn } from './agentService';
export { commandAllowed } from './commandAllowed';
export { invokeEngineTool } from './lmToolInvoke';
export { lmToolSet, type LmToolSet } from './lmTools';

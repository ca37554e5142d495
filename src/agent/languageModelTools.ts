/**
 * Our engine tools for other agents (VS Code's Chat agent mode, other extensions): registered with
 * `vscode.lm.registerTool` under the names package.json contributes. This part lives in
 * extension.js and stays small; a call loads the agent bundle and runs the same implementation
 * our own agent runs (lmToolInvoke.ts), or, for Analyze Crash, the crash bundle's (crashTool.ts).
 */
import * as vscode from 'vscode';
import type { AnalyzeCrashServices } from '../crash/analyzeCrashCommand';
import { crashBundle } from '../crash/lazyCrash';
import { agentBundle } from './lazyAgent';
import { confirmationFor } from './lmToolConfirm';

/** Each contributed tool (package.json `languageModelTools`) and the workspace tool it runs. */
export const LANGUAGE_MODEL_TOOLS = {
  monsterGaming_compileShader: 'compile_shader',
  monsterGaming_importEngineLog: 'import_engine_log',
  monsterGaming_engineProfile: 'engine_profile',
  monsterGaming_analyzeCrash: 'analyze_crash',
} as const;

export type LanguageModelToolName = (typeof LANGUAGE_MODEL_TOOLS)[keyof typeof LANGUAGE_MODEL_TOOLS];
/** The tools our own agent has too (the workspace tool registry). */
export type EngineToolName = Exclude<LanguageModelToolName, 'analyze_crash'>;

type RegisterTool = <T>(name: string, tool: vscode.LanguageModelTool<T>) => vscode.Disposable;

function pathOf(input: unknown): string {
  const value = typeof input === 'object' && input !== null ? (input as { path?: unknown }).path : undefined;
  return typeof value === 'string' ? value.slice(0, 200) : '';
}

/** What the Chat view shows while the tool runs. */
function invocationMessage(tool: LanguageModelToolName, input: unknown): string {
  switch (tool) {
    case 'compile_shader':
      return vscode.l10n.t('Compiling shader {0}', pathOf(input));
    case 'import_engine_log':
      return vscode.l10n.t('Reading problems from {0}', pathOf(input));
    case 'engine_profile':
      return vscode.l10n.t('Reading the engine profile');
    case 'analyze_crash':
      return vscode.l10n.t('Analyzing the crash');
  }
}

/** Registers the tools where this VS Code has `vscode.lm.registerTool` (1.95+); nothing elsewhere. `crash`: what Analyze Crash uses. */
export function registerLanguageModelTools(crash: AnalyzeCrashServices): vscode.Disposable[] {
  const lm = (vscode as { lm?: { registerTool?: RegisterTool } }).lm;
  const register = lm?.registerTool;
  if (typeof register !== 'function') return [];
  return Object.entries(LANGUAGE_MODEL_TOOLS).map(([name, tool]) =>
    register.call(lm, name, {
      prepareInvocation: (options) => {
        const confirmation = confirmationFor(tool, options, pathOf(options.input), vscode.l10n);
        return { invocationMessage: invocationMessage(tool, options.input), ...(confirmation ? { confirmationMessages: confirmation } : {}) };
      },
      invoke: (options, token) => (tool === 'analyze_crash' ? crashBundle().analyzeCrashTool(crash, options.input, token) : agentBundle().invokeEngineTool(tool, options.input, token)),
    }),
  );
}

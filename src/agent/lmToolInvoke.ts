/**
 * A call from another agent (`vscode.lm.invokeTool`) to one of our engine tools: the same
 * registry, checks and implementation as our own agent's calls, answered as text. The engine
 * tools only read, so nothing here asks the user anything: a change or run request is refused.
 */
import * as vscode from 'vscode';
import type { EngineToolName } from './languageModelTools';
import { workspaceToolEnv, workspaceToolRegistry } from './tools/workspaceTools';

const refuse = (): Promise<{ approved: false; reason: string }> => Promise.resolve({ approved: false, reason: 'not available to other agents' });

export async function invokeEngineTool(tool: EngineToolName, input: unknown, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
  const stop = new AbortController();
  const listener = token.onCancellationRequested(() => stop.abort());
  if (token.isCancellationRequested) stop.abort();
  try {
    const result = await workspaceToolRegistry().run(tool, input ?? {}, workspaceToolEnv({ signal: stop.signal, approve: refuse, confirmRun: refuse }));
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(result.text)]);
  } finally {
    listener.dispose();
  }
}

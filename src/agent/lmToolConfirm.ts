/**
 * Whether a call to one of our tools from another agent asks the user first, and in what words.
 * No `vscode` here (unit-tested); languageModelTools.ts hands in `vscode.l10n`.
 */
import type { L10n } from '../answering/l10n';
import type { LanguageModelToolName } from './languageModelTools';

/** What `prepareInvocation` is given, read by shape (VS Code 1.104+ adds the chat fields). */
export interface PrepareOptions {
  readonly input: unknown;
  readonly chatRequestId?: unknown;
  readonly chatSessionResource?: unknown;
}

/**
 * compile_shader runs a process (glslangValidator, DXC or FXC), so in a chat the user is asked
 * first: VS Code's Chat view shows Allow inline, with "always allow" for the session or workspace.
 * Outside a chat (an extension calling `vscode.lm.invokeTool` itself) VS Code would turn the same
 * question into a modal dialog for every call, so it is not asked there: the calling extension
 * answers for its own calls, as it does for invoking any tool. The compiler only reads the one
 * file, already inside the workspace, and writes to a temporary folder of its own.
 * analyze_crash sends the crash's stack (and the question) to the gateway, which spends the
 * user's credit, so it asks in a chat too, by the same rule. The other tools only read and never ask.
 */
export function confirmationFor(tool: LanguageModelToolName, options: PrepareOptions, path: string, l10n: L10n): { readonly title: string; readonly message: string } | undefined {
  if (tool !== 'compile_shader' && tool !== 'analyze_crash') return undefined;
  const inChat = typeof options.chatRequestId === 'string' || options.chatSessionResource !== undefined;
  if (!inChat) return undefined;
  if (tool === 'analyze_crash') {
    return {
      title: l10n.t('Analyze crash?'),
      message: l10n.t(
        'Sends the stack of the crash in {0} to the Monster Gaming gateway for an AI analysis, which uses your credit.',
        path || l10n.t('the given text'),
      ),
    };
  }
  return {
    title: l10n.t('Compile shader?'),
    message: l10n.t('Runs the shader compiler (glslangValidator, DXC or FXC) on {0}. It reads only that file and writes nothing in the workspace.', path || l10n.t('the shader the model named')),
  };
}

/**
 * The language model chat provider API (`vscode.lm.registerLanguageModelChatProvider`), declared
 * here because the extension keeps `engines.vscode` at ^1.96 and its types at 1.96, where the API
 * does not exist yet (it was finalized in 1.104). Only what the extension uses is declared, in the
 * shape of the finalized API; `registrationFunction()` finds it at runtime, and where it is missing
 * nothing is registered and nothing else changes.
 */
import * as vscode from 'vscode';

/** A model as the provider describes it to VS Code's model picker. */
export interface LanguageModelChatInformation {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly tooltip?: string;
  /** Shown next to the name in the picker. */
  readonly detail?: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly imageInput?: boolean; readonly toolCalling?: boolean | number };
  /**
   * Offered in the Chat view's model picker. VS Code 1.139 offers a model unless this is false;
   * 1.116 (checked in its code) offers only models that set it, so every model says so.
   */
  readonly isUserSelectable?: boolean;
}

/** `LanguageModelChatMessageRole` of the finalized API (1.96 lacks `System`). */
export const MessageRole = { User: 1, Assistant: 2, System: 3 } as const;

/** A message of a request, as VS Code hands it to the provider. */
export interface LanguageModelChatRequestMessage {
  readonly role: number;
  readonly content: ReadonlyArray<unknown>;
  readonly name: string | undefined;
}

/** What a provider reports while answering (the finalized API adds data parts, which we never send). */
export type LanguageModelResponsePart = vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart;

export interface ProvideLanguageModelChatResponseOptions {
  readonly modelOptions?: { readonly [name: string]: unknown };
  /**
   * Who sent the request: the calling extension's id (lower case, `publisher.name`), or `core` for
   * VS Code itself. Passed by VS Code 1.104+ (checked on 1.139); older versions leave it out.
   */
  readonly requestInitiator?: string;
  /** `LanguageModelChatTool`s (name, description, inputSchema), read by shape in lmMessages.ts. */
  readonly tools?: readonly unknown[];
  /** `LanguageModelChatToolMode`: 1 Auto, 2 Required (the same values in 1.96 and the finalized API). */
  readonly toolMode?: number;
}

export interface LanguageModelChatProvider<T extends LanguageModelChatInformation = LanguageModelChatInformation> {
  readonly onDidChangeLanguageModelChatInformation?: vscode.Event<void>;
  provideLanguageModelChatInformation(options: { readonly silent: boolean }, token: vscode.CancellationToken): vscode.ProviderResult<T[]>;
  provideLanguageModelChatResponse(
    model: T,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Thenable<void>;
  provideTokenCount(model: T, text: string | LanguageModelChatRequestMessage, token: vscode.CancellationToken): Thenable<number>;
}

type RegisterProvider = (vendor: string, provider: LanguageModelChatProvider) => vscode.Disposable;

/** `vscode.lm.registerLanguageModelChatProvider` where this VS Code has it, else undefined. */
export function registrationFunction(): RegisterProvider | undefined {
  const lm = (vscode as { lm?: unknown }).lm as { registerLanguageModelChatProvider?: RegisterProvider } | undefined;
  const register = lm?.registerLanguageModelChatProvider;
  return typeof register === 'function' ? register.bind(lm) : undefined;
}

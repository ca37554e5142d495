/**
 * Tools other extensions and MCP servers register with VS Code (`vscode.lm.tools`), offered to
 * our agent beside the workspace tools, and run through `vscode.lm.invokeTool`. Where the API is
 * missing (an editor without it) there are simply none. Listing and bounding are in
 * lmToolSpecs.ts; this file only talks to VS Code. A call never throws: a failure, a refusal or
 * Stop comes back as an `Error:` text the model can read.
 */
import * as vscode from 'vscode';
import { lmResultText, lmToolInput, lmToolSpecs, type LmResultPart, type LmToolInfo, type LmToolSpecs } from './lmToolSpecs';
import type { FunctionToolSpec } from './tools/registry';
import { done, fail, type ToolKind, type ToolResult } from './tools/toolTypes';

/** Foreign tools as the loop uses them, like ToolRegistry for ours. */
export interface LmToolSet {
  /** The `tools` entries to send beside ours. */
  readonly specs: readonly FunctionToolSpec[];
  /** Real names left out, and why. */
  readonly left: LmToolSpecs['left'];
  has(name: string): boolean;
  /** The tool's name in `vscode.lm.tools` (what the step row shows), for a name the model called. */
  realName(name: string): string | undefined;
  kindOf(name: string): ToolKind | undefined;
  run(name: string, rawArguments: unknown, signal: AbortSignal): Promise<ToolResult>;
}

/** `vscode.lm.tools`, or none where this VS Code lacks the API. */
function registeredTools(): readonly LmToolInfo[] {
  const lm = (vscode as { lm?: Partial<typeof vscode.lm> }).lm;
  const tools = lm?.tools;
  return Array.isArray(tools) ? (tools as readonly LmToolInfo[]) : [];
}

function describePart(part: unknown): LmResultPart {
  if (part instanceof vscode.LanguageModelTextPart) return { kind: 'text', text: part.value };
  if (part instanceof vscode.LanguageModelPromptTsxPart) return { kind: 'other', what: 'a prompt-tsx part, left out' };
  // LanguageModelDataPart (images, JSON…) exists only in newer VS Codes: known by its shape.
  if (typeof part === 'object' && part !== null && 'mimeType' in part && typeof part.mimeType === 'string') {
    const data = 'data' in part && part.data instanceof Uint8Array ? `, ${part.data.byteLength.toLocaleString('en-US')} bytes` : '';
    return { kind: 'other', what: `${part.mimeType.slice(0, 100)} data${data}, left out` };
  }
  return { kind: 'other', what: 'a part of an unknown kind, left out' };
}

/** Cancels `source` and resolves when `signal` aborts (a tool may ignore its token: Stop still ends the call at once). */
function onAbort(signal: AbortSignal, source: vscode.CancellationTokenSource): { readonly promise: Promise<void>; readonly dispose: () => void } {
  let listener: (() => void) | undefined;
  const promise = new Promise<void>((resolve) => {
    listener = (): void => {
      source.cancel();
      resolve();
    };
    signal.addEventListener('abort', listener, { once: true });
  });
  return { promise, dispose: () => listener && signal.removeEventListener('abort', listener) };
}

async function invoke(realName: string, input: object, signal: AbortSignal): Promise<ToolResult> {
  const lm = (vscode as { lm?: Partial<typeof vscode.lm> }).lm;
  if (typeof lm?.invokeTool !== 'function') return fail(`${realName} cannot be run in this version of VS Code.`);
  const source = new vscode.CancellationTokenSource();
  const stop = onAbort(signal, source);
  try {
    // No toolInvocationToken: the call is not tied to a VS Code Chat request (the loop shows it in our own transcript).
    const running = Promise.resolve(lm.invokeTool(realName, { input, toolInvocationToken: undefined }, source.token));
    const result = await Promise.race([running, stop.promise]);
    if (signal.aborted || !result) return fail('stopped.');
    const content: unknown = (result as { content?: unknown }).content;
    return done(lmResultText(Array.isArray(content) ? content.map(describePart) : []));
  } catch (error) {
    if (signal.aborted) return fail('stopped.');
    return fail(`${realName} failed: ${(error instanceof Error ? error.message : String(error)).slice(0, 2_000)}`);
  } finally {
    stop.dispose();
    source.dispose();
  }
}

/**
 * The foreign tools to offer now. `reserved`: the names of our own tools (a foreign tool with one
 * of them is left out, so a call always means what the model was told).
 */
export function lmToolSet(reserved: Iterable<string>): LmToolSet {
  const { specs, realNames, left } = lmToolSpecs(registeredTools(), reserved);
  return {
    specs,
    left,
    has: (name) => realNames.has(name),
    realName: (name) => realNames.get(name),
    // Another extension's or an MCP server's tool may do anything (write files, call the network),
    // and nothing it declares says otherwise reliably: it asks like run_command unless the user
    // auto-approves 'command'.
    kindOf: (name) => (realNames.has(name) ? 'command' : undefined),
    run: async (name, rawArguments, signal) => {
      const realName = realNames.get(name);
      if (realName === undefined) return fail(`there is no tool named ${JSON.stringify(name.slice(0, 100))}.`);
      if (signal.aborted) return fail('stopped before the tool ran.');
      const parsed = lmToolInput(rawArguments);
      if (!parsed.ok) return fail(parsed.error);
      return invoke(realName, parsed.input, signal);
    },
  };
}

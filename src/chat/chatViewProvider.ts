import * as vscode from 'vscode';
import type { ContextService } from '../context/contextService';
import { workspaceUri } from '../answering/workspaceProject';
import { parseWebviewMessage, type FrameLinkView, type HostToWebview, type SendRequest, type WebviewToHost } from '../shared/protocol';
import { Disposable } from '../util/lifecycle';
import type { ChatController, Question } from './chatController';
import { DeltaBatcher } from './deltaBatcher';
import { createNonce, renderWebviewHtml } from './webviewHtml';

export const CHAT_VIEW_ID = 'monsterGaming.chatView';

/** What the view hands to the rest of the extension: actions that need commands or editors. */
export interface ChatViewActions {
  runAction(kind: Extract<WebviewToHost, { type: 'action' }>['kind'], messageId: string | undefined): Promise<void>;
  insertCode(code: string): Promise<void>;
}

/** What the view needs of the context service (src/context/): attach mentions, complete them, show the active editor's chip. */
export type ChatContext = Pick<ContextService, 'resolve' | 'mentions' | 'candidates' | 'activeEditorChip' | 'onDidChangeActiveEditorChip'>;

/**
 * The sidebar chat: a webview view with a strict CSP that only renders. All network traffic, the
 * key and the history stay here in the extension host; the webview gets small typed messages.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly batcher = this.register(new DeltaBatcher((message) => this.deliver(message)));
  private readonly readyWaiters: Array<() => void> = [];
  /** A question whose mentions are being read: a second Send waits for it to be sent or refused. */
  private attaching = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: () => ChatController,
    private readonly actions: ChatViewActions,
    private readonly log: (line: string) => void,
    private readonly context: ChatContext,
  ) {
    super();
    this.register(context.onDidChangeActiveEditorChip((editor) => this.post({ type: 'activeEditor', editor })));
  }

  /** Queues a message for the webview; deltas are batched per frame. Dropped while the view is closed (it redraws from `init`). */
  post(message: HostToWebview): void {
    if (this.view && this.ready) {
      this.batcher.post(message);
    }
  }

  /** Reveals the view and resolves once its webview has said `ready`. */
  async reveal(focusInput: boolean): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (!this.ready) {
      await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    }
    if (focusInput) {
      this.post({ type: 'focus' });
    }
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist] };
    view.webview.html = renderWebviewHtml({
      cspSource: view.webview.cspSource,
      nonce: createNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      codiconUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicon.css')).toString(),
    });
    const subscriptions = [
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (!message) {
          this.log('Ignored a malformed message from the chat view.');
          return;
        }
        this.handle(message).catch((error: unknown) => this.log(`Chat view action failed: ${error instanceof Error ? error.message : String(error)}`));
      }),
    ];
    view.onDidDispose(() => {
      for (const subscription of subscriptions) subscription.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
      }
    });
  }

  /**
   * Attaches what the question mentions, then sends it. Anything that cannot be attached (a path
   * outside the workspace, no selection…) stops it: the prompt gets the text back with the reasons.
   */
  private async send(request: SendRequest): Promise<void> {
    const { text } = request;
    const controller = this.controller();
    if (this.attaching || controller.isStreaming) {
      this.post({ type: 'contextRefused', text, problems: [] });
      return;
    }
    this.attaching = true;
    try {
      const context = await this.context.resolve(text, { includeActiveEditor: request.includeActiveEditor !== false });
      if (context.problems.length > 0) {
        this.post({ type: 'contextRefused', text, problems: context.problems });
        return;
      }
      const question: Question = { text, requestId: request.id, items: context.items, attachments: context.attachments };
      const sending = controller.send(question);
      this.attaching = false;
      if (!(await sending)) this.post({ type: 'contextRefused', text, problems: [] });
    } finally {
      this.attaching = false;
    }
  }

  private deliver(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private async handle(message: WebviewToHost): Promise<void> {
    const controller = this.controller();
    switch (message.type) {
      case 'ready':
        await controller.whenRestored();
        this.ready = true;
        this.batcher.post({ type: 'init', state: controller.viewState() });
        this.batcher.post({ type: 'activeEditor', editor: this.context.activeEditorChip() });
        this.readyWaiters.splice(0).forEach((resolve) => resolve());
        // After the view's first messages: loading the SDK takes a moment the first answer then saves.
        setTimeout(() => controller.warm(), 0);
        return;
      case 'send':
        await this.send(message);
        return;
      case 'draft':
        this.post({ type: 'mentions', version: message.version, mentions: await this.context.mentions(message.text) });
        return;
      case 'candidates': {
        const candidates = await this.context.candidates(message.kind, message.query);
        this.post({ type: 'candidates', requestId: message.requestId, candidates });
        return;
      }
      case 'stop':
        await controller.stop(message.id);
        return;
      case 'newChat':
        await controller.newChat();
        return;
      case 'older':
        controller.older(message.before);
        return;
      case 'openConversation':
        await controller.openConversation(message.conversationId);
        return;
      case 'deleteConversation':
        await controller.deleteConversation(message.conversationId);
        return;
      case 'action':
        await this.actions.runAction(message.kind, message.messageId);
        return;
      case 'copyCode':
        await vscode.env.clipboard.writeText(message.code);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Code copied'), 2000);
        return;
      case 'insertCode':
        await this.actions.insertCode(message.code);
        return;
      case 'openLink':
        await openExternalLink(message.href);
        return;
      case 'openFrame':
        await openFrameLink(controller.frame(message.id, message.index));
        return;
      case 'setAgentMode':
      case 'approve':
      case 'openApproval':
      case 'reviewAction':
        await controller.agentRequest(message);
        return;
    }
  }
}

/**
 * Opens a crash frame's file at its line. The path is one the host stored (the view names only an
 * index); history is a file on disk, so it is still checked to stay inside a workspace folder.
 */
export async function openFrameLink(frame: FrameLinkView | undefined): Promise<boolean> {
  if (!frame || frame.path.split('/').some((segment) => segment === '..')) return false;
  const uri = workspaceUri(frame.path);
  if (!uri || !vscode.workspace.getWorkspaceFolder(uri)) return false;
  const line = Math.max(0, frame.line - 1);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), preview: false });
  return true;
}

/** Opens http/https links only, through VS Code (which asks the user to confirm untrusted domains). */
export async function openExternalLink(href: string): Promise<boolean> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return false;
  }
  if (uri.scheme !== 'http' && uri.scheme !== 'https') {
    return false;
  }
  return vscode.env.openExternal(uri);
}

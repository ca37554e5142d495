import * as vscode from 'vscode';
import { parseWebviewMessage, type HostToWebview, type SendRequest, type WebviewToHost } from '../shared/protocol';
import { Disposable } from '../util/lifecycle';
import type { ChatController, Question } from './chatController';
import { DeltaBatcher } from './deltaBatcher';
import { createNonce, renderWebviewHtml } from './webviewHtml';

export const CHAT_VIEW_ID = 'monsterGaming.chatView';

/** Turns the webview's `send` into a question: its text, its request id, the context attached (see src/context/). */
export type QuestionSource = (request: SendRequest) => Promise<Question>;

/** A question as typed, nothing attached. */
export const plainQuestion: QuestionSource = (request) => Promise.resolve({ text: request.text, requestId: request.id });

/** What the view hands to the rest of the extension: actions that need commands or editors. */
export interface ChatViewActions {
  runAction(kind: Extract<WebviewToHost, { type: 'action' }>['kind'], messageId: string | undefined): Promise<void>;
  insertCode(code: string): Promise<void>;
}

/**
 * The sidebar chat: a webview view with a strict CSP that only renders. All network traffic, the
 * key and the history stay here in the extension host; the webview gets small typed messages.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly batcher = this.register(new DeltaBatcher((message) => this.deliver(message)));
  private readonly readyWaiters: Array<() => void> = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: () => ChatController,
    private readonly actions: ChatViewActions,
    private readonly log: (line: string) => void,
    private readonly questionFor: QuestionSource = plainQuestion,
  ) {
    super();
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
        this.readyWaiters.splice(0).forEach((resolve) => resolve());
        return;
      case 'send':
        await controller.send(await this.questionFor(message));
        return;
      case 'stop':
        await controller.stop(message.id);
        return;
      case 'newChat':
        await controller.newChat();
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
    }
  }
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

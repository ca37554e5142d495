import * as vscode from 'vscode';
import type { ChatController } from '../chat/chatController';
import type { ConversationStore } from '../chat/historyStore';

interface ConversationPick extends vscode.QuickPickItem {
  readonly id: string;
}

const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete conversation' };

function relativeTime(then: number, now: number): string {
  const minutes = Math.round((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(then).toLocaleDateString();
}

/** Monster Gaming: Show Chat History: reopen or delete a past conversation from a quick pick. */
export async function showHistory(store: ConversationStore, controller: ChatController, reveal: () => Promise<void>): Promise<void> {
  const picker = vscode.window.createQuickPick<ConversationPick>();
  picker.title = 'Monster Gaming: Chat History';
  picker.placeholder = 'Reopen a past conversation';
  const fill = (): void => {
    const now = Date.now();
    picker.items = store.list().map((s) => ({
      id: s.id,
      label: s.title,
      description: `${relativeTime(s.updatedAt, now)} · ${s.messageCount} messages${s.id === controller.conversationId ? ' · open' : ''}`,
      buttons: [DELETE],
    }));
    if (picker.items.length === 0) {
      picker.placeholder = 'No past conversations in this workspace yet';
    }
  };
  fill();
  // Another window on the same storage may have added or deleted conversations.
  void store.refresh().then(fill, () => undefined);
  picker.onDidTriggerItemButton(async (e) => {
    await controller.deleteConversation(e.item.id);
    fill();
  });
  const chosen = await new Promise<ConversationPick | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.selectedItems[0]));
    picker.onDidHide(() => resolve(undefined));
    picker.show();
  });
  picker.dispose();
  if (chosen) {
    await reveal();
    await controller.openConversation(chosen.id);
  }
}

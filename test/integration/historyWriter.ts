/**
 * A second VS Code window, as far as history goes: a process of its own with a ConversationStore
 * on the folder it is given. historyProcesses.test.ts starts two at once on one folder.
 *
 *   node historyWriter.js <folder> <name> new <count>      saves <count> new conversations
 *   node historyWriter.js <folder> <name> answer <count>   adds <count> messages to conversation "shared"
 *   node historyWriter.js <folder> <name> delete <id>      deletes <id>, then saves <count>=5 new ones
 *
 * It prints "ready" once loaded and starts on the first line of its standard input, so both
 * processes write at the same moment; it prints "done" at the end.
 */
import type { Conversation } from '../../src/chat/conversation';
import { ConversationStore, FolderHistoryFiles } from '../../src/chat/historyStore';

function conversation(id: string, at: number): Conversation {
  return {
    id,
    title: `Conversation ${id}`,
    createdAt: at,
    updatedAt: at,
    messages: [
      { id: `${id}-q`, role: 'user', text: `Question of ${id}`, status: 'complete', createdAt: at },
      { id: `${id}-a`, role: 'assistant', text: `Answer of ${id}`, status: 'complete', createdAt: at },
    ],
  };
}

async function main(): Promise<void> {
  const [folder, name, mode, arg] = process.argv.slice(2);
  const store = new ConversationStore(new FolderHistoryFiles(folder), () => 500);
  await store.ready();
  const shared = mode === 'answer' ? (await store.load('shared')).conversation : undefined;
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const at = Date.now();
  if (mode === 'new') {
    for (let i = 0; i < Number(arg); i++) await store.save(conversation(`${name}-${i}`, at + i));
  } else if (mode === 'answer' && shared) {
    for (let i = 0; i < Number(arg); i++) {
      shared.messages.push({ id: `${name}-${i}`, role: 'user', text: `Message ${i} from ${name}`, status: 'complete', createdAt: at + i });
      await store.save(shared);
    }
  } else if (mode === 'delete') {
    await store.delete(arg);
    for (let i = 0; i < 5; i++) await store.save(conversation(`${name}-${i}`, at + i));
  }
  process.stdout.write('done\n');
  process.stdin.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

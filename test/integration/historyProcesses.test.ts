/**
 * Two windows on one storage folder (every window without a folder shares the global one), as
 * two real processes writing at the same moment: neither loses or resurrects the other's work.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import type { Conversation } from '../../src/chat/conversation';
import { ConversationStore, FolderHistoryFiles } from '../../src/chat/historyStore';
import { tempHistory } from '../unit/tempHistory';

const WRITER = path.join(__dirname, 'historyWriter.js');

interface Writer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
}

function writer(folder: string, ...args: string[]): Writer {
  const child = spawn(process.execPath, [WRITER, folder, ...args]);
  let stdout = '';
  let stderr = '';
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()).includes('ready') && resolve()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 && stdout.includes('done') ? resolve() : reject(new Error(`writer ${args.join(' ')} exited ${code}: ${stderr}`)))),
  );
  return { child, ready, exited };
}

/** Starts the writers, lets them go at once, and waits for both. */
async function race(writers: Writer[]): Promise<void> {
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.child.stdin.write('go\n');
  await Promise.all(writers.map((w) => w.exited));
}

async function reopened(folder: string): Promise<ConversationStore> {
  const store = new ConversationStore(new FolderHistoryFiles(folder), () => 500);
  await store.ready();
  return store;
}

describe('History shared by two processes', function () {
  this.timeout(60_000);

  it('keeps every conversation both save at the same time', async () => {
    const history = tempHistory();
    await race([writer(history.folder, 'one', 'new', '25'), writer(history.folder, 'two', 'new', '25')]);
    const ids = (await reopened(history.folder)).list().map((c) => c.id);
    const expected = ['one', 'two'].flatMap((name) => Array.from({ length: 25 }, (_, i) => `${name}-${i}`));
    assert.deepEqual([...ids].sort(), expected.sort(), `${ids.length} of 50 conversations listed`);
  });

  it('keeps the messages both add to one conversation at the same time', async () => {
    const history = tempHistory();
    const shared: Conversation = { id: 'shared', title: 'Shared', createdAt: 0, updatedAt: 0, messages: [{ id: 'first', role: 'user', text: 'Hello', status: 'complete', createdAt: 0 }] };
    await new ConversationStore(history.files, () => 500).save(shared);
    await race([writer(history.folder, 'one', 'answer', '20'), writer(history.folder, 'two', 'answer', '20')]);
    const messages = (await (await reopened(history.folder)).load('shared')).conversation?.messages.map((m) => m.id) ?? [];
    for (const name of ['one', 'two']) {
      const mine = messages.filter((id) => id.startsWith(`${name}-`));
      assert.deepEqual(mine, Array.from({ length: 20 }, (_, i) => `${name}-${i}`), `the messages of ${name}, in order`);
    }
    assert.equal(messages.length, 41);
  });

  it('a deletion in one process sticks while the other keeps saving', async () => {
    const history = tempHistory();
    const before = new ConversationStore(history.files, () => 500);
    for (let i = 0; i < 3; i++) {
      await before.save({ id: `old-${i}`, title: `Old ${i}`, createdAt: i, updatedAt: i, messages: [{ id: `m${i}`, role: 'user', text: 'x', status: 'complete', createdAt: i }] });
    }
    await race([writer(history.folder, 'deleter', 'delete', 'old-1'), writer(history.folder, 'saver', 'new', '30')]);
    const ids = (await reopened(history.folder)).list().map((c) => c.id);
    assert.ok(!ids.includes('old-1'), `old-1 stays deleted: ${ids.join(', ')}`);
    assert.equal(ids.length, 2 + 5 + 30);
  });
});

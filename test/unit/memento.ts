import type { MementoLike } from '../../src/chat/historyStore';

/** An in-memory Memento that, like VS Code's, hands out copies (state is serialized). */
export class MemoryMemento implements MementoLike {
  readonly data = new Map<string, string>();
  writes = 0;

  get<T>(key: string): T | undefined {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  update(key: string, value: unknown): Thenable<void> {
    this.writes++;
    if (value === undefined) {
      this.data.delete(key);
    } else {
      this.data.set(key, JSON.stringify(value));
    }
    return Promise.resolve();
  }
}

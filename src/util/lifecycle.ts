/** Something that can be cleaned up; structurally the same as vscode.Disposable. */
export interface IDisposable {
  dispose(): void;
}

/**
 * Owns disposables and disposes them with itself, newest first
 * (vscode-pull-request-github's `src/common/lifecycle.ts`).
 */
export abstract class Disposable implements IDisposable {
  private readonly owned: IDisposable[] = [];
  private disposed = false;

  protected register<T extends IDisposable>(disposable: T): T {
    if (this.disposed) {
      disposable.dispose();
    } else {
      this.owned.push(disposable);
    }
    return disposable;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    while (this.owned.length) {
      try {
        this.owned.pop()?.dispose();
      } catch {
        // One failing dispose must not keep the rest alive.
      }
    }
  }
}

/** A tiny event emitter for modules that must not import `vscode`. */
export class Emitter<T> implements IDisposable {
  private listeners = new Set<(value: T) => void>();

  readonly event = (listener: (value: T) => void): IDisposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/**
 * Remembers each debug session's last `stopped` event per thread, so Analyze Crash (lazy crash
 * bundle) knows a session is stopped and what the adapter said about why. Registered at
 * activation for every debugger type; kept tiny: it only looks at events and resuming requests.
 */
import * as vscode from 'vscode';
import type { StoppedDetails } from './debugCrash';

/** Requests after which the program runs again (DAP sends no `continued` event for these). */
const RESUMING = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto', 'restartFrame', 'restart']);

interface Message {
  readonly type?: unknown;
  readonly event?: unknown;
  readonly command?: unknown;
  readonly body?: StoppedDetails & { readonly threadId?: unknown };
}

export class DebugStops {
  private readonly sessions = new Map<string, { readonly session: vscode.DebugSession; readonly stops: Map<number, StoppedDetails> }>();

  /** The tracker factory and the clean-up, for the extension's subscriptions. */
  register(): vscode.Disposable[] {
    return [
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => {
          const stops = new Map<number, StoppedDetails>();
          this.sessions.set(session.id, { session, stops });
          return {
            onDidSendMessage: (m: Message) => {
              if (m.type !== 'event') return;
              // A stop without a thread id (allThreadsStopped) is kept under -1.
              if (m.event === 'stopped') stops.set(typeof m.body?.threadId === 'number' ? m.body.threadId : -1, { ...m.body });
              else if (m.event === 'continued') stops.clear();
            },
            onWillReceiveMessage: (m: Message) => {
              if (m.type === 'request' && RESUMING.has(String(m.command))) stops.clear();
            },
            onExit: () => this.sessions.delete(session.id),
          };
        },
      }),
      vscode.debug.onDidTerminateDebugSession((session) => this.sessions.delete(session.id)),
    ];
  }

  /** Every session with a thread stopped, oldest session first. */
  stoppedSessions(): Array<{ readonly session: vscode.DebugSession; readonly stops: ReadonlyMap<number, StoppedDetails> }> {
    return [...this.sessions.values()].filter((known) => known.stops.size > 0);
  }

  /** A session still running, and its threads' last stops (empty while it runs). */
  session(id: string): { readonly session: vscode.DebugSession; readonly stops: ReadonlyMap<number, StoppedDetails> } | undefined {
    return this.sessions.get(id);
  }
}

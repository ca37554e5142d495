/**
 * Which stopped thread Analyze Crash reads, and its crash: the thread (and frame) right-clicked in
 * the Call Stack view, else the focused thread of the stopped session (the debug toolbar and the
 * palette). Lazy crash bundle; the stops themselves are remembered by debugStops.ts.
 */
import * as vscode from 'vscode';
import type { ParsedCrash } from './crashTypes';
import { collectDebugCrash, DebugCrashError, type StoppedDetails } from './debugCrash';
import type { DebugStops } from './debugStops';

/** The Call Stack menu's context: `{sessionId, threadId: 'thread:<session>:<n>', frameId: 'stackframe:thread:<session>:<n>:<index>:<name>'}`. */
interface MenuContext {
  readonly sessionId: string;
  readonly threadId?: number;
  readonly frameIndex?: number;
}

function menuContext(value: unknown): MenuContext | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { sessionId, threadId, frameId } = value as Record<string, unknown>;
  if (typeof sessionId !== 'string') return undefined;
  const thread = typeof threadId === 'string' ? /:(\d+)$/.exec(threadId) : null;
  const frame = typeof frameId === 'string' ? /^stackframe:thread:[^:]*:\d+:(\d+):/.exec(frameId) : null;
  return { sessionId, ...(thread ? { threadId: Number(thread[1]) } : {}), ...(frame ? { frameIndex: Number(frame[1]) } : {}) };
}

/** A crash read from a stopped thread; `focus` is the index of the frame the user picked. */
export interface DebugFound {
  readonly crash: ParsedCrash;
  readonly name: string;
  readonly focus?: number;
}

interface Target {
  readonly session: vscode.DebugSession;
  readonly threadId: number;
  readonly stopped?: StoppedDetails;
  readonly focus?: number;
}

const noStop = (): string => vscode.l10n.t('No debug session is stopped. Run your game under the debugger until it stops on the crash, then use Analyze Crash (or select the crash text and analyze that).');

/** True when `session` is `id` or was started by it (js-debug runs the program in a child session). */
function within(session: vscode.DebugSession, id: string | undefined): boolean {
  for (let s: vscode.DebugSession | undefined = session, depth = 0; s && depth < 8; s = s.parentSession, depth++) {
    if (s.id === id) return true;
  }
  return false;
}

/** The thread to read; a message when the menu named one that cannot be read; undefined when nothing is stopped. */
function target(stops: Pick<DebugStops, 'session' | 'stoppedSessions'>, args: readonly unknown[]): Target | string | undefined {
  const menu = args.map(menuContext).find((context) => context !== undefined);
  const item = vscode.debug.activeStackItem;
  const id = menu?.sessionId ?? item?.session.id ?? vscode.debug.activeDebugSession?.id;
  let known = id === undefined ? undefined : stops.session(id);
  if (!menu && (!known || known.stops.size === 0)) {
    // The toolbar or palette with no stopped thread in focus (VS Code focuses a stop only when it
    // shows it; js-debug's active session is the parent of the one that stopped): the stopped
    // session under the active one, else the newest stopped session.
    const stopped = stops.stoppedSessions();
    known = stopped.find((s) => within(s.session, id)) ?? stopped.at(-1);
  }
  if (!known || known.stops.size === 0) return menu ? noStop() : undefined;
  const threadId = menu?.threadId ?? (item && item.session.id === id ? item.threadId : undefined) ?? [...known.stops.keys()].find((thread) => thread >= 0);
  if (threadId === undefined) return menu ? noStop() : undefined;
  const stopped = known.stops.get(threadId) ?? known.stops.get(-1);
  return { session: known.session, threadId, ...(stopped ? { stopped } : {}), ...(menu?.frameIndex !== undefined ? { focus: menu.frameIndex } : {}) };
}

/**
 * The stopped thread's crash: undefined when no session is stopped (the caller reads text then),
 * null when it could not be read (the user was told why).
 */
export async function findDebugCrash(stops: Pick<DebugStops, 'session' | 'stoppedSessions'>, args: readonly unknown[]): Promise<DebugFound | null | undefined> {
  const found = target(stops, args);
  if (found === undefined) return undefined;
  if (typeof found === 'string') {
    void vscode.window.showWarningMessage(found);
    return null;
  }
  const { session } = found;
  let ended = false;
  const watch = vscode.debug.onDidTerminateDebugSession((s) => {
    if (s.id === session.id) ended = true;
  });
  try {
    const crash = await collectDebugCrash(session, {
      threadId: found.threadId,
      ...(found.stopped ? { stopped: found.stopped } : {}),
      hostPlatform: process.platform,
      ended: () => ended || !stops.session(session.id),
      l10n: vscode.l10n,
    });
    return { crash, name: vscode.l10n.t('the debug session {0}', session.name), ...(found.focus !== undefined ? { focus: found.focus } : {}) };
  } catch (error) {
    const message = error instanceof DebugCrashError ? error.message : String(error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Monster Gaming could not read the crash: {0}', message));
    return null;
  } finally {
    watch.dispose();
  }
}

import type { HostToWebview, WebviewToHost } from '../shared/protocol';

/** The part of the API VS Code injects into webviews that this view uses. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare function acquireVsCodeApi(): VsCodeApi;

/**
 * UI-only state that survives the view being hidden and restored (`vscode.setState`).
 * Never put secrets or conversation content the host owns here.
 */
export interface UiState {
  /** The unsent text of the prompt box. */
  readonly draft: string;
  readonly historyOpen: boolean;
}

const defaultUiState: UiState = { draft: '', historyOpen: false };

/** The one channel to the extension host, typed with the shared protocol. */
export class HostChannel {
  private readonly api: VsCodeApi = acquireVsCodeApi();

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  loadUiState(): UiState {
    const raw = this.api.getState();
    if (typeof raw !== 'object' || raw === null) return defaultUiState;
    const record = raw as Record<string, unknown>;
    return {
      draft: typeof record.draft === 'string' ? record.draft : '',
      historyOpen: record.historyOpen === true,
    };
  }

  saveUiState(state: UiState): void {
    this.api.setState(state);
  }

  /** Subscribes to messages from the host; drops anything that is not a protocol message. */
  onMessage(handler: (message: HostToWebview) => void): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (isHostMessage(event.data)) handler(event.data);
    });
  }
}

/** Every type the host sends; a type left out here is dropped (HostTypesComplete makes that a type error). */
const hostTypes = [
  'init',
  'conversation',
  'older',
  'messageAdded',
  'delta',
  'discipline',
  'waiting',
  'done',
  'messageRemoved',
  'header',
  'history',
  'notice',
  'focus',
  'context',
  'activeEditor',
  'candidates',
  'mentions',
  'contextRefused',
  'agentMode',
  'step',
  'approval',
  'review',
  'tokens',
] as const;
const hostMessageTypes: ReadonlySet<string> = new Set<string>(hostTypes);
/** Fails to compile while a host message type is missing from `hostTypes`. */
export type HostTypesComplete = Exclude<HostToWebview['type'], (typeof hostTypes)[number]> extends never ? true : never;
const hostTypesComplete: HostTypesComplete = true;
void hostTypesComplete;

function isHostMessage(data: unknown): data is HostToWebview {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { type?: unknown }).type === 'string' &&
    hostMessageTypes.has((data as { type: string }).type)
  );
}

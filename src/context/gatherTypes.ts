/**
 * What every gatherer takes and gives. A gatherer turns one mention into bounded items, or
 * refuses with a message for the user; it never throws anything else on purpose (the service
 * turns an unexpected error into a message too). No `vscode` here, so pure parts can share it.
 */
import type { ContextItem } from '../answering/contextTypes';
import type { AttachmentView } from '../shared/protocol';
import type { WorkspaceFolderPath, WorkspacePaths } from './workspacePaths';

/** What a gatherer attaches: the request's items and the chip listed on the sent message. */
export interface Gathered {
  readonly items: readonly ContextItem[];
  readonly attachment: AttachmentView;
}

/** A mention that cannot be attached; `message` says why and what to do (already localized). */
export class ContextRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContextRefusal';
  }
}

/** The workspace as gatherers see it, built afresh for each question. */
export interface GatherEnv {
  readonly folders: readonly WorkspaceFolderPath[];
  readonly paths: WorkspacePaths;
  /** Epoch ms after which a gatherer gives up (walks stop, reads are not started). */
  readonly deadline: number;
  /** Aborted when the deadline passes or the question is withdrawn. */
  readonly signal: AbortSignal;
}

/**
 * The models the gateway offers the current key (`GET /models`), listed once and shared: the
 * language model provider offers them in VS Code's picker, the engine reads their context
 * windows for body limits. Forgotten when the key, provider or address changes.
 */
import type { GatewayModel } from '../gateway/client';
import { toGatewayError } from '../gateway/errors';
import { bodyLimitFor, GATEWAY_BODY_LIMIT_BYTES } from './bodyLimit';
import type { BodyLimits } from './types';

/** A listing slower than this is not waited for by an answer (the 64 KB default serves meanwhile). */
const LIMIT_LOOKUP_MS = 2_000;

export interface ModelCatalogDeps {
  readonly gateway: { models(signal?: AbortSignal): Promise<GatewayModel[]> };
  readonly hasKey: () => Promise<boolean>;
  /** Whether the active provider is Monster Gaming (its 64 KB body limit always holds). */
  readonly monsterGaming: () => boolean;
  readonly log?: (line: string) => void;
}

export class ModelCatalog implements BodyLimits {
  private listed: Promise<GatewayModel[] | undefined> | undefined;

  constructor(private readonly deps: ModelCatalogDeps) {}

  /** The gateway's models for the key, or undefined when they cannot be listed (no key, an error). */
  async models(): Promise<GatewayModel[] | undefined> {
    this.listed ??= this.list();
    const listed = await this.listed;
    if (!listed) this.listed = undefined; // Not kept: the next look may reach the gateway.
    return listed;
  }

  /** The key, the provider or its address changed: list again on next need. */
  forget(): void {
    this.listed = undefined;
  }

  async bodyLimit(model: string): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), LIMIT_LOOKUP_MS)));
    try {
      const models = await Promise.race([this.models(), late]);
      if (!models) return GATEWAY_BODY_LIMIT_BYTES;
      return bodyLimitFor(models.find((m) => m.id === model), this.deps.monsterGaming());
    } finally {
      clearTimeout(timer);
    }
  }

  private async list(): Promise<GatewayModel[] | undefined> {
    if (!(await this.deps.hasKey())) return undefined;
    try {
      return await this.deps.gateway.models(AbortSignal.timeout(10_000));
    } catch (error) {
      this.deps.log?.(`Could not list the gateway's models: ${toGatewayError(error).code}`);
      return undefined;
    }
  }
}

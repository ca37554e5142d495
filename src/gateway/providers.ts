/**
 * The gateways studios route their LLM traffic through, as presets: where requests go, which
 * headers carry which secret, which models to offer, and whether the gateway routes disciplines.
 *
 * Pure data and pure functions (no `vscode`), so what is sent where is unit-testable. The one rule
 * that matters most lives in `connectionFor`: a request only ever carries the secrets of the
 * provider it goes to.
 */

export type ProviderId = 'monsterGaming' | 'prxy' | 'portkey' | 'portkeySelfHosted' | 'moonshot' | 'monsterApi' | 'openaiCompatible';

/** Where a secret goes on the wire. */
export type SecretHeader = 'authorization' | 'x-portkey-api-key' | 'x-portkey-virtual-key';

/** One secret a provider needs, stored in its own SecretStorage entry. */
export interface SecretSlot {
  /** Stable id; the SecretStorage entry is `secretStorageKey(slot)`. */
  readonly id: string;
  /** "Portkey API key", "Moonshot API key", … */
  readonly label: string;
  readonly placeholder: string;
  readonly header: SecretHeader;
  /** Keys of this provider look like this; others only get a warning, never a refusal. */
  readonly pattern?: RegExp;
  /** A provider is ready when every required slot is set (see `missingSlots`). */
  readonly required: boolean;
  /** Slots that can stand in for this one (Portkey: a virtual key replaces provider + key). */
  readonly satisfiedBy?: string;
}

export interface ProviderPreset {
  readonly id: ProviderId;
  readonly label: string;
  /** One line for the picker. */
  readonly detail: string;
  readonly defaultBaseUrl: string;
  /** Offered when the gateway has no `GET /models` (or it fails). */
  readonly models: readonly string[];
  /** Empty: ask `GET /models` and take the first. */
  readonly defaultModel: string;
  /** `monster-gpt` picks a specialist and names it in `X-Monster-Discipline`. */
  readonly routesDisciplines: boolean;
  /** `GET /whoami`, tiers and the telemetry endpoint are Monster Gaming's only. */
  readonly isMonsterGaming: boolean;
  readonly slots: readonly SecretSlot[];
  /** Where to get a key. */
  readonly keyUrl?: string;
  /** Portkey presets send `x-portkey-provider` / `x-portkey-custom-host` from settings. */
  readonly portkey: boolean;
  /**
   * Models of this preset that take OpenAI `tools`, best first: named when a model refuses them
   * (toolModelFor). Empty where the catalogue cannot vouch for one (local servers, open models).
   */
  readonly toolModels: readonly string[];
}

/** The Monster Gaming model that routes each question to a game-dev specialist (`X-Monster-Discipline`). */
export const ROUTING_MODEL = 'monster-gpt';

export const MONSTER_MODELS = [ROUTING_MODEL, 'deepseek-chat', 'gemini-3-flash', 'claude-sonnet-4-6', 'gpt-4o', 'claude-opus-4-6'] as const;
export const MOONSHOT_MODELS = ['moonshot-v1-8k', 'moonshot-v1-16k', 'moonshot-v1-128k'] as const;
export const MONSTER_API_MODELS = [
  'google/gemma-2-9b-it',
  'mistralai/Mistral-7B-Instruct-v0.2',
  'meta-llama/Meta-Llama-3-8B-Instruct',
  'microsoft/Phi-3-mini-4k-instruct',
] as const;

const PORTKEY_API_KEY: SecretSlot = {
  id: 'portkey.apiKey',
  label: 'Portkey API key',
  placeholder: 'x-portkey-api-key',
  header: 'x-portkey-api-key',
  required: true,
};

export const PROVIDERS: readonly ProviderPreset[] = [
  {
    id: 'monsterGaming',
    label: 'Monster Gaming',
    detail: 'monster-gpt routes every question to a game-dev specialist',
    defaultBaseUrl: 'https://api.monstergaming.ai/v1',
    models: MONSTER_MODELS,
    defaultModel: ROUTING_MODEL,
    routesDisciplines: true,
    isMonsterGaming: true,
    slots: [{ id: 'monsterGaming', label: 'Monster Gaming API key', placeholder: 'mg_live_…', header: 'authorization', pattern: /^mg_(live|test|pat)_[A-Za-z0-9_-]{4,}$/, required: true }],
    keyUrl: 'https://monstergaming.ai/signup',
    portkey: false,
    toolModels: ['deepseek-chat', 'gpt-4o', 'claude-sonnet-4-6'],
  },
  {
    id: 'prxy',
    label: 'prxy.monster',
    detail: 'OpenAI-compatible gateway in front of many providers (bring your own keys)',
    defaultBaseUrl: 'https://api.prxy.monster/v1',
    models: ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-6', 'gemini-2.0-pro'],
    defaultModel: 'gpt-4o-mini',
    routesDisciplines: false,
    isMonsterGaming: false,
    slots: [{ id: 'prxy', label: 'prxy.monster API key', placeholder: 'prxy_live_…', header: 'authorization', pattern: /^prxy_(live|test)_[A-Za-z0-9_-]{4,}$/, required: true }],
    keyUrl: 'https://prxy.monster',
    portkey: false,
    toolModels: ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-6'],
  },
  {
    id: 'portkey',
    label: 'Portkey (hosted)',
    detail: 'api.portkey.ai with x-portkey-provider and the provider key, or a virtual key',
    defaultBaseUrl: 'https://api.portkey.ai/v1',
    models: [],
    defaultModel: '',
    routesDisciplines: false,
    isMonsterGaming: false,
    slots: [
      PORTKEY_API_KEY,
      { id: 'portkey.providerKey', label: 'Provider key for Portkey', placeholder: 'the key of the provider Portkey forwards to (sent as Authorization)', header: 'authorization', required: true, satisfiedBy: 'portkey.virtualKey' },
      { id: 'portkey.virtualKey', label: 'Portkey virtual key (instead of provider + key)', placeholder: 'x-portkey-virtual-key', header: 'x-portkey-virtual-key', required: false },
    ],
    keyUrl: 'https://app.portkey.ai',
    portkey: true,
    toolModels: [],
  },
  {
    id: 'portkeySelfHosted',
    label: 'Portkey (self-hosted)',
    detail: 'your own Portkey gateway, e.g. npx @portkey-ai/gateway on localhost:8787',
    defaultBaseUrl: 'http://localhost:8787/v1',
    models: [],
    defaultModel: '',
    routesDisciplines: false,
    isMonsterGaming: false,
    slots: [
      { id: 'portkeySelfHosted.providerKey', label: 'Provider key for Portkey', placeholder: 'the key of the provider Portkey forwards to (sent as Authorization)', header: 'authorization', required: true },
    ],
    portkey: true,
    toolModels: [],
  },
  {
    id: 'moonshot',
    label: 'Moonshot',
    detail: 'Kimi models, OpenAI-compatible',
    defaultBaseUrl: 'https://api.moonshot.ai/v1',
    models: MOONSHOT_MODELS,
    defaultModel: 'moonshot-v1-8k',
    routesDisciplines: false,
    isMonsterGaming: false,
    slots: [{ id: 'moonshot', label: 'Moonshot API key', placeholder: 'sk-…', header: 'authorization', pattern: /^sk-[A-Za-z0-9_-]{8,}$/, required: true }],
    keyUrl: 'https://platform.moonshot.ai/console/api-keys',
    portkey: false,
    toolModels: ['moonshot-v1-128k', 'moonshot-v1-8k'],
  },
  {
    id: 'monsterApi',
    label: 'Monster API',
    detail: 'open models (Llama 3, Gemma 2, Mistral, Phi-3), OpenAI-compatible',
    defaultBaseUrl: 'https://llm.monsterapi.ai/v1',
    models: MONSTER_API_MODELS,
    defaultModel: 'meta-llama/Meta-Llama-3-8B-Instruct',
    routesDisciplines: false,
    isMonsterGaming: false,
    slots: [{ id: 'monsterApi', label: 'Monster API key', placeholder: 'your Monster API key', header: 'authorization', required: true }],
    keyUrl: 'https://monsterapi.ai',
    portkey: false,
    toolModels: [],
  },
  {
    id: 'openaiCompatible',
    label: 'OpenAI-compatible server',
    detail: 'Ollama, LM Studio, llama.cpp server, vLLM, … (key optional)',
    defaultBaseUrl: 'http://localhost:11434/v1',
    models: [],
    defaultModel: '',
    routesDisciplines: false,
    isMonsterGaming: false,
    slots: [{ id: 'openaiCompatible', label: 'API key (optional for local servers)', placeholder: 'leave empty if the server needs none', header: 'authorization', required: false }],
    portkey: false,
    toolModels: [],
  },
];

export const DEFAULT_PROVIDER: ProviderId = 'monsterGaming';

/** Portkey's provider slugs offered first in the picker (any slug Portkey knows may be typed). */
export const PORTKEY_PROVIDERS: readonly { readonly slug: string; readonly label: string; readonly models: readonly string[]; readonly toolModels: readonly string[] }[] = [
  { slug: 'openai', label: 'OpenAI (or any OpenAI-compatible host, e.g. Monster Gaming)', models: ['gpt-4o-mini', 'gpt-4o', ROUTING_MODEL], toolModels: ['gpt-4o-mini', 'gpt-4o'] },
  { slug: 'moonshot', label: 'Moonshot', models: MOONSHOT_MODELS, toolModels: ['moonshot-v1-128k', 'moonshot-v1-8k'] },
  { slug: 'monsterapi', label: 'Monster API', models: MONSTER_API_MODELS, toolModels: [] },
  { slug: 'anthropic', label: 'Anthropic', models: ['claude-sonnet-4-6', 'claude-opus-4-6'], toolModels: ['claude-sonnet-4-6', 'claude-opus-4-6'] },
  { slug: 'groq', label: 'Groq', models: ['llama-3.3-70b-versatile'], toolModels: ['llama-3.3-70b-versatile'] },
  { slug: 'deepseek', label: 'DeepSeek', models: ['deepseek-chat'], toolModels: ['deepseek-chat'] },
  { slug: 'ollama', label: 'Ollama', models: [], toolModels: [] },
];

/**
 * The one routing rule: the gateway picks the specialist (and names it) only when the provider
 * routes and the model is the routing model. Everything else gets the local router's prompt.
 */
export function routesDisciplines(providerId: ProviderId, model: string): boolean {
  return providerById(providerId).routesDisciplines && model === ROUTING_MODEL;
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && PROVIDERS.some((p) => p.id === value);
}

export function providerById(id: ProviderId): ProviderPreset {
  return PROVIDERS.find((p) => p.id === id) ?? PROVIDERS[0];
}

/** The SecretStorage entry of a slot. Monster Gaming keeps the entry it always had. */
export function secretStorageKey(slot: SecretSlot | string): string {
  const id = typeof slot === 'string' ? slot : slot.id;
  return id === 'monsterGaming' ? 'monsterGaming.apiKey' : `monsterGaming.apiKey.${id}`;
}

/** Settings of the active provider, already read and validated (see config/settings.ts). */
export interface ProviderSettings {
  readonly id: ProviderId;
  readonly baseUrl: string;
  readonly model: string;
  /** `x-portkey-provider`, Portkey presets only. */
  readonly portkeyProvider?: string;
  /** `x-portkey-custom-host`, Portkey presets only. */
  readonly portkeyCustomHost?: string;
  /** `x-prxy-pipe`, prxy.monster only. */
  readonly prxyPipe?: string;
}

/** Everything a request needs: URL, the Authorization key (if any) and the other headers. */
export interface Connection {
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …`; undefined sends no Authorization header at all. */
  readonly apiKey?: string;
  /** Further headers (Portkey's and prxy's); may carry secrets of this provider only. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Required slots that are not set (a slot counts as set when the slot that can replace it is). */
export function missingSlots(preset: ProviderPreset, secrets: Readonly<Record<string, string | undefined>>): SecretSlot[] {
  return preset.slots.filter((slot) => slot.required && !secrets[slot.id] && !(slot.satisfiedBy && secrets[slot.satisfiedBy]));
}

/**
 * The request's URL and headers for the active provider. Only the slots of `settings.id`'s preset
 * are read from `secrets`, so one provider's keys never reach another provider.
 */
export function connectionFor(settings: ProviderSettings, secrets: Readonly<Record<string, string | undefined>>): Connection {
  const preset = providerById(settings.id);
  const headers: Record<string, string> = {};
  let apiKey: string | undefined;
  const virtualKey = preset.slots.find((s) => s.header === 'x-portkey-virtual-key' && secrets[s.id]);
  for (const slot of preset.slots) {
    const value = secrets[slot.id];
    if (!value) continue;
    if (slot.header === 'authorization') {
      // With a virtual key Portkey holds the provider key itself; do not send ours as well.
      if (!virtualKey) apiKey = value;
    } else {
      headers[slot.header] = value;
    }
  }
  if (preset.portkey) {
    if (settings.portkeyProvider && !virtualKey) headers['x-portkey-provider'] = settings.portkeyProvider;
    if (settings.portkeyCustomHost) headers['x-portkey-custom-host'] = settings.portkeyCustomHost;
  }
  if (preset.id === 'prxy' && settings.prxyPipe) {
    headers['x-prxy-pipe'] = settings.prxyPipe;
  }
  return { baseUrl: settings.baseUrl, apiKey, headers };
}

/** Models to offer when the gateway cannot list them. */
export function presetModels(settings: Pick<ProviderSettings, 'id' | 'portkeyProvider'>): readonly string[] {
  const preset = providerById(settings.id);
  if (preset.portkey) {
    return PORTKEY_PROVIDERS.find((p) => p.slug === settings.portkeyProvider)?.models ?? [];
  }
  return preset.models;
}

/** The model used when the user has not picked one for this provider. */
export function defaultModelFor(settings: Pick<ProviderSettings, 'id' | 'portkeyProvider'>): string {
  const preset = providerById(settings.id);
  return preset.defaultModel || presetModels(settings)[0] || '';
}

/**
 * A model of the catalogue that takes tools, to name when the model in use refused them: the
 * preset's (or Portkey's target provider's) first one that is not `settings.model`.
 */
export function toolModelFor(settings: Pick<ProviderSettings, 'id' | 'portkeyProvider' | 'model'>): string | undefined {
  const preset = providerById(settings.id);
  const candidates = preset.portkey ? PORTKEY_PROVIDERS.find((p) => p.slug === settings.portkeyProvider)?.toolModels ?? [] : preset.toolModels;
  return candidates.find((model) => model !== settings.model);
}

/** "Moonshot", or "Portkey (self-hosted) → moonshot". */
export function providerLabel(settings: Pick<ProviderSettings, 'id' | 'portkeyProvider'>): string {
  const preset = providerById(settings.id);
  return preset.portkey && settings.portkeyProvider ? `${preset.label} → ${settings.portkeyProvider}` : preset.label;
}

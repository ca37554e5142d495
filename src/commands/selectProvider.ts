import * as vscode from 'vscode';
import { baseUrlKey, type SettingsService } from '../config/settings';
import { GatewayError } from '../gateway/errors';
import { PORTKEY_PROVIDERS, PROVIDERS, presetModels, providerLabel, type ProviderId, type ProviderPreset } from '../gateway/providers';
import type { ProviderCredentials } from '../secrets/credentials';
import { modelHealthNote, type ModelHealth } from '../account/modelHealth';

/**
 * Monster Gaming: Select Provider. Lists the gateway presets; Portkey asks which provider it
 * forwards to, an OpenAI-compatible server asks for its address. Then, if the new provider's key
 * is not stored yet, offers to set it (in that provider's own slot).
 */
export async function selectProvider(
  settings: SettingsService,
  credentials: ProviderCredentials,
  setKey: () => Thenable<unknown>,
): Promise<ProviderId | undefined> {
  const current = settings.value.provider.id;
  const picked = await vscode.window.showQuickPick(
    PROVIDERS.map((preset) => ({
      label: preset.label,
      description: preset.id === current ? '$(check) in use' : undefined,
      detail: preset.detail,
      preset,
    })),
    { title: 'Monster Gaming: Select Provider', placeHolder: `Which gateway should answer? (now: ${providerLabel(settings.value.provider)})`, matchOnDetail: true },
  );
  if (!picked) return undefined;
  const preset = picked.preset;

  if (preset.portkey && !(await pickPortkeyProvider(settings, preset))) return undefined;
  if (preset.id === 'openaiCompatible' && !(await askBaseUrl(settings, preset))) return undefined;
  await settings.setProvider(preset.id);

  const missing = await credentials.missing();
  const now = `Monster Gaming now answers through ${providerLabel(settings.value.provider)} (${settings.value.model || 'pick a model'}).`;
  if (missing.length > 0) {
    const setNow = `Set ${missing[0].label}`;
    if ((await vscode.window.showInformationMessage(`${now} Its key is not set yet.`, setNow)) === setNow) await setKey();
  } else {
    void vscode.window.showInformationMessage(now);
  }
  return preset.id;
}

/** Which provider Portkey forwards to (`x-portkey-provider`); any slug Portkey knows may be typed. */
async function pickPortkeyProvider(settings: SettingsService, preset: ProviderPreset): Promise<boolean> {
  const current = settings.value.provider.portkeyProvider;
  const other = { label: '$(edit) Another Portkey provider…', slug: '' };
  const picked = await vscode.window.showQuickPick(
    [...PORTKEY_PROVIDERS.map((p) => ({ label: p.slug, description: p.slug === current ? '$(check) in use' : p.label, slug: p.slug })), other],
    { title: `Monster Gaming: ${preset.label} provider`, placeHolder: 'Which provider should Portkey forward to? (x-portkey-provider)' },
  );
  if (!picked) return false;
  let slug = picked.slug;
  if (!slug) {
    slug =
      (
        await vscode.window.showInputBox({
          title: `Monster Gaming: ${preset.label} provider`,
          prompt: 'The provider slug as Portkey names it, e.g. mistral-ai, together-ai, openrouter.',
          validateInput: (v) => (/^[a-z0-9][a-z0-9.-]*$/.test(v.trim()) ? undefined : 'Lower-case letters, digits, dots and dashes.'),
        })
      )?.trim() ?? '';
    if (!slug) return false;
  }
  await settings.update('portkey.provider', slug);
  return true;
}

/** The address of a local or self-run OpenAI-compatible server. */
async function askBaseUrl(settings: SettingsService, preset: ProviderPreset): Promise<boolean> {
  const configured = settings.userValue<string>(baseUrlKey(preset.id));
  const url = await vscode.window.showInputBox({
    title: `Monster Gaming: ${preset.label} address`,
    prompt: 'The base URL ending in /v1: Ollama http://localhost:11434/v1, LM Studio http://localhost:1234/v1, llama.cpp http://localhost:8080/v1, vLLM http://localhost:8000/v1.',
    value: configured ?? preset.defaultBaseUrl,
    validateInput: (value) => {
      try {
        const parsed = new URL(value.trim());
        if (parsed.username || parsed.password) return vscode.l10n.t('Leave the user name and password out of the URL; store the key with "Monster Gaming: Set API Key".');
        return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? undefined : 'Use an http:// or https:// URL.';
      } catch {
        return 'Enter a URL such as http://localhost:11434/v1.';
      }
    },
  });
  if (url === undefined) return false;
  await settings.update(baseUrlKey(preset.id), url.trim());
  return true;
}

/** The part of GatewayClient the model picker needs. */
export interface ModelLister {
  listModels(signal?: AbortSignal): Promise<string[]>;
}

/**
 * Monster Gaming: Select Model (also the model button in the chat header): the gateway's own list
 * from `GET /models`, else the preset's, plus a way to type any model id.
 */
export async function selectModel(settings: SettingsService, lister: ModelLister, health?: (signal: AbortSignal) => Promise<ReadonlyMap<string, ModelHealth> | undefined>): Promise<string | undefined> {
  const provider = settings.value.provider;
  const label = providerLabel(provider);
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { readonly model: string }>();
  quickPick.title = `Monster Gaming: Select Model (${label})`;
  quickPick.placeholder = `Loading models from ${label}…`;
  quickPick.busy = true;
  const custom = { label: '$(edit) Enter a model id…', model: '', alwaysShow: true };
  let shown: readonly string[] = presetModels(provider);
  let healths: ReadonlyMap<string, ModelHealth> | undefined;
  const show = (models: readonly string[]): void => {
    shown = models;
    const current = settings.value.model;
    const unique = [...new Set(current ? [current, ...models] : models)];
    quickPick.items = [
      ...unique.map((model) => {
        const note = modelHealthNote(healths?.get(model), vscode.l10n);
        const description = [model === current ? '$(check) in use' : undefined, note.description].filter(Boolean).join(' · ');
        return { label: model, model, ...(description ? { description } : {}), ...(note.detail ? { detail: note.detail } : {}) };
      }),
      custom,
    ];
  };
  show(shown);
  const controller = new AbortController();
  // Monster Gaming says how each model has fared (GET /models/health); the list does not wait for it.
  void health?.(AbortSignal.any([controller.signal, AbortSignal.timeout(10_000)])).then((found) => {
    if (!found || controller.signal.aborted) return;
    healths = found;
    show(shown);
  }, () => undefined);
  const done = new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.model));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.show();
  lister
    .listModels(AbortSignal.any([controller.signal, AbortSignal.timeout(10_000)]))
    .then(
      (models) => {
        if (models.length > 0) show(models);
        quickPick.placeholder = `Models ${label} offers`;
      },
      (error: unknown) => {
        const reason = error instanceof GatewayError ? error.message : String(error);
        quickPick.placeholder = `${label} did not list its models (${reason}); showing known ones`;
      },
    )
    .finally(() => (quickPick.busy = false));

  let model = await done;
  controller.abort();
  quickPick.dispose();
  if (model === '') {
    model = (await vscode.window.showInputBox({ title: `Monster Gaming: model id for ${label}`, value: settings.value.model, validateInput: (v) => (v.trim() ? undefined : 'Enter a model id.') }))?.trim();
  }
  if (!model) return undefined;
  await settings.setModel(model);
  return model;
}

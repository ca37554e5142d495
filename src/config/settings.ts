import * as vscode from 'vscode';
import type { ProviderId } from '../gateway/providers';
import { proxySecrets } from '../network/proxy';
import { secrets } from '../secrets/redact';
import { Disposable } from '../util/lifecycle';
import { inspectedOnce, modelKey, readSettings, SECTION, type Settings } from './readSettings';

export * from './readSettings';

/** VS Code's own section whose proxy settings the extension honours (`http.proxy`, …). */
const HTTP_SECTION = 'http';

/**
 * Current settings and a change event that fires only when one of ours (or VS Code's proxy
 * settings) changed. A refused setting (a base URL with credentials) is reported once, with a way
 * to fix it.
 */
export class SettingsService extends Disposable {
  private current: Settings;
  private readonly changed = this.register(new vscode.EventEmitter<Settings>());
  readonly onDidChange = this.changed.event;
  /** Problems already shown, so a warning is not repeated on every change. */
  private readonly warned = new Set<string>();

  constructor() {
    super();
    this.current = this.read();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION) || e.affectsConfiguration(HTTP_SECTION)) {
          this.current = this.read();
          this.changed.fire(this.current);
        }
      }),
    );
  }

  private read(): Settings {
    const section = vscode.workspace.getConfiguration(SECTION);
    const settings = readSettings(inspectedOnce(section, vscode.workspace.getConfiguration().inspect(SECTION)), vscode.workspace.getConfiguration(HTTP_SECTION));
    for (const secret of proxySecrets(settings.proxy)) secrets.remember(secret);
    this.warn(settings);
    return settings;
  }

  private warn(settings: Settings): void {
    const now = new Set(settings.problems.map((p) => p.message));
    for (const message of [...this.warned]) if (!now.has(message)) this.warned.delete(message);
    for (const problem of settings.problems) {
      if (this.warned.has(problem.message)) continue;
      this.warned.add(problem.message);
      const open = vscode.l10n.t('Open Settings');
      void Promise.resolve(vscode.window.showWarningMessage(vscode.l10n.t('Monster Gaming: {0}', problem.message), open)).then((choice) =>
        choice === open ? vscode.commands.executeCommand('workbench.action.openSettings', problem.setting) : undefined,
      );
    }
  }

  get value(): Settings {
    return this.current;
  }

  /** Switches provider (user settings). */
  async setProvider(id: ProviderId): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('provider', id, vscode.ConfigurationTarget.Global);
  }

  /** Picks the model of the active provider (user settings). */
  async setModel(model: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(modelKey(this.current.provider.id), model, vscode.ConfigurationTarget.Global);
  }

  /** A value from user settings only (e.g. another provider's base URL before switching to it). */
  userValue<T>(key: string): T | undefined {
    return vscode.workspace.getConfiguration(SECTION).inspect<T>(key)?.globalValue;
  }

  /** Writes another provider setting (`portkey.provider`, `openaiCompatible.baseUrl`, …) in user settings. */
  async update(key: string, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }

  /** Pins a discipline (or `auto`) in user settings. */
  async setDiscipline(discipline: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('discipline', discipline, vscode.ConfigurationTarget.Global);
  }
}

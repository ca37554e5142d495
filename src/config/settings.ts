import * as vscode from 'vscode';
import type { ProviderId } from '../gateway/providers';
import { Disposable } from '../util/lifecycle';
import { modelKey, readSettings, SECTION, type Settings } from './readSettings';

export * from './readSettings';

/** Current settings and a change event that fires only when one of ours changed. */
export class SettingsService extends Disposable {
  private current: Settings;
  private readonly changed = this.register(new vscode.EventEmitter<Settings>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.current = readSettings(vscode.workspace.getConfiguration(SECTION));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) {
          this.current = readSettings(vscode.workspace.getConfiguration(SECTION));
          this.changed.fire(this.current);
        }
      }),
    );
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

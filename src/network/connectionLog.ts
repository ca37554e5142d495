import type { Settings } from '../config/settings';
import { proxySummary } from './proxy';

/**
 * Says in the output channel where requests go, when that changes: the proxy in use, and the
 * provider with its address and model. Calls `onProviderChanged` on a provider switch.
 */
export class ConnectionLog {
  private provider: string;
  private proxy: string;

  constructor(
    settings: Pick<Settings, 'provider' | 'proxy'>,
    private readonly log: (line: string) => void,
    private readonly onProviderChanged: () => void,
  ) {
    this.provider = settings.provider.id;
    this.proxy = proxySummary(settings.proxy, process.env);
    if (this.proxy !== 'none') log(`Proxy: ${this.proxy}.`);
  }

  changed(settings: Pick<Settings, 'provider' | 'proxy' | 'errorContext' | 'baseUrl' | 'model'>): void {
    const proxy = proxySummary(settings.proxy, process.env);
    if (proxy !== this.proxy) {
      this.proxy = proxy;
      this.log(`Proxy: ${proxy}.`);
    }
    if (settings.provider.id !== this.provider) {
      this.provider = settings.provider.id;
      this.log(`Provider: ${settings.errorContext.providerLabel} at ${settings.baseUrl}, model ${settings.model || '(none)'}.`);
      this.onProviderChanged();
    }
  }
}

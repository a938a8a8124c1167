/**
 * The `hlkms` settings as the client has them: pulled with `workspace/configuration` when the client
 * supports it, else taken from `workspace/didChangeConfiguration`. Every change is applied through `apply`.
 */
import { DidChangeConfigurationNotification, type Connection } from 'vscode-languageserver';
import { SETTINGS_SECTION } from '../protocol';
import { defaultHlkmsSettings, readSettings, type HlkmsSettings } from '../service/settings';
import type { Logger } from './runSafe';

export interface SettingsCapabilities {
  /** `workspace/configuration` */
  pull: boolean;
  /** The client accepts a dynamic registration for configuration changes. */
  dynamicRegistration: boolean;
}

export class SettingsStore {
  current: HlkmsSettings = defaultHlkmsSettings;

  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
    private readonly capabilities: SettingsCapabilities,
    private readonly apply: (settings: HlkmsSettings) => void,
  ) {}

  /** Settings passed at start (`initializationOptions.settings`), for clients that push no configuration. */
  setInitial(section: unknown): void {
    if (section !== undefined) this.update(readSettings(section));
  }

  register(): void {
    this.connection.onDidChangeConfiguration((params) => {
      if (this.capabilities.pull) void this.load();
      else this.update(readSettings((params.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION]));
    });
  }

  /** After `initialized`: register for changes and read the settings once. */
  async start(): Promise<void> {
    if (this.capabilities.dynamicRegistration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
        .catch((e: unknown) => this.log.error(`registering for configuration changes failed: ${String(e)}`));
    }
    if (this.capabilities.pull) await this.load();
  }

  private async load(): Promise<void> {
    try {
      const section: unknown = await this.connection.workspace.getConfiguration(SETTINGS_SECTION);
      this.update(readSettings(section));
    } catch (e) {
      this.log.error(`reading the hlkms settings failed: ${String(e)}`);
    }
  }

  private update(settings: HlkmsSettings): void {
    if (JSON.stringify(settings) === JSON.stringify(this.current)) return;
    this.current = settings;
    this.apply(settings);
  }
}

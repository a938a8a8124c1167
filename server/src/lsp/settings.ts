/**
 * The `hlkms` settings as the client has them: pulled with `workspace/configuration` when the client
 * supports it, else taken from `workspace/didChangeConfiguration`, with `initializationOptions.settings`
 * as the starting point (and the fallback when the client has no `hlkms` section). Every change is
 * applied through `apply`.
 *
 * `ready` settles once the client's settings are known, so the first diagnostics respect them: a client
 * that pulls diagnostics without refresh support (Helix) could otherwise show a rule the user switched
 * off until the next edit. It settles at the latest after `waitMs`, for clients that never answer
 * `workspace/configuration` or never send a configuration.
 */
import { DidChangeConfigurationNotification, type Connection } from 'vscode-languageserver';
import { SETTINGS_SECTION } from '../protocol';
import { defaultHlkmsSettings, readSettings, type HlkmsSettings } from '../service/settings';
import type { Logger } from './runSafe';

/** How long the first diagnostics wait for the client's settings. */
export const SETTINGS_WAIT_MS = 1500;

export interface SettingsCapabilities {
  /** `workspace/configuration` */
  pull: boolean;
  /** The client accepts a dynamic registration for configuration changes. */
  dynamicRegistration: boolean;
}

export class SettingsStore {
  current: HlkmsSettings = defaultHlkmsSettings;
  /** Settles once the client's settings are known (or `waitMs` has passed). Never rejects. */
  readonly ready: Promise<void>;
  private initial: HlkmsSettings = defaultHlkmsSettings;
  private initialGiven = false;
  private settle: () => void = () => undefined;
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
    private readonly capabilities: SettingsCapabilities,
    private readonly apply: (settings: HlkmsSettings) => void,
    waitMs = SETTINGS_WAIT_MS,
  ) {
    this.ready = new Promise((resolve) => { this.settle = resolve; });
    this.timer = setTimeout(() => {
      this.log.info?.(`No hlkms settings from the client after ${waitMs} ms: using ${this.initialGiven ? 'initializationOptions.settings' : 'the defaults'} until they arrive.`);
      this.known();
    }, waitMs);
  }

  /** Settings passed at start (`initializationOptions.settings`), for clients that push no configuration. */
  setInitial(section: unknown): void {
    if (section === undefined || section === null) return;
    this.initial = readSettings(section);
    this.initialGiven = true;
    this.update(this.initial);
    // A client that cannot be asked has said all it will say before its first change notification.
    if (!this.capabilities.pull) this.known();
  }

  register(): void {
    this.connection.onDidChangeConfiguration((params) => {
      if (this.capabilities.pull) {
        void this.load();
        return;
      }
      this.update(this.fromClient((params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION]));
      this.known();
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
      this.update(this.fromClient(section));
    } catch (e) {
      this.log.error(`reading the hlkms settings failed: ${String(e)}`);
    } finally {
      this.known();
    }
  }

  /** No `hlkms` section (Neovim and Helix answer null): the settings given at start, else the defaults. */
  private fromClient(section: unknown): HlkmsSettings {
    return section === undefined || section === null ? this.initial : readSettings(section);
  }

  private known(): void {
    clearTimeout(this.timer);
    this.settle();
  }

  private update(settings: HlkmsSettings): void {
    if (JSON.stringify(settings) === JSON.stringify(this.current)) return;
    this.current = settings;
    this.apply(settings);
  }
}

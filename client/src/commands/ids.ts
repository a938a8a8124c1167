/** Command ids, as declared in package.json "contributes.commands". */
export const COMMANDS = {
  restartServer: 'hlkms.restartServer',
  showOutput: 'hlkms.showOutput',
  /** Registered by the live-key inspector (commands/inspect*). */
  inspectKey: 'hlkms.inspectKey',
} as const;

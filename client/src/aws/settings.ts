/** The AWS settings (machine-scoped: a workspace cannot redirect requests or pick credentials). */
import * as vscode from 'vscode';
import type { ConnectionOptions } from '../../../server/src/inspect/index';

export const AWS_SECTION = 'hlkms.aws';

export function connectionOptions(): ConnectionOptions {
  const config = vscode.workspace.getConfiguration(AWS_SECTION);
  const text = (name: string) => {
    const value = config.get<string>(name)?.trim();
    return value ? value : undefined;
  };
  return { profile: text('profile'), region: text('region'), endpointUrl: text('endpointUrl') };
}

/** "profile 'x' in us-east-1" for messages. */
export function describeConnection(options: ConnectionOptions, region?: string): string {
  const profile = options.profile ?? process.env.AWS_PROFILE;
  return `${profile ? `profile '${profile}'` : 'the default credentials'}${region ?? options.region ? ` in ${region ?? options.region}` : ''}`;
}

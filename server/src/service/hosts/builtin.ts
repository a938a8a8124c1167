/** The hosts every front end gets without registering anything: CloudFormation and templated JSON. */
import { registerHost } from './registry';
import { cloudFormation } from './cloudformation/extractor';
import { templateJson } from './templateJson';

let registered = false;

export function ensureBuiltinHosts(): void {
  if (registered) return;
  registered = true;
  // Asked in reverse: a CloudFormation JSON template is claimed before the templated-JSON reading of it.
  registerHost(templateJson);
  registerHost(cloudFormation);
}

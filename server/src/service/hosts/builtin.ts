/** The hosts every front end gets without registering anything: CloudFormation, Serverless Framework and templated JSON. */
import { registerHost } from './registry';
import { cloudFormation } from './cloudformation/extractor';
import { templateJson } from './templateJson';
import { serverless } from './serverless/extractor';

let registered = false;

export function ensureBuiltinHosts(): void {
  if (registered) return;
  registered = true;
  // Asked in reverse: a CloudFormation JSON template is claimed before the templated-JSON reading of it, a
  // `serverless.json` (which holds `Resources` of AWS types) before the CloudFormation reading of it.
  registerHost(templateJson);
  registerHost(cloudFormation);
  registerHost(serverless);
}

/**
 * `hlkms/cdk`: hlkms as a CDK policy-validation plugin. Right after synthesis CDK hands it the stack templates;
 * each is analysed by the language service with the CloudFormation host (key policies, IAM and resource policies,
 * the data store to key link), synchronously, offline, without credentials. CDK then prints each violation with
 * the construct path and the line of the app's code that created the resource.
 *
 *   Validations.of(app).addPlugins(new HlkmsValidation());
 *   new App({ policyValidationBeta1: [new HlkmsValidation({ failOn: 'warning' })] });
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createLanguageService, type LanguageService } from '../service/languageService';
import { readSettings, toServiceSettings } from '../service/settings';
import { rules } from '../service/rules/index';
import { hostRuleInfo } from '../service/hosts/rules/index';
import { suggest } from '../service/suggest';
import { fileCatalog } from '../node/catalogFiles';
import { templateLocator } from './propertyPath';
import { reportedUnder, toViolations, type PlacedFinding } from './violations';
import type { HlkmsValidationOptions, PolicyValidationContext, PolicyValidationPluginReport } from './types';

declare const __VERSION__: string | undefined;

/** Every rule hlkms reports: the policy rules and the hosts' own. */
const RULE_IDS: readonly string[] = [...rules.map((r) => r.id), ...hostRuleInfo.map((r) => r.id)];
const FAIL_ON = ['error', 'warning', 'never'] as const;

function packageVersion(): string {
  if (typeof __VERSION__ === 'string') return __VERSION__;
  // Run from source (tests, benchmarks): the repository's package.json, found by walking up.
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    const pkg = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string } : undefined;
    if (pkg?.name === 'hlkms' && pkg.version) return pkg.version;
    if (dirname(dir) === dir) return '0.0.0';
  }
}

/** The options checked once, when the plugin is made: a typo in a rule id would otherwise turn nothing off. */
function checkedSettings(options: HlkmsValidationOptions) {
  const { rules: ruleSettings = {}, failOn = 'error', healthLake = false, defaultRegion } = options;
  if (!FAIL_ON.includes(failOn)) throw new TypeError(`hlkms: failOn must be one of ${FAIL_ON.join(', ')} (got ${JSON.stringify(failOn)})`);
  const settings = readSettings({ rules: ruleSettings, healthLake, defaultRegion });
  for (const [id, value] of Object.entries(ruleSettings)) {
    if (!RULE_IDS.includes(id)) {
      const near = suggest(id, RULE_IDS);
      throw new TypeError(`hlkms: no rule ${JSON.stringify(id)} in rules${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`);
    }
    if (settings.rules[id] !== value) throw new TypeError(`hlkms: rules.${id} must be error, warning, info, hint or off (got ${JSON.stringify(value)})`);
  }
  if (defaultRegion !== undefined && settings.defaultRegion !== defaultRegion) {
    throw new TypeError(`hlkms: defaultRegion must be a Region name such as us-east-1 (got ${JSON.stringify(defaultRegion)})`);
  }
  return { failOn, service: toServiceSettings(settings) };
}

/**
 * The templates CDK names and its nested stacks' (`<id>.nested.template.json`, which CDK writes next to them as assets
 * and does not pass to plugins): a key policy in a NestedStack is checked too, and CDK names its construct as well.
 */
function withNestedStacks(templatePaths: readonly string[]): string[] {
  const paths = templatePaths.map((p) => resolve(p));
  for (const dir of new Set(paths.map((p) => dirname(p)))) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.nested.template.json')).sort();
    } catch {
      continue;
    }
    for (const name of names) if (!paths.includes(join(dir, name))) paths.push(join(dir, name));
  }
  return paths;
}

/** A CDK policy-validation plugin (`IPolicyValidationPlugin` and `IPolicyValidationPluginBeta1`, by shape). */
export class HlkmsValidation {
  readonly name = 'hlkms';
  readonly version: string = packageVersion();
  readonly ruleIds: string[] = [...RULE_IDS];
  private readonly failOn: NonNullable<HlkmsValidationOptions['failOn']>;
  private readonly service: LanguageService;
  private readonly reported: ReturnType<typeof reportedUnder>;

  constructor(options: HlkmsValidationOptions = {}) {
    const checked = checkedSettings(options);
    this.failOn = checked.failOn;
    this.service = createLanguageService({ catalog: fileCatalog(), settings: checked.service });
    this.reported = reportedUnder(checked.service.rules);
  }

  validate(context: PolicyValidationContext): PolicyValidationPluginReport {
    const stackPaths = new Map((context.stackTemplates ?? []).map((s) => [resolve(s.templatePath), s.stackConstructPath]));
    const placed: PlacedFinding[] = [];
    for (const templatePath of withNestedStacks(context.templatePaths)) {
      const text = readFileSync(templatePath, 'utf8');
      const findings = this.service.analyze({ uri: templatePath, text, hosts: ['cloudformation'] })?.findings.filter(this.reported) ?? [];
      if (findings.length === 0) continue;
      const locate = templateLocator(text);
      const stackPath = stackPaths.get(templatePath);
      for (const finding of findings) placed.push({ finding, templatePath, place: locate(finding), ...(stackPath ? { stackPath } : {}) });
    }
    const violations = toViolations(placed);
    const fails = (severity: string | undefined) => severity === 'error' || (this.failOn === 'warning' && severity === 'warning');
    return { success: this.failOn === 'never' || !violations.some((v) => fails(v.severity)), violations, pluginVersion: this.version };
  }
}

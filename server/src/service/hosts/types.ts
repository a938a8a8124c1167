/**
 * Policies where they are written: the contract between a host's extractor (CloudFormation YAML/JSON,
 * Terraform, templated JSON) and the one engine.
 *
 * An extractor reads a host file and returns policy sites. A site's policy is a neutral value tree whose every
 * node carries its range in the host file. The engine renders each site (each variant, where the tree holds
 * choices) as a JSON projection, runs the unchanged rules, evaluator, hover and completion on the projection's
 * model, maps findings back through the nodes' host ranges, and turns a fix (edits on the projection) into a
 * structural change that the site's writer renders in the host's own syntax.
 */
import type { Finding } from '../types';

/** Offsets into the host file's text. */
export interface Range {
  offset: number;
  length: number;
}

/**
 * A policy value as the host wrote it. Strings may hold holes (symbolic.ts). `writable: false` marks a value
 * that comes from a reference or an expression: no automatic fix may change it.
 */
export type HostValue =
  | { type: 'object'; range: Range; entries: HostEntry[]; writable?: boolean }
  | { type: 'array'; range: Range; items: HostValue[]; writable?: boolean }
  | { type: 'string'; range: Range; value: string; writable?: boolean }
  | { type: 'number'; range: Range; value: number; writable?: boolean }
  | { type: 'boolean'; range: Range; value: boolean; writable?: boolean }
  | { type: 'null'; range: Range; writable?: boolean }
  /**
   * One of several values (`Fn::If`, HCL `c ? a : b`). Each literal branch is checked. A branch that is
   * `absent` (`AWS::NoValue`; a `dynamic` block or `count` that may produce nothing) means the element, item or
   * statement may not be there at all.
   */
  | { type: 'choice'; range: Range; branches: (HostValue | { type: 'absent'; range: Range })[]; condition: string };

export interface HostEntry {
  key: string;
  keyRange: Range;
  value: HostValue;
  /** The whole entry (key, separator, value), for removals. */
  range: Range;
}

export type SiteKind = 'key-policy' | 'identity-policy' | 'resource-policy' | 'trust-policy' | 'unknown';

/** One policy in a host file. */
export interface PolicySite {
  /** A logical id or resource address with the attribute: `Key.KeyPolicy`, `aws_kms_key.k.policy`. */
  name: string;
  /** What the host says the policy is; `unknown` (an `aws_iam_policy_document` with no consumer): grammar checks only. */
  kind: SiteKind;
  /** The whole policy value's range in the host file. */
  range: Range;
  value: HostValue;
  writer: HostWriter;
  /** Set when a HealthLake data store in the same template or folder uses this key (item 4 of the hosts issue). */
  healthLake?: { datastore: string; range: Range };
  /**
   * Set by an extractor that remembers what it read unchanged (Terraform's blocks): sites with the same `reuse`
   * have the same value tree, projections and findings, every offset moved by the difference of their
   * `range.offset`s. The engine then reuses a site's findings without rendering its projections.
   */
  reuse?: string;
  /**
   * How the host names the Region it deploys to, as a `region` hole (`${AWS::Region}` in CloudFormation; in
   * Terraform the `data.aws_region` attribute the file already reads), when the site's writer can write it: a fix
   * that needs the Region then writes this instead of a Region name.
   */
  thisRegion?: string;
}

/**
 * A structural change to a site's value, in the host's terms: what a fix on the projection turned into.
 * `at` is always a node of the site's value tree. Array indexes are positions in the original array (`insert-item`
 * at `items.length` appends); several changes at one index apply in the order given.
 */
export type HostChange =
  | { op: 'replace'; at: HostValue; value: unknown }
  | { op: 'rename-key'; at: HostEntry; key: string }
  | { op: 'remove-entry'; parent: HostValue & { type: 'object' }; entry: HostEntry }
  | { op: 'remove-item'; parent: HostValue & { type: 'array' }; index: number }
  | { op: 'add-entry'; parent: HostValue & { type: 'object' }; key: string; value: unknown }
  | { op: 'insert-item'; parent: HostValue & { type: 'array' }; index: number; value: unknown };

/** Renders changes as minimal text edits in the host's syntax (quoting, escaping, indentation, block style). */
export interface HostWriter {
  /** Edits on the host text, or undefined when a change cannot be written (a reference, an expression). */
  write(text: string, changes: readonly HostChange[]): { offset: number; length: number; content: string }[] | undefined;
}

export type HostName = 'json' | 'template-json' | 'cloudformation' | 'terraform' | 'serverless';

/** What an extractor returns for one host file. */
export interface HostDocument {
  host: HostName;
  sites: PolicySite[];
  /** Findings about the host's own use of policies (a `Ref` of a role as a principal, a YAML alias), host offsets. */
  findings: Finding[];
  /** Other files (names relative to the document's folder) the extraction read, so a front end re-analyses on their change. */
  dependencies?: string[];
  /** The CDK construct each read resource was synthesized from, where the template says (`aws:cdk:path`). */
  origins?: ResourceOrigin[];
}

/** A resource of a template synthesized by the CDK: its logical id, its construct path and its range in the file. */
export interface ResourceOrigin {
  logicalId: string;
  /** As CDK prints it: `ClinicalData/FhirKey` (a trailing `/Resource` left out). */
  constructPath: string;
  range: Range;
}

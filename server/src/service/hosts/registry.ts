/**
 * The host registry: which extractor reads which file. An extractor claims a file by its name and a cheap look at
 * its text (no parsing), may need a one-time asynchronous set-up (Terraform's WASM parser), and then extracts
 * policy sites synchronously. CloudFormation and templated JSON are built in; Terraform plugs in with
 * `registerHost` (server/src/service/hosts/terraform/).
 */
import type { KindSetting } from '../types';
import type { HostDocument, HostName, SiteKind } from './types';

/** Sibling files of the document being analysed (Terraform modules, `file()` and `templatefile()` sources). */
export interface FolderReader {
  /** File names in the document's folder (not recursive). */
  list(): readonly string[];
  /** A file's text by a name relative to the document's folder (`policy.json`, `../shared/x.json`); undefined if unreadable. */
  read(name: string): string | undefined;
}

export interface HostInput {
  /** The document's URI or path; only its file name is looked at. */
  uri: string;
  text: string;
  folder?: FolderReader;
  /** Hosts the user has turned on (default: all). */
  hosts?: readonly HostName[];
  /** The editor's language id: a file no other host reads is a plain JSON policy when it is `json` or `jsonc`. */
  languageId?: string;
  /** A plain JSON policy is read as this kind (default: the settings' `kind`). */
  kind?: KindSetting;
  /** The user's globs include the file: a plain JSON file is read as a policy even when it does not look like one. */
  include?: boolean;
}

/** How another host file uses this one: `policy = file("key-policy.json")` makes it a key policy. */
export interface Reference {
  kind: SiteKind;
  /** Where it is used, e.g. `main.tf: aws_kms_key.k.policy`. */
  name: string;
  /** The values the template's `${name}` placeholders are given (Terraform `templatefile` / `template_file` vars), as far as known. */
  vars?: ReadonlyMap<string, string>;
}

export interface HostExtractor {
  host: Exclude<HostName, 'json'>;
  /** By name and a cheap look at the text: whether this extractor should read the file. Must not parse. */
  claims(input: HostInput): boolean;
  /** One-time asynchronous set-up; `prepareHosts()` awaits it. Until it resolves the extractor is skipped. */
  prepare?(): Promise<void>;
  /** The policy sites, or undefined when the file turns out not to be this host (a Helm chart, a plain JSON policy). */
  extract(input: HostInput): HostDocument | undefined;
  /** Whether another file in the folder uses this (JSON) file as a policy, and as which kind. */
  referencedAs?(input: HostInput): Reference | undefined;
}

const extractors: HostExtractor[] = [];
const ready = new WeakSet<HostExtractor>();
const preparing = new WeakMap<HostExtractor, Promise<void>>();

/** Adds an extractor (later registrations are asked first, so a specific host can claim before a generic one). */
export function registerHost(extractor: HostExtractor): void {
  if (extractors.includes(extractor)) return;
  extractors.unshift(extractor);
  if (!extractor.prepare) ready.add(extractor);
}

/**
 * Runs every extractor's set-up once (idempotent; concurrent calls share one promise). A set-up that fails leaves
 * that host off and is rethrown so the front end can log it; the other hosts work.
 */
export async function prepareHosts(): Promise<void> {
  const errors: unknown[] = [];
  await Promise.all(extractors.map(async (e) => {
    if (ready.has(e) || !e.prepare) return;
    let p = preparing.get(e);
    if (!p) { p = e.prepare(); preparing.set(e, p); }
    try {
      await p;
      ready.add(e);
    } catch (err) {
      errors.push(err);
    }
  }));
  if (errors.length) throw errors[0];
}

/** Whether the host's set-up has finished (or it needs none). */
export const isPrepared = (host: HostName): boolean => extractors.some((e) => e.host === host && ready.has(e));

/** The registered extractors that are ready and turned on, in the order they are asked. */
export function activeExtractors(hosts?: readonly HostName[]): HostExtractor[] {
  return extractors.filter((e) => ready.has(e) && (!hosts || hosts.includes(e.host)));
}

/** Whether a host that would read the file is still setting up: only hosts not yet set up look at it. */
export function awaitsSetUp(input: HostInput): boolean {
  return extractors.some((e) => !ready.has(e) && (!input.hosts || input.hosts.includes(e.host)) && e.claims(input));
}

/** The file name of a URI or path, as written. */
export function baseName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
}

/** The file name of a URI or path, lower-cased. */
export const fileName = (uri: string): string => baseName(uri).toLowerCase();

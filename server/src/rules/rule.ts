import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from '../compose/project';
import type { Span } from '../yaml/tree';

export interface RuleContext {
  project: ComposeProject;
  /** The connected host, when there is one; host-aware rules do nothing without it. */
  host: HostSnapshot | null;
  report(finding: Finding<Span>): void;
  /**
   * Findings past MAX_FINDINGS_PER_RULE that the rule counted without building them, for `analyze`'s LIMIT
   * warning. The port conflict rules do this (compose/ports/model.ts builds at most that many a code); a
   * caller without it gets the same findings, without the count of the rest.
   */
  skipped?(count: number): void;
}

/**
 * A rule reports at most this many findings for one project; the rest are counted in one LIMIT warning.
 * An editor shows no more, and 200,000 undefined networks would otherwise print 70 MB.
 */
export const MAX_FINDINGS_PER_RULE = 1000;

/**
 * One rule per file, named after its id. `run` reads the project and reports; it never throws on bad
 * input (a value of the wrong shape is another rule's finding, or nothing).
 */
export interface Rule {
  id: string;
  /** Short title for docs and SARIF. */
  title: string;
  /**
   * What the rule reads, when it is less than the whole project. `service`: what it reports about a service
   * depends only on that service (its merged body and its bodies in the files, name, profiles, replicas)
   * and on the project around it (networks, host, files, the other top-level sections), never on another
   * service, and every finding is placed in the service's own text. `analyze` then runs it per service, on a
   * view of the project holding only that service, and keeps each service's findings until an edit changes
   * what they read (incremental/). `networks`: it reads no service, only the networks, the other sections
   * and which networks the services use (`usedNetworkKeys`); it runs on a view without services and its
   * findings are kept while those are unchanged. Without `scope` the rule runs on the whole project on
   * every analysis.
   */
  scope?: 'service' | 'networks';
  /**
   * For a rule without `scope`: what it reads of each service's body (merged and in the files), as paths
   * (`ports`, `networks.*.aliases`, `networks#` for the keys only: incremental/reads.ts), besides each
   * service's name, profiles, replicas and enabled flag and the project around the services (networks,
   * host, files, the other top-level sections). `analyze` then keeps the rule's findings over the whole
   * project while what it reads is the same (incremental/project-wide.ts). Without it, the rule runs on
   * every analysis.
   */
  reads?: readonly string[];
  run(ctx: RuleContext): void;
}

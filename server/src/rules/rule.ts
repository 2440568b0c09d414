import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from '../compose/project';
import type { Span } from '../yaml/tree';

export interface RuleContext {
  project: ComposeProject;
  /** The connected host, when there is one; host-aware rules do nothing without it. */
  host: HostSnapshot | null;
  report(finding: Finding<Span>): void;
}

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
  run(ctx: RuleContext): void;
}

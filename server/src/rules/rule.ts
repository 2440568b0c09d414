import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from '../compose/project';
import type { Span } from '../compose/tree';

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
  run(ctx: RuleContext): void;
}

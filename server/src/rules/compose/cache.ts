import type { Finding } from '@switchyard/core';
import type { ComposeProject } from '../../compose/project';
import type { Span } from '../../yaml/tree';

/**
 * Several rules report slices of one core computation (one `validateIpam` run per network gives NET030–NET035,
 * NET038 and NET053). Each project is computed once and the rules pick their codes.
 */
export function memoByProject(
  compute: (project: ComposeProject) => Finding<Span>[],
): (project: ComposeProject, code: string) => Finding<Span>[] {
  const cache = new WeakMap<ComposeProject, Finding<Span>[]>();
  return (project, code) => {
    let all = cache.get(project);
    if (!all) {
      all = compute(project);
      cache.set(project, all);
    }
    return all.filter((f) => f.code === code);
  };
}

/**
 * What an index built for one project left behind for its next analysis (after a keystroke): kept by the
 * project's files and number of services, for as many projects as a workspace has open (the case
 * is 50). One service's view of a project (incremental/view.ts) has other keys, so checking it does not
 * evict the whole project's index. Whoever reads it still checks that it fits before using it.
 */
export class RecentByProject<T> {
  private readonly byKey = new Map<string, T>();

  constructor(private readonly limit = 64) {}

  /** Nothing during a one-shot analysis (`keepingNothing`): no index from an earlier one is read, ... */
  get(project: ComposeProject): T | undefined {
    return oneShot ? undefined : this.byKey.get(keyOf(project));
  }

  /** ... and none is left for a later one: it would hold the project's tree after the caller dropped it. */
  set(project: ComposeProject, value: T): void {
    if (oneShot) return;
    const key = keyOf(project);
    this.byKey.delete(key);
    this.byKey.set(key, value);
    if (this.byKey.size > this.limit) {
      const oldest = this.byKey.keys().next();
      if (!oldest.done) this.byKey.delete(oldest.value);
    }
  }
}

function keyOf(project: ComposeProject): string {
  return `${project.services.length}\u0000${project.files.join('\u0000')}`;
}

let oneShot = false;

/**
 * Whether a one-shot analysis is running: per-body facts that only a next analysis would read again (the
 * port data, static addresses and named networks of a body, each derived once per project) are then not
 * stored on the body (a memo slot per body is a property write that grows the body's property array).
 */
export function keepsNothing(): boolean {
  return oneShot;
}

/**
 * Runs `fn` (one analysis, synchronous) with every `RecentByProject` switched off: an analysis that no other
 * follows (`AnalyzeOptions.oneShot`, `switchyard lint`) leaves nothing behind.
 */
export function keepingNothing<T>(fn: () => T): T {
  const was = oneShot;
  oneShot = true;
  try {
    return fn();
  } finally {
    oneShot = was;
  }
}

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

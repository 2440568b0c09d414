import type { Rule } from '../../rule';
import { portModel } from './model';

/**
 * A rule whose findings come out of the shared conflict check (it finds NET090, NET109-NET112 and NET158
 * in one pass over all bindings); the rule reports those with its own id.
 */
export function conflictRule(id: string, title: string): Rule {
  return {
    id,
    title,
    run({ project, report }) {
      for (const f of portModel(project).conflicts) if (f.code === id) report(f);
    },
  };
}

/**
 * A rule whose findings are the long-syntax field checks of core (`checkLongPort`) with its id. Load-time
 * checks (`loadTime`) cover services that profiles disable too, as compose-go runs them before filtering.
 */
export function longSyntaxRule(id: string, title: string, loadTime = false): Rule {
  return {
    id,
    title,
    scope: 'service',
    run({ project, report }) {
      const model = portModel(project);
      for (const item of loadTime ? model.allItems : model.items) {
        for (const f of item.long?.findings ?? []) if (f.code === id) report(f);
      }
    },
  };
}

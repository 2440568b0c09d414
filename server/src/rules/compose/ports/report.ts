import type { Finding } from '@switchyard/core';
import type { Rule } from '../../rule';
import type { Span } from '../../../yaml/tree';
import { pushTo } from '../network-facts';
import { portModel } from './port-model';
import type { PortModel } from './port-model';
import { PORT_READS } from '../../reads';

/**
 * A rule whose findings come out of the shared conflict check (it finds NET090, NET109-NET112 and NET158
 * in one pass over all bindings); the rule reports those with its own id.
 */
export function conflictRule(id: string, title: string): Rule {
  return {
    id,
    title,
    reads: PORT_READS,
    run({ project, report, skipped }) {
      const model = portModel(project);
      for (const f of model.conflicts) if (f.code === id) report(f);
      const more = model.beyond.get(id) ?? 0;
      if (more > 0) skipped?.(more);
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
      for (const f of longFindings(model, loadTime).get(id) ?? []) report(f);
    },
  };
}

/**
 * The long-syntax findings of the items (all of them, or the enabled services' only), by code, in item order:
 * grouped in one pass over the items, not one per rule (six rules read them).
 */
function longFindings(model: PortModel, all: boolean): Map<string, Finding<Span>[]> {
  let known = byModel.get(model);
  if (known === undefined) byModel.set(model, (known = {}));
  const key = all ? 'all' : 'enabled';
  let byCode = known[key];
  if (byCode === undefined) {
    byCode = new Map();
    for (const item of all ? model.allItems : model.items) {
      for (const f of item.long?.findings ?? []) pushTo(byCode, f.code, f);
    }
    known[key] = byCode;
  }
  return byCode;
}

const byModel = new WeakMap<
  PortModel,
  { all?: Map<string, Finding<Span>[]>; enabled?: Map<string, Finding<Span>[]> }
>();

import type { Rule } from '../../rule';
import type { ServiceModel } from '../../../compose/project';
import { entry, isMap, isScalar, isSeq } from '../../../yaml/tree';
import type { PEntry } from '../../../yaml/tree';
import type { Severity } from '@switchyard/protocol';
import { isContainerMode, networkModeOf } from '../references/services';
import type { NetworkMode } from '../references/services';

export interface ModeConflict {
  id: string;
  title: string;
  /** The service keys that conflict; the first one present is reported, each present one gets a finding. */
  keys: string[];
  /** Which network modes the conflict applies to. */
  applies(mode: NetworkMode): boolean;
  severity: Severity | ((key: string) => Severity);
  message(key: string, mode: NetworkMode, svc: ServiceModel): string;
}

/** True when a service key holds something (an empty list or empty string sets nothing for the engine). */
export function isSet(e: PEntry | undefined): e is PEntry {
  const v = e?.value;
  if (!v) return false;
  if (isSeq(v)) return v.items.length > 0;
  if (isMap(v)) return v.entries.length > 0;
  return isScalar(v) && v.value !== null && v.value !== '';
}

/**
 * A rule for one option the engine refuses (or ignores) beside a network mode: reported at the option's key,
 * with the `network_mode` line as related information and a fix that removes the option.
 */
export function modeConflictRule(c: ModeConflict): Rule {
  return {
    id: c.id,
    title: c.title,
    scope: 'service',
    run({ project, report }) {
      for (const svc of project.services) {
        const mode = networkModeOf(svc);
        if (!svc.enabled || !mode || !c.applies(mode)) continue;
        for (const key of c.keys) {
          const e = entry(svc.node, key);
          if (!isSet(e)) continue;
          report({
            code: c.id,
            severity: typeof c.severity === 'function' ? c.severity(key) : c.severity,
            message: c.message(key, mode, svc),
            at: e.keySpan,
            related: [{ at: mode.value.span, message: `network_mode is ${mode.text} here` }],
            fix: { kind: 'remove', title: `Remove ${key}` },
          });
        }
      }
    },
  };
}

export const containerMode = (mode: NetworkMode): boolean => isContainerMode(mode);

/** What the service shares instead, for the second half of a message. */
export function sharedWith(mode: NetworkMode): string {
  return mode.kind === 'service' ? `service "${mode.target}"` : `container "${mode.target}"`;
}

import type { Rule } from '../../rule';
import { splitPortSpec } from '@switchyard/core';
import { get, isScalar } from '../../../yaml/tree';
import type { PScalar } from '../../../yaml/tree';
import { splitOutsideBraces } from './fix';
import { portModel } from './port-model';
import type { PortItem } from './items';

/**
 * A `${VAR}` that leaves a host port empty: `"${WEB_PORT}:80"` with WEB_PORT unset becomes `":80"`, which
 * Docker accepts and publishes on a random host port. The loader's NET153 says the variable is unset; this
 * says what that does to the port (and also covers `${WEB_PORT:-}` and a variable set to "").
 */
export const NET159: Rule = {
  id: 'NET159',
  title: 'Interpolation empties a host port',
  scope: 'service',
  run({ project, report }) {
    for (const item of portModel(project).items) {
      const hit = emptiedShort(item) ?? emptiedPublished(item);
      if (!hit) continue;
      const names = (hit.vars ?? []).map((v) => v.name);
      const unset = (hit.vars ?? []).filter((v) => v.unset).map((v) => v.name);
      const name = names[0] ?? 'the variable';
      const why = unset.length
        ? `${unset.join(', ')} ${unset.length > 1 ? 'are' : 'is'} not set`
        : `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} empty`;
      const port = item.bindings[0]?.containerPort;
      report({
        code: 'NET159',
        severity: 'warning',
        message: `the host port of ${JSON.stringify(hit.source)} is empty after interpolation (${why}), so Docker publishes ${port === undefined ? 'the container port' : `container port ${port}`} on a random host port; set ${name} or give it a default such as \${${name}:-8080}`,
        at: hit.span,
      });
    }
  },
};

/** Short syntax: the host part of the source holds a variable, and the interpolated host part is empty. */
function emptiedShort(item: PortItem): PScalar | undefined {
  const s = item.short?.scalar;
  if (!s?.vars || item.short?.error || item.unknown) return undefined;
  const written = splitOutsideBraces(s.source);
  if (written.length < 2 || !(written[written.length - 2] ?? '').includes('$')) return undefined;
  const { host } = splitPortSpec(item.short?.raw ?? '');
  return host === '' ? s : undefined;
}

/** Long syntax: `published: ${VAR}` that interpolated to nothing. */
function emptiedPublished(item: PortItem): PScalar | undefined {
  const p = item.long ? get(item.long.map, 'published') : undefined;
  if (!isScalar(p) || !p.vars || !p.source.includes('$')) return undefined;
  return p.value === '' || p.value === null ? p : undefined;
}

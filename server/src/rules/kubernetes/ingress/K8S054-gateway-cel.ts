import type { Finding } from '@switchyard/core';
import { get } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { backendRefs, isGatewayApi, listenersOf, ROUTE_KINDS } from './gateway';
import type { Listener } from './gateway';
import type { K8sRule } from '../rule';
import { invalid } from '../texts';

/**
 * The Gateway API CRDs' CEL rules (`x-kubernetes-validations`), which schema tools do not run: unique listener
 * names; unique port + protocol + hostname; no hostname on TCP/UDP listeners; listener port 1–65535; a
 * backendRef to a core Service must have a port. A CEL failure on a list prints `Invalid value: "array"`,
 * on an object `Invalid value: "object"`.
 */
export const K8S054: K8sRule = {
  id: 'K8S054',
  title: 'Gateway API validation (CEL)',
  scope: 'object',
  run({ project, report }) {
    for (const o of project.objects) {
      if (!isGatewayApi(o)) continue;
      if (o.kind === 'Gateway') checkListeners(listenersOf(o), report);
      if (!ROUTE_KINDS.has(o.kind)) continue;
      for (const b of backendRefs(o)) {
        if (b.group !== '' || b.kind !== 'Service' || b.portNode !== undefined) continue;
        report({
          code: 'K8S054',
          severity: 'error',
          message: invalid(b.path, 'object', 'Must have port for Service reference'),
          at: (get(b.node, 'name') ?? b.node).span,
        });
      }
    }
  },
};

const LIST = 'spec.listeners';

function checkListeners(listeners: Listener[], report: (f: Finding<Span>) => void): void {
  for (const l of listeners) {
    if (l.port === undefined) continue;
    const bound =
      l.port > 65535 ? 'less than or equal to 65535' : l.port < 1 ? 'greater than or equal to 1' : '';
    if (bound === '') continue;
    const path = `${LIST}[${l.index}].port`;
    report({
      code: 'K8S054',
      severity: 'error',
      message: invalid(path, l.port, `${path} in body should be ${bound}`),
      at: (get(l.node, 'port') ?? l.node).span,
    });
  }
  const listRule = (message: string, same: string, culprit: Listener | undefined, other?: Listener): void => {
    if (culprit === undefined) return;
    report({
      code: 'K8S054',
      severity: 'error',
      message: invalid(LIST, 'array', message),
      at: (get(culprit.node, 'name') ?? culprit.node).span,
      ...(other !== undefined
        ? {
            related: [
              {
                at: (get(other.node, 'name') ?? other.node).span,
                message: `listener ${other.index} has the same ${same}`,
              },
            ],
          }
        : {}),
    });
  };
  const tcp = listeners.find(
    (l) => (l.protocol === 'TCP' || l.protocol === 'UDP') && (l.hostname ?? '') !== '',
  );
  if (tcp !== undefined)
    report({
      code: 'K8S054',
      severity: 'error',
      message: invalid(LIST, 'array', "hostname must not be specified for protocols ['TCP', 'UDP']"),
      at: (get(tcp.node, 'hostname') ?? tcp.node).span,
    });
  const byName = firstRepeat(listeners, (l) => l.name);
  listRule('Listener name must be unique within the Gateway', 'name', byName?.[1], byName?.[0]);
  const byBinding = firstRepeat(listeners, (l) =>
    l.port === undefined ? undefined : `${l.port}\0${l.protocol ?? ''}\0${l.hostname ?? '\u0001'}`,
  );
  listRule(
    'Combination of port, protocol and hostname must be unique for each listener',
    'port, protocol and hostname',
    byBinding?.[1],
    byBinding?.[0],
  );
}

/** The first pair of listeners with the same key (first seen, the repeat). */
function firstRepeat(
  list: Listener[],
  key: (l: Listener) => string | undefined,
): [Listener, Listener] | undefined {
  const seen = new Map<string, Listener>();
  for (const l of list) {
    const k = key(l);
    if (k === undefined) continue;
    const first = seen.get(k);
    if (first !== undefined) return [first, l];
    seen.set(k, l);
  }
  return undefined;
}

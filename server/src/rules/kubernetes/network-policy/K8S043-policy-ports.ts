import { get, isScalar } from '../../../yaml/tree';
import { intOf } from '../../../kubernetes/objects';
import { policyRules } from './netpol';
import type { K8sRule } from '../rule';
import { invalid, PORT_RANGE, portNameError, unsupported } from '../texts';

/** NetworkPolicy `ports[]`: protocol, port number or name, `endPort`. */
export const K8S043: K8sRule = {
  id: 'K8S043',
  title: 'NetworkPolicy port invalid',
  scope: 'object',
  run({ model, report }) {
    for (const policy of model.byKind.get('NetworkPolicy') ?? []) {
      for (const rule of policyRules(policy)) {
        for (const { node, path } of rule.ports) {
          const proto = get(node, 'protocol');
          if (
            isScalar(proto) &&
            proto.value !== null &&
            !['TCP', 'UDP', 'SCTP'].includes(String(proto.value))
          )
            report({
              code: 'K8S043',
              severity: 'error',
              message: unsupported(`${path}.protocol`, String(proto.value), ['TCP', 'UDP', 'SCTP']),
              at: proto.span,
            });
          const port = get(node, 'port');
          const end = get(node, 'endPort');
          const n = intOf(port);
          if (isScalar(port) && typeof port.value === 'number' && (port.value < 1 || port.value > 65535))
            report({
              code: 'K8S043',
              severity: 'error',
              message: invalid(`${path}.port`, port.value, PORT_RANGE),
              at: port.span,
            });
          if (isScalar(port) && typeof port.value === 'string') {
            const why = portNameError(port.value);
            if (why)
              report({
                code: 'K8S043',
                severity: 'error',
                message: invalid(`${path}.port`, port.value, why),
                at: port.span,
              });
          }
          const e = intOf(end);
          if (end === undefined || end === null || e === undefined) continue;
          if (port === undefined || port === null)
            report({
              code: 'K8S043',
              severity: 'error',
              message: invalid(`${path}.endPort`, e, 'may not be specified when `port` is not specified'),
              at: end.span,
            });
          else if (n === undefined)
            report({
              code: 'K8S043',
              severity: 'error',
              message: invalid(`${path}.endPort`, e, 'may not be specified when `port` is non-numeric'),
              at: end.span,
            });
          else if (e < n)
            report({
              code: 'K8S043',
              severity: 'error',
              message: invalid(`${path}.endPort`, e, 'must be greater than or equal to `port`'),
              at: end.span,
            });
          else if (e > 65535)
            report({
              code: 'K8S043',
              severity: 'error',
              message: invalid(`${path}.endPort`, e, PORT_RANGE),
              at: end.span,
            });
        }
      }
    }
  },
};

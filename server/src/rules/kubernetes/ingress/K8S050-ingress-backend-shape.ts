import { get } from '../../../yaml/tree';
import { intOf } from '../../../kubernetes/objects';
import { ingressBackends } from './ingress-backends';
import type { K8sRule } from '../rule';
import { dns1035LabelError, invalid, PORT_RANGE, portNameError, required } from '../texts';

/** Ingress backend shape: service xor resource, port name xor number, valid values, a service name. */
export const K8S050: K8sRule = {
  id: 'K8S050',
  title: 'Ingress backend invalid',
  scope: 'object',
  run({ model, report }) {
    for (const ing of model.byKind.get('Ingress') ?? []) {
      for (const b of ingressBackends(ing)) {
        const err = (message: string, at = b.node.span): void =>
          report({ code: 'K8S050', severity: 'error', message, at });
        const resource = get(b.node, 'resource');
        if (b.service != null && resource != null) {
          err(invalid(b.path, '', 'cannot set both resource and service backends'));
          continue;
        }
        if (b.service == null && resource == null) {
          err(invalid(b.path, '', 'resource or service backend is required'));
          continue;
        }
        if (b.service == null) continue;
        const nameNode = get(b.service, 'name');
        if (b.serviceName === undefined || b.serviceName === '')
          err(required(`${b.path}.service.name`), (nameNode ?? b.service).span);
        else {
          const why = dns1035LabelError(b.serviceName);
          if (why) err(invalid(`${b.path}.service.name`, b.serviceName, why), nameNode?.span);
        }
        const numberNode = get(b.portNode, 'number');
        const nameP = get(b.portNode, 'name');
        if (numberNode != null && nameP != null)
          err(invalid(b.path, '', 'cannot set both port name & port number'), b.portNode?.span);
        else if (numberNode == null && nameP == null)
          err(required(b.path, 'port name or number is required'), (b.portNode ?? b.service).span);
        else if (numberNode != null) {
          const n = intOf(numberNode);
          if (n === undefined || n < 1 || n > 65535)
            err(invalid(`${b.path}.service.port.number`, n ?? 0, PORT_RANGE), numberNode.span);
        } else if (b.portName !== undefined) {
          const why = portNameError(b.portName);
          if (why) err(invalid(`${b.path}.service.port.name`, b.portName, why), nameP?.span);
        }
      }
    }
  },
};

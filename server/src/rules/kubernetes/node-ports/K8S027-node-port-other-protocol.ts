import { describeObject } from '../../../kubernetes/objects';
import { nodePortClashes } from './node-ports';
import type { K8sRule } from '../rule';
import { invalid } from '../texts';

/**
 * The same nodePort with another protocol: validation accepts it, the allocator (one set of numbers, no
 * protocol) refuses it, in two Services or on two `port`s of one Service.
 */
export const K8S027: K8sRule = {
  id: 'K8S027',
  title: 'nodePort reused with another protocol',
  reads: ['Service'],
  run({ project, model, report }) {
    for (const unit of project.units) {
      for (const { claim, first, sameProtocol } of nodePortClashes(model, unit)) {
        if (sameProtocol) continue;
        report({
          code: 'K8S027',
          severity: 'error',
          message: `${invalid(`${claim.port.path}.nodePort`, claim.port.nodePort ?? 0, 'provided port is already allocated')} (node ports are allocated by number, whatever the protocol; only entries with the same \`port\` share one)`,
          at: claim.at,
          related: [
            {
              at: first.at,
              message: `${describeObject(first.service.obj)} ${first.port.path} takes nodePort ${first.port.nodePort}/${first.port.protocol}`,
            },
          ],
        });
      }
    }
  },
};

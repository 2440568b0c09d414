import type { Rule } from '../../rule';
import { l2Networks } from '../drivers/l2';
import { forNetwork } from '../created';

/** The first kernel with ipvlan, as Docker's ipvlan driver requires it. */
const MIN = { major: 4, minor: 2 };

/** An ipvlan network on a host whose kernel is older than 4.2: Docker's ipvlan driver refuses it. */
export const NET054: Rule = {
  id: 'NET054',
  title: 'ipvlan on a kernel older than 4.2',
  scope: 'networks',
  run({ project, host, report }) {
    const found = host?.kernel ? /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(host.kernel) : null;
    if (!host || !found) return;
    const [major, minor, patch] = [Number(found[1]), Number(found[2]), Number(found[3] ?? 0)];
    if (major > MIN.major || (major === MIN.major && minor >= MIN.minor)) return;
    for (const l2 of l2Networks(project)) {
      if (l2.driver !== 'ipvlan' || !l2.driverNode) continue;
      report(
        forNetwork(project, l2.net, {
          code: 'NET054',
          severity: 'error',
          message: `kernel version failed to meet the minimum ipvlan kernel requirement of ${MIN.major}.${MIN.minor}, found ${major}.${minor}.${patch} (network "${l2.net.key}" on ${host.host}); use macvlan, or a host with a newer kernel`,
          at: l2.driverNode.span,
        }),
      );
    }
  },
};

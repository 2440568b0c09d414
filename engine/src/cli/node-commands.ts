import type { Cmd } from './common';
import { json, table } from './format';
import type { VerbHelp } from './help';
import { parseFlags } from '@switchyard/core';

const secs = (s: number | undefined) => (s === undefined ? '-' : `${s}s`);

/** `node ls [--format json]`: the hosts sharing this engine's cluster store. */
export const node: Record<string, Cmd> = {
  ls: async (c, argv, out) => {
    const p = parseFlags(argv, { values: ['--format'] });
    const r = await c.call('node.ls', {});
    if (p.values.get('--format')?.[0] === 'json') {
      out(json(r));
      return 0;
    }
    if (r.storeState === 'none') {
      out('this engine is not part of a cluster (start the daemon with --cluster-store etcd://HOST:2379)');
      return 0;
    }
    const store =
      r.storeState === 'connected'
        ? `cluster store ${r.store}: connected`
        : `cluster store ${r.store}: UNREACHABLE since ${r.storeUnreachableSince} (overlay changes fail; traffic flows)`;
    const rows = r.nodes.map((n) => [
      `${n.host}${n.self ? ' *' : ''}`,
      n.address,
      n.state === 'alive' ? `alive (ttl ${secs(n.leaseTtlS)})` : `unreachable since ${n.unreachableSince}`,
      secs(n.leaseAgeS),
      n.engineVersion || '-',
      n.underlayMtu ? String(n.underlayMtu) : '-',
    ]);
    out(`${store}\n${table(['HOST', 'ADDRESS', 'LEASE', 'AGE', 'ENGINE', 'UNDERLAY MTU'], rows)}`);
    return 0;
  },
};

export const nodeHelp: Record<string, VerbHelp> = {
  ls: {
    usage: 'node ls [OPTIONS]',
    summary: "The hosts sharing this engine's cluster store",
    options: [['    --format json', 'Print the answer as JSON']],
  },
};

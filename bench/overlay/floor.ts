import { createNetns, type Netns } from '../../test/support/netns';
import { must } from '../../test/engine/harness';
import { UNDERLAY, plug } from '../../test/engine/overlay-lab';

/**
 * The kernel floor: two namespaces on the same underlay bridge joined by a bare VXLAN pair (VNI 4242,
 * nolearning, one static FDB and neighbour entry each, MTU 1450), addresses 192.0.2.1/2 on the VXLAN.
 */
export async function bareVxlanPair(
  underlay: string,
): Promise<{ a: Netns; b: Netns; close(): Promise<void> }> {
  const a = await createNetns('syfa');
  const b = await createNetns('syfb');
  const ends = [
    {
      ns: a,
      u: `${UNDERLAY}.31`,
      v: '192.0.2.1',
      peerU: `${UNDERLAY}.32`,
      peerV: '192.0.2.2',
      mac: '02:00:c0:00:02:01',
      peerMac: '02:00:c0:00:02:02',
    },
    {
      ns: b,
      u: `${UNDERLAY}.32`,
      v: '192.0.2.2',
      peerU: `${UNDERLAY}.31`,
      peerV: '192.0.2.1',
      mac: '02:00:c0:00:02:02',
      peerMac: '02:00:c0:00:02:01',
    },
  ];
  for (const [i, e] of ends.entries()) {
    plug(underlay, e.ns.name, `f${i}`, e.u);
    must(
      ['ip', '-n', e.ns.name, '-batch', '-'],
      [
        `link add vx0 address ${e.mac} mtu 1450 type vxlan id 4242 local ${e.u} dev u0 dstport 4789 nolearning`,
        `addr add ${e.v}/24 dev vx0`,
        'link set vx0 up',
        `neigh replace ${e.peerV} lladdr ${e.peerMac} dev vx0 nud permanent`,
      ].join('\n') + '\n',
    );
    must([
      'bridge',
      '-n',
      e.ns.name,
      'fdb',
      'append',
      e.peerMac,
      'dev',
      'vx0',
      'dst',
      e.peerU,
      'self',
      'permanent',
    ]);
  }
  return {
    a,
    b,
    async close() {
      await a.delete();
      await b.delete();
    },
  };
}

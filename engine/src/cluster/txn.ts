import type { Etcd3, ITxnResponse } from 'etcd3';
import type { GlobalNetwork } from './records';
import { keys } from './records';

/** A network's claims (name, VNI, subnets) and its row in one transaction; on failure, the owners. */
export function claimNetwork(c: Etcd3, g: GlobalNetwork): Promise<ITxnResponse> {
  const claims = [keys.name(g.name), keys.vni(g.vni), ...g.subnets.map((s) => keys.subnet(s.subnet))];
  let txn = c.if(claims[0] as string, 'Create', '==', 0);
  for (const k of claims.slice(1)) txn = txn.and(k, 'Create', '==', 0);
  return txn
    .then(...claims.map((k) => c.put(k).value(g.id)), c.put(keys.network(g.id)).value(JSON.stringify(g)))
    .else(...claims.map((k) => c.get(k)))
    .commit();
}

import { POD_KINDS } from '../../../kubernetes/workloads';
import type { Prefix } from '@switchyard/core';
import { containsPrefix, formatPrefix, masked, parsePrefix, samePrefix } from '@switchyard/core';
import { get, isSeq, isScalar, str } from '../../../yaml/tree';
import type { PNode, Span } from '../../../yaml/tree';
import type { K8sProject } from '../../../kubernetes/project';
import type { K8sRule } from '../rule';

/** A pod address pool a CNI manifest in the project configures. */
interface CniPool {
  cni: 'flannel' | 'Calico';
  /** Where, as the user would name it. */
  what: string;
  text: string;
  prefix: Prefix;
  span: Span;
}

/**
 * The CNI's pod pool disagrees with the cluster's pod CIDR: flannel's `net-conf.json` `Network` is not the pod
 * CIDR (nodes get pod ranges flannel does not route), or a Calico pool (`CALICO_IPV4POOL_CIDR`/
 * `CALICO_IPV6POOL_CIDR`, an `IPPool`, the operator's `Installation`) lies outside it. Checked only when the
 * project configures the cluster (kubeadm, kind, k3s).
 */
export const K8S060: K8sRule = {
  id: 'K8S060',
  title: "CNI pod pool differs from the cluster's pod CIDR",
  reads: ['ConfigMap', 'IPPool', 'Installation', ...POD_KINDS],
  run({ project, report }) {
    const c = project.cluster;
    if (c.source === 'default') return;
    const pods = c.podCIDRs.filter((p) => p.prefix !== undefined);
    if (pods.length === 0) return;
    const where = pods[0]?.span !== undefined ? c.source : `${c.source}'s default`;
    const podText = pods.map((p) => p.text).join(',');
    for (const pool of cniPools(project)) {
      const family = pool.prefix.addr.family;
      const same = pods.filter((p) => p.prefix?.addr.family === family);
      if (same.length === 0) continue;
      const ok = same.some((p) =>
        p.prefix === undefined
          ? false
          : pool.cni === 'flannel'
            ? samePrefix(masked(p.prefix), masked(pool.prefix))
            : containsPrefix(masked(p.prefix), masked(pool.prefix)),
      );
      if (ok) continue;
      const verb = pool.cni === 'flannel' ? 'is not' : 'lies outside';
      const first = same[0];
      report({
        code: 'K8S060',
        severity: 'warning',
        message: `${pool.cni} ${pool.what} ${formatPrefix(pool.prefix)} ${verb} the cluster's pod CIDR ${podText} (${where}): pods get addresses the ${pool.cni === 'flannel' ? 'network does not route' : 'nodes were not given'}; set it to ${first?.text ?? podText}`,
        at: pool.span,
        ...(first?.span !== undefined
          ? { related: [{ at: first.span, message: `pod CIDR ${first.text}` }] }
          : {}),
        ...(first !== undefined
          ? { fix: { kind: 'replace' as const, title: `Use ${first.text}`, text: first.text } }
          : {}),
      });
    }
  },
};

function cniPools(project: K8sProject): CniPool[] {
  const out: CniPool[] = [];
  for (const o of project.objects) {
    if (o.kind === 'ConfigMap') out.push(...flannel(project, get(get(o.node, 'data'), 'net-conf.json')));
    else if (o.kind === 'IPPool' && o.apiVersion.includes('projectcalico.org/')) {
      const cidr = get(get(o.node, 'spec'), 'cidr');
      out.push(...pool('Calico', 'IPPool spec.cidr', cidr));
    } else if (o.kind === 'Installation' && o.apiVersion.startsWith('operator.tigera.io/')) {
      const pools = get(get(get(o.node, 'spec'), 'calicoNetwork'), 'ipPools');
      if (isSeq(pools))
        for (const p of pools.items) out.push(...pool('Calico', 'Installation ipPools cidr', get(p, 'cidr')));
    } else out.push(...calicoEnv(o.node));
  }
  return out;
}

function pool(cni: CniPool['cni'], what: string, n: PNode | null | undefined): CniPool[] {
  const text = str(n);
  if (text === undefined || !n) return [];
  const p = parsePrefix(text.trim());
  return p.ok ? [{ cni, what, text, prefix: p.value, span: n.span }] : [];
}

/** `env` entries `CALICO_IPV4POOL_CIDR` / `CALICO_IPV6POOL_CIDR` of any container (calico-node). */
function calicoEnv(root: PNode): CniPool[] {
  const containers = get(get(get(get(root, 'spec'), 'template'), 'spec'), 'containers');
  if (!isSeq(containers)) return [];
  const out: CniPool[] = [];
  for (const c of containers.items) {
    const env = get(c, 'env');
    if (!isSeq(env)) continue;
    for (const e of env.items) {
      const name = str(get(e, 'name'));
      if (name === 'CALICO_IPV4POOL_CIDR' || name === 'CALICO_IPV6POOL_CIDR')
        out.push(...pool('Calico', name, get(e, 'value')));
    }
  }
  return out;
}

/** flannel's `net-conf.json` (`Network`, `IPv6Network`), pointing at the CIDR inside the embedded JSON. */
function flannel(project: K8sProject, n: PNode | null | undefined): CniPool[] {
  if (!isScalar(n) || typeof n.value !== 'string') return [];
  let conf: unknown;
  try {
    conf = JSON.parse(n.value);
  } catch {
    return [];
  }
  if (conf === null || typeof conf !== 'object') return [];
  const out: CniPool[] = [];
  const source = project.sources.get(n.span.file)?.text ?? '';
  for (const key of ['Network', 'IPv6Network']) {
    const text = (conf as Record<string, unknown>)[key];
    if (typeof text !== 'string') continue;
    const p = parsePrefix(text.trim());
    if (!p.ok) continue;
    const inside = source.slice(n.span.start, n.span.end).indexOf(`"${text}"`);
    const span =
      inside >= 0
        ? {
            file: n.span.file,
            start: n.span.start + inside + 1,
            end: n.span.start + inside + 1 + text.length,
          }
        : n.span;
    out.push({ cni: 'flannel', what: `net-conf.json ${key}`, text, prefix: p.value, span });
  }
  return out;
}

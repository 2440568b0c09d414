import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, findingsInText, fixture, messages } from '../harness';

test("K8S060 compares flannel's Network and Calico's pools with kubeadm's podSubnet", () => {
  const found = checkK8sFixture(fixture('K8S060-project'), ['K8S060']);
  assert.deepEqual(messages(found, 'K8S060'), [
    "flannel net-conf.json Network 10.244.0.0/16 is not the cluster's pod CIDR 10.10.0.0/16 (kubeadm): pods get addresses the network does not route; set it to 10.10.0.0/16",
    "Calico CALICO_IPV4POOL_CIDR 192.168.0.0/16 lies outside the cluster's pod CIDR 10.10.0.0/16 (kubeadm): pods get addresses the nodes were not given; set it to 10.10.0.0/16",
  ]);
  assert.deepEqual(found[0]?.fix, { kind: 'replace', title: 'Use 10.10.0.0/16', text: '10.10.0.0/16' });
  assert.deepEqual(
    found.map((f) => f.related?.map((r) => r.message)),
    [['pod CIDR 10.10.0.0/16'], ['pod CIDR 10.10.0.0/16']],
  );
});

const KUBEADM =
  'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.10.0.0/16,fd00:10::/56\n';
const PODS = "the cluster's pod CIDR 10.10.0.0/16,fd00:10::/56 (kubeadm)";

/** K8S060's findings for a kubeadm config (dual-stack pod CIDR) and one more document, as `severity text: message`. */
const k8s060 = (doc: string): string[] =>
  findingsInText(`${KUBEADM}---\n${doc}`, 'K8S060').map((f) => `${f.severity} ${f.text}: ${f.message}`);

const netConf = (json: string): string =>
  `kind: ConfigMap\napiVersion: v1\nmetadata: {name: flannel}\ndata:\n  net-conf.json: '${json}'\n`;

test("K8S060 reads flannel's IPv6Network against the pod CIDR of its family, and skips a net-conf.json it cannot read", () => {
  assert.deepEqual(k8s060(netConf('{"Network": "10.10.0.0/16", "IPv6Network": "fd00:99::/56"}')), [
    `warning fd00:99::/56: flannel net-conf.json IPv6Network fd00:99::/56 is not ${PODS}: pods get addresses the network does not route; set it to fd00:10::/56`,
  ]);
  assert.deepEqual(k8s060(netConf('not json')), []);
  assert.deepEqual(k8s060(netConf('[1]')), []);
  assert.deepEqual(k8s060(netConf('null')), []);
  assert.deepEqual(k8s060(netConf('"10.99.0.0/16"')), []);
  assert.deepEqual(k8s060(netConf('{"Network": "x"}')), []);
});

test("K8S060 reads Calico's IPPool and the operator's Installation pools, only under their API groups", () => {
  const pool = (group: string) =>
    `apiVersion: ${group}\nkind: IPPool\nmetadata: {name: p}\nspec:\n  cidr: 192.168.0.0/16\n`;
  assert.deepEqual(k8s060(pool('projectcalico.org/v3')), [
    `warning 192.168.0.0/16: Calico IPPool spec.cidr 192.168.0.0/16 lies outside ${PODS}: pods get addresses the nodes were not given; set it to 10.10.0.0/16`,
  ]);
  assert.deepEqual(k8s060(pool('example.com/v1')), []);
  const installation = (group: string) =>
    `apiVersion: ${group}\nkind: Installation\nmetadata: {name: default}\nspec:\n  calicoNetwork:\n    ipPools:\n    - cidr: 172.16.0.0/16\n    - cidr: 10.10.4.0/24\n    - cidr: fd00:10::/64\n`;
  assert.deepEqual(k8s060(installation('operator.tigera.io/v1')), [
    `warning 172.16.0.0/16: Calico Installation ipPools cidr 172.16.0.0/16 lies outside ${PODS}: pods get addresses the nodes were not given; set it to 10.10.0.0/16`,
  ]);
  assert.deepEqual(k8s060(installation('example.com/operator.tigera.io/v1')), []);
  const node = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: calico-node}\nspec:\n  selector: {matchLabels: {k: v}}\n  template:\n    metadata: {labels: {k: v}}\n    spec:\n      containers:\n      - name: calico-node\n        image: calico/node\n        env:\n        - {name: CALICO_IPV6POOL_CIDR, value: "fd00:98::/64"}\n        - {name: OTHER_CIDR, value: "172.18.0.0/16"}\n`;
  assert.deepEqual(k8s060(node), [
    `warning "fd00:98::/64": Calico CALICO_IPV6POOL_CIDR fd00:98::/64 lies outside ${PODS}: pods get addresses the nodes were not given; set it to fd00:10::/56`,
  ]);
});

test('K8S060 names only the pod CIDRs that parse, and checks nothing without a cluster config', () => {
  const flannel = netConf('{"Network": "10.99.0.0/16"}');
  const kubeadm = (subnet: string) =>
    `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: ${subnet}\n---\n`;
  const messagesFor = (text: string) => findingsInText(text, 'K8S060').map((f) => f.message);
  assert.deepEqual(messagesFor(`${kubeadm('10.10.0.0/16,garbage')}${flannel}`), [
    "flannel net-conf.json Network 10.99.0.0/16 is not the cluster's pod CIDR 10.10.0.0/16 (kubeadm): pods get addresses the network does not route; set it to 10.10.0.0/16",
  ]);
  assert.deepEqual(messagesFor(`${kubeadm('garbage')}${flannel}`), []);
  assert.deepEqual(messagesFor(flannel), []);
});

test("K8S060 says the pod CIDR is the cluster tool's default when the config does not name one", () => {
  assert.deepEqual(
    findingsInText(
      `apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\n---\n${netConf('{"Network": "10.99.0.0/16"}')}`,
      'K8S060',
    ).map((f) => f.message),
    [
      "flannel net-conf.json Network 10.99.0.0/16 is not the cluster's pod CIDR 10.244.0.0/16 (kind's default): pods get addresses the network does not route; set it to 10.244.0.0/16",
    ],
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ManifestFiles } from '../../../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../../../server/src/kubernetes/loader';
import { analyzeKubernetes } from '../../../../../../server/src/analyze-kubernetes';
import { checkK8sFixture, fixture } from '../harness';

const outside = (ip: string, range: string): string =>
  `spec.clusterIPs: Invalid value: ["${ip}"]: failed to allocate IP ${ip}: provided IP is not in the valid range. The range of valid IPs is ${range}`;

test('K8S028 warns against the default service CIDR and says how to name the real one', () => {
  const found = checkK8sFixture(fixture('K8S028-cluster-ip-out-of-range.yaml'), ['K8S028']);
  assert.deepEqual(
    found.map((f) => [f.severity, f.message, f.related]),
    [
      [
        'warning',
        `${outside('192.168.0.10', '10.96.0.0/12')} (the default service CIDR; name the cluster config with --cluster-config if yours differs)`,
        undefined,
      ],
    ],
  );
});

test("K8S028 is an error against the project's cluster config, and points at its service CIDR", () => {
  const found = checkK8sFixture(fixture('K8S058-project'), ['K8S058', 'K8S028']).filter(
    (f) => f.code === 'K8S028',
  );
  const range = '10.43.0.0/16,2001:cafe:42::/112';
  assert.deepEqual(
    found.map((f) => [f.severity, f.message, f.related?.map((r) => r.message)]),
    [['error', outside('10.50.0.10', range), [`the cluster's service CIDR is ${range}`]]],
  );
  const at = found[0]?.related?.[0]?.at;
  assert.equal(at && readFileSync(at.file, 'utf8').slice(at.start, at.end), range);
});

/** K8S028's findings for a k3s config and manifests given as text, as `severity message` and the related messages. */
function k8s028(config: string, manifests: string): string[][] {
  const texts = new Map([
    ['/p/config.yaml', config],
    ['/p/svc.yaml', manifests],
  ]);
  const project = loadKubernetesProject({
    paths: ['/p'],
    recursive: true,
    files: new ManifestFiles({
      read: (p) => texts.get(p),
      list: (p) => (p === '/p' ? ['config.yaml', 'svc.yaml'] : undefined),
    }),
  });
  return analyzeKubernetes(project)
    .filter((f) => f.code === 'K8S028')
    .map((f) => [`${f.severity} ${f.message}`, ...(f.related ?? []).map((r) => r.message)]);
}

test('K8S028 leaves an unreadable service CIDR out of the range it names', () => {
  const svc =
    'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIP: 10.50.0.10\n  ports: [{port: 80}]\n';
  assert.deepEqual(k8s028('service-cidr: 10.43.0.0/16,10.44.0.0/33\n', svc.replace('10.50.', '10.43.')), []);
  assert.deepEqual(k8s028('service-cidr: 10.43.0.0/16,10.44.0.0/33\n', svc), [
    [`error ${outside('10.50.0.10', '10.43.0.0/16')}`, "the cluster's service CIDR is 10.43.0.0/16"],
  ]);
});

test('K8S028 checks a clusterIP only against the service CIDRs of its family (K8S030 says the family is missing)', () => {
  const svc = (ip: string) =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ipFamilies: [IPv6]\n  clusterIP: ${ip}\n  ports: [{port: 80}]\n`;
  assert.deepEqual(k8s028('service-cidr: 10.43.0.0/16\n', svc('fd00::10')), []);
  assert.deepEqual(k8s028('service-cidr: 10.43.0.0/16,fd00:43::/112\n', svc('fd00:43::10')), []);
  assert.deepEqual(k8s028('service-cidr: 10.43.0.0/16,fd00:43::/112\n', svc('fd00::10')), [
    [
      `error ${outside('fd00::10', '10.43.0.0/16,fd00:43::/112')}`,
      "the cluster's service CIDR is 10.43.0.0/16,fd00:43::/112",
    ],
  ]);
});

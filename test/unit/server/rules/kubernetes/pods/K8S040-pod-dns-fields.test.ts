import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText } from '../harness';

/** K8S040's findings for one Pod with `spec` added to a valid one, as `severity text: message`. */
function k8s040(spec: string): string[] {
  const yaml = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n${spec}`;
  return findingsInText(yaml, 'K8S040').map((f) => `${f.severity} ${f.text}: ${f.message}`);
}

const IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

test('K8S040: each dnsConfig nameserver must be an IP address, and there may be at most 3', () => {
  assert.deepEqual(
    k8s040('  dnsPolicy: None\n  dnsConfig:\n    nameservers: [1.1.1.1, x, 2.2.2.2, 3.3.3.3]\n'),
    [
      `error x: spec.dnsConfig.nameservers[1]: Invalid value: "x": ${IP}`,
      'error [1.1.1.1, x, 2.2.2.2, 3.3.3.3]: spec.dnsConfig.nameservers: Invalid value: …: must not have more than 3 nameservers',
    ],
  );
  assert.deepEqual(k8s040('  dnsConfig:\n    nameservers: [~]\n'), [
    `error ~: spec.dnsConfig.nameservers[0]: Invalid value: "": ${IP}`,
  ]);
  assert.deepEqual(
    k8s040('  dnsPolicy: None\n  dnsConfig:\n    nameservers: [1.1.1.1, 2.2.2.2, "fd00::1"]\n'),
    [],
  );
});

test('K8S040: dnsPolicy None needs a dnsConfig', () => {
  assert.deepEqual(k8s040('  dnsPolicy: None\n'), [
    'error None: spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None',
  ]);
  assert.deepEqual(k8s040('  dnsPolicy: None\n  dnsConfig: {searches: [a.local]}\n'), []);
  assert.deepEqual(k8s040('  dnsPolicy: ClusterFirst\n'), []);
});

test('K8S040: hostname and subdomain must be DNS labels, and hostAliases IP addresses', () => {
  const label =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  assert.deepEqual(k8s040('  hostname: Bad_Name\n  subdomain: "-x"\n'), [
    `error Bad_Name: spec.hostname: Invalid value: "Bad_Name": ${label}`,
    `error "-x": spec.subdomain: Invalid value: "-x": ${label}`,
  ]);
  assert.deepEqual(k8s040('  hostname: web-1\n  subdomain: ""\n'), []);
  assert.deepEqual(k8s040('  hostAliases: [{ip: 1.2.3, hostnames: [a]}, {ip: 10.0.0.1, hostnames: [b]}]\n'), [
    `error 1.2.3: spec.hostAliases[0].ip: Invalid value: "1.2.3": ${IP}`,
  ]);
});

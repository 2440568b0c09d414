// The full messages of the marked fixtures of the Kubernetes rules that have no test file of their own
// (fixtures.test.ts pins their places and severities only). The API-validation rules quote the apiserver
// (test/unit/server/kubernetes/conformance.test.ts checks those against its published vectors, outside this
// tier); the others are our wording. Written from the mutation runs of server/src/rules (test/README.md), where
// a message mutant of these rules was caught by no test of the rules tier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, fixture } from './harness';

/** Each fixture's findings of its rule, in order, by fixture and rule. */
const MESSAGES: Record<string, Record<string, string[]>> = {
  'K8S007-duplicate-service-port.yaml': {
    K8S007: [
      'spec.ports[1]: Duplicate value: "1/TCP": the same port and protocol as spec.ports[0]',
      'spec.ports[2].name: Required value (a Service with several ports must name each)',
    ],
  },
  'K8S009-service-name.yaml': {
    K8S009: [
      "metadata.name: Invalid value: \"1-web.api\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
  'K8S010-service-port-range.yaml': {
    K8S010: [
      'spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ],
  },
  'K8S011-target-port-invalid.yaml': {
    K8S011: [
      'spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: "foobar-event-management": must be no more than 15 characters',
    ],
  },
  'K8S012-service-port-name.yaml': {
    K8S012: [
      "spec.ports[0].name: Invalid value: \"INVALID\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.ports[2].name: Duplicate value: "p"',
    ],
  },
  'K8S013-protocol.yaml': {
    K8S013: [
      'spec.ports[0].protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[0].protocol: Unsupported value: "Udp": supported values: "SCTP", "TCP", "UDP"',
    ],
  },
  'K8S015-service-without-ports.yaml': {
    K8S015: ['spec.ports: Required value'],
  },
  'K8S016-headless-node-port.yaml': {
    K8S016: ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services'],
  },
  'K8S018-ip-families.yaml': {
    K8S018: [
      "spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
      'spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"',
    ],
  },
  'K8S020-external-ip-special.yaml': {
    K8S020: [
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'spec.externalIPs[1]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
      'spec.externalIPs[2]: Invalid value: "myhost.mydomain": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  },
  'K8S021-load-balancer-fields.yaml': {
    K8S021: ["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"],
  },
  'K8S022-source-ranges.yaml': {
    K8S022: [
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      'spec.loadBalancerSourceRanges[1]: CIDR value "192.168.1.7/24" is ambiguous in this context (should be "192.168.1.0/24" or "192.168.1.7/32"?)',
    ],
  },
  'K8S023-external-traffic-policy.yaml': {
    K8S023: [
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ],
  },
  'K8S025-headless-ignored.yaml': {
    K8S025: ['spec.SessionAffinity is ignored for headless services'],
  },
  'K8S027-node-port-other-protocol.yaml': {
    K8S027: [
      'spec.ports[0].nodePort: Invalid value: 30053: provided port is already allocated (node ports are allocated by number, whatever the protocol; only entries with the same `port` share one)',
    ],
  },
  'K8S032-container-port-range.yaml': {
    K8S032: [
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[2].hostPort: Invalid value: 65536: must be between 1 and 65535, inclusive',
    ],
  },
  'K8S033-container-port-name.yaml': {
    K8S033: [
      'spec.containers[0].ports[0].name: Invalid value: "web-management-port": must be no more than 15 characters',
      'spec.containers[0].ports[1].name: Invalid value: "Metrics_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[3].name: Duplicate value: "http"',
    ],
  },
  'K8S034-host-network-host-port.yaml': {
    K8S034: [
      'spec.containers[0].ports[0].hostPort: Invalid value: 80: must match `containerPort` when `hostNetwork` is true',
    ],
  },
  'K8S037-selector-template-mismatch.yaml': {
    K8S037: [
      'spec.template.metadata.labels: Invalid value: {app=frontend}: `selector` does not match template `labels`',
    ],
  },
  'K8S039-probe-port.yaml': {
    K8S039: [
      'spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].readinessProbe.httpGet.port: container "web" has no port named "health"; the probe fails at run time',
    ],
  },
  'K8S042-peer-shape.yaml': {
    K8S042: [
      'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
      'spec.ingress[0].from[1]: Required value: must specify a peer',
    ],
  },
  'K8S043-policy-ports.yaml': {
    K8S043: [
      'spec.ingress[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "TCP", "UDP", "SCTP"',
      'spec.ingress[0].ports[1].endPort: Invalid value: 32768: must be greater than or equal to `port`',
      'spec.ingress[0].ports[2].endPort: Invalid value: 32768: may not be specified when `port` is non-numeric',
    ],
  },
  'K8S044-policy-types.yaml': {
    K8S044: [
      'spec.policyTypes[2]: Unsupported value: "Foo": supported values: "Ingress", "Egress"',
      'spec.policyTypes: Invalid value: …: may not specify more than two policyTypes',
    ],
  },
  'K8S045-ip-block-host-bits.yaml': {
    K8S045: [
      'spec.ingress[0].from[0].ipBlock.cidr: CIDR value "192.168.1.7/24" is ambiguous in this context (should be "192.168.1.0/24" or "192.168.1.7/32"?)',
    ],
  },
  'K8S047-project': {
    K8S047: [
      "spec.ingress[0].from[0].ipBlock.cidr: 10.244.1.0/24 overlaps the cluster's pod CIDR 10.244.0.0/16; pod addresses change with every restart: select pods with podSelector/namespaceSelector instead",
    ],
  },
  'K8S048-ingress-rules.yaml': {
    K8S048: [
      'spec.rules[0].http.paths: Required value',
      'spec: Invalid value: …: either `defaultBackend` or `rules` must be specified',
    ],
  },
  'K8S050-ingress-backend.yaml': {
    K8S050: [
      'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
      'spec.rules[0].http.paths[1].backend: Required value: port name or number is required',
    ],
  },
  'K8S051-ingress-host.yaml': {
    K8S051: [
      'spec.rules[0].host: Invalid value: "127.0.0.1": must be a DNS name, not an IP address',
      "spec.tls[0].hosts[0]: Invalid value: \"*\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  },
  'K8S052-ingress-class.yaml': {
    K8S052: [
      'annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match `ingressClassName` when both are specified',
    ],
  },
  'K8S055-kubeadm': {
    K8S055: [
      'networking.serviceSubnet: Invalid value: "10.96.0.0/33": couldn\'t parse subnet',
      'networking.podSubnet: Invalid value: "10.244.0.0/16,10.245.0.0/16": expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking',
    ],
  },
  'K8S056-kubeadm': {
    K8S056: [
      'networking.serviceSubnet: Invalid value: "10.0.0.0/8": specified service subnet is too large; for 32-bit addresses, the mask must be >= 12',
      'networking.podSubnet: Invalid value: "10.244.0.0/26": the size of pod subnet with mask 26 is smaller than the size of node subnet with mask 24',
    ],
  },
  'K8S065-policy-selects-nothing.yaml': {
    K8S065: [
      'spec.podSelector: no pod in namespace "default" matches it: this policy applies to nothing',
      'spec.ingress[0].from[0].podSelector: no pod in namespace "default" matches this peer',
    ],
  },
};

for (const [name, byCode] of Object.entries(MESSAGES))
  for (const [code, messages] of Object.entries(byCode))
    test(`${code}: the messages of ${name}`, () => {
      const { findings } = findingsOf(fixture(name));
      assert.deepEqual(
        findings.filter((f) => f.code === code).map((f) => f.message),
        messages,
      );
    });

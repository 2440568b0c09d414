/**
 * The apiserver's published validation vectors, transcribed: each case is the test's object (as YAML) and
 * the field errors the apiserver returns for it (`numErrs` in the Go tests; path and detail where the test
 * or validation.go states them). The API-validation rules must report exactly those, no more, no fewer.
 *
 * Sources (kubernetes/kubernetes): pkg/apis/core/validation/validation_test.go TestValidateService
 * (base object `makeValidService`: name abc123, selector key=val, one port {name: p, port 8675, targetPort
 * 8675}), TestValidatePorts / validateContainerPorts, TestValidatePodSpec (hostNetwork);
 * pkg/apis/networking/validation/validation_test.go TestValidateNetworkPolicy, TestValidateIngress*;
 * kubernetes-sigs/gateway-api pkg/test/cel gateway_test.go TestValidateGateway (listener rules) and
 * TestBackendObjectReference (the CRDs' CEL rules, K8S054).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManifestFiles } from '../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../server/src/kubernetes/loader';
import { analyzeKubernetes } from '../../../../server/src/analyze-kubernetes';

/** The rules that mirror API validation (stage A, errors): what `kubectl apply --dry-run=server` refuses. */
const API_RULES = new Set([
  'K8S007',
  'K8S019',
  'K8S018',
  'K8S009',
  'K8S010',
  'K8S011',
  'K8S012',
  'K8S013',
  'K8S014',
  'K8S015',
  'K8S016',
  'K8S017',
  'K8S020',
  'K8S021',
  'K8S022',
  'K8S023',
  'K8S024',
  'K8S032',
  'K8S033',
  'K8S034',
  'K8S037',
  'K8S040',
  'K8S008',
  'K8S042',
  'K8S043',
  'K8S044',
  'K8S048',
  'K8S049',
  'K8S050',
  'K8S051',
  'K8S052',
  'K8S003',
  'K8S054',
]);

function errorsFor(yaml: string): string[] {
  const file = '/conformance/case.yaml';
  const project = loadKubernetesProject({
    paths: [file],
    recursive: false,
    files: new ManifestFiles({ read: (p) => (p === file ? yaml : undefined), list: () => undefined }),
  });
  return analyzeKubernetes(project)
    .filter((f) => API_RULES.has(f.code) && f.severity === 'error')
    .map((f) => f.message)
    .sort();
}

/** `makeValidService` with its spec fields replaced or added (`ports` given whole). */
function service(spec: string, name = 'abc123'): string {
  const hasPorts = /^ports:/m.test(spec);
  const body = `${hasPorts ? '' : 'ports:\n  - {name: p, protocol: TCP, port: 8675, targetPort: 8675}\n'}${spec}`;
  const indented = body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `  ${l}`)
    .join('\n');
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  selector: {key: val}\n  sessionAffinity: None\n${indented}\n`;
}

interface Vector {
  name: string;
  yaml: string;
  /** The field errors, exactly (path + type + value + detail). Empty: valid. */
  errors: string[];
}

const SERVICE: Vector[] = [
  { name: 'valid 1', yaml: service('type: ClusterIP'), errors: [] },
  {
    name: 'valid 2 (UDP)',
    yaml: service('ports:\n  - {name: p, protocol: UDP, port: 8675, targetPort: 8675}'),
    errors: [],
  },
  {
    name: 'invalid port',
    yaml: service('ports:\n  - {name: p, protocol: TCP, port: 65536, targetPort: 8675}'),
    errors: ['spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'missing port',
    yaml: service('ports:\n  - {name: p, protocol: TCP, port: 0, targetPort: 8675}'),
    errors: ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'invalid protocol',
    yaml: service('ports:\n  - {name: p, protocol: INVALID, port: 8675, targetPort: 8675}'),
    errors: ['spec.ports[0].protocol: Unsupported value: "INVALID": supported values: "SCTP", "TCP", "UDP"'],
  },
  {
    name: 'dup port name',
    yaml: service(
      'ports:\n  - {name: p, protocol: TCP, port: 8675, targetPort: 8675}\n  - {name: p, protocol: TCP, port: 12345, targetPort: 12345}',
    ),
    errors: ['spec.ports[1].name: Duplicate value: "p"'],
  },
  {
    name: 'invalid port name',
    yaml: service('ports:\n  - {name: INVALID, protocol: TCP, port: 8675, targetPort: 8675}'),
    errors: [
      `spec.ports[0].name: Invalid value: "INVALID": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ],
  },
  {
    name: 'missing multi-port name',
    yaml: service(
      'ports:\n  - {name: p, protocol: TCP, port: 8675, targetPort: 8675}\n  - {protocol: TCP, port: 12345, targetPort: 12345}',
    ),
    errors: ['spec.ports[1].name: Required value (a Service with several ports must name each)'],
  },
  {
    name: 'invalid target port number',
    yaml: service('ports:\n  - {name: p, protocol: TCP, port: 8675, targetPort: 65536}'),
    errors: ['spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'invalid target port name (kube-linter#124)',
    yaml: service('ports:\n  - {name: p, protocol: TCP, port: 8675, targetPort: foobar-event-management}'),
    errors: [
      'spec.ports[0].targetPort: Invalid value: "foobar-event-management": must be no more than 15 characters',
    ],
  },
  {
    name: 'valid target port name',
    yaml: service('ports:\n  - {name: p, protocol: TCP, port: 8675, targetPort: http}'),
    errors: [],
  },
  {
    name: 'invalid publicIPs localhost',
    yaml: service('externalIPs: [127.0.0.1]\ntype: NodePort'),
    errors: [
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ],
  },
  {
    name: 'invalid publicIPs unspecified',
    yaml: service('externalIPs: [0.0.0.0]'),
    errors: ['spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)'],
  },
  {
    name: 'invalid publicIPs host',
    yaml: service('externalIPs: [myhost.mydomain]'),
    errors: [
      'spec.externalIPs[0]: Invalid value: "myhost.mydomain": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  },
  { name: 'valid externalIPs', yaml: service('externalIPs: [1.2.3.4]'), errors: [] },
  {
    name: 'missing ports',
    yaml: service('ports: []'),
    errors: ['spec.ports: Required value'],
  },
  { name: 'missing ports but headless', yaml: service('ports: []\nclusterIP: None'), errors: [] },
  {
    name: 'invalid type',
    yaml: service('type: Nodeport'),
    errors: [
      'spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
  },
  {
    name: 'invalid cluster service with NodePort',
    yaml: service(
      'type: ClusterIP\nports:\n  - {name: p, protocol: TCP, port: 8675, targetPort: 8675, nodePort: 30001}',
    ),
    errors: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  },
  {
    name: 'valid NodePort service with nodePort',
    yaml: service(
      'type: NodePort\nports:\n  - {name: p, protocol: TCP, port: 8675, targetPort: 8675, nodePort: 30001}',
    ),
    errors: [],
  },
  {
    name: 'duplicate service ports for same protocol',
    yaml: service(
      'ports:\n  - {name: p, protocol: TCP, port: 1, targetPort: 1}\n  - {name: q, protocol: TCP, port: 1, targetPort: 1}',
    ),
    errors: ['spec.ports[1]: Duplicate value: "1/TCP": the same port and protocol as spec.ports[0]'],
  },
  {
    name: 'valid duplicate ports (with different protocols)',
    yaml: service(
      'ports:\n  - {name: p, protocol: TCP, port: 1, targetPort: 1}\n  - {name: q, protocol: UDP, port: 1, targetPort: 1}',
    ),
    errors: [],
  },
  {
    name: 'invalid source range for non LoadBalancer type service',
    yaml: service('loadBalancerSourceRanges: [10.0.0.0/8]'),
    errors: ["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"],
  },
  {
    name: 'invalid source range',
    yaml: service('type: LoadBalancer\nloadBalancerSourceRanges: [foo.bar]'),
    errors: [
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "foo.bar": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  },
  {
    name: 'headless NodePort',
    yaml: service('type: NodePort\nclusterIP: None'),
    errors: [`spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`],
  },
  {
    name: 'invalid clusterIP',
    yaml: service('clusterIP: invalid'),
    errors: [
      'spec.clusterIPs[0]: Invalid value: "invalid": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  },
  {
    name: 'externalTrafficPolicy on ClusterIP',
    yaml: service('externalTrafficPolicy: Local'),
    errors: [
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ],
  },
  {
    name: 'invalid externalTrafficPolicy value',
    yaml: service('type: NodePort\nexternalTrafficPolicy: local'),
    errors: ['spec.externalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"'],
  },
  {
    name: 'sessionAffinity ClientIP timeout too large',
    yaml: service('sessionAffinity: ClientIP\nsessionAffinityConfig:\n  clientIP: {timeoutSeconds: 90000}'),
    errors: [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than 86400',
    ],
  },
  {
    name: 'invalid Service name',
    yaml: service('type: ClusterIP', '1web'),
    errors: [
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ],
  },
  {
    name: 'missing externalName',
    yaml: service('type: ExternalName\nports: []'),
    errors: ['spec.externalName: Required value'],
  },
  {
    name: 'invalid ExternalName clusterIP (not allowed)',
    yaml: service('type: ExternalName\nexternalName: foo.bar.example.com\nclusterIP: 1.2.3.4'),
    errors: ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
  },
  {
    name: 'invalid ipFamilies value',
    yaml: service('ipFamilies: [ipv4]'),
    errors: ['spec.ipFamilies[0]: Unsupported value: "ipv4": supported values: "IPv4", "IPv6"'],
  },
  {
    name: 'invalid ipFamilyPolicy',
    yaml: service('ipFamilyPolicy: DualStack'),
    errors: [
      'spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"',
    ],
  },
  {
    name: 'SingleStack with two families',
    yaml: service('ipFamilyPolicy: SingleStack\nipFamilies: [IPv4, IPv6]'),
    errors: [
      "spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
    ],
  },
  {
    name: 'valid dual-stack',
    yaml: service('ipFamilyPolicy: RequireDualStack\nipFamilies: [IPv4, IPv6]'),
    errors: [],
  },
  {
    name: 'valid ExternalName',
    yaml: service('type: ExternalName\nexternalName: foo.bar.example.com'),
    errors: [],
  },
];

/** A Pod with one container and the given ports (TestValidatePorts cases, as container ports). */
function pod(ports: string, extra = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${extra}  containers:\n    - name: c\n      image: i\n      ports:\n${ports
    .split('\n')
    .map((l) => `        ${l}`)
    .join('\n')}\n`;
}

const PORTS: Vector[] = [
  {
    name: 'valid ports',
    yaml: pod(
      '- {name: abc, containerPort: 80, hostPort: 80, protocol: TCP}\n- {name: easy, containerPort: 82, protocol: TCP}\n- {name: as, containerPort: 83, protocol: UDP}\n- {name: do-re-me, containerPort: 84, protocol: SCTP}\n- {containerPort: 85, protocol: TCP}',
    ),
    errors: [],
  },
  {
    name: 'name > 15 characters',
    yaml: pod('- {name: abcdefghijklmnopq, containerPort: 80}'),
    errors: [
      'spec.containers[0].ports[0].name: Invalid value: "abcdefghijklmnopq": must be no more than 15 characters',
    ],
  },
  {
    name: 'name contains invalid characters',
    yaml: pod('- {name: a.b.c, containerPort: 80}'),
    errors: [
      'spec.containers[0].ports[0].name: Invalid value: "a.b.c": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ],
  },
  {
    name: 'name is a number',
    yaml: pod('- {name: "80", containerPort: 80}'),
    errors: ['spec.containers[0].ports[0].name: Invalid value: "80": must contain at least one letter (a-z)'],
  },
  {
    name: 'name not unique',
    yaml: pod('- {name: abc, containerPort: 80}\n- {name: abc, containerPort: 81}'),
    errors: ['spec.containers[0].ports[1].name: Duplicate value: "abc"'],
  },
  {
    name: 'zero container port',
    yaml: pod('- {containerPort: 0}'),
    errors: ['spec.containers[0].ports[0].containerPort: Required value'],
  },
  {
    name: 'invalid container port',
    yaml: pod('- {containerPort: 65536}'),
    errors: [
      'spec.containers[0].ports[0].containerPort: Invalid value: 65536: must be between 1 and 65535, inclusive',
    ],
  },
  {
    name: 'invalid host port',
    yaml: pod('- {containerPort: 80, hostPort: 65536}'),
    errors: [
      'spec.containers[0].ports[0].hostPort: Invalid value: 65536: must be between 1 and 65535, inclusive',
    ],
  },
  {
    name: 'invalid protocol case',
    yaml: pod('- {containerPort: 80, protocol: tcp}'),
    errors: [
      'spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    ],
  },
  {
    name: 'with hostNetwork hostPort not equal to containerPort',
    yaml: pod(
      '- {containerPort: 2600, hostPort: 8080}',
      '  hostNetwork: true\n  dnsPolicy: ClusterFirstWithHostNet\n',
    ),
    errors: [
      'spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
    ],
  },
  {
    name: 'with hostAliases with invalid IP',
    yaml: pod('- {containerPort: 80}', '  hostAliases:\n    - {ip: 999.999.999.999, hostnames: [host1]}\n'),
    errors: [
      'spec.hostAliases[0].ip: Invalid value: "999.999.999.999": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  },
];

function policy(spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bar, namespace: foo}\nspec:\n  podSelector: {matchLabels: {a: b}}\n${spec
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

const NETWORK_POLICY: Vector[] = [
  {
    name: 'valid ipBlock with except',
    yaml: policy(
      'ingress:\n  - from:\n      - ipBlock: {cidr: 192.168.0.0/16, except: [192.168.3.0/24, 192.168.4.0/24]}',
    ),
    errors: [],
  },
  {
    name: 'namespaceSelector and ipBlock',
    yaml: policy(
      'ingress:\n  - from:\n      - namespaceSelector: {matchLabels: {c: d}}\n        ipBlock: {cidr: 192.168.0.0/16}',
    ),
    errors: ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
  },
  {
    name: 'podSelector and ipBlock',
    yaml: policy(
      'egress:\n  - to:\n      - podSelector: {matchLabels: {c: d}}\n        ipBlock: {cidr: 192.168.0.0/16}',
    ),
    errors: ['spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer'],
  },
  {
    name: 'missing from and to type',
    yaml: policy('ingress:\n  - from:\n      - {}'),
    errors: ['spec.ingress[0].from[0]: Required value: must specify a peer'],
  },
  {
    name: 'invalid cidr format',
    yaml: policy('ingress:\n  - from:\n      - ipBlock: {cidr: 192.168.5.6}'),
    errors: [
      'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "192.168.5.6": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  },
  {
    name: 'except IP is outside of CIDR range',
    yaml: policy('ingress:\n  - from:\n      - ipBlock: {cidr: 192.168.8.0/24, except: [192.168.9.1/32]}'),
    errors: [
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.9.1/32": must be a strict subset of `cidr`',
    ],
  },
  {
    name: 'except IP is not strictly within CIDR range',
    yaml: policy('ingress:\n  - from:\n      - ipBlock: {cidr: 192.168.0.0/24, except: [192.168.0.0/24]}'),
    errors: [
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`',
    ],
  },
  {
    name: 'except field is an empty string',
    yaml: policy('ingress:\n  - from:\n      - ipBlock: {cidr: 192.168.8.0/24, except: [""]}'),
    errors: [
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  },
  {
    name: 'invalid policyTypes',
    yaml: policy('policyTypes: [foo]'),
    errors: ['spec.policyTypes[0]: Unsupported value: "foo": supported values: "Ingress", "Egress"'],
  },
  {
    name: 'too many policyTypes',
    yaml: policy('policyTypes: [Egress, Ingress, Ingress]'),
    errors: ['spec.policyTypes: Invalid value: …: may not specify more than two policyTypes'],
  },
  {
    name: 'invalid protocol',
    yaml: policy('ingress:\n  - ports:\n      - {protocol: ICMP, port: 80}'),
    errors: [
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
    ],
  },
  {
    name: 'port is greater than endPort',
    yaml: policy('egress:\n  - ports:\n      - {protocol: TCP, port: 35000, endPort: 32768}'),
    errors: [
      'spec.egress[0].ports[0].endPort: Invalid value: 32768: must be greater than or equal to `port`',
    ],
  },
  {
    name: 'endPort defined with named/string port',
    yaml: policy('egress:\n  - ports:\n      - {protocol: TCP, port: dns, endPort: 32768}'),
    errors: [
      'spec.egress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is non-numeric',
    ],
  },
  {
    name: 'endPort defined without port defined',
    yaml: policy('egress:\n  - ports:\n      - {protocol: TCP, endPort: 32768}'),
    errors: [
      'spec.egress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is not specified',
    ],
  },
  {
    name: 'invalid port',
    yaml: policy('egress:\n  - ports:\n      - {protocol: TCP, port: 123456789}'),
    errors: [
      'spec.egress[0].ports[0].port: Invalid value: 123456789: must be between 1 and 65535, inclusive',
    ],
  },
  {
    name: 'valid endPort range',
    yaml: policy('egress:\n  - ports:\n      - {protocol: TCP, port: 32000, endPort: 32768}'),
    errors: [],
  },
];

function ingress(spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: foo, namespace: default}\nspec:\n${spec
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

const rule = (path: string, backend = 'service: {name: defaultbackend, port: {number: 80}}'): string =>
  `rules:\n  - host: foo.bar.com\n    http:\n      paths:\n        - ${path}\n          backend: {${backend}}`;

const INGRESS: Vector[] = [
  { name: 'valid', yaml: ingress(rule('path: /foo\n          pathType: Prefix')), errors: [] },
  {
    name: 'no paths',
    yaml: ingress('rules:\n  - host: foo.bar.com\n    http:\n      paths: []'),
    errors: ['spec.rules[0].http.paths: Required value'],
  },
  {
    name: 'pathType missing',
    yaml: ingress(rule('path: /foo')),
    errors: ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified'],
  },
  {
    name: 'invalid pathType',
    yaml: ingress(rule('path: /foo\n          pathType: foo')),
    errors: [
      'spec.rules[0].http.paths[0].pathType: Unsupported value: "foo": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ],
  },
  {
    name: 'Prefix path not absolute',
    yaml: ingress(rule('path: foo\n          pathType: Prefix')),
    errors: ['spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path'],
  },
  {
    name: 'Exact path with //',
    yaml: ingress(rule('path: /foo//bar/foo\n          pathType: Exact')),
    errors: ['spec.rules[0].http.paths[0].path: Invalid value: "/foo//bar/foo": must not contain \'//\''],
  },
  {
    name: 'backend with both port name and number',
    yaml: ingress(
      rule(
        'path: /\n          pathType: Prefix',
        'service: {name: defaultbackend, port: {name: http, number: 80}}',
      ),
    ),
    errors: [
      'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
    ],
  },
  {
    name: 'backend with no port',
    yaml: ingress(rule('path: /\n          pathType: Prefix', 'service: {name: defaultbackend}')),
    errors: ['spec.rules[0].http.paths[0].backend: Required value: port name or number is required'],
  },
  {
    name: 'invalid host (127.0.0.1)',
    yaml: ingress(rule('path: /\n          pathType: Prefix').replace('foo.bar.com', '127.0.0.1')),
    errors: ['spec.rules[0].host: Invalid value: "127.0.0.1": must be a DNS name, not an IP address'],
  },
  {
    name: 'invalid wildcard host (*)',
    yaml: ingress(rule('path: /\n          pathType: Prefix').replace('foo.bar.com', '"*"')),
    errors: [
      "spec.rules[0].host: Invalid value: \"*\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  },
  {
    name: 'class field and annotation set with different value',
    yaml: ingress(`ingressClassName: bar\n${rule('path: /\n          pathType: Prefix')}`).replace(
      'metadata: {name: foo, namespace: default}',
      'metadata: {name: foo, namespace: default, annotations: {kubernetes.io/ingress.class: foo}}',
    ),
    errors: [
      'annotations.kubernetes.io/ingress.class: Invalid value: "foo": must match `ingressClassName` when both are specified',
    ],
  },
  {
    name: 'neither defaultBackend nor rules',
    yaml: ingress('ingressClassName: nginx'),
    errors: ['spec: Invalid value: …: either `defaultBackend` or `rules` must be specified'],
  },
];

/** gateway-api `TestValidateGateway`'s base Gateway (foo, class foo) with its listeners replaced. */
function gateway(listeners: string): string {
  const items = listeners
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: foo, namespace: default}\nspec:\n  gatewayClassName: foo\n  listeners:\n${items}\n`;
}

/** gateway-api `TestBackendObjectReference`'s route (namespace default) with one backendRef. */
const route = (ref: string): string =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: foo, namespace: default}\nspec:\n  rules:\n    - backendRefs:\n        - ${ref}\n`;

const LISTENERS = 'spec.listeners: Invalid value: "array": ';
const CERT = 'tls: {certificateRefs: [{name: foo}]}';

/** gateway-api (pkg/test/cel) TestValidateGateway and TestBackendObjectReference: the CEL rules of K8S054. */
const GATEWAY: Vector[] = [
  { name: 'base gateway', yaml: gateway('- {name: http, protocol: HTTP, port: 80}'), errors: [] },
  {
    name: 'hostname present with tcp protocol',
    yaml: gateway('- {name: tcp, protocol: TCP, port: 8080, hostname: foo}'),
    errors: [`${LISTENERS}hostname must not be specified for protocols ['TCP', 'UDP']`],
  },
  {
    name: 'hostname present with udp protocol',
    yaml: gateway('- {name: udp, protocol: UDP, port: 8080, hostname: foo}'),
    errors: [`${LISTENERS}hostname must not be specified for protocols ['TCP', 'UDP']`],
  },
  {
    name: 'tls config not set with tcp protocol',
    yaml: gateway('- {name: tcp, protocol: TCP, port: 8080}'),
    errors: [],
  },
  {
    name: 'tls config not set with udp protocol',
    yaml: gateway('- {name: udp, protocol: UDP, port: 8080}'),
    errors: [],
  },
  {
    name: 'names are not unique within the Gateway',
    yaml: gateway(
      '- {name: http, protocol: HTTP, port: 80}\n- {name: http, protocol: HTTP, port: 8000}\n- {name: http, protocol: HTTP, port: 8080}',
    ),
    errors: [`${LISTENERS}Listener name must be unique within the Gateway`],
  },
  {
    name: 'names are unique within the Gateway',
    yaml: gateway(
      '- {name: http-1, protocol: HTTP, port: 80}\n- {name: http-2, protocol: HTTP, port: 8000}\n- {name: http-3, protocol: HTTP, port: 8080}',
    ),
    errors: [],
  },
  {
    name: 'combination of port, protocol, and hostname are not unique for each listener',
    yaml: gateway(
      '- {name: foo, protocol: HTTP, port: 80, hostname: foo.com}\n- {name: bar, protocol: HTTP, port: 80, hostname: foo.com}',
    ),
    errors: [`${LISTENERS}Combination of port, protocol and hostname must be unique for each listener`],
  },
  {
    name: 'combination of port and protocol are not unique for each listener when hostnames not set',
    yaml: gateway('- {name: foo, protocol: HTTP, port: 80}\n- {name: bar, protocol: HTTP, port: 80}'),
    errors: [`${LISTENERS}Combination of port, protocol and hostname must be unique for each listener`],
  },
  {
    name: 'port is unique when protocol and hostname are the same',
    yaml: gateway(
      '- {name: foo, protocol: HTTP, port: 80, hostname: foo.com}\n- {name: bar, protocol: HTTP, port: 8000, hostname: foo.com}',
    ),
    errors: [],
  },
  {
    name: 'hostname is unique when protocol and port are the same',
    yaml: gateway(
      '- {name: foo, protocol: HTTP, port: 80, hostname: foo.com}\n- {name: bar, protocol: HTTP, port: 80, hostname: bar.com}',
    ),
    errors: [],
  },
  {
    name: 'one omitted hostname is unique when protocol and port are the same',
    yaml: gateway(
      '- {name: foo, protocol: HTTP, port: 80, hostname: foo.com}\n- {name: bar, protocol: HTTP, port: 80}',
    ),
    errors: [],
  },
  {
    name: 'protocol is unique when port and hostname are the same',
    yaml: gateway(
      `- {name: foo, protocol: HTTP, port: 8000, hostname: foo.com}\n- {name: bar, protocol: HTTPS, port: 8000, hostname: foo.com, ${CERT}}`,
    ),
    errors: [],
  },
  {
    name: 'listener port above the maximum (egctl validate, invalid-resources)',
    yaml: gateway('- {name: http, protocol: HTTP, port: 88888}'),
    errors: [
      'spec.listeners[0].port: Invalid value: 88888: spec.listeners[0].port in body should be less than or equal to 65535',
    ],
  },
  { name: 'default groupkind with port', yaml: route('{name: backend, port: 99}'), errors: [] },
  {
    name: 'default groupkind with no port',
    yaml: route('{name: backend}'),
    errors: ['spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference'],
  },
  {
    name: 'explicit service with port',
    yaml: route('{group: "", kind: Service, name: backend, port: 99}'),
    errors: [],
  },
  {
    name: 'explicit service with no port',
    yaml: route('{group: "", kind: Service, name: backend}'),
    errors: ['spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference'],
  },
  {
    name: 'explicit ref with no port',
    yaml: route('{group: foo.example.com, kind: Foo, name: backend}'),
    errors: [],
  },
];

for (const [suite, vectors] of [
  ['TestValidateService', SERVICE],
  ['TestValidatePorts / TestValidatePodSpec', PORTS],
  ['TestValidateNetworkPolicy', NETWORK_POLICY],
  ['TestValidateIngress', INGRESS],
  ['gateway-api TestValidateGateway / TestBackendObjectReference', GATEWAY],
] as const) {
  for (const v of vectors) {
    test(`${suite}: ${v.name}`, () => {
      assert.deepEqual(errorsFor(v.yaml), [...v.errors].sort());
    });
  }
}

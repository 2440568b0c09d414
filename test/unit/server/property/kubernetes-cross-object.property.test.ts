import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Finding } from '@switchyard/core';
import type { Span } from '../../../../server/src/yaml/tree';
import { ManifestFiles } from '../../../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../../../server/src/kubernetes/loader';
import { analyzeKubernetes } from '../../../../server/src/analyze-kubernetes';
import { kubernetesRules } from '../../../../server/src/rules/kubernetes/registry';

/**
 * The editor's incremental path on a multi-file project, with edits to what the cross-object rules read:
 * nodePorts (a second port's too, so a Service's number of claims changes) and port protocols, hostPorts, selectors and pod labels, named and numbered target and container ports, policy
 * selectors and their DNS egress, Ingress backends, Service types, names and namespaces; objects moved
 * between files, added, removed, copied (an identical document beside the original), and lines added above them (so kept findings must move with their
 * objects). Values come from small sets, so clashes appear and go away. After every edit the findings of
 * the kept ManifestFiles (unchanged documents keep their trees, rules keep what they can) must equal a fresh
 * load and analysis, finding for finding, in order.
 */
const DIR = '/xobj';
const FILES = ['a.yaml', 'b.yaml', 'sub/c.yaml'];

interface Obj {
  kind: 'Service' | 'Deployment' | 'DaemonSet' | 'NetworkPolicy' | 'Ingress';
  name: string;
  ns: string;
  file: number;
  /** Service: NodePort or ClusterIP; its port, targetPort (a name or a number) and nodePort; selector. */
  type: 'NodePort' | 'ClusterIP';
  port: number;
  targetPort: string | number;
  nodePort: number;
  /** Service: the first port's protocol, and a second port's nodePort (0: no second port). */
  protocol: 'TCP' | 'UDP';
  nodePort2: number;
  app: string;
  /** Pod templates: labels, container port name and number, hostPort (0: none). */
  portName: string;
  containerPort: number;
  hostPort: number;
  /** NetworkPolicy: egress with or without DNS; Ingress: backend service and port. */
  dns: boolean;
  backend: string;
}

const KINDS = ['Service', 'Deployment', 'DaemonSet', 'NetworkPolicy', 'Ingress'] as const;
const NAMES = ['web', 'api', 'db'];
const NAMESPACES = ['one', 'two'];
const APPS = ['web', 'api', 'db'];
const PORT_NAMES = ['http', 'metrics', 'grpc'];

const objArb: fc.Arbitrary<Obj> = fc.record({
  kind: fc.constantFrom(...KINDS),
  name: fc.constantFrom(...NAMES),
  ns: fc.constantFrom(...NAMESPACES),
  file: fc.integer({ min: 0, max: FILES.length - 1 }),
  type: fc.constantFrom('NodePort' as const, 'ClusterIP' as const),
  port: fc.constantFrom(80, 443),
  targetPort: fc.oneof(fc.constantFrom(...PORT_NAMES), fc.constantFrom(8080, 9090)),
  nodePort: fc.constantFrom(30080, 30081, 30082, 80),
  protocol: fc.constantFrom('TCP' as const, 'UDP' as const),
  nodePort2: fc.constantFrom(0, 0, 30080, 30081),
  app: fc.constantFrom(...APPS),
  portName: fc.constantFrom(...PORT_NAMES),
  containerPort: fc.constantFrom(8080, 9090),
  hostPort: fc.constantFrom(0, 0, 8443, 9443),
  dns: fc.boolean(),
  backend: fc.constantFrom(...NAMES),
});

/**
 * A Service and the Deployment it selects, consistent (selector, named targetPort, nodePort): the clean
 * state that single edits then break, so findings appear as well as go.
 */
const bundleArb: fc.Arbitrary<Obj[]> = objArb.map((o) => [
  { ...o, kind: 'Service' as const, type: 'NodePort' as const, targetPort: o.portName },
  { ...o, kind: 'Deployment' as const },
]);

const projectArb: fc.Arbitrary<Obj[]> = fc
  .tuple(fc.array(bundleArb, { minLength: 1, maxLength: 4 }), fc.array(objArb, { maxLength: 6 }))
  .map(([bundles, others]) => [...bundles.flat(), ...others]);

function render(o: Obj): string {
  const meta = `metadata:\n  name: ${o.name}\n  namespace: ${o.ns}\n`;
  switch (o.kind) {
    case 'Service': {
      const tp = typeof o.targetPort === 'string' ? o.targetPort : String(o.targetPort);
      const np = o.type === 'NodePort' ? `\n      nodePort: ${o.nodePort}` : '';
      const second =
        o.type === 'NodePort' && o.nodePort2 > 0
          ? `    - name: q\n      port: 8443\n      nodePort: ${o.nodePort2}\n`
          : '';
      return `apiVersion: v1\nkind: Service\n${meta}spec:\n  type: ${o.type}\n  selector:\n    app: ${o.app}\n  ports:\n    - name: p\n      port: ${o.port}\n      protocol: ${o.protocol}\n      targetPort: ${tp}${np}\n${second}`;
    }
    case 'Deployment':
    case 'DaemonSet': {
      const hp = o.hostPort > 0 ? `\n              hostPort: ${o.hostPort}` : '';
      const replicas = o.kind === 'Deployment' ? '  replicas: 2\n' : '';
      return `apiVersion: apps/v1\nkind: ${o.kind}\n${meta}spec:\n${replicas}  selector:\n    matchLabels:\n      app: ${o.app}\n  template:\n    metadata:\n      labels:\n        app: ${o.app}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n          ports:\n            - name: ${o.portName}\n              containerPort: ${o.containerPort}${hp}\n`;
    }
    case 'NetworkPolicy': {
      const egress = o.dns
        ? `  egress:\n    - ports:\n        - {protocol: UDP, port: 53}\n        - {protocol: TCP, port: 53}\n`
        : `  egress:\n    - to:\n        - podSelector: {matchLabels: {app: ${o.backend}}}\n`;
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta}spec:\n  podSelector:\n    matchLabels:\n      app: ${o.app}\n  policyTypes: [Egress]\n${egress}`;
    }
    case 'Ingress':
      return `apiVersion: networking.k8s.io/v1\nkind: Ingress\n${meta}spec:\n  rules:\n    - host: ${o.name}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: ${o.backend}\n                port:\n                  number: ${o.port}\n`;
  }
}

interface State {
  objects: Obj[];
  /** Comment lines at the top of each file (added and removed to move everything below). */
  header: number[];
}

function texts(s: State): Map<string, string> {
  const out = new Map<string, string>();
  FILES.forEach((f, i) => {
    const docs = s.objects.filter((o) => o.file === i).map(render);
    out.set(`${DIR}/${f}`, '# header\n'.repeat(s.header[i] ?? 0) + docs.join('---\n'));
  });
  return out;
}

type Edit =
  | { op: 'set'; index: number; patch: Partial<Obj> }
  | { op: 'add'; obj: Obj }
  | { op: 'remove'; index: number }
  | { op: 'copy'; index: number }
  | { op: 'header'; file: number; lines: number };

/** The fields the cross-object rules read, each edited alone (so one change at a time decides). */
const EDITED: (keyof Obj)[] = [
  'nodePort',
  'nodePort2',
  'protocol',
  'hostPort',
  'app',
  'targetPort',
  'portName',
  'containerPort',
  'dns',
  'backend',
  'port',
  'type',
  'name',
  'ns',
  'file',
];

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      index: fc.nat(),
      patch: fc.tuple(objArb, fc.constantFrom(...EDITED)).map(([o, k]): Partial<Obj> => ({ [k]: o[k] })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add' as const), obj: objArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), index: fc.nat() }) },
  // An identical document after the original: documents matched by text must not mix them up.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('copy' as const), index: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('header' as const),
      file: fc.integer({ min: 0, max: FILES.length - 1 }),
      lines: fc.integer({ min: 0, max: 3 }),
    }),
  },
);

function apply(s: State, e: Edit): State {
  const objects = [...s.objects];
  const header = [...s.header];
  if (e.op === 'set' && objects.length > 0) {
    const i = e.index % objects.length;
    objects[i] = { ...(objects[i] as Obj), ...e.patch };
  } else if (e.op === 'add') objects.push(e.obj);
  else if (e.op === 'remove' && objects.length > 0) objects.splice(e.index % objects.length, 1);
  else if (e.op === 'copy' && objects.length > 0) {
    const i = e.index % objects.length;
    objects.splice(i + 1, 0, { ...(objects[i] as Obj) });
  } else if (e.op === 'header') header[e.file] = e.lines;
  return { objects, header };
}

/** Findings as data (spans by value), so trees moved in place compare equal to fresh ones. */
const flat = (fs: Finding<Span>[]): unknown =>
  fs.map((f) => ({ ...f, at: { ...f.at }, related: f.related?.map((r) => ({ ...r, at: { ...r.at } })) }));

function filesOf(current: () => Map<string, string>): ManifestFiles {
  return new ManifestFiles({
    read: (p) => current().get(p),
    list: (p) => (p === DIR ? ['a.yaml', 'b.yaml', 'sub'] : p === `${DIR}/sub` ? ['c.yaml'] : undefined),
  });
}

const analyzeWith = (files: ManifestFiles, rules = kubernetesRules): Finding<Span>[] =>
  analyzeKubernetes(loadKubernetesProject({ paths: [DIR], recursive: true, files }), rules);
/**
 * A fresh analysis: new trees, and a rule list of its own, so it neither uses nor replaces what the
 * incremental path kept for the project (kept findings are per rule list and project).
 */
const freshly = (files: ManifestFiles): Finding<Span>[] => analyzeWith(files, [...kubernetesRules]);

test('cross-object findings after random edits of a multi-file project equal a fresh analysis', () => {
  const codes = new Set<string>();
  fc.assert(
    fc.property(projectArb, fc.array(editArb, { minLength: 1, maxLength: 12 }), (objects, edits) => {
      let state: State = { objects, header: [0, 0, 0] };
      let current = texts(state);
      const kept = filesOf(() => current);
      analyzeWith(kept);
      for (const e of edits) {
        state = apply(state, e);
        current = texts(state);
        const incremental = analyzeWith(kept);
        const now = current;
        const fresh = freshly(filesOf(() => now));
        for (const f of fresh) codes.add(f.code);
        assert.deepStrictEqual(
          flat(incremental),
          flat(fresh),
          `after ${JSON.stringify(e)}:\n${[...current].map(([p, t]) => `# ${p}\n${t}`).join('\n')}`,
        );
      }
    }),
    { numRuns: 400 },
  );
  // The edits reach the cross-object rules: clashes and missing references do appear.
  for (const code of [
    'K8S001',
    'K8S002',
    'K8S027',
    'K8S005',
    'K8S061',
    'K8S062',
    'K8S063',
    'K8S066',
    'K8S067',
  ])
    assert.ok(codes.has(code), `no edit produced ${code} (seen: ${[...codes].sort().join(', ')})`);
});

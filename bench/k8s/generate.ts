// A generated Kubernetes project for the benchmark and the property tests: Deployments, Services (NodePort
// with distinct nodePorts), NetworkPolicies and Ingresses spread over namespaces and files, all valid, so
// every finding after an edit comes from the edit.
import type { EditTarget } from '../lsp/generate';

export interface K8sProjectSize {
  objects: number;
  namespaces: number;
  files: number;
}

export interface GeneratedK8sProject {
  /** File name (relative) → text. */
  files: Map<string, string>;
  /** The file the benchmark types into, and where: the last digit of the first Service's nodePort. */
  editFile: string;
  edit: EditTarget;
  objects: number;
}

function app(ns: number, i: number, nodePort: number): string[] {
  const name = `app-${i}`;
  return [
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ns-${ns}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        tier: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
          readinessProbe:
            httpGet:
              port: http
              path: /healthz
`,
    `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ns-${ns}
spec:
  type: NodePort
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: ${nodePort}
    - name: metrics
      port: 9090
      targetPort: metrics
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ns-${ns}
spec:
  podSelector:
    matchLabels:
      app: ${name}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              tier: web
        - ipBlock:
            cidr: 192.168.${i % 250}.0/24
            except: [192.168.${i % 250}.128/25]
      ports:
        - port: 8080
  egress:
    - to:
        - namespaceSelector: {}
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
`,
    `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ns-${ns}
spec:
  rules:
    - host: ${name}.ns-${ns}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${name}
                port:
                  name: http
`,
  ];
}

/** `objects` objects (4 per app) over `namespaces` namespaces and `files` files (files/namespaces per namespace). */
export function generateK8sProject(size: K8sProjectSize): GeneratedK8sProject {
  const apps = Math.ceil(size.objects / 4);
  const perFile = Math.ceil(apps / size.files);
  const files = new Map<string, string>();
  let nodePort = 30000;
  let made = 0;
  for (let f = 0; f < size.files; f++) {
    const ns = f % size.namespaces;
    const docs: string[] = [];
    for (let k = 0; k < perFile && made < apps; k++, made++) docs.push(...app(ns, made, (nodePort += 1)));
    files.set(`ns-${ns}/apps-${f}.yaml`, docs.join('---\n'));
  }
  const editFile = 'ns-0/apps-0.yaml';
  const text = files.get(editFile) ?? '';
  const at = text.indexOf('nodePort: ') + 'nodePort: '.length + 4;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return {
    files,
    editFile,
    edit: { line, character: before.length - before.lastIndexOf('\n') - 1, original: text[at] ?? '1' },
    objects: made * 4,
  };
}

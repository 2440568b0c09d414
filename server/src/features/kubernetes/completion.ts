import { CompletionItemKind } from 'vscode-languageserver';
import type { CompletionItem } from 'vscode-languageserver';
import { modelOf } from '../../kubernetes/cross-object';
import type { K8sProject } from '../../kubernetes/project';
import { backendRefs, ROUTE_KINDS } from '../../rules/kubernetes/ingress/gateway';
import { freeNodePort } from '../../rules/kubernetes/node-ports/node-ports';
import { selectedPods } from './chain';
import { locate } from './locate';

/**
 * Completion on a manifest value: Service names in an Ingress backend, Service names and their ports in a
 * Gateway route's `backendRefs`, a free nodePort, the named container ports of a Service's pods for
 * `targetPort`.
 */
export function manifestCompletion(
  project: K8sProject,
  file: string,
  text: string,
  offset: number,
): CompletionItem[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  const m = /^(\s*(?:-\s+)?)([A-Za-z]+):\s*\S*$/.exec(line);
  if (m === null) return [];
  const key = m[2] ?? '';
  const here = locate(project, file, lineStart + (m[1] ?? '').length);
  if (here === undefined) return [];
  const model = modelOf(project);
  const keys = here.steps.map((s) => s.key);
  if (here.obj.kind === 'Ingress' && key === 'name' && keys[keys.length - 2] === 'service') {
    return model.servicesIn(here.obj.unit, here.obj.namespace).map((s) => ({
      label: s.obj.name,
      kind: CompletionItemKind.Reference,
      detail: `Service ${s.obj.namespace}/${s.obj.name}: ${s.ports.map((p) => p.name ?? String(p.port)).join(', ')}`,
    }));
  }
  if (ROUTE_KINDS.has(here.obj.kind) && keys[keys.length - 3] === 'backendRefs') {
    const ref = backendRefs(here.obj).find((r) => r.node === refNode(here));
    const ns = ref?.namespace ?? here.obj.namespace;
    const services = model.servicesIn(here.obj.unit, ns);
    if (key === 'name')
      return services.map((s) => ({
        label: s.obj.name,
        kind: CompletionItemKind.Reference,
        detail: `Service ${s.obj.namespace}/${s.obj.name}: ${s.ports.map((p) => String(p.port)).join(', ')}`,
      }));
    if (key === 'port') {
      const svc = services.find((s) => s.obj.name === ref?.name);
      return (svc?.ports ?? []).flatMap((p) =>
        p.port === undefined
          ? []
          : [
              {
                label: String(p.port),
                kind: CompletionItemKind.Value,
                detail: `${p.name ?? 'port'} ${p.port}/${p.protocol} → targetPort ${String(p.targetPort)}`,
              },
            ],
      );
    }
  }
  if (here.obj.kind !== 'Service') return [];
  const svc = model.services.find((s) => s.obj === here.obj);
  if (svc === undefined) return [];
  if (key === 'nodePort') {
    const { min, max } = project.cluster.nodePorts;
    const free = freeNodePort(model, here.obj.unit, min, max);
    return free === undefined
      ? []
      : [{ label: String(free), kind: CompletionItemKind.Value, detail: `free in ${min}-${max}` }];
  }
  if (key === 'targetPort') {
    const names = new Map<string, string>();
    for (const pod of selectedPods(model, svc))
      for (const c of pod.containers)
        for (const p of c.ports)
          if (p.name)
            names.set(
              p.name,
              `${pod.obj.kind} ${pod.obj.name}, container ${c.name}: ${p.containerPort}/${p.protocol}`,
            );
    return [...names].map(([label, detail]) => ({ label, kind: CompletionItemKind.Value, detail }));
  }
  return [];
}

/** The backendRef map the cursor's key is in. */
function refNode(here: NonNullable<ReturnType<typeof locate>>): unknown {
  return here.steps[here.steps.length - 2]?.node;
}

import type { Location } from 'vscode-languageserver';
import { get } from '../../yaml/tree';
import type { PNode, Span } from '../../yaml/tree';
import { modelOf } from '../../kubernetes/model';
import type { K8sProject } from '../../kubernetes/project';
import { spanToRange } from '../../lsp/positions';
import { portChain, selectedPods } from './chain';
import { locate } from './locate';
import { nameAt } from './names';

/**
 * Go to definition on a manifest: a Service's selector → the pod templates it selects; a named targetPort
 * → the container ports it resolves to; an Ingress backend's Service name → the Service, its port → the
 * Service port; any other name of `names.ts` (a route backend, `serviceName`, a policy's pod selector, a
 * probe's port) → where it is declared.
 */
export function manifestDefinition(
  project: K8sProject,
  file: string,
  offset: number,
  uriOf: (p: string) => string,
): Location[] {
  const here = locate(project, file, offset);
  if (here === undefined) return [];
  const model = modelOf(project);
  const keys = here.steps.map((s) => s.key);
  const to = (spans: Span[]): Location[] =>
    spans.map((s) => ({
      uri: uriOf(s.file),
      range: spanToRange(project.sources.get(s.file)?.lineStarts ?? [0], s),
    }));
  if (here.obj.kind === 'Service') {
    const svc = model.services.find((s) => s.obj === here.obj);
    if (svc === undefined) return [];
    if (keys[0] === 'spec' && keys[1] === 'selector')
      return to(selectedPods(model, svc).map((p) => p.labelsNode?.span ?? p.obj.anchor));
    if (
      keys[0] === 'spec' &&
      keys[1] === 'ports' &&
      typeof keys[2] === 'number' &&
      keys[3] === 'targetPort'
    ) {
      const port = svc.ports.find((p) => p.index === keys[2]);
      return port ? to(portChain(model, svc, port).map((l) => l.node.span)) : [];
    }
  }
  if (here.obj.kind === 'Ingress' && keys.includes('service')) {
    const i = keys.lastIndexOf('service');
    let backend: PNode | null | undefined = here.obj.node;
    for (const k of keys.slice(0, i + 1))
      backend =
        typeof k === 'number' ? (backend?.kind === 'seq' ? backend.items[k] : undefined) : get(backend, k);
    const name = get(backend, 'name');
    const svc = model
      .servicesIn(here.obj.unit, here.obj.namespace)
      .find((s) => name?.kind === 'scalar' && s.obj.name === String(name.value));
    if (svc === undefined) return [];
    if (keys[i + 1] === 'port') {
      const port = get(backend, 'port');
      const number = get(port, 'number');
      const pname = get(port, 'name');
      const hit = svc.ports.find((p) =>
        number?.kind === 'scalar'
          ? p.port === number.value
          : pname?.kind === 'scalar' && p.name === pname.value,
      );
      return hit ? to([hit.node.span]) : [];
    }
    return to([svc.obj.anchor]);
  }
  // Any other name that ties objects together (a Gateway route's backend, a StatefulSet's serviceName, a
  // NetworkPolicy's pod selector, a probe's named port): where it is declared.
  const name = nameAt(project, file, offset);
  if (name === undefined) return [];
  return to(
    name.all
      .filter((o) => o.declaration && (o.span.file !== name.here.file || o.span.start !== name.here.start))
      .map((o) => o.span),
  );
}

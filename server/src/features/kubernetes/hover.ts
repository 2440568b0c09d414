import {
  addrFrom,
  formatAddr,
  lastAddress,
  masked,
  networkAddress,
  parsePrefix,
  size,
} from '@switchyard/core';
import type { Hover } from 'vscode-languageserver';
import { isScalar } from '../../yaml/tree';
import { modelOf } from '../../kubernetes/model';
import { describeObject } from '../../kubernetes/objects';
import type { K8sProject } from '../../kubernetes/project';
import { portChain, selectedPods } from './chain';
import { locate } from './locate';

/** Hover on a manifest: a Service's pods and port chain, a CIDR's range. */
export function manifestHover(project: K8sProject, file: string, offset: number): Hover | null {
  const here = locate(project, file, offset);
  if (here === undefined) return null;
  const model = modelOf(project);
  const node = here.node;
  if (isScalar(node) && typeof node.value === 'string' && node.value.includes('/')) {
    const p = parsePrefix(node.value.trim());
    if (p.ok) {
      const net = masked(p.value);
      const first = networkAddress(net);
      const n = size(net);
      return md(
        `**${node.value}**: ${formatAddr(first)} – ${formatAddr(lastAddress(net))} (${n} address${n === 1n ? '' : 'es'})${
          net.addr.value !== p.value.addr.value
            ? `; host bits set, the network is ${formatAddr(addrFrom(first.family, first.value))}/${net.bits}`
            : ''
        }`,
      );
    }
  }
  if (here.obj.kind !== 'Service') return null;
  const svc = model.services.find((s) => s.obj === here.obj);
  if (svc === undefined) return null;
  const portIndex = here.steps.length >= 3 && here.steps[1]?.key === 'ports' ? here.steps[2]?.key : undefined;
  const port = typeof portIndex === 'number' ? svc.ports.find((p) => p.index === portIndex) : undefined;
  if (port !== undefined) {
    const links = portChain(model, svc, port);
    const head = `${svc.type === 'NodePort' || svc.type === 'LoadBalancer' ? `node port ${port.nodePort ?? '(allocated)'} → ` : ''}port ${port.port}/${port.protocol} → targetPort ${port.targetPort}${port.targetPortWritten ? '' : ' (defaults to port)'}`;
    const lines = links.map(
      (l) => `- ${describeObject(l.pod.obj)}, container \`${l.container}\`: containerPort ${l.containerPort}`,
    );
    return md(
      `**${describeObject(svc.obj)}** ${head}\n\n${lines.length > 0 ? lines.join('\n') : '_no selected pod serves this port_'}`,
    );
  }
  const pods = selectedPods(model, svc);
  const list = pods.map(
    (p) => `- ${describeObject(p.obj)} (${p.replicas} replica${p.replicas === 1 ? '' : 's'})`,
  );
  return md(
    `**${describeObject(svc.obj)}** (${svc.type}) selects ${pods.length} workload${pods.length === 1 ? '' : 's'}${svc.selector === undefined ? ' (no selector: endpoints are managed by hand)' : ''}\n\n${list.join('\n')}`,
  );
}

const md = (value: string): Hover => ({ contents: { kind: 'markdown', value } });

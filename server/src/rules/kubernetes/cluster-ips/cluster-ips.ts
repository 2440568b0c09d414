import { addrOf } from '@switchyard/core';
import type { IpAddr } from '@switchyard/core';
import { get } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import type { K8sModel } from '../../../kubernetes/cross-object';
import type { ServiceInfo } from '../../../kubernetes/services';

export interface RequestedIP {
  service: ServiceInfo;
  text: string;
  addr: IpAddr;
  at: Span;
}

/** The clusterIPs Services of a unit ask for by hand (not None, not empty, parseable). */
export function requestedClusterIPs(model: K8sModel, unit: string): RequestedIP[] {
  const out: RequestedIP[] = [];
  for (const s of model.servicesOfUnit(unit)) {
    const text = s.clusterIP;
    if (text === undefined || text === '' || text === 'None' || s.type === 'ExternalName') continue;
    const addr = addrOf(text);
    if (addr === undefined) continue;
    out.push({ service: s, text, addr, at: get(s.spec, 'clusterIP')?.span ?? s.obj.anchor });
  }
  return out;
}

export const allocError = (text: string, detail: string): string =>
  `spec.clusterIPs: Invalid value: ["${text}"]: failed to allocate IP ${text}: ${detail}`;

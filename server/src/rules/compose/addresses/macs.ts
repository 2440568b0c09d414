import type { Located } from '@switchyard/core';
import type { ComposeProject, ServiceModel } from '../../../compose/project';
import { get } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { attachmentEntry, attachments, located } from '../model';

export interface MacSetting {
  service: ServiceModel;
  /** The network key for a per-network `mac_address`; undefined for the service-level one. */
  network?: string;
  mac: Located<string, Span>;
}

/** Every `mac_address` of every enabled service: service level, then each network's. */
export function macSettings(project: ComposeProject): MacSetting[] {
  const out: MacSetting[] = [];
  for (const svc of project.services) {
    if (!svc.enabled) continue;
    const mac = located(get(svc.node, 'mac_address'));
    if (mac && mac.value !== '') out.push({ service: svc, mac });
  }
  for (const a of attachments(project)) {
    const mac = located(attachmentEntry(a, 'mac_address')?.value);
    if (mac && mac.value !== '') out.push({ service: a.service, network: a.key, mac });
  }
  return out;
}

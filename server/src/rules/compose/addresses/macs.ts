import type { Located } from '@switchyard/core';
import type { ComposeProject, ServiceModel } from '../../../compose/project';
import { get } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { attachmentEntry, attachments, located } from '../network-facts';

export interface MacSetting {
  service: ServiceModel;
  /** The network key for a per-network `mac_address`; undefined for the service-level one. */
  network?: string;
  mac: Located<string, Span>;
}

/**
 * Every `mac_address` of every enabled service: service level, then each network's. Read once per project
 * (three rules ask, NET065, NET068 and NET070; a project is not changed after load). Shared: do not modify.
 */
export function macSettings(project: ComposeProject): MacSetting[] {
  let known = byProject.get(project);
  if (known === undefined) byProject.set(project, (known = readMacSettings(project)));
  return known;
}

const byProject = new WeakMap<ComposeProject, MacSetting[]>();

function readMacSettings(project: ComposeProject): MacSetting[] {
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

import { engineIpamError, prefixOf, prefixesOverlap, tryFreeSubnet, validateIpam } from '@switchyard/core';

/** What the create wizard has collected so far. */
export interface NetworkDraft {
  name: string;
  driver: string;
  subnet?: string | undefined;
  gateway?: string | undefined;
  ipRange?: string | undefined;
  internal: boolean;
  /** Overlay networks: sandboxes may join by hand (the engine's default is true). */
  attachable?: boolean;
  enableIpv6: boolean;
  labels: Record<string, string>;
  /** Driver options (`parent` and `macvlan_mode` of a macvlan/ipvlan network, `encrypted` of an overlay). */
  options: Record<string, string>;
  /** Subnets already taken on the host, to suggest a free one and refuse an overlap before Docker does. */
  usedSubnets: string[];
}

export type DraftField = 'subnet' | 'gateway' | 'ipRange';

/**
 * The same checks the engine and the language server make (core/), run on the wizard's draft, so the user
 * sees Docker's refusal at the step that causes it, before anything is sent.
 */
export function precheckNetwork(draft: NetworkDraft): { field: DraftField; message: string }[] {
  const located = (field: DraftField, value: string | undefined) =>
    value ? { value, at: field } : undefined;
  const subnet = located('subnet', draft.subnet);
  const gateway = located('gateway', draft.gateway);
  const ipRange = located('ipRange', draft.ipRange);
  const findings = validateIpam<DraftField>({
    name: draft.name,
    driver: draft.driver,
    enableIpv6: draft.enableIpv6,
    configs:
      subnet || gateway || ipRange
        ? [
            {
              ...(subnet && { subnet }),
              ...(gateway && { gateway }),
              ...(ipRange && { ipRange }),
              auxAddresses: [],
              at: 'subnet',
            },
          ]
        : [],
  }).filter((f) => f.severity === 'error');
  const out = findings.map((f) => ({ field: f.at, message: engineIpamError([f]) ?? f.message }));
  const overlap = draft.subnet ? overlapping(draft.subnet, draft.usedSubnets) : undefined;
  if (overlap) {
    out.push({
      field: 'subnet',
      message: `invalid pool request: Pool overlaps with other one on this address space (${overlap} is taken); try ${suggestSubnet(draft.usedSubnets)}`,
    });
  }
  return out;
}

/** A free subnet from Docker's default pools that overlaps nothing on the host. */
export function suggestSubnet(used: string[]): string {
  return tryFreeSubnet(used, 24) ?? '';
}

function overlapping(subnet: string, used: string[]): string | undefined {
  const mine = prefixOf(subnet);
  if (!mine) return undefined;
  return used.find((u) => {
    const theirs = prefixOf(u);
    return theirs !== undefined && prefixesOverlap(mine, theirs);
  });
}

/** `key=value, key=value` as labels; an entry without a key or `=` is an error that names it. */
export function parseLabels(text: string): { labels: Record<string, string>; error?: string } {
  const labels: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { labels, error: `"${part}" is not key=value` };
    labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { labels };
}

/**
 * Interfaces a macvlan/ipvlan network can sit on: the host's own links, not loopback, container veths or the
 * bridges Docker (`docker0`, `br-<id>`) and the engine (`<prefix>-b<id>`, `<prefix>-v<id>`, macvlan host shims
 * `<prefix>-s<id>` and dummy parents `<prefix>-d<id>`) made.
 */
export function parentCandidates(interfaces: readonly string[]): string[] {
  const made = /^(veth|br-[0-9a-f]{12}$|docker\d|[a-z0-9]{1,6}-[bvsd][0-9a-f]{7}$)/;
  return interfaces.filter((i) => i !== 'lo' && !made.test(i));
}

/** The wizard's "k/N", where N grows when a step is added (a parent) and skipped steps still count. */
export class Steps {
  private at = 0;
  constructor(private total: number) {}
  next(): string {
    this.at += 1;
    return `${this.at}/${this.total}`;
  }
  add(n: number): void {
    this.total += n;
  }
  skip(n: number): void {
    this.at += n;
  }
}

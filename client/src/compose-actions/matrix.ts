// The dry run's outcome and its rendering as Markdown: what was built (or refused, in the engine's or swarm's
// words), each service with its replicas, and who reaches and resolves whom. Pure: the runner fills it in, the
// preview shows it.
import type { PlannedService } from './dry-run-plan';

export interface BuiltNetwork {
  key: string;
  engineName: string;
  /** The engine's refusal, verbatim. */
  error?: string;
}

export interface BuiltSandbox {
  service: string;
  sandbox: string;
  /** Which replica of its service, from 1 (absent: 1). */
  replica?: number;
  /** Swarm's reason it would stay pending; it was not built. */
  pending?: string;
  /** `network: address` for each endpoint the engine gave it. */
  addresses: { network: string; ipv4?: string }[];
  error?: string;
  notes: string[];
}

export interface Probe {
  ok: boolean;
  /** The address pinged (each replica's, when there are several), or the answers of the lookup. */
  detail: string;
}

export interface MatrixCell {
  from: string;
  to: string;
  ping?: Probe;
  dns?: Probe;
}

export interface DryRunOutcome {
  project: string;
  host: string;
  networks: BuiltNetwork[];
  /** The services with their replica counts and modes (absent in outcomes of one sandbox per service). */
  services?: PlannedService[];
  sandboxes: BuiltSandbox[];
  cells: MatrixCell[];
}

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderOutcome(o: DryRunOutcome): string {
  const lines = [`# Dry run of "${esc(o.project)}" on ${esc(o.host)}`, '', '## Networks', ''];
  lines.push('| network | engine network | result |', '| --- | --- | --- |');
  for (const n of o.networks)
    lines.push(`| ${esc(n.key)} | ${esc(n.engineName)} | ${n.error ? `✗ ${esc(n.error)}` : '✓ created'} |`);
  if (o.services) lines.push('', ...servicesTable(o.services, o.sandboxes));
  lines.push(
    '',
    o.services ? '## Replicas' : '## Services',
    '',
    '| service | sandbox | addresses | result |',
    '| --- | --- | --- | --- |',
  );
  for (const s of o.sandboxes) {
    const addrs = s.addresses.map((a) => `${a.network} ${a.ipv4 ?? '—'}`).join('<br>') || '—';
    const result = s.pending ? `⏸ pending: ${esc(s.pending)}` : s.error ? `✗ ${esc(s.error)}` : '✓';
    const notes = s.notes.map((n) => `<br>⚠ ${esc(n)}`).join('');
    const name =
      s.replica !== undefined && replicasOf(o, s.service) > 1 ? `${s.service} #${s.replica}` : s.service;
    lines.push(`| ${esc(name)} | ${esc(s.sandbox)} | ${esc(addrs)} | ${result}${notes} |`);
  }
  lines.push('', ...matrixTable(o, 'ping'), '', ...matrixTable(o, 'dns'), '');
  lines.push(
    "✓ reached / resolved · ✗ not · – not tried (a sandbox is missing). A row probes from its service's " +
      "first replica to every replica of the column's service (n/m: replicas reached), the diagonal to its own other replicas.",
  );
  return lines.join('\n');
}

const replicasOf = (o: DryRunOutcome, service: string): number =>
  o.services?.find((s) => s.service === service)?.built ?? 1;

/** One row per service: replicas running / asked, endpoint mode, ports with their publish modes. */
function servicesTable(services: PlannedService[], sandboxes: BuiltSandbox[]): string[] {
  const out = [
    '## Services and replicas',
    '',
    '| service | replicas | endpoint mode | ports | result |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const s of services) {
    const up = sandboxes.filter((b) => b.service === s.service && !b.error && !b.pending).length;
    const ports = s.ports.map(esc).join('<br>') || '—';
    const result = s.refused
      ? `✗ ${esc(s.refused)}`
      : up === s.replicas
        ? '✓'
        : `⚠ ${up} of ${s.replicas} up`;
    const notes = s.notes.map((n) => `<br>⚠ ${esc(n)}`).join('');
    out.push(
      `| ${esc(s.service)} | ${up}/${s.replicas} | ${s.endpointMode} | ${ports} | ${result}${notes} |`,
    );
  }
  return out;
}

function matrixTable(o: DryRunOutcome, kind: 'ping' | 'dns'): string[] {
  const names = [...new Set(o.sandboxes.map((s) => s.service))];
  const title =
    kind === 'ping' ? '## Who can ping whom (by address)' : '## Who resolves whom (by service name)';
  const out = [
    title,
    '',
    `| from \\ to | ${names.map(esc).join(' | ')} |`,
    `| --- |${names.map(() => ' --- |').join('')}`,
  ];
  for (const from of names) {
    const row = names.map((to) => {
      const probe = o.cells.find((c) => c.from === from && c.to === to)?.[kind];
      if (from === to && !probe) return '·';
      return probe ? `${probe.ok ? '✓' : '✗'} ${esc(probe.detail)}` : '–';
    });
    out.push(`| **${esc(from)}** | ${row.join(' | ')} |`);
  }
  return out;
}

/**
 * The address `from` should use to reach `to`: one on a network they share (compose's normal case), else
 * `to`'s first address, which then shows the isolation between networks as a failed ping.
 */
export function addressToReach(from: BuiltSandbox, to: BuiltSandbox): string | undefined {
  const mine = new Set(from.addresses.map((a) => a.network));
  const shared = to.addresses.find((a) => mine.has(a.network) && a.ipv4);
  return (shared ?? to.addresses.find((a) => a.ipv4))?.ipv4?.split('/')[0];
}

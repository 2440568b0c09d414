// The dry run's outcome and its rendering as Markdown: what was built (or refused, in the engine's words) and
// who reaches and resolves whom. Pure: the runner fills it in, the preview shows it.

export interface BuiltNetwork {
  key: string;
  engineName: string;
  /** The engine's refusal, verbatim. */
  error?: string;
}

export interface BuiltSandbox {
  service: string;
  sandbox: string;
  /** `network: address` for each endpoint the engine gave it. */
  addresses: { network: string; ipv4?: string }[];
  error?: string;
  notes: string[];
}

export interface Probe {
  ok: boolean;
  /** The address pinged, or the answers of the lookup. */
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
  sandboxes: BuiltSandbox[];
  cells: MatrixCell[];
}

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderOutcome(o: DryRunOutcome): string {
  const lines = [`# Dry run of "${esc(o.project)}" on ${esc(o.host)}`, '', '## Networks', ''];
  lines.push('| network | engine network | result |', '| --- | --- | --- |');
  for (const n of o.networks)
    lines.push(`| ${esc(n.key)} | ${esc(n.engineName)} | ${n.error ? `✗ ${esc(n.error)}` : '✓ created'} |`);
  lines.push(
    '',
    '## Services',
    '',
    '| service | sandbox | addresses | result |',
    '| --- | --- | --- | --- |',
  );
  for (const s of o.sandboxes) {
    const addrs = s.addresses.map((a) => `${a.network} ${a.ipv4 ?? '—'}`).join('<br>') || '—';
    const result = s.error ? `✗ ${esc(s.error)}` : '✓';
    const notes = s.notes.map((n) => `<br>⚠ ${esc(n)}`).join('');
    lines.push(`| ${esc(s.service)} | ${esc(s.sandbox)} | ${esc(addrs)} | ${result}${notes} |`);
  }
  lines.push('', ...matrixTable(o, 'ping'), '', ...matrixTable(o, 'dns'), '');
  lines.push('✓ reached / resolved · ✗ not · – not tried (a sandbox is missing)');
  return lines.join('\n');
}

function matrixTable(o: DryRunOutcome, kind: 'ping' | 'dns'): string[] {
  const names = o.sandboxes.map((s) => s.service);
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
      if (from === to) return '·';
      const probe = o.cells.find((c) => c.from === from && c.to === to)?.[kind];
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

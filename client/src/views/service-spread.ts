// "Probe this service": how the answers of N requests spread over the service's replicas and hosts. A replica
// is told by what it answered: its name (NAME.SLOT), its sandbox id or one of its addresses in the reply (a
// service whose replicas answer alike cannot be told apart; the report says so). Pure.
import type { ProbeAnswer, ServiceInfo, ServiceReplica } from '@switchyard/protocol';

export interface ReplicaShare {
  replica: string;
  host: string;
  state: ServiceReplica['state'];
  answers: number;
}

export interface Spread {
  sent: number;
  answered: number;
  failed: number;
  /** Every replica of the service, with the answers it gave (0 for one that gave none). */
  replicas: ReplicaShare[];
  /** Answers per host, from the replicas that gave them. */
  hosts: { host: string; answers: number }[];
  /** Answers no replica could be told from, by their first line. */
  unidentified: { reply: string; answers: number }[];
  /** Failures by their error. */
  errors: { error: string; answers: number }[];
}

/** Word-bounded, so replica `web.1` is not found in `web.12` nor address 10.0.0.1 in 10.0.0.12. */
function mentions(reply: string, token: string): boolean {
  if (!token) return false;
  let i = reply.indexOf(token);
  while (i >= 0) {
    const before = reply[i - 1];
    const after = reply[i + token.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    i = reply.indexOf(token, i + 1);
  }
  return false;
}

/** Letters, digits, `_` and `-` continue a name; `.` and `:` end one (`web.1.`, `10.0.0.1:80`). */
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_-]/.test(c);

/** The replica an answer came from: by name first (the most specific), then sandbox id, then address. */
export function replicaOf(reply: string, replicas: readonly ServiceReplica[]): ServiceReplica | undefined {
  return (
    replicas.find((r) => mentions(reply, r.name)) ??
    replicas.find((r) => r.sandbox !== undefined && mentions(reply, r.sandbox)) ??
    replicas.find((r) =>
      r.addresses.some((a) => mentions(reply, (a.ipv4 ?? a.ipv6 ?? '').split('/')[0] ?? '')),
    )
  );
}

const firstLine = (s: string): string =>
  (s.split('\n').find((l) => l.trim() !== '') ?? '').trim().slice(0, 80);

function bump<K>(m: Map<K, number>, k: K): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export function spreadOf(service: ServiceInfo, answers: readonly ProbeAnswer[]): Spread {
  const byReplica = new Map<string, number>();
  const unidentified = new Map<string, number>();
  const errors = new Map<string, number>();
  let answered = 0;
  for (const a of answers) {
    if (!a.ok) {
      bump(errors, a.error ?? 'failed');
      continue;
    }
    answered++;
    const r = replicaOf(a.reply ?? '', service.tasks);
    if (r) bump(byReplica, r.name);
    else bump(unidentified, firstLine(a.reply ?? '') || '(empty answer)');
  }
  const replicas = [...service.tasks]
    .sort((a, b) => a.slot - b.slot)
    .map((t) => ({ replica: t.name, host: t.host, state: t.state, answers: byReplica.get(t.name) ?? 0 }));
  const hosts = new Map<string, number>();
  for (const r of replicas) hosts.set(r.host, (hosts.get(r.host) ?? 0) + r.answers);
  const sorted = <K>(m: Map<K, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    sent: answers.length,
    answered,
    failed: answers.length - answered,
    replicas,
    hosts: [...hosts.entries()]
      .sort(([a], [b]) => String(a).localeCompare(String(b)))
      .map(([host, n]) => ({ host, answers: n })),
    unidentified: sorted(unidentified).map(([reply, n]) => ({ reply, answers: n })),
    errors: sorted(errors).map(([error, n]) => ({ error, answers: n })),
  };
}

const pct = (n: number, of: number): string => (of === 0 ? '—' : `${Math.round((n / of) * 100)}%`);
const esc = (s: string): string => s.replace(/[|\\`*_<>[\]]/g, '\\$&').replace(/\n/g, ' ');
const bar = (n: number, of: number): string => '█'.repeat(of === 0 ? 0 : Math.round((n / of) * 20));

/** One line that says what happened, for the notification and the report's first line. */
export function spreadVerdict(s: Spread): string {
  const giving = s.replicas.filter((r) => r.answers > 0);
  const hosts = new Set(giving.map((r) => r.host)).size;
  const running = s.replicas.filter((r) => r.state === 'running').length;
  const parts = [
    `${s.sent} requests: ${s.answered} answered`,
    ...(s.replicas.length > 0
      ? [`by ${giving.length} of ${running} running replicas on ${hosts} host${hosts === 1 ? '' : 's'}`]
      : []),
    `${s.failed} failed`,
  ];
  const unknown = s.unidentified.reduce((n, u) => n + u.answers, 0);
  if (unknown > 0) parts.push(`${unknown} answers name no replica`);
  return parts.join(', ');
}

export function renderSpread(
  service: ServiceInfo,
  target: string,
  from: string,
  s: Spread,
  stopped?: string,
): string {
  const lines = [
    `# Probe of service "${esc(service.name)}"`,
    '',
    `${s.sent} requests to ${esc(target)} from ${esc(from)}. ${esc(spreadVerdict(s))}.`,
    ...(stopped ? ['', `⚠ stopped early: ${esc(stopped)}`] : []),
    '',
    '## Replicas',
    '',
    '| replica | host | state | answers | share | |',
    '| --- | --- | --- | --- | --- | --- |',
    ...s.replicas.map(
      (r) =>
        `| ${esc(r.replica)} | ${esc(r.host)} | ${r.state} | ${r.answers} | ${pct(r.answers, s.answered)} | ${bar(r.answers, s.answered)} |`,
    ),
    '',
    '## Hosts',
    '',
    '| host | answers | share |',
    '| --- | --- | --- |',
    ...s.hosts.map((h) => `| ${esc(h.host)} | ${h.answers} | ${pct(h.answers, s.answered)} |`),
  ];
  if (s.unidentified.length > 0) {
    lines.push(
      '',
      '## Answers that name no replica',
      '',
      'A replica is told by its name, sandbox or address in what it answers; these answers had none of them.',
      '',
      '| first line | answers |',
      '| --- | --- |',
      ...s.unidentified.map((u) => `| ${esc(u.reply)} | ${u.answers} |`),
    );
  }
  if (s.errors.length > 0) {
    lines.push(
      '',
      '## Failed requests',
      '',
      '| error | count |',
      '| --- | --- |',
      ...s.errors.map((e) => `| ${esc(e.error)} | ${e.answers} |`),
    );
  }
  return `${lines.join('\n')}\n`;
}

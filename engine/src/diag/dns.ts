import { readFile } from 'node:fs/promises';
import { EngineError } from '../errors';
import { runStreaming } from './spawn';
import type { Target } from './target';
import { inTarget } from './target';

/** Parses `dig` output: status, answer records, query time (pure; exported for unit tests). */
export function parseDig(out: string) {
  const status = /status: ([A-Z]+)/.exec(out)?.[1] ?? 'NO RESPONSE';
  const section = /;; ANSWER SECTION:\n([\s\S]*?)(?:\n\n|$)/.exec(out)?.[1] ?? '';
  const answers = section
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith(';'))
    .map((l) => {
      const [name = '', ttl = '0', , type = '', ...data] = l.split(/\s+/);
      return { name, ttl: Number(ttl), type, data: data.join(' ') };
    });
  const ms = Number(/Query time: (\d+) msec/.exec(out)?.[1] ?? 0);
  return { status, answers, ms };
}

/** Resolves a name the way the target does: against the first nameserver of its own resolv.conf. */
export async function dnsLookup(t: Target, p: { name: string; type: string; timeoutMs: number }) {
  const resolv = await readFile(t.resolvConf, 'utf8').catch(() => '');
  const server = /^\s*nameserver\s+(\S+)/m.exec(resolv)?.[1];
  if (!server) throw EngineError.invalid(`${t.label} has no nameserver in ${t.resolvConf}`);
  const secs = Math.max(1, Math.round(p.timeoutMs / 1000));
  const argv = inTarget(t, [
    'dig',
    `@${server}`,
    '+tries=1',
    `+time=${secs}`,
    p.type === 'PTR' ? '-x' : '-t',
    p.type === 'PTR' ? p.name : p.type,
    ...(p.type === 'PTR' ? [] : [p.name]),
  ]);
  const run = await runStreaming(argv, { timeoutMs: p.timeoutMs + 3000 });
  if (run.exitCode === 10 || run.exitCode === 127 || /not found|No such file/.test(run.stderr))
    throw EngineError.kernel(`dig is not available on this host: install dnsutils (${run.stderr.trim()})`);
  return { server, ...parseDig(run.stdout) };
}

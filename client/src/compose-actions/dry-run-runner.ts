import type { CancellationToken } from 'vscode-jsonrpc/node';
import type { SandboxInfo } from '@switchyard/protocol';
import type { EngineClient } from '@switchyard/hostio';
import type { DryRunPlan, PlannedSandbox } from './dry-run-plan';
import { DRY_RUN_LABEL } from './dry-run-plan';
import { engineCreateParams } from '../engine-control/network-request';
import { addressToReach } from './matrix';
import type { BuiltNetwork, BuiltSandbox, DryRunOutcome, MatrixCell, Probe } from './matrix';

/** What a dry run left on the host, for the teardown. */
export interface DryRunResources {
  networks: string[];
  sandboxes: string[];
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Builds the plan in the engine, in order: networks, then sandboxes (creating and connecting), then probes
 * every ordered pair of services. A refusal of one object is recorded in the outcome, in the engine's words,
 * and the run goes on; only a lost connection or a cancellation throws (and the caller tears down).
 */
export async function runDryRun(
  client: EngineClient,
  plan: DryRunPlan,
  host: string,
  made: DryRunResources,
  progress: (step: string) => void,
  token: CancellationToken,
): Promise<DryRunOutcome> {
  const existing = new Set((await client.call('network.ls', {})).map((n) => n.Name));
  const networks: BuiltNetwork[] = [];
  for (const n of plan.networks) {
    progress(n.engineName);
    checkCancelled(token);
    const built: BuiltNetwork = { key: n.key, engineName: n.engineName };
    try {
      if (!existing.has(n.engineName))
        await client.call(
          'network.create',
          engineCreateParams({ ...n, name: n.engineName, labels: { [DRY_RUN_LABEL]: plan.project } }),
        );
      made.networks.push(n.engineName);
    } catch (err) {
      built.error = message(err);
    }
    networks.push(built);
  }
  const failedNets = new Set(networks.filter((n) => n.error).map((n) => n.engineName));
  const sandboxes: BuiltSandbox[] = [];
  for (const s of plan.sandboxes) {
    progress(s.sandbox);
    checkCancelled(token);
    sandboxes.push(await buildSandbox(client, s, failedNets, made));
  }
  const cells = await probeAll(client, sandboxes, progress, token);
  return { project: plan.project, host, networks, services: plan.services, sandboxes, cells };
}

async function buildSandbox(
  client: EngineClient,
  s: PlannedSandbox,
  failedNets: Set<string>,
  made: DryRunResources,
): Promise<BuiltSandbox> {
  const built: BuiltSandbox = {
    service: s.service,
    sandbox: s.sandbox,
    replica: s.replica,
    addresses: [],
    notes: [...s.notes],
  };
  if (s.pending) return { ...built, pending: s.pending };
  const missing = s.attachments.filter((a) => failedNets.has(a.engineName));
  if (missing.length > 0) {
    built.error = `not built: network ${missing.map((a) => `"${a.key}"`).join(', ')} was refused`;
    return built;
  }
  const [first, ...rest] = s.attachments;
  try {
    let info: SandboxInfo = await client.call('sandbox.create', {
      name: s.sandbox,
      networks: s.mode ? [s.mode] : first ? [first.engineName] : ['none'],
      aliases: first?.aliases ?? [],
      publish: s.publish,
      ...(first?.ipv4 && !s.mode && { ip: first.ipv4 }),
      ...(first?.ipv6 && !s.mode && { ip6: first.ipv6 }),
    });
    made.sandboxes.push(s.sandbox);
    for (const a of s.mode ? [] : rest) {
      await client.call('network.connect', {
        network: a.engineName,
        sandbox: s.sandbox,
        aliases: a.aliases,
        ...(a.ipv4 && { ip: a.ipv4 }),
        ...(a.ipv6 && { ip6: a.ipv6 }),
      });
    }
    if (rest.length > 0) info = await client.call('sandbox.inspect', { sandbox: s.sandbox });
    const keyOf = new Map(s.attachments.map((a) => [a.engineName, a.key]));
    built.addresses = info.endpoints.map((e) => ({
      network: keyOf.get(e.network) ?? e.network,
      ...(e.ipv4 && { ipv4: e.ipv4 }),
    }));
  } catch (err) {
    built.error = message(err);
  }
  return built;
}

/**
 * Service by service: from the first running replica of each service to every running replica of each
 * service (its own others included), by address, and its name resolved, as the matrix shows them.
 */
async function probeAll(
  client: EngineClient,
  sandboxes: BuiltSandbox[],
  progress: (step: string) => void,
  token: CancellationToken,
): Promise<MatrixCell[]> {
  const up = sandboxes.filter((s) => !s.error && !s.pending);
  const byService = new Map<string, BuiltSandbox[]>();
  for (const s of up) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  const cells: MatrixCell[] = [];
  for (const [service, replicas] of byService) {
    const from = replicas[0] as BuiltSandbox;
    for (const [to, targets] of byService) {
      const others = targets.filter((t) => t !== from);
      if (others.length === 0) continue;
      checkCancelled(token);
      progress(`${service} → ${to}`);
      const [pings, dns] = await Promise.all([
        Promise.all(others.map((t) => reach(client, from, t))),
        dnsProbe(client, from.sandbox, to),
      ]);
      const ping = summarise(pings.filter((p): p is Probe => p !== undefined));
      cells.push({ from: service, to, ...(ping && { ping }), dns });
    }
  }
  return cells;
}

function reach(client: EngineClient, from: BuiltSandbox, to: BuiltSandbox): Promise<Probe | undefined> {
  const address = addressToReach(from, to);
  return address ? pingProbe(client, from.sandbox, address) : Promise.resolve(undefined);
}

/** One replica: its probe as it is. Several: reached / all, with each one's detail. */
export function summarise(probes: Probe[]): Probe | undefined {
  if (probes.length <= 1) return probes[0];
  const reached = probes.filter((p) => p.ok).length;
  return {
    ok: reached === probes.length,
    detail: `${reached}/${probes.length}: ${probes.map((p) => `${p.ok ? '' : '✗ '}${p.detail}`).join(', ')}`,
  };
}

async function pingProbe(client: EngineClient, sandbox: string, address: string): Promise<Probe> {
  try {
    const r = await client.call('diag.ping', { from: { sandbox }, host: address, count: 1, timeoutMs: 2000 });
    return { ok: r.received > 0, detail: r.received > 0 ? `${address} ${r.rttAvgMs ?? '?'} ms` : address };
  } catch (err) {
    return { ok: false, detail: `${address}: ${message(err)}` };
  }
}

async function dnsProbe(client: EngineClient, sandbox: string, name: string): Promise<Probe> {
  try {
    const r = await client.call('diag.dns', { from: { sandbox }, name, timeoutMs: 2000 });
    const answers = r.answers.map((a) => a.data);
    return { ok: answers.length > 0, detail: answers.length > 0 ? answers.join(', ') : r.status };
  } catch (err) {
    return { ok: false, detail: message(err) };
  }
}

/** Removes what a dry run made, sandboxes first (a network with endpoints cannot go), newest first. */
export async function tearDown(client: EngineClient, made: DryRunResources): Promise<string[]> {
  const problems: string[] = [];
  for (const s of [...made.sandboxes].reverse()) {
    await client
      .call('sandbox.rm', { sandbox: s, force: true })
      .catch((e: unknown) => problems.push(`${s}: ${message(e)}`));
  }
  for (const n of [...made.networks].reverse()) {
    await client
      .call('network.rm', { network: n })
      .catch((e: unknown) => problems.push(`${n}: ${message(e)}`));
  }
  made.sandboxes.length = 0;
  made.networks.length = 0;
  return problems;
}

export class DryRunCancelled extends Error {}

function checkCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new DryRunCancelled('the dry run was cancelled');
}

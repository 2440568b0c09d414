import type { CancellationToken } from 'vscode-jsonrpc/node';
import type { SandboxInfo } from '@switchyard/protocol';
import type { EngineClient } from '@switchyard/hostio';
import type { DryRunPlan, PlannedSandbox } from './dry-run-plan';
import { DRY_RUN_LABEL } from './dry-runs';
import { engineCreateParams } from './engine-requests';
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
  return { project: plan.project, host, networks, sandboxes, cells };
}

async function buildSandbox(
  client: EngineClient,
  s: PlannedSandbox,
  failedNets: Set<string>,
  made: DryRunResources,
): Promise<BuiltSandbox> {
  const built: BuiltSandbox = { service: s.service, sandbox: s.sandbox, addresses: [], notes: [...s.notes] };
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

async function probeAll(
  client: EngineClient,
  sandboxes: BuiltSandbox[],
  progress: (step: string) => void,
  token: CancellationToken,
): Promise<MatrixCell[]> {
  const up = sandboxes.filter((s) => !s.error);
  const cells: MatrixCell[] = [];
  for (const from of up) {
    for (const to of up.filter((t) => t !== from)) {
      checkCancelled(token);
      progress(`${from.service} → ${to.service}`);
      const address = addressToReach(from, to);
      const [ping, dns] = await Promise.all([
        address ? pingProbe(client, from.sandbox, address) : Promise.resolve(undefined),
        dnsProbe(client, from.sandbox, to.service),
      ]);
      cells.push({ from: from.service, to: to.service, ...(ping && { ping }), dns });
    }
  }
  return cells;
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

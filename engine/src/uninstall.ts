import { existsSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockDaemon, LockHeldError, prefixLockPath, stateLockPath } from './daemon/lock';
import type { HeldLock } from './daemon/lock';
import { socketAnswers } from './daemon/server';
import { LocalRunner } from './exec/local-runner';
import { runnerSysctl } from './exec/sysctl';
import { ipBatchForce, ipLine, listLinks, listNetns } from './exec/ip';
import { Firewall } from './firewall/firewall';
import { dropBypassTable, listBypassTables } from './drivers/overlay-bypass';
import { nftApply } from './exec/nft';
import { Naming } from './model/names';
import { emptyState } from './model/types';
import { listSandboxFileDirs, removeSandboxFiles } from './sandbox/files';
import { LEASE_FILE } from './cluster/lease';
import { Store } from './store/store';
import { restoreAllSysctls } from './host/forwarding';

export interface UninstallOptions {
  stateDir: string;
  prefix: string;
  socket: string;
  /** A log file outside the state dir (the extension's deploy writes one), removed too when given. */
  logFile?: string;
  /** How long the running daemon gets to stop after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
}

/** Everything `uninstall` removed or put back, for the report. */
export interface UninstallReport {
  stoppedPids: number[];
  links: string[];
  namespaces: string[];
  etcNetns: string[];
  nftTable?: string;
  /** The overlay bypass's netdev tables. */
  bypassTables: string[];
  dockerUserRules: number;
  sysctls: Record<string, string>;
  files: string[];
  warnings: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes both locks of the daemon (state dir and prefix), stopping the daemon that holds them: SIGTERM to the
 * pid written in the lock, SIGKILL after `timeoutMs`. Only a pid that holds the lock right now is signalled,
 * so a stale or reused pid is never touched. Holding the locks, no daemon starts while we remove things.
 */
async function stopDaemon(o: UninstallOptions, stopped: number[]): Promise<HeldLock[]> {
  const until = Date.now() + (o.stopTimeoutMs ?? 10_000);
  let killed = false;
  for (;;) {
    try {
      return lockDaemon(o.stateDir, o.prefix);
    } catch (e) {
      if (!(e instanceof LockHeldError) || e.holderPid === undefined) throw e;
      const pid = e.holderPid;
      if (!stopped.includes(pid)) {
        process.kill(pid, 'SIGTERM');
        stopped.push(pid);
      } else if (Date.now() > until && !killed && alive(pid)) {
        process.kill(pid, 'SIGKILL');
        killed = true;
      } else if (Date.now() > until + 5_000) {
        throw new Error(`the engine (pid ${pid}) did not stop after SIGKILL; nothing was removed`, {
          cause: e,
        });
      }
      await sleep(50);
    }
  }
}

/** Any link of our prefix: bridges, veths and whatever kind letter a driver adds (`P-<letter><7 hex>`). */
const isPrefixLink = (prefix: string, name: string) => new RegExp(`^${prefix}-[a-z][0-9a-f]{7}$`).test(name);

/**
 * `switchyard-engine uninstall`: stops the daemon, removes every kernel object of its prefix (links with
 * the bridges' route_localnet, namespaces, /etc/netns dirs, the nft table, DOCKER-USER rules), puts back
 * every sysctl its state says it changed, deletes its state, and says what it removed. Runs in the
 * daemon's network namespace (the host's). Idempotent: a second run finds nothing and says so.
 */
export async function uninstall(o: UninstallOptions): Promise<UninstallReport> {
  const naming = new Naming(o.prefix);
  const report: UninstallReport = {
    stoppedPids: [],
    links: [],
    namespaces: [],
    etcNetns: [],
    bypassTables: [],
    dockerUserRules: 0,
    sysctls: {},
    files: [],
    warnings: [],
  };
  // Taking the locks makes their files (and the state dir): only what was there before is reported.
  const existed = new Set(
    [o.stateDir, stateLockPath(o.stateDir), prefixLockPath(o.prefix)].filter((p) => existsSync(p)),
  );
  const locks = await stopDaemon(o, report.stoppedPids);
  try {
    const store = await Store.open(o.stateDir).catch((e: unknown) => {
      report.warnings.push(`${(e as Error).message}: its sysctls cannot be restored`);
      return { state: emptyState() };
    });
    const runner = new LocalRunner();
    report.links = (await listLinks(runner)).map((l) => l.ifname).filter((n) => isPrefixLink(o.prefix, n));
    report.namespaces = (await listNetns(runner)).filter((n) => naming.isOurNetns(n));
    await runner.run(
      ipBatchForce([
        ...report.links.map((l) => ipLine`link del ${l}`),
        ...report.namespaces.map((n) => ipLine`netns del ${n}`),
      ]),
    );
    report.etcNetns = (await listSandboxFileDirs(runner)).filter((n) => naming.isOurNetns(n));
    for (const n of report.etcNetns) await removeSandboxFiles(runner, n);

    const table = await runner.run({ argv: ['nft', 'list', 'table', 'inet', naming.table] });
    const docker = await runner.run({ argv: ['iptables', '-w', '-S', 'DOCKER-USER'] });
    report.dockerUserRules =
      docker.exitCode === 0 ? docker.stdout.split('\n').filter((l) => l.includes(naming.table)).length : 0;
    if (table.exitCode === 0 || report.dockerUserRules > 0) await new Firewall(runner, naming.table).remove();
    if (table.exitCode === 0) report.nftTable = `inet ${naming.table}`;
    // The overlay's bridge bypass: one netdev table per network (after the links, whose chains they held).
    report.bypassTables = await listBypassTables(runner, (n) => naming.isOurBypassTable(n));
    if (report.bypassTables.length > 0)
      await runner.run(nftApply(report.bypassTables.map(dropBypassTable).join('')));

    report.sysctls = await restoreAllSysctls(store.state, runnerSysctl(runner));

    if (existsSync(o.socket) && !(await socketAnswers(o.socket))) {
      rmSync(o.socket, { force: true });
      report.files.push(o.socket);
    }
    if (o.logFile && existsSync(o.logFile)) {
      rmSync(o.logFile, { force: true });
      report.files.push(o.logFile);
    }
    for (const l of locks) l.release();
    const gone = [...removeState(o.stateDir), ...removeIfExists(prefixLockPath(o.prefix))];
    const made = [o.stateDir, stateLockPath(o.stateDir), prefixLockPath(o.prefix)].filter(
      (p) => !existed.has(p),
    );
    report.files.push(...gone.filter((f) => !made.includes(f)));
  } finally {
    for (const l of locks) l.release();
  }
  return report;
}

function removeIfExists(path: string): string[] {
  if (!existsSync(path)) return [];
  rmSync(path, { recursive: true, force: true });
  return [path];
}

/** What the engine keeps in its state dir; the dir itself goes only when nothing else is left in it. */
function removeState(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const ours = (n: string) =>
    n === 'state.json' ||
    n.startsWith('state.json.tmp-') ||
    n.startsWith('engine.log') ||
    n === 'captures' ||
    n === 'bin' ||
    n === LEASE_FILE ||
    n.startsWith(`${LEASE_FILE}.tmp-`) ||
    n === 'engine.lock';
  const removed = readdirSync(dir)
    .filter(ours)
    .flatMap((n) => removeIfExists(join(dir, n)));
  if (readdirSync(dir).length === 0) {
    rmdirSync(dir);
    removed.push(dir);
  }
  return removed;
}

/** The report as lines a person reads. */
export function formatUninstall(r: UninstallReport): string {
  const lines = [
    r.stoppedPids.length > 0 ? `stopped engine (pid ${r.stoppedPids.join(', ')})` : 'no engine was running',
    ...r.links.map((l) => `removed link ${l}`),
    ...r.namespaces.map((n) => `removed network namespace ${n}`),
    ...r.etcNetns.map((n) => `removed /etc/netns/${n}`),
    ...(r.nftTable ? [`removed nft table ${r.nftTable}`] : []),
    ...r.bypassTables.map((t) => `removed nft table netdev ${t}`),
    ...(r.dockerUserRules > 0 ? [`removed ${r.dockerUserRules} DOCKER-USER rules`] : []),
    ...Object.entries(r.sysctls).map(([k, v]) => `restored ${k.replaceAll('/', '.')}=${v}`),
    ...r.files.map((f) => `removed ${f}`),
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n') + '\n';
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Transport } from '../transport/transport';
import type { RememberedSecret } from '../transport/secrets';
import type { EngineLocation, Progress } from './deploy';
import { findNode, upload } from './deploy';
import { becomeRoot, DeployError } from './sudo';

/** What `switchyard-engine uninstall --json` prints (engine/src/uninstall.ts); checked, it crosses SSH. */
export const UninstallReportSchema = z.object({
  stoppedPids: z.array(z.number()),
  links: z.array(z.string()),
  namespaces: z.array(z.string()),
  etcNetns: z.array(z.string()),
  nftTable: z.string().optional(),
  dockerUserRules: z.number(),
  sysctls: z.record(z.string(), z.string()),
  files: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type UninstallReport = z.infer<typeof UninstallReportSchema>;

/** The uninstall command line; every value is its own argument (no shell). */
export function uninstallArgv(node: string, bundlePath: string, loc: EngineLocation): string[] {
  return [
    node,
    bundlePath,
    '--socket',
    loc.socket,
    'uninstall',
    '--state-dir',
    loc.stateDir,
    '--prefix',
    loc.prefix,
    '--log-file',
    loc.logFile,
    '--json',
  ];
}

export function parseUninstallReport(stdout: string): UninstallReport {
  const line = stdout.trim().split('\n').pop() ?? '';
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new DeployError(`the engine's uninstall printed no report: ${line.slice(0, 200) || 'no output'}`);
  }
  const r = UninstallReportSchema.safeParse(json);
  if (!r.success) throw new DeployError(`the engine's uninstall report is not valid: ${r.error.message}`);
  return r.data;
}

/** One sentence per kind of object, for the notification (the full report goes to the log). */
export function summarize(r: UninstallReport): string {
  const parts = [
    r.stoppedPids.length > 0 ? `stopped pid ${r.stoppedPids.join(', ')}` : 'no engine was running',
    `${r.links.length} links`,
    `${r.namespaces.length} namespaces`,
    r.nftTable ? `nft table ${r.nftTable}` : 'no nft table',
    `${Object.keys(r.sysctls).length} sysctls restored`,
    `${r.files.length} files`,
  ];
  return parts.join(', ');
}

/**
 * Removes the engine from a host: the bundle (uploaded again when missing, checked by hash) runs
 * `uninstall` as root, which stops the daemon, removes its objects, restores its sysctls and deletes its
 * state; then the install dir's bundles go. Returns the engine's report.
 */
export async function removeEngine(
  transport: Transport,
  bundle: Buffer,
  loc: EngineLocation,
  progress: Progress = () => {},
  sudoPassword: RememberedSecret | undefined = transport.sudoPassword,
): Promise<UninstallReport> {
  const node = await findNode(transport);
  const root = await becomeRoot(transport, sudoPassword);
  const hash = createHash('sha256').update(bundle).digest('hex');
  const path = `${loc.installDir}/engine-${hash.slice(0, 16)}.js`;
  progress('uploading the engine');
  await upload(root, bundle, path, hash);
  progress('removing the engine');
  const r = await root.exec(uninstallArgv(node, path, loc));
  if (r.code !== 0)
    throw new DeployError(`uninstall failed: ${(r.stderr || r.stdout).trim() || 'no output'}`);
  const report = parseUninstallReport(r.stdout);
  // Bundles outside the state dir (an install dir of its own) go too; names are ours: engine-<hash>.js.
  const list = await root.exec(['ls', '-1', loc.installDir]);
  const bundles =
    list.code === 0 ? list.stdout.split('\n').filter((n) => /^engine-[0-9a-f]{16}\.js$/.test(n)) : [];
  for (const b of bundles) {
    const rm = await root.exec(['rm', '-f', '--', `${loc.installDir}/${b}`]);
    if (rm.code === 0) report.files.push(`${loc.installDir}/${b}`);
  }
  if (bundles.length > 0) await root.exec(['rmdir', '--', loc.installDir]);
  return report;
}

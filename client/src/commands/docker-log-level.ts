import * as vscode from 'vscode';
import type { Transport } from '../transport/transport';
import { backupPath, DOCKER_LOG_LEVELS, planDaemonJson } from '../logs/daemon-json';
import type { DockerLogLevel } from '../logs/daemon-json';
import { sudoFor } from '../logs/daemon-probe';
import { readDaemonJson, writeDaemonJson } from '../logs/daemon-json-io';
import type { TreeNode } from '../tree/nodes';
import { targetHost } from './command-context';
import type { CommandContext } from './command-context';

const DAEMON_JSON = '/etc/docker/daemon.json';

/**
 * "Set Docker daemon log level": reads daemon.json over the transport, shows the change, asks, writes it with
 * a timestamped backup next to it, and offers to restart (or reload) Docker.
 */
export async function setDockerLogLevel(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = targetHost(ctx, node);
  const transport = host?.transport;
  if (!host || !transport) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a host first.'));
    return;
  }
  const level = await vscode.window.showQuickPick(
    DOCKER_LOG_LEVELS.map((l) => ({ label: l })),
    { title: vscode.l10n.t('Docker daemon log level on {0}', host.label) },
  );
  if (!level) return;
  const sudo = await sudoFor(transport);
  const before = await readDaemonJson(transport, sudo, DAEMON_JSON);
  const plan = planDaemonJson(before ?? '', level.label as DockerLogLevel, DAEMON_JSON);
  if (plan.changes.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} on {1} already sets log level {2}.', DAEMON_JSON, host.label, level.label),
    );
    return;
  }
  const backup = before === undefined ? undefined : backupPath(DAEMON_JSON, new Date());
  const write = vscode.l10n.t('Write');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Change {0} on {1}?', DAEMON_JSON, host.label),
    {
      modal: true,
      detail: [
        ...plan.changes,
        '',
        backup
          ? vscode.l10n.t('The current file is kept as {0}.', backup)
          : vscode.l10n.t('The file is new.'),
      ].join('\n'),
    },
    write,
  );
  if (answer !== write) return;
  await writeDaemonJson(transport, sudo, DAEMON_JSON, plan.after, backup);
  ctx.log.info(
    `${host.label}: ${DAEMON_JSON} ${plan.changes.join(', ')}${backup ? ` (backup ${backup})` : ''}`,
  );
  await offerRestart(transport, sudo, host.label);
}

/**
 * `log-level` takes effect when dockerd starts; `debug` also on a reload (SIGHUP), which keeps containers
 * running. Under systemd both are offered; without it, the reload, and the user is told how to restart.
 */
async function offerRestart(transport: Transport, sudo: string[], host: string): Promise<void> {
  const systemd = (await transport.exec(['test', '-d', '/run/systemd/system'])).code === 0;
  const restart = vscode.l10n.t('Restart Docker');
  const reload = vscode.l10n.t('Reload (debug only)');
  const choice = await vscode.window.showInformationMessage(
    systemd
      ? vscode.l10n.t('Written. Docker on {0} applies the new level when it restarts.', host)
      : vscode.l10n.t(
          'Written. Docker on {0} is not run by systemd: restart dockerd the way it was started (for example `service docker restart`) to apply log-level.',
          host,
        ),
    ...(systemd ? [restart, reload] : [reload]),
  );
  if (choice === restart) await runOrThrow(transport, [...sudo, 'systemctl', 'restart', 'docker'], host);
  if (choice === reload) {
    await runOrThrow(
      transport,
      systemd ? [...sudo, 'systemctl', 'reload', 'docker'] : await hup(transport, sudo),
      host,
    );
  }
  if (choice) void vscode.window.showInformationMessage(vscode.l10n.t('Done: {0}.', choice));
}

/** `kill -HUP <dockerd's pid>`: the one dockerd found by pidof, not every process matching a name. */
async function hup(transport: Transport, sudo: string[]): Promise<string[]> {
  const pid = (await transport.exec(['pidof', 'dockerd'])).stdout.trim().split(/\s+/)[0];
  if (!pid) throw new Error(vscode.l10n.t('dockerd is not running; start it to apply the new level'));
  return [...sudo, 'kill', '-HUP', pid];
}

async function runOrThrow(transport: Transport, argv: string[], host: string): Promise<void> {
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: argv.join(' ') },
    () => transport.exec(argv),
  );
  if (r.code !== 0)
    throw new Error(vscode.l10n.t('{0} on {1} failed: {2}', argv.join(' '), host, r.stderr.trim()));
}

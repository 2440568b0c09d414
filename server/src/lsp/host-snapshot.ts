import type { Connection } from 'vscode-languageserver';
import { HostSnapshotNotification, HostSnapshotParamsSchema } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';

/**
 * Listens for `switchyard/hostSnapshot` from the client. The params are checked with the protocol's schema:
 * a malformed snapshot is logged and ignored rather than half-applied.
 */
export function onHostSnapshot(connection: Connection, apply: (snapshot: HostSnapshot | null) => void): void {
  // What arrives crossed a process boundary: `unknown` until the schema has checked it.
  connection.onNotification(HostSnapshotNotification.method, (params: unknown) => {
    const parsed = HostSnapshotParamsSchema.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') ?? '';
      connection.console.error(
        `switchyard: ignored ${HostSnapshotNotification.method}: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`,
      );
      return;
    }
    apply(parsed.data.snapshot);
  });
}

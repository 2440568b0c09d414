import type * as vscode from 'vscode';
import { ClusterMembershipSchema } from './cluster-membership';
import type { ClusterMembership } from './cluster-membership';

/**
 * The cluster each host's engine belongs to, kept in the extension's global state (per host id) so that a
 * later Deploy starts the engine in the same cluster. A stored value of the wrong shape is ignored.
 */
export class ClusterMemberships {
  constructor(private readonly memento: vscode.Memento) {}

  private key(hostId: string): string {
    return `switchyard.cluster:${hostId}`;
  }

  get(hostId: string): ClusterMembership | undefined {
    const parsed = ClusterMembershipSchema.safeParse(this.memento.get(this.key(hostId)));
    return parsed.success ? parsed.data : undefined;
  }

  async set(hostId: string, membership: ClusterMembership | undefined): Promise<void> {
    await this.memento.update(this.key(hostId), membership);
  }
}

import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

export async function refresh(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const hosts = node && 'host' in node ? [node.host] : ctx.hosts.hosts.filter((h) => h.state === 'connected');
  await Promise.all(hosts.map((h) => h.refresh()));
}

import { UsageError } from './args';
import type { EngineClient } from './client';
import type { Cmd, Out } from './common';
import { diag } from './diag-commands';
import { network } from './network-commands';
import { node } from './node-commands';
import { sandbox } from './sandbox-commands';
import { service } from './service-commands';

/** The command table: `network <verb>`, `sandbox <verb>`, and the top-level verbs. */
export async function runCommand(c: EngineClient, argv: string[], out: Out): Promise<number> {
  const [group, verb, ...rest] = argv;
  const groups: Record<string, Record<string, Cmd>> = { network, sandbox, node, service };
  const table = group ? groups[group] : undefined;
  if (table) {
    const cmd = verb ? table[verb] : undefined;
    if (!cmd)
      throw new UsageError(
        `unknown command "${group} ${verb ?? ''}"; verbs: ${Object.keys(table).join(', ')}`,
      );
    return cmd(c, rest, out);
  }
  const top = group ? diag[group] : undefined;
  if (!top)
    throw new UsageError(
      `unknown command "${group ?? ''}"; commands: network, sandbox, node, service, ${Object.keys(diag).join(', ')}, daemon`,
    );
  return top(c, argv.slice(1), out);
}

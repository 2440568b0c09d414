import type { EngineClient } from '@switchyard/hostio';
import type { Cmd, Out } from './common';
import { diag, diagHelp } from './diag-commands';
import type { VerbHelp } from './help';
import { PROGRAM, groupHelpText, verbHelpText } from './help';
import { network, networkHelp } from './network-commands';
import { node, nodeHelp } from './node-commands';
import { sandbox, sandboxHelp } from './sandbox-commands';
import { service } from './service-commands';
import { UsageError } from '@switchyard/core';

/**
 * The command table: `GROUP VERB` (network, sandbox, node, service; a new group is one more entry here and in `help`),
 * and the top-level verbs (diag-commands.ts). Every group takes Docker's aliases (`list` for `ls`, `remove`
 * for `rm`) and `--help` after any verb. A command parses its arguments before its first call, and the client
 * connects at that call, so `--help` and usage errors need no daemon.
 */
const groups: Record<string, Record<string, Cmd>> = { network, sandbox, node, service };
const help: Record<string, Readonly<Record<string, VerbHelp>>> = {
  network: networkHelp,
  sandbox: sandboxHelp,
  node: nodeHelp,
};
export const VERB_ALIASES: Readonly<Record<string, string>> = { list: 'ls', remove: 'rm' };

export async function runCommand(c: EngineClient, argv: string[], out: Out): Promise<number> {
  const [group, verb, ...rest] = argv;
  const table = group ? groups[group] : undefined;
  if (group && table) {
    if (verb === undefined || verb === '--help') {
      out(groupHelpText(group, Object.keys(table), help[group] ?? {}));
      return 0;
    }
    const name = Object.hasOwn(table, verb) ? verb : VERB_ALIASES[verb];
    const cmd = name === undefined ? undefined : table[name];
    if (!cmd || name === undefined)
      throw new UsageError(
        `unknown command "${group} ${verb}"; verbs: ${Object.keys(table).join(', ')} (${PROGRAM} ${group} --help)`,
      );
    if (wantsHelp(rest)) {
      out(helpFor([group, name], help[group]?.[name], `${group} ${name}`));
      return 0;
    }
    return cmd(c, rest, out);
  }
  const top = group && Object.hasOwn(diag, group) ? diag[group] : undefined;
  if (!group || !top)
    throw new UsageError(
      `unknown command "${group ?? ''}"; commands: ${Object.keys(groups).join(', ')}, ${Object.keys(diag).join(', ')}, daemon (${PROGRAM} --help)`,
    );
  if (wantsHelp(argv.slice(1))) {
    out(helpFor([group], diagHelp[group], group));
    return 0;
  }
  return top(c, argv.slice(1), out);
}

/** `--help` anywhere before `--` (after it, the words belong to the command run in a sandbox). */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--help');
}

function helpFor(path: string[], h: VerbHelp | undefined, usage: string): string {
  const aliases = Object.entries(VERB_ALIASES)
    .filter(([, to]) => to === path[path.length - 1] && path.length > 1)
    .map(([alias]) => alias);
  return verbHelpText(path, h ?? { usage, summary: '(no description yet)' }, aliases);
}

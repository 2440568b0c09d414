/** What `switchyard-engine GROUP VERB --help` prints: usage, one line on what it does, the options. */
export interface VerbHelp {
  /** Without the program name: `network ls [OPTIONS]`. */
  usage: string;
  summary: string;
  /** `[flags, what it does]`; flags written as Docker's help writes them (`-f, --filter KEY=VALUE`). */
  options?: [string, string][];
}

export const PROGRAM = 'switchyard-engine';

/** `path` is the command as typed (`['network', 'ls']`); `aliases` the other names of its last word. */
export function verbHelpText(path: string[], help: VerbHelp, aliases: string[]): string {
  const lines = [`Usage:  ${PROGRAM} ${help.usage}`, '', help.summary];
  if (aliases.length > 0) {
    const names = [path, ...aliases.map((a) => [...path.slice(0, -1), a])];
    lines.push('', 'Aliases:', `  ${names.map((n) => `${PROGRAM} ${n.join(' ')}`).join(', ')}`);
  }
  const options: [string, string][] = [...(help.options ?? []), ['    --help', 'Print usage']];
  const width = Math.max(...options.map(([f]) => f.length));
  lines.push('', 'Options:', ...options.map(([f, d]) => `  ${f.padEnd(width)}   ${d}`));
  return `${lines.join('\n')}\n`;
}

/** `switchyard-engine GROUP` or `GROUP --help`: the verbs and what each does. */
export function groupHelpText(
  group: string,
  verbs: string[],
  help: Readonly<Record<string, VerbHelp>>,
): string {
  const width = Math.max(...verbs.map((v) => v.length));
  return [
    `Usage:  ${PROGRAM} ${group} COMMAND`,
    '',
    'Commands:',
    ...verbs.map((v) => `  ${v.padEnd(width)}   ${help[v]?.summary ?? ''}`.trimEnd()),
    '',
    `Run '${PROGRAM} ${group} COMMAND --help' for more information on a command.`,
    '',
  ].join('\n');
}

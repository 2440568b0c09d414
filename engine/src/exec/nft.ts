import type { Command } from './command';

/** One `nft -f -` transaction: the kernel applies all of it or none of it. */
export function nftApply(script: string, netns?: string): Command {
  return { argv: ['nft', '-f', '-'], stdin: script, netns };
}

/**
 * A small change (commands of one line each: set elements, a chain's rules) as one transaction, answered by
 * the long-lived `nft -i` of the engine's namespace when it is free: no process, and its ruleset cache stays
 * warm (a fresh `nft` reads the ruleset first). `nft -i` runs each input line as one transaction, so the
 * commands are joined with `;` into one line; a failed line reports on stderr and commits nothing. The end
 * line, `describe`, prints a fixed line without asking the kernel. Falls back to `nft -f -` when busy.
 * One session per namespace (`netns`: inside a named one, through nsenter as any command).
 */
export function nftChange(script: string, netns?: string): Command {
  const line = script
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('; ');
  return {
    argv: ['nft', '-f', '-'],
    stdin: `${line}\n`,
    netns,
    session: {
      key: nftSessionKey(netns),
      argv: ['nft', '-i'],
      end: 'describe meta mark',
      mark: 'meta expression',
      idleMs: 60_000,
    },
  };
}

/** The key of a namespace's `nft -i` session: released before that namespace is deleted (it holds it). */
export const nftSessionKey = (netns?: string) => `nft:${netns ?? ''}`;

export function nftListTables(netns?: string): Command {
  return { argv: ['nft', '-j', 'list', 'tables'], netns };
}

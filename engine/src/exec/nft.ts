import type { Command } from './command';

/** One `nft -f -` transaction: the kernel applies all of it or none of it. */
export function nftApply(script: string, netns?: string): Command {
  return { argv: ['nft', '-f', '-'], stdin: script, netns };
}

export function nftListTables(netns?: string): Command {
  return { argv: ['nft', '-j', 'list', 'tables'], netns };
}

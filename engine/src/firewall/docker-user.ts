import type { Runner } from '../exec/command';

/**
 * Coexistence with dockerd. nftables evaluates every base chain on a hook, and a drop anywhere is final, so an
 * `accept` in our own earlier chain cannot overrule Docker's FORWARD policy DROP. Docker's answer for
 * foreign traffic is its DOCKER-USER chain (created once, never flushed by Docker). When that chain exists,
 * we keep two ACCEPT rules per bridge there, tagged with a comment; our own forward chain (which runs first)
 * has already dropped everything that must not pass. Rules go through iptables itself, never raw nft,
 * so iptables-nft keeps understanding its own tables.
 */
export class DockerUser {
  constructor(
    private readonly runner: Runner,
    private readonly tag: string,
  ) {}

  async sync(bridges: string[]): Promise<'absent' | 'synced'> {
    const list = await this.runner.run({ argv: ['iptables', '-w', '-S', 'DOCKER-USER'] });
    if (list.exitCode !== 0) return 'absent';
    const ours = list.stdout
      .split('\n')
      .filter((l) => l.includes(`"${this.tag}"`) || l.includes(` ${this.tag} `));
    const want = bridges.flatMap((b) => [this.rule('-i', b), this.rule('-o', b)]);
    const have = new Set(ours.map((l) => l.replace(/^-A /, '').trim()));
    const lines = [
      '*filter',
      ...[...have].filter((r) => !want.includes(r)).map((r) => `-D ${r}`),
      ...want.filter((r) => !have.has(r)).map((r) => `-I ${r}`),
      'COMMIT',
      '',
    ];
    if (lines.length > 3)
      await this.runner.run({ argv: ['iptables-restore', '-w', '-n'], stdin: lines.join('\n') });
    return 'synced';
  }

  private rule(dir: '-i' | '-o', bridge: string): string {
    return `DOCKER-USER ${dir} ${bridge} -m comment --comment ${this.tag} -j ACCEPT`;
  }
}

import type { DockerNetwork, NetworkInspect } from '@switchyard/protocol';
import type { NetworkSource } from './nodes';

/**
 * A network's tooltip as Markdown. Every value comes from the host (Docker or the engine), where anyone who
 * can create a network chooses names, drivers and labels: each is shown literally, in a code span or as
 * escaped text, so a label such as `[x](https://…)`, `![](https://…/pixel.png)` or `<img src=…>` can add no
 * link, image or HTML to the editor.
 */
export function networkTooltip(n: DockerNetwork | NetworkInspect, source: NetworkSource): string {
  const configs = n.IPAM.Config ?? [];
  let md = `**${text(n.Name)}** ${code(n.Id.slice(0, 12))} (${text(source)})\n\n`;
  md += `driver ${code(n.Driver)} · scope ${code(n.Scope)}${n.Internal ? ' · internal' : ''}${n.EnableIPv6 ? ' · IPv6' : ''}\n\n`;
  md += `IPAM ${code(n.IPAM.Driver)}\n\n`;
  for (const c of configs) {
    md += `- subnet ${code(c.Subnet ?? '?')} gateway ${code(c.Gateway ?? '—')}${c.IPRange ? ` range ${code(c.IPRange)}` : ''}\n`;
  }
  const labels = Object.entries(n.Labels ?? {});
  if (labels.length > 0) md += `\n${labels.map(([k, v]) => code(`${k}=${v}`)).join('  \n')}`;
  return md;
}

/** Text shown as written: every ASCII punctuation character escaped, line breaks as spaces. */
export function text(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * A code span holding `s` literally: fenced by one more backtick than its longest run of backticks (so no
 * backtick in it can close the span), padded with spaces, line breaks as spaces.
 */
export function code(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ');
  const longest = (flat.match(/`+/g) ?? []).reduce((m, run) => Math.max(m, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${flat} ${fence}`;
}

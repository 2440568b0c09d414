import { formatRange, freeRange, parseNatPortRange, rangeSize } from '@switchyard/core';
import type { FixHint, PortRange, UsedPorts } from '@switchyard/core';
import type { ComposeProject } from '../../../compose/project';
import type { PScalar, Span } from '../../../yaml/tree';

/** Splits at `:` outside `${...}`, so `${IP:-127.0.0.1}:8080:80` keeps its variable whole. */
export function splitOutsideBraces(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '$' && s[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** The quote the scalar is written with, or '' for a plain scalar. */
export function quoteOf(project: ComposeProject, span: Span): string {
  const c = project.sources.get(span.file)?.text[span.start];
  return c === '"' || c === "'" ? c : '';
}

/**
 * The "use a free host port" edit for the scalar at `span`: a short mapping keeps its address, variables
 * and container part and gets `free` (widened to the container range) as host port, quoted; a long-syntax
 * `published` value becomes the port. `used` (the project's taken ports) is asked only when a container range
 * needs a wider free range: copying it for every one of thousands of clashes made a big project quadratic.
 */
export function hostPortFix(
  project: ComposeProject,
  scalar: PScalar,
  kind: 'short' | 'published',
  free: PortRange,
  used: () => UsedPorts,
): FixHint | undefined {
  const q = quoteOf(project, scalar.span);
  if (kind === 'published') {
    const text = formatRange(free);
    return { kind: 'replace', title: `Use free host port ${text}`, text: `${q}${text}${q}` };
  }
  const parts = splitOutsideBraces(scalar.source);
  if (parts.length < 2) return undefined;
  const container = parseNatPortRange((parts[parts.length - 1] ?? '').split('/')[0] ?? '');
  const need = container ? rangeSize(container) : 1;
  const host = need > 1 && rangeSize(free) !== need ? freeRange(used(), free.start, need) : free;
  if (!host) return undefined;
  parts[parts.length - 2] = formatRange(host);
  const quote = q || '"';
  return {
    kind: 'replace',
    title: `Use free host port ${formatRange(host)}`,
    text: `${quote}${parts.join(':')}${quote}`,
  };
}

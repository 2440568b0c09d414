import type { Rule } from '../../rule';
import type { ServiceModel } from '../../../compose/project';
import { at, get } from '../../../yaml/tree';
import type { PortItem } from '../ports/items';
import { portItems } from '../ports/items';

/**
 * An override file maps a container port that the base file already maps, to another host port. `ports`
 * lists are appended when files merge, so both mappings stay; the user usually meant to replace the list.
 */
export const NET151: Rule = {
  id: 'NET151',
  title: 'Override adds a second mapping for a container port',
  run({ project, report }) {
    const files = project.files.filter((f) => (project.origins?.get(f)?.kind ?? 'file') === 'file');
    if (files.length < 2) return;
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const earlier: { file: string; item: PortItem }[] = [];
      for (const file of files) {
        const body = at(project.sources.get(file)?.root, 'services', svc.name);
        const ports = get(body, 'ports');
        // `!override` / `!reset` replace the list instead of appending to it.
        if (ports?.tag === '!override' || ports?.tag === '!reset') earlier.length = 0;
        const items = portItems(svc, body);
        for (const item of items) {
          const clash = earlier.find((e) => remaps(e.item, item));
          if (clash) report(finding(svc, item, clash));
        }
        for (const item of items) earlier.push({ file, item });
      }
    }
  },
};

/** Same container port and protocol, both published, on different host ports. */
function remaps(base: PortItem, later: PortItem): boolean {
  return (
    later.bindings.some((l) =>
      base.bindings.some(
        (b) =>
          b.containerPort === l.containerPort &&
          b.protocol === l.protocol &&
          b.published !== '' &&
          l.published !== '' &&
          b.published !== l.published,
      ),
    ) && later.node.span.file !== base.node.span.file
  );
}

function finding(svc: ServiceModel, item: PortItem, base: { file: string; item: PortItem }) {
  const text = (i: PortItem) => i.short?.raw ?? `published ${i.bindings[0]?.published ?? ''}`;
  const port = item.bindings[0]?.containerPort ?? 0;
  const baseName = base.file.split('/').pop() ?? base.file;
  return {
    code: 'NET151',
    severity: 'warning' as const,
    message: `service "${svc.name}": ${text(item)} adds a second mapping for container port ${port} next to ${text(base.item)} from ${baseName}; Compose keeps both (ports lists are appended). To replace the base list, write "ports: !override"`,
    at: item.short?.scalar.span ?? item.bindings[0]?.at ?? item.node.span,
    related: [
      {
        at: base.item.short?.scalar.span ?? base.item.node.span,
        message: `${baseName} maps container port ${port} here`,
      },
    ],
  };
}

import type { Finding } from '@switchyard/core';
import type { ComposeProject, SourceText } from '../compose/project';
import type { PMap, Span } from '../yaml/tree';
import { rememberUsedNetworkKeys, usedNetworkKeys } from '../rules/compose/created';
import type { Rule } from '../rules/rule';
import { runPinned, unpin } from './anchors';
import type { Anchor, KeptFinding } from './anchors';
import type { Context, ScopedRules } from './rule-inputs';

/** A rule's findings on the networks view, kept while the context and the used networks are the same. */
interface NetworkRecord {
  used: string;
  kept: KeptFinding[];
}

/** By context (one per project and state of its networks: projects never share one), then by rule. */
const records = new WeakMap<Context, Map<Rule, NetworkRecord>>();

/** How much work the last call did: for the benchmark, never for behaviour. */
export const lastNetworkScope = { rules: 0, run: 0 };

/**
 * The findings of the rules of scope `networks`, per rule. Such a rule runs on a view of the project without
 * services (it cannot read them), told which networks the services use; so what it finds depends only on
 * the context (networks, other sections, host, files: context.ts) and on that set of keys, and is taken from
 * the last analysis while both are the same. A keystroke in a service body changes neither.
 */
export function networkScopeFindings(run: ScopedRules): Finding<Span>[][] {
  const { project, host, rules, context, onCrash } = run;
  lastNetworkScope.rules = rules.length;
  lastNetworkScope.run = 0;
  if (rules.length === 0) return [];
  const usedKeys = usedNetworkKeys(project);
  if (!run.keep) {
    // One analysis, nothing kept: each rule once on the view, its findings as reported.
    const view = networksView(project, usedKeys);
    return rules.map((rule) => {
      lastNetworkScope.run++;
      const found: Finding<Span>[] = [];
      try {
        rule.run({ project: view, host, report: (f) => found.push(f) });
      } catch (error) {
        onCrash(rule, error);
      }
      return found;
    });
  }
  const used = [...usedKeys].sort().join('\n');
  let view: ComposeProject | undefined;
  let anchors: Anchor[] | undefined;
  let mine = records.get(context);
  if (mine === undefined) records.set(context, (mine = new Map()));
  const kept = mine;
  return rules.map((rule) => {
    let rec = kept.get(rule);
    if (rec === undefined || rec.used !== used) {
      lastNetworkScope.run++;
      view ??= networksView(project, usedKeys);
      anchors ??= networkAnchors(project);
      const { found, complete } = runPinned(rule, { project: view, host }, anchors, onCrash);
      rec = { used, kept: found };
      if (complete) kept.set(rule, rec);
      else kept.delete(rule);
    }
    return rec.kept.map(unpin);
  });
}

/** The project without services: in the model, in every file's tree and in the merged tree. */
export function networksView(project: ComposeProject, used: Set<string>): ComposeProject {
  const sources = new Map<string, SourceText>();
  for (const [path, src] of project.sources) {
    sources.set(path, src.root === null ? src : { ...src, root: withoutServices(src.root) });
  }
  const view: ComposeProject = {
    ...project,
    services: [],
    sources,
    findings: [],
    ...(project.root ? { root: withoutServices(project.root) } : {}),
  };
  rememberUsedNetworkKeys(view, used);
  return view;
}

function withoutServices(root: PMap): PMap {
  const entries = root.entries.filter((e) => e.key !== 'services');
  return entries.length === root.entries.length ? root : { ...root, entries };
}

/** Every network body, from its key's line: where findings of these rules are pinned. */
export function networkAnchors(project: ComposeProject): Anchor[] {
  const anchors: Anchor[] = [];
  for (const net of project.networks) {
    const key = net.keySpans[net.keySpans.length - 1];
    if (net.node === null || key === undefined || key.file !== net.node.span.file) continue;
    const text = project.sources.get(key.file)?.text ?? '';
    anchors.push({ node: net.node, from: text.lastIndexOf('\n', key.start - 1) + 1 });
  }
  return anchors;
}

import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from '../compose/project';
import type { PMap, PNode } from '../yaml/tree';
import type { Rule } from '../rules/rule';

/**
 * Everything a service-scope rule may read besides the service itself, as a list of values compared with
 * `===`: the rule list, the host snapshot, the project's name, files and profiles, every network model, and
 * every top-level section of every file other than `services` (by the identity of its entries' values,
 * which the editor's parse cache keeps while their text is unchanged). Equal lists are interned to one
 * object, so a service's kept findings are valid while the project's context is that same object.
 */
export type Context = readonly unknown[];

/** What analyze hands the keepers of findings (per-service.ts, networks.ts): the rules of one scope. */
export interface ScopedRules {
  project: ComposeProject;
  host: HostSnapshot | null;
  rules: readonly Rule[];
  context: Context;
  /** Each service's bodies in the files (`ownBodiesOfAll`), in service order. */
  bodies: PMap[][];
  onCrash: (rule: Rule, error: unknown) => void;
  /** False for a one-shot analysis (`AnalyzeOptions.oneShot`): nothing is pinned or kept. */
  keep: boolean;
}

/** Contexts kept interned: more than the projects a workspace has open at once (the case is 50). */
const RECENT = 128;
const recent: Context[] = [];

export function contextOf(project: ComposeProject, host: HostSnapshot | null, rules: object): Context {
  const own = `${project.workingDir}\n${project.files.join('\n')}`;
  const sig = new Signature(lastByProject.get(own));
  sig.push(rules);
  sig.push(host);
  sig.push(project.name);
  sig.push(project.workingDir);
  sig.push(project.files.length);
  for (const f of project.files) sig.push(f);
  sig.push(project.activeProfiles.join('\n'));
  for (const n of project.networks) {
    sig.push(n.key);
    sig.push(n.node);
    sig.push(n.engineName);
    sig.push(n.external);
    sig.push(n.implicit);
  }
  for (const [path, src] of project.sources) {
    sig.push(path);
    sig.push(project.origins?.get(path)?.kind);
    for (const e of src.root?.entries ?? []) {
      if (e.key === 'services') continue;
      sig.push(e.key);
      summarize(e.value, sig);
    }
  }
  const context = sig.done();
  lastByProject.delete(own);
  lastByProject.set(own, context);
  if (lastByProject.size > RECENT) lastByProject.delete(lastByProject.keys().next().value as string);
  return context;
}

/** Each project's last context (by its folder and files), the one a keystroke most likely gives again. */
const lastByProject = new Map<string, Context>();

/**
 * A context's values, compared as they come with the project's last context: after a keystroke in a
 * service the context is that same one, and it is handed back without a list of its ~1,400 values (1,000
 * services, 200 networks) made per keystroke; at the first value that differs the list is made, and
 * interned as before.
 */
class Signature {
  private matched = 0;
  private built: unknown[] | undefined;

  constructor(private readonly last: Context | undefined) {}

  push(x: unknown): void {
    if (this.built !== undefined) {
      this.built.push(x);
      return;
    }
    const last = this.last;
    if (last !== undefined && this.matched < last.length && last[this.matched] === x) {
      this.matched++;
      return;
    }
    this.built = last === undefined ? [] : last.slice(0, this.matched);
    this.built.push(x);
  }

  done(): Context {
    const last = this.last;
    if (this.built === undefined && last !== undefined && this.matched === last.length) return last;
    return intern(this.built ?? last?.slice(0, this.matched) ?? []);
  }
}

/** A top-level value: a mapping by its entries' keys and values (kept objects), anything else by its text. */
function summarize(node: PNode | null, sig: { push(x: unknown): void }): void {
  if (node === null) sig.push(null);
  else if (node.kind === 'scalar') {
    sig.push(node.source);
    sig.push(node.value);
  } else if (node.kind === 'seq') sig.push(JSON.stringify(node.items.map(text)));
  else {
    sig.push(node.entries.length);
    for (const e of node.entries) {
      sig.push(e.key);
      sig.push(e.value?.kind === 'scalar' ? e.value.source : e.value);
    }
  }
}

function text(node: PNode): unknown {
  if (node.kind === 'scalar') return node.source;
  if (node.kind === 'seq') return node.items.map(text);
  return node.entries.map((e) => [e.key, e.value === null ? null : text(e.value)]);
}

function intern(sig: unknown[]): Context {
  for (let i = 0; i < recent.length; i++) {
    const c = recent[i];
    if (c !== undefined && same(c, sig)) {
      if (i > 0) {
        recent.splice(i, 1);
        recent.unshift(c);
      }
      return c;
    }
  }
  recent.unshift(sig);
  if (recent.length > RECENT) recent.pop();
  return sig;
}

function same(a: Context, b: Context): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

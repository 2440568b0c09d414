// Keystrokes in-process: what one edit costs the server's load + analyze, and how much work it does, with
// the editor's parse cache (as the server runs it), not through LSP. Two sessions on the same text alternate
// keystroke by keystroke: the rules as they declare their scope (incremental/), and the same rules with
// every scope dropped (each rule over the whole project on every edit, as before issue 16).
import { basename, dirname, join } from 'node:path';
import type { HostSnapshot } from '@switchyard/protocol';
import { analyze } from '../../server/src/analyze';
import { loadProject, ParseCache } from '../../server/src/compose/loader';
import { lastNetworkScope } from '../../server/src/incremental/networks';
import { lastServiceScope } from '../../server/src/incremental/per-service';
import { lastProjectWide } from '../../server/src/incremental/project-wide';
import { allRules } from '../../server/src/rules/registry';
import type { Rule } from '../../server/src/rules/rule';
import type { GeneratedProject } from './generate';
import { summarize } from './stats';
import type { Summary } from './stats';

export interface KeystrokeFigures {
  /** CPU time (process.cpuUsage) of load + analyze per keystroke, with the rules' scopes. */
  cpu: Summary;
  load: Summary;
  analyze: Summary;
  /** The same with every rule over the whole project, alternating with the above in the same run. */
  unscopedCpu: Summary;
  /** Work per keystroke (medians): section entries parsed afresh / reused, services checked, rules run. */
  work: {
    parsedAfresh: number;
    reused: number;
    slowParses: number;
    servicesChecked: number;
    services: number;
    networkRulesRun: number;
    networkRules: number;
    wholeProjectRules: number;
    /** Of those, the ones that ran again (the others kept their findings: incremental/project-wide.ts). */
    wholeProjectRulesRun: number;
  };
}

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** One editor session: replaces the target digit like the LSP run does, then loads and analyzes. */
function session(project: GeneratedProject, file: string, rules: Rule[], host: HostSnapshot | null) {
  const lines = project.text.split('\n');
  const { line, character, original } = project.edit;
  let digit = Number(original);
  const cache = new ParseCache();
  let text = project.text;
  const reader = { read: (p: string) => (p === file ? text : undefined) };
  return () => {
    digit = (digit + 1) % 10;
    const l = lines[line] ?? '';
    lines[line] = l.slice(0, character) + String(digit) + l.slice(character + 1);
    text = lines.join('\n');
    const before = { ...cache.counts };
    const c0 = cpuMs();
    const loaded = loadProject({ files: [file], reader, env: {}, parseCache: cache });
    const c1 = cpuMs();
    analyze(loaded, host, rules);
    const c2 = cpuMs();
    return {
      load: c1 - c0,
      analyze: c2 - c1,
      parsedAfresh: cache.counts.parsedAfresh - before.parsedAfresh,
      reused: cache.counts.reused - before.reused,
      slowParses: cache.counts.slowPath - before.slowPath,
    };
  };
}

export function measureKeystrokes(
  project: GeneratedProject,
  file: string,
  warmup: number,
  edits: number,
  host: HostSnapshot | null = null,
): KeystrokeFigures {
  const unscoped: Rule[] = allRules.map((r) => ({ id: r.id, title: r.title, run: (ctx) => r.run(ctx) }));
  const scopedRules = allRules.filter((r) => r.scope !== undefined).length;
  const scoped = session(project, file, allRules, host);
  // Another path: data the rules keep per project (RecentByProject: by file list and service count) must
  // not be shared between the two sessions, or each keystroke would find the other session's and rebuild.
  const whole = session(project, join(dirname(file), 'unscoped', basename(file)), unscoped, host);
  const samples: ReturnType<ReturnType<typeof session>>[] = [];
  const work: { checked: number; networkRulesRun: number; wideRun: number }[] = [];
  let networkRules = 0;
  const wholeCpu: number[] = [];
  for (let i = 0; i < warmup + edits; i++) {
    const s = scoped();
    const checked = lastServiceScope.checked;
    const networkRulesRun = lastNetworkScope.run;
    const wideRun = lastProjectWide.run + (allRules.length - scopedRules - lastProjectWide.rules);
    networkRules = lastNetworkScope.rules;
    const w = whole();
    if (i < warmup) continue;
    samples.push(s);
    work.push({ checked, networkRulesRun, wideRun });
    wholeCpu.push(w.load + w.analyze);
  }
  const median = (xs: number[]) => summarize(xs).median;
  return {
    cpu: summarize(samples.map((s) => s.load + s.analyze)),
    load: summarize(samples.map((s) => s.load)),
    analyze: summarize(samples.map((s) => s.analyze)),
    unscopedCpu: summarize(wholeCpu),
    work: {
      parsedAfresh: median(samples.map((s) => s.parsedAfresh)),
      reused: median(samples.map((s) => s.reused)),
      slowParses: samples.reduce((n, s) => n + s.slowParses, 0),
      servicesChecked: median(work.map((w) => w.checked)),
      services: lastServiceScope.services,
      networkRulesRun: median(work.map((w) => w.networkRulesRun)),
      networkRules,
      wholeProjectRules: allRules.length - scopedRules,
      wholeProjectRulesRun: median(work.map((w) => w.wideRun)),
    },
  };
}

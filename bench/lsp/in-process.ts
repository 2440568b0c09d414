// Full-project diagnostics without the LSP layer: loadProject + analyze on the generated text, timed per run
// after a warm-up, the way the server does it after each edit (fresh load, every rule, with the run's host
// snapshot if any).
import type { HostSnapshot } from '@switchyard/protocol';
import { analyze } from '../../server/src/analyze';
import { loadProject } from '../../server/src/compose/loader';
import { allRules } from '../../server/src/rules/registry';
import { summarize } from './stats';
import type { Summary } from './stats';

export interface InProcessFigures {
  loadAndAnalyze: Summary;
  load: Summary;
  analyze: Summary;
  /** CPU time of load+analyze (process.cpuUsage: all threads, so GC helpers count; load barely affects it). */
  cpu: Summary;
  findings: number;
}

export function measureInProcess(
  file: string,
  text: string,
  warmup: number,
  runs: number,
  host: HostSnapshot | null = null,
): InProcessFigures {
  const reader = { read: (p: string) => (p === file ? text : undefined) };
  const once = (): { load: number; analyze: number; cpu: number; findings: number } => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const project = loadProject({ files: [file], reader, env: {} });
    const t1 = performance.now();
    const findings = analyze(project, host).length;
    const analyzeMs = performance.now() - t1;
    const c = process.cpuUsage(c0);
    return { load: t1 - t0, analyze: analyzeMs, cpu: (c.user + c.system) / 1000, findings };
  };
  for (let i = 0; i < warmup; i++) once();
  const samples = Array.from({ length: runs }, once);
  return {
    loadAndAnalyze: summarize(samples.map((s) => s.load + s.analyze)),
    load: summarize(samples.map((s) => s.load)),
    analyze: summarize(samples.map((s) => s.analyze)),
    cpu: summarize(samples.map((s) => s.cpu)),
    findings: samples[0]?.findings ?? 0,
  };
}

export interface RuleCost {
  id: string;
  medianMs: number;
}

/**
 * CPU time per rule inside analyze, in rule order on a fresh load each run, as the server runs them. A model
 * that rules share (the port model, the address model) is built by the first rule that asks, so its cost
 * shows under that rule.
 */
export function ruleCosts(file: string, text: string, runs: number): RuleCost[] {
  const reader = { read: (p: string) => (p === file ? text : undefined) };
  const samples = new Map<string, number[]>(allRules.map((r) => [r.id, []]));
  for (let i = 0; i < runs; i++) {
    const ctx = {
      project: loadProject({ files: [file], reader, env: {} }),
      host: null,
      report: () => undefined,
    };
    for (const rule of allRules) {
      const c0 = process.cpuUsage();
      rule.run(ctx);
      const c = process.cpuUsage(c0);
      samples.get(rule.id)?.push((c.user + c.system) / 1000);
    }
  }
  return [...samples]
    .map(([id, xs]) => ({ id, medianMs: summarize(xs).median }))
    .sort((a, b) => b.medianMs - a.medianMs);
}

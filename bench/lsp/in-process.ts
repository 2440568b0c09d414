// Full-project diagnostics without the LSP layer: loadProject + analyze on the generated text, timed per run
// after a warm-up, the way the server does it after each edit (fresh load, every rule, no host snapshot).
import { analyze } from '../../server/src/analyze';
import { loadProject } from '../../server/src/compose/loader';
import { summarize } from './stats';
import type { Summary } from './stats';

export interface InProcessFigures {
  loadAndAnalyze: Summary;
  load: Summary;
  analyze: Summary;
  findings: number;
}

export function measureInProcess(file: string, text: string, warmup: number, runs: number): InProcessFigures {
  const reader = { read: (p: string) => (p === file ? text : undefined) };
  const once = (): { load: number; analyze: number; findings: number } => {
    const t0 = performance.now();
    const project = loadProject({ files: [file], reader, env: {} });
    const t1 = performance.now();
    const findings = analyze(project, null).length;
    return { load: t1 - t0, analyze: performance.now() - t1, findings };
  };
  for (let i = 0; i < warmup; i++) once();
  const samples = Array.from({ length: runs }, once);
  return {
    loadAndAnalyze: summarize(samples.map((s) => s.load + s.analyze)),
    load: summarize(samples.map((s) => s.load)),
    analyze: summarize(samples.map((s) => s.analyze)),
    findings: samples[0]?.findings ?? 0,
  };
}

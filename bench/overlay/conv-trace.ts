// `node --import tsx bench/overlay/conv-trace.ts [--samples N]`: where a convergence sample's time goes.
// The overlay bench's convergence step alone (sandbox create on host B, a prober on host A), then for each
// sample B's `endpoint.join` phases and A's `cluster.update` batch that carried it, from the daemons' debug
// `op timing` lines, laid out on one time line (ms from t0, just before the create). B's announce start is
// its join's end minus its `dns` and `announce` phases (a redirect that ends after the announce moves it
// later by the difference, a few ms at most).
import type { NamespaceHost } from '../../test/engine/harness';
import { OverlayLab } from '../../test/engine/overlay-lab';
import { benchPair, convergenceSample } from './probe';
import { arg, pct } from './util';

type Timing = {
  time: string;
  op: string;
  ms: number;
  sandbox?: string;
  waitMs?: number;
  phases: Record<string, number>;
};
const timings = (h: NamespaceHost): Timing[] =>
  h.log
    .split('\n')
    .filter((l) => l.includes('"op timing"') || l.includes('"op":'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Timing];
      } catch {
        return [];
      }
    })
    .filter((j) => j.op);

async function main() {
  const lab = await OverlayLab.start();
  const [h0, h1] = lab.hosts as [NamespaceHost, NamespaceHost];
  try {
    const { a } = await benchPair(h0, h1);
    const n = arg('samples', 10);
    const rows: Awaited<ReturnType<typeof convergenceSample>>[] = [];
    for (let i = 0; i < n; i++) rows.push(await convergenceSample(a.netns, h1, `cv${i}`));
    await new Promise((r) => setTimeout(r, 300));
    const bj = timings(h1).filter((t) => t.op === 'endpoint.join');
    const au = timings(h0).filter((t) => t.op === 'cluster.update');
    const cols: Record<string, number[]> = {};
    const add = (k: string, v: number) => (cols[k] ??= []).push(v);
    rows.forEach((r, i) => {
      const j = bj.find((x) => x.sandbox === `cv${i}`);
      if (!j) return;
      const jEnd = Date.parse(j.time) - r.t0;
      const annStart = jEnd - (j.phases.dns ?? 0) - (j.phases.announce ?? 0);
      const u = au.find((x) => Date.parse(x.time) - r.t0 >= annStart);
      const uEnd = u ? Date.parse(u.time) - r.t0 : NaN;
      const uStart = u ? uEnd - u.ms : NaN;
      console.log(
        `cv${i}: resolved ${r.resolved} reached ${r.reached} returned ${r.returned} | B join start ${Math.round(jEnd - j.ms)} ann ${Math.round(annStart)} end ${jEnd} ${JSON.stringify(j.phases)}` +
          ` | A update first-event ${Math.round(uStart)} wait ${u?.waitMs} end ${uEnd} ${JSON.stringify(u?.phases)}`,
      );
      add('resolved', r.resolved);
      add('reached', r.reached);
      add('B create returned', r.returned);
      add('B join start', jEnd - j.ms);
      add('B announce start', annStart);
      add('A event in', uStart);
      add('A update end', uEnd);
      for (const [k, v] of Object.entries(j.phases)) add(`join.${k}`, v);
      for (const [k, v] of Object.entries(u?.phases ?? {})) add(`update.${k}`, v);
      if (u) add('update.wait', u.waitMs ?? NaN);
    });
    for (const [k, v] of Object.entries(cols))
      console.log(`${k.padEnd(22)} p50 ${pct(v, 50)} p90 ${pct(v, 90)}`);
    // Which samples' sandboxes took B's spare namespace (engine/src/ops/spare-netns.ts; none before it).
    const taken = new Set(
      [...h1.log.matchAll(/"msg":"spare namespace taken","netns":"([^"]+)"/g)].map((m) => m[1]),
    );
    const created = [
      ...h1.log.matchAll(/"msg":"sandbox created","sandbox":"(cv\d+)"[^\n]*"netns":"([^"]+)"/g),
    ];
    console.log(
      `B took a spare namespace in ${created.filter((m) => taken.has(m[2])).length} of ${n} samples`,
    );
  } finally {
    await lab.close();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});

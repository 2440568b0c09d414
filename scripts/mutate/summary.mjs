// `node scripts/mutate/summary.mjs reports/mutation/<run>.json ...`: the per-file table that test/README.md
// records (valid mutants, killed + timed out, survived, no coverage, score), from Stryker's JSON reports, and
// the total. Mutants the type checker refused (CompileError) and ignored ones are not counted.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const rows = new Map();
for (const report of process.argv.slice(2)) {
  const { files } = JSON.parse(readFileSync(report, 'utf8'));
  if (!files) continue; // a run's config or incremental file, not its report
  for (const [file, { mutants }] of Object.entries(files)) {
    const r = { valid: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, pending: 0 };
    for (const m of mutants) {
      if (m.status === 'CompileError' || m.status === 'Ignored') continue;
      r.valid++;
      if (m.status === 'Killed') r.killed++;
      else if (m.status === 'Timeout') r.timeout++;
      else if (m.status === 'Survived') r.survived++;
      else if (m.status === 'NoCoverage') r.noCoverage++;
      else r.pending++;
    }
    rows.set(relative(process.cwd(), file), r);
  }
}
const pct = (a, b) => (b === 0 ? '' : `${((100 * a) / b).toFixed(1)}%`);
const total = { valid: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, pending: 0 };
console.log('| file | valid mutants | killed + timeout | survived | no coverage | score |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [file, r] of [...rows].sort()) {
  for (const k of Object.keys(total)) total[k] += r[k];
  const dead = r.killed + r.timeout;
  console.log(
    `| \`${file}\` | ${r.valid} | ${dead} (${r.timeout} t/o) | ${r.survived} | ${r.noCoverage} | ${pct(dead, r.valid)} |`,
  );
}
const dead = total.killed + total.timeout;
console.log(
  `| **together** | **${total.valid}** | **${dead}** (${total.timeout} t/o) | **${total.survived}** | **${total.noCoverage}** | **${pct(dead, total.valid)}** (${pct(dead, total.valid - total.noCoverage)} of covered) |`,
);
if (total.pending > 0) console.log(`(${total.pending} mutants with another status)`);

// scratch: one cold open in-process (not committed)
import { analyze } from '../../server/src/analyze';
import { loadProject, ParseCache } from '../../server/src/compose/loader';
import { generateProject } from './generate';
const project = generateProject({ services: 1000, networks: 200 });
analyze(loadProject({ files: ['/x/compose.yaml'], reader: { read: () => 'services:\n  a:\n    image: x\n' }, env: {}, parseCache: new ParseCache() }), null);
const file = '/tmp/opent/compose.yaml';
const main = () => Number(require('node:fs').readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
const m0 = main();
const c0 = process.cpuUsage(); const t0 = performance.now();
const p = loadProject({ files: [file], reader: { read: (x: string) => (x === file ? project.text : undefined) }, env: {}, parseCache: new ParseCache() });
const t1 = performance.now();
const f = analyze(p, null, undefined, undefined, { oneShot: process.argv.includes('--one-shot') });
const t2 = performance.now(); const c = process.cpuUsage(c0);
const m1 = main();
console.log(`main ${(m1 - m0).toFixed(0)} load ${(t1 - t0).toFixed(0)} analyze ${(t2 - t1).toFixed(0)} total ${(t2 - t0).toFixed(0)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0)} ms, findings ${f.length}`);

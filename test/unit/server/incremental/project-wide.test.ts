import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../../server/src/analyze';
import { loadProject, ParseCache } from '../../../../server/src/compose/loader';
import { lastProjectWide } from '../../../../server/src/incremental/project-wide';
import { allRules } from '../../../../server/src/rules/registry';
import { generateProject } from '../../../../bench/lsp/generate';

/**
 * The rules over the whole project run again only when what they read of a changed service changed
 * (incremental/project-wide.ts): which ones ran is counted, never timed.
 */
const FILE = '/project/compose.yaml';

function session() {
  const cache = new ParseCache();
  return (text: string) => {
    const load = (c?: ParseCache) =>
      loadProject({
        files: [FILE],
        reader: { read: (p) => (p === FILE ? text : undefined) },
        env: {},
        ...(c ? { parseCache: c } : {}),
      });
    const found = analyze(load(cache), null);
    const ran = [...lastProjectWide.ran];
    assert.deepStrictEqual(found, analyze(load(), null, [...allRules]));
    return { found, ran };
  };
}

const { text } = generateProject({ services: 30, networks: 6 });
const wide = allRules.filter((r) => r.scope === undefined).map((r) => r.id);

test('a first analysis runs every rule over the whole project', () => {
  assert.deepStrictEqual(session()(text).ran, wide);
});

test('a keystroke in a static address re-runs only the rules that read addresses', () => {
  const analyse = session();
  analyse(text);
  const edited = text.replace(
    /(ipv4_address: 10\.\d+\.2\.)(\d+)/,
    (_, head: string, n: string) => `${head}${Number(n) + 1}`,
  );
  assert.notEqual(edited, text);
  const { ran } = analyse(edited);
  assert.deepStrictEqual(ran.sort(), ['NET009', 'NET039', 'NET063', 'NET064']);
});

test('a keystroke that makes two services publish one host port re-runs the port rules, and they report it', () => {
  const analyse = session();
  analyse(text);
  const ports = [...text.matchAll(/- "(\d+):8080"/g)].map((m) => m[1]);
  const [first, second] = ports;
  assert.ok(first !== undefined && second !== undefined);
  const clash = text.replace(`- "${second}:8080"`, `- "${first}:8080"`);
  const { found, ran } = analyse(clash);
  assert.ok(ran.includes('NET109'), `ran: ${ran.join(' ')}`);
  assert.ok(!ran.includes('NET063') && !ran.includes('NET010'), `ran: ${ran.join(' ')}`);
  assert.ok(found.some((f) => f.code === 'NET109'));
  // Typed back: nothing stale is kept, the clash is gone.
  const { found: back } = analyse(text);
  assert.ok(!back.some((f) => f.code === 'NET109'));
});

test('a keystroke in an environment value re-runs none of them', () => {
  const analyse = session();
  analyse(text);
  const edited = text.replace(/INSTANCE: "(\d+)"/, (_, n: string) => `INSTANCE: "${n}7"`);
  assert.notEqual(edited, text);
  assert.deepStrictEqual(analyse(edited).ran, []);
});

test('a rule past the findings cap is counted, not kept: it runs again, and the LIMIT count stays right', () => {
  const refs = Array.from({ length: 1500 }, (_, i) => `      - n${i}\n`).join('');
  const analyse = session();
  const first = analyse(`services:\n  a:\n    image: x\n    networks:\n${refs}`);
  const undefinedNets = first.found.filter((f) => f.code === 'NET010');
  assert.equal(undefinedNets.length, 1000, 'at most MAX_FINDINGS_PER_RULE built');
  assert.match(first.found.find((f) => f.code === 'LIMIT')?.message ?? '', /NET010 found 500 more problems/);
  // The same text again: a rule whose findings were all kept is not run; NET010 (over the cap) is.
  const again = analyse(`services:\n  a:\n    image: x\n    networks:\n${refs}`);
  assert.ok(again.ran.includes('NET010'), 'NET010 ran again');
  assert.ok(!again.ran.includes('NET074'), 'a rule under the cap was kept');
  assert.deepStrictEqual(again.found, first.found);
});

// Kernel changes are answered by long-lived `ip -batch` sessions kept in the spawn threads
// (engine/src/exec/spawn-worker.ts): a job's output is its own, a failing line ends the job with ip's own
// error (its line number counted from the job's start) and a fresh session answers the next one, a second
// job for a busy namespace gets a process of its own, an idle session ends by itself, and a released
// session no longer keeps its namespace (and the links inside it) alive. The firewall's `nft -i` session:
// one transaction per change, all or nothing. Runs in throwaway namespaces.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { check } from '../../engine/src/exec/command';
import type { Command } from '../../engine/src/exec/command';
import { bridgeBatch } from '../../engine/src/exec/bridge';
import { ipBatch, ipWords, releaseNetns } from '../../engine/src/exec/ip';
import { nftApply, nftChange } from '../../engine/src/exec/nft';
import { LocalRunner } from '../../engine/src/exec/local-runner';
import { SpawnThreads } from '../../engine/src/exec/spawn-thread';
import { must, sh, skipReason, waitFor } from './harness';

const skip = skipReason();

/** PIDs of this process's live `ip` sessions inside `netns` (children of ours, from /proc; zombies left out). */
function sessionPids(netns: string): number[] {
  const want = ['ip', '-n', netns, '-o', '-batch', '-'].join('\0');
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(ppid) !== process.pid || state === 'Z') return [];
        const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0$/, '');
        return argv === want ? [Number(d)] : [];
      } catch {
        return []; // ended while we looked
      }
    });
}

describe('engine: ip sessions', { skip }, () => {
  const tag = randomBytes(3).toString('hex');
  const host = `swip-h-${tag}`;
  const inner = `swip-i-${tag}`;
  const threads = new SpawnThreads(2);
  const reused: boolean[] = [];
  const runner = new LocalRunner((_c, _r, _ms, _fork, r) => reused.push(r), threads);
  /** The last command's "answered by a running session". */
  const lastReused = () => reused.at(-1);
  const job = (lines: string[], netns = host): Command =>
    ipBatch(
      lines.map((l) => ipWords(...l.split(' '))),
      netns,
    );

  before(() => {
    must(['ip', 'netns', 'add', host]);
    must(['ip', 'netns', 'add', inner]);
  });
  after(async () => {
    await threads.close();
    sh(['ip', 'netns', 'del', inner]);
    sh(['ip', 'netns', 'del', host]);
  });

  test('a job gets its own output; the next one is answered without a process', async () => {
    const first = await check(runner, job([`link add swbr${tag} type bridge`, `link show dev swbr${tag}`]));
    assert.match(first.stdout, new RegExp(`^\\d+: swbr${tag}: `));
    assert.doesNotMatch(first.stdout, /\blo\b/, 'the end line is not part of the output');
    assert.equal(lastReused(), false, 'the first job starts the session');
    const second = await check(runner, job([`link set swbr${tag} up`]));
    assert.equal(second.stdout, '');
    assert.equal(lastReused(), true, 'the session answered');
    assert.match(must(['ip', '-n', host, '-o', 'link', 'show', `swbr${tag}`]), /[<,]UP[,>]/);
  });

  test('a failing line ends the job with ip`s error, counted from the job; a new session follows', async () => {
    await check(runner, job(['link show dev swbr' + tag]));
    const bad = await runner.run(
      job([`link set swbr${tag} down`, 'link set nosuch-dev up', `link set swbr${tag} up`]),
    );
    assert.notEqual(bad.exitCode, 0);
    assert.match(bad.stderr, /Cannot find device "nosuch-dev"/);
    assert.match(bad.stderr, /Command failed -:2\b/, 'line 2 of this job');
    assert.match(
      must(['ip', '-n', host, '-o', 'link', 'show', `swbr${tag}`]),
      /state DOWN|<BROADCAST,MULTICAST>/,
    );
    const next = await check(runner, job([`link set swbr${tag} up`]));
    assert.equal(next.exitCode, 0);
    assert.equal(lastReused(), false, 'the failed session is gone; a new one answers');
  });

  test('two jobs for one namespace at once: both done, the second by a process of its own', async () => {
    const names = [`swa${tag}`, `swb${tag}`];
    // The first job deletes a bridge too (the kernel waits for an RCU grace period, tens of ms): the second
    // is sure to come while the session is busy, even when this thread is slow to post it.
    const slow = [`link add ${names[0]} type bridge`, `link add swt${tag} type bridge`, `link del swt${tag}`];
    const results = await Promise.all([
      runner.run(job(slow)),
      runner.run(job([`link add ${names[1]} type bridge`])),
    ]);
    assert.deepEqual(
      results.map((r) => r.exitCode),
      [0, 0],
    );
    assert.deepEqual(reused.slice(-2).sort(), [false, true], 'one from the session, one one-shot');
    for (const n of names) must(['ip', '-n', host, 'link', 'show', n]);
  });

  test('an idle session ends by itself', async () => {
    const short = (lines: string[]): Command => {
      const c = job(lines);
      assert.ok(c.session, 'ipBatch allows a session');
      return { ...c, session: { ...c.session, key: `${host}-idle`, idleMs: 100 } };
    };
    const others = new Set(sessionPids(host));
    await check(runner, short(['link show dev swbr' + tag]));
    const [session, ...more] = sessionPids(host).filter((p) => !others.has(p));
    assert.ok(session !== undefined && more.length === 0, 'the job started one session process');
    await check(runner, short(['link show dev swbr' + tag]));
    assert.equal(lastReused(), true);
    await waitFor('the idle session to end by itself', () => !sessionPids(host).includes(session));
    await check(runner, short(['link show dev swbr' + tag]));
    assert.equal(lastReused(), false, 'a new process after the idle time');
  });

  test('a job with no answer in its time fails and says so; the next job gets a new session', async () => {
    await check(runner, job(['link show dev swbr' + tag]));
    // A bridge deletion waits for an RCU grace period (tens of ms): far beyond 1 ms.
    const slow = job([`link add swl${tag} type bridge`, `link del swl${tag}`]);
    const r = await runner.run({ ...slow, timeoutMs: 1 });
    assert.notEqual(r.exitCode, 0);
    assert.match(r.stderr, /no answer from ip within 1 ms/);
    await check(runner, job(['link show dev swbr' + tag]));
    assert.equal(lastReused(), false, 'the killed session was replaced');
  });

  test('a session whose end line is never answered is not used: its jobs run as processes', async () => {
    const c = job(['link show dev swbr' + tag]);
    assert.ok(c.session);
    const deaf = { ...c, session: { ...c.session, key: `${host}-deaf`, mark: 'never printed' } };
    const first = await check(runner, deaf);
    assert.match(first.stdout, new RegExp(`swbr${tag}`), 'done by a process of its own');
    assert.equal(lastReused(), false);
    await check(runner, deaf);
    assert.equal(lastReused(), false, 'still no session');
  });

  test('a release during a job lets the job finish with its output', async () => {
    const c = job([`link add swr${tag} type bridge`, `link del swr${tag}`, `link show dev swbr${tag}`]);
    const [r] = await Promise.all([runner.run(c), runner.release(host)]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^\\d+: swbr${tag}: `));
  });

  test('a session keeps its namespace alive until released; then the namespace and its links go', async () => {
    // A veth pair between the two namespaces: its host end lives exactly as long as the inner namespace.
    const [hv, iv] = [`swh${tag}`, `swi${tag}`];
    must(['ip', '-n', host, 'link', 'add', hv, 'type', 'veth', 'peer', 'name', iv, 'netns', inner]);
    const namespace = statSync(`/run/netns/${inner}`).ino;
    await check(runner, job([`link set ${iv} up`], inner));
    const [session] = sessionPids(inner);
    assert.ok(session !== undefined, 'a session runs in the inner namespace');
    must(['ip', 'netns', 'del', inner]);
    // No waiting to see whether the namespace goes: the session process itself is still inside it.
    assert.equal(
      statSync(`/proc/${session}/ns/net`).ino,
      namespace,
      'the session holds the deleted namespace',
    );
    assert.equal(
      sh(['ip', '-n', host, 'link', 'show', hv]).status,
      0,
      'the session still holds the namespace',
    );
    await runner.release(inner);
    await waitFor(
      'the host end to go with the namespace',
      () => sh(['ip', '-n', host, 'link', 'show', hv]).status !== 0,
    );
    must(['ip', 'netns', 'add', inner]); // for after()
  });
});

describe('engine: the nft session', { skip }, () => {
  const ns = `swnft-${randomBytes(3).toString('hex')}`;
  const threads = new SpawnThreads(1);
  const reused: boolean[] = [];
  const runner = new LocalRunner((_c, _r, _ms, _fork, r) => reused.push(r), threads);
  const elements = () => must(['ip', 'netns', 'exec', ns, 'nft', 'list', 'set', 'inet', 'swt', 'a']);

  before(async () => {
    must(['ip', 'netns', 'add', ns]);
    const table = 'table inet swt {\n\tset a { type ipv4_addr; }\n\tset b { type ipv4_addr; }\n}\n';
    await check(runner, nftApply(table, ns));
  });
  after(async () => {
    await releaseNetns(runner, ns);
    await threads.close();
    sh(['ip', 'netns', 'del', ns]);
  });

  test('changes of several lines are one transaction each, answered by one nft process', async () => {
    await check(
      runner,
      nftChange('add element inet swt a { 10.0.0.1 }\nadd element inet swt b { 10.0.0.9 }\n', ns),
    );
    await check(runner, nftChange('add element inet swt a { 10.0.0.2 }\n', ns));
    assert.deepEqual(reused.slice(-2), [false, true]);
    assert.match(elements(), /10\.0\.0\.1, 10\.0\.0\.2/);
  });

  test('a failing change commits nothing and says why; the session goes on', async () => {
    const bad = await runner.run(
      nftChange('add element inet swt a { 10.0.0.3 }\nadd element inet swt nosuch { 10.0.0.4 }\n', ns),
    );
    assert.equal(bad.exitCode, 1);
    assert.match(bad.stderr, /Error: .*No such file or directory/s);
    assert.doesNotMatch(elements(), /10\.0\.0\.3/, 'all or nothing');
    await check(runner, nftChange('delete element inet swt a { 10.0.0.1 }\n', ns));
    assert.equal(reused.at(-1), true, 'the same nft process answered after the failure');
    assert.doesNotMatch(elements(), /10\.0\.0\.1\b/);
  });
});

describe('engine: the bridge session (overlay FDB entries)', { skip }, () => {
  const ns = `swbr-${randomBytes(3).toString('hex')}`;
  const threads = new SpawnThreads(1);
  const reused: boolean[] = [];
  const runner = new LocalRunner((_c, _r, _ms, _fork, r) => reused.push(r), threads);
  const fdb = () => must(['bridge', '-n', ns, 'fdb', 'show', 'dev', 'vx0']);
  const add = (mac: string) =>
    ipWords('fdb', 'replace', mac, 'dev', 'vx0', 'dst', '192.0.2.9', 'self', 'permanent');

  before(() => {
    must(['ip', 'netns', 'add', ns]);
    must([
      'ip',
      '-n',
      ns,
      'link',
      'add',
      'vx0',
      'type',
      'vxlan',
      'id',
      '42',
      'dstport',
      '4789',
      'nolearning',
    ]);
  });
  after(async () => {
    await releaseNetns(runner, ns);
    await threads.close();
    sh(['ip', 'netns', 'del', ns]);
  });

  test('FDB changes after the first are answered by the same bridge process', async () => {
    await check(runner, bridgeBatch([add('02:00:00:00:00:01')], false, ns));
    await check(runner, bridgeBatch([add('02:00:00:00:00:02'), add('02:00:00:00:00:03')], false, ns));
    assert.deepEqual(reused.slice(-2), [false, true]);
    assert.equal((fdb().match(/dst 192\.0\.2\.9/g) ?? []).length, 3);
  });

  test('a failing line fails its job with the tool words; the next job works', async () => {
    const bad = await runner.run(
      bridgeBatch([ipWords('fdb', 'add', '02:00:00:00:00:04', 'dev', 'lo', 'self')], false, ns),
    );
    assert.notEqual(bad.exitCode, 0);
    assert.match(bad.stderr, /FDB add only supported for Ethernet devices/);
    await check(
      runner,
      bridgeBatch([ipWords('fdb', 'del', '02:00:00:00:00:01', 'dev', 'vx0', 'self')], false, ns),
    );
    assert.doesNotMatch(fdb(), /02:00:00:00:00:01/);
    assert.match(fdb(), /02:00:00:00:00:02/);
  });
});

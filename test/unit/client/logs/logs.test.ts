import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupPath, planDaemonJson } from '../../../../client/src/logs/daemon-json';
import { LineJoiner, StdDemuxer } from '../../../../client/src/logs/demux';
import { formatLogLine, isDnsLine, keepLine } from '../../../../client/src/logs/format';
import { chooseDaemonLog, isDockerdLine } from '../../../../client/src/logs/daemon-log-source';

const frame = (kind: number, text: string): Buffer => {
  const body = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(8);
  head[0] = kind;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

test('daemon.json: debug sets debug:true and log-level, keeps the other keys', () => {
  const plan = planDaemonJson(
    '{"data-root":"/srv/docker","log-level":"info"}',
    'debug',
    '/etc/docker/daemon.json',
  );
  assert.deepEqual(JSON.parse(plan.after), { 'data-root': '/srv/docker', 'log-level': 'debug', debug: true });
  assert.deepEqual(plan.changes, ['log-level: "info" → "debug"', 'debug: (unset) → true']);
  assert.ok(plan.after.endsWith('}\n'));
});

test('daemon.json: another level removes a leftover debug:true, which would override it', () => {
  const plan = planDaemonJson('{"debug":true,"log-level":"debug"}', 'warn', '/etc/docker/daemon.json');
  assert.deepEqual(JSON.parse(plan.after), { 'log-level': 'warn' });
  assert.deepEqual(plan.changes, ['log-level: "debug" → "warn"', 'debug: true → (unset)']);
});

test('daemon.json: a missing file is {}, an unchanged level reports no changes, bad JSON is refused', () => {
  assert.deepEqual(JSON.parse(planDaemonJson('', 'info', 'd.json').after), { 'log-level': 'info' });
  assert.deepEqual(planDaemonJson('{"log-level":"info"}', 'info', 'd.json').changes, []);
  assert.throws(
    () => planDaemonJson('{"debug": tru', 'info', '/etc/docker/daemon.json'),
    /daemon\.json is not valid JSON.*nothing was changed/,
  );
  assert.throws(() => planDaemonJson('[1]', 'info', 'd.json'), /must hold a JSON object/);
});

test('daemon.json backup: next to the original, timestamped', () => {
  assert.equal(
    backupPath('/etc/docker/daemon.json', new Date('2026-11-22T14:37:25.123Z')),
    '/etc/docker/daemon.json.bak-20261122T143725Z',
  );
});

test('demux: frames split anywhere, stdout and stderr told apart, lines joined across frames', () => {
  const bytes = Buffer.concat([
    frame(1, 'hello wo'),
    frame(1, 'rld\nsecond\n'),
    frame(2, 'oops\r\n'),
    frame(1, 'tail'),
  ]);
  for (const cut of [1, 3, 8, 9, 15, bytes.length - 1]) {
    const demux = new StdDemuxer();
    const lines = new LineJoiner();
    const out: string[] = [];
    for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
      for (const f of demux.push(part)) out.push(...lines.push(f));
    }
    out.push(...lines.flush());
    assert.deepEqual(out, ['  hello world', '  second', '! oops', '  tail'], `cut at ${cut}`);
  }
});

test('engine log lines: time, level, message, then the fields', () => {
  const line = {
    time: '2026-11-22T14:37:25.123Z',
    level: 'info' as const,
    msg: 'network created',
    network: 'front',
    subnet: '10.1.0.0/24',
    note: 'a b',
  };
  assert.equal(
    formatLogLine(line),
    '14:37:25.123 INFO  network created network=front subnet=10.1.0.0/24 note="a b"',
  );
});

test('DNS view keeps the DNS server lines only', () => {
  const dns = { time: 't', level: 'debug' as const, msg: 'dns upstream timed out' };
  const other = { time: 't', level: 'info' as const, msg: 'dnsmasq-like name but not ours', sandbox: 'a' };
  assert.equal(isDnsLine(dns), true);
  assert.equal(isDnsLine(other), false);
  assert.equal(keepLine(other, { level: 'debug', dnsOnly: true }), false);
  assert.equal(keepLine(other, { level: 'debug', dnsOnly: false }), true);
});

test('Docker daemon log: journalctl under systemd, else where dockerd writes, else the distribution file', () => {
  assert.deepEqual(chooseDaemonLog({ systemd: true, readable: ['/var/log/messages'] })?.argv.slice(0, 4), [
    'journalctl',
    '-u',
    'docker',
    '-f',
  ]);
  const own = chooseDaemonLog({
    systemd: false,
    dockerdStderr: '/run/ci/dockerd.log',
    readable: ['/var/log/messages'],
  });
  assert.deepEqual(own?.argv, ['tail', '-n', '200', '-F', '/run/ci/dockerd.log']);
  assert.equal(
    chooseDaemonLog({
      systemd: false,
      dockerdStderr: 'pipe:[123]',
      readable: ['/var/log/daemon.log', '/var/log/messages'],
    })?.describe,
    '/var/log/daemon.log',
  );
  assert.equal(chooseDaemonLog({ systemd: false, dockerdStderr: '/dev/null', readable: [] }), undefined);
  assert.equal(chooseDaemonLog({ systemd: false, readable: ['/var/log/messages'] })?.grepDockerd, true);
  assert.equal(
    isDockerdLine(
      'Nov 22 14:37:25 h dockerd[812]: time="…" level=info msg="Daemon has completed initialization"',
    ),
    true,
  );
  assert.equal(isDockerdLine('Nov 22 14:37:25 h sshd[90]: Accepted publickey'), false);
});

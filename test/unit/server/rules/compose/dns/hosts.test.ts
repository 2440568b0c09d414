import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { extraHostsOf } from '../../../../../../server/src/rules/compose/dns/hosts';

/** `extra_hosts` of service `a` as compose-go reads it, each span shown as the text it covers. */
function hosts(extraHosts: string, env: Record<string, string> = {}): string[] {
  const file = '/inline/compose.yaml';
  const yaml = `services:\n  a:\n    image: nginx\n    extra_hosts: ${extraHosts}\n`;
  const project = loadProject({
    files: [file],
    reader: { read: (p) => (p === file ? yaml : undefined) },
    env,
  });
  const svc = project.services.find((s) => s.name === 'a');
  assert.ok(svc);
  const text = (s: { start: number; end: number }) => yaml.slice(s.start, s.end);
  return extraHostsOf(svc).map(
    (h) =>
      `${h.separator || 'none'} raw=${h.raw} host=${h.host}@${text(h.hostSpan)} ips=${h.ips.map((i) => `${i.ip}@${text(i.span)}`).join('|')}`,
  );
}

test('list items: split at the first = (else the first :), IPs at commas, brackets dropped, spans inside the item', () => {
  assert.deepEqual(hosts('[db=10.0.0.5, "v6:[fd00::1],10.0.0.6", lone, =1.2.3.4, "a=b:c"]'), [
    '= raw=db=10.0.0.5 host=db@db ips=10.0.0.5@10.0.0.5',
    ': raw=v6:[fd00::1],10.0.0.6 host=v6@v6 ips=fd00::1@[fd00::1]|10.0.0.6@10.0.0.6',
    'none raw=lone host=lone@lone ips=',
    '= raw==1.2.3.4 host=@= ips=1.2.3.4@1.2.3.4',
    '= raw=a=b:c host=a@a ips=b:c@b:c',
  ]);
});

test('a bracket pair alone, or one bracket, is kept as written', () => {
  assert.deepEqual(hosts('["x=[]", "y=[1.2.3.4", "z=[a]"]'), [
    '= raw=x=[] host=x@x ips=[]@[]',
    '= raw=y=[1.2.3.4 host=y@y ips=[1.2.3.4@[1.2.3.4',
    '= raw=z=[a] host=z@z ips=a@[a]',
  ]);
});

test('a value changed by interpolation is marked whole', () => {
  assert.deepEqual(hosts('["db=${IP}"]', { IP: '10.0.0.9' }), [
    '= raw=db=10.0.0.9 host=db@"db=${IP}" ips=10.0.0.9@"db=${IP}"',
  ]);
  // As long as written, yet not what is written: still whole.
  assert.deepEqual(hosts('["db=${X}"]', { X: '1234' }), [
    '= raw=db=1234 host=db@"db=${X}" ips=1234@"db=${X}"',
  ]);
});

test('the mapping form: one IP, a list of IPs, or none', () => {
  assert.deepEqual(hosts('{db: 10.0.0.5, v6: ["[fd00::1]", 10.0.0.6], empty: , nested: {x: 1}}'), [
    'map raw=db host=db@db ips=10.0.0.5@10.0.0.5',
    'map raw=v6 host=v6@v6 ips=fd00::1@"[fd00::1]"',
    'map raw=v6 host=v6@v6 ips=10.0.0.6@10.0.0.6',
    'map raw=empty host=empty@empty ips=@',
  ]);
});

test('anything else reads as no hosts; non-text list items are skipped', () => {
  assert.deepEqual(hosts('db=10.0.0.5'), []);
  assert.deepEqual(hosts('[[x], {y: z}, ~, ok=1.1.1.1]'), [
    '= raw=ok=1.1.1.1 host=ok@ok ips=1.1.1.1@1.1.1.1',
  ]);
});

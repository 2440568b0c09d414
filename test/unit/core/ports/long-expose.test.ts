import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLongPort, parseExpose } from '@switchyard/core';
import type { LongPortFields } from '@switchyard/core';

type Fields = Record<string, string | number | boolean | null>;

function check(fields: Fields) {
  const located: LongPortFields<string> = {};
  for (const [k, v] of Object.entries(fields)) (located as Record<string, unknown>)[k] = { value: v, at: k };
  return checkLongPort(located, { service: 'web', index: 0, at: 'item' });
}
const codes = (fields: Fields) =>
  check(fields).findings.map((f) => `${f.code}@${String(f.at)}: ${f.message}`);

test('long syntax: a valid item gives one binding located at published', () => {
  const r = check({ target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'UDP', mode: 'host' });
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.binding, {
    protocol: 'udp',
    hostIp: '127.0.0.1',
    hostPort: { start: 8080, end: 8080 },
    published: '8080',
    containerPort: 80,
    publishedAt: 'published',
  });
  assert.deepEqual(check({ target: '80', published: '8000-8010' }).binding?.hostPort, {
    start: 8000,
    end: 8010,
  });
  assert.equal(check({ target: 80 }).binding?.hostPort, null);
});

test('long syntax: compose-go and engine texts', () => {
  assert.deepEqual(codes({ published: 8080 }), [
    'NET104@item: service ports services.web.ports.[0] is missing a target port',
  ]);
  assert.deepEqual(codes({ target: 80, host_ip: 'localhost' }), [
    'NET103@host_ip: services.web.ports[0]: invalid ip address: localhost',
  ]);
  assert.deepEqual(codes({ target: 0, protocol: 'udp' }), [
    'NET105@target: invalid port specification: "0/udp"',
  ]);
  assert.deepEqual(codes({ target: 80, published: '80a' }), [
    'NET106@published: invalid port specification: "80a"',
  ]);
  assert.deepEqual(codes({ target: 80, published: 70000 }), [
    'NET106@published: invalid port specification: "70000"',
  ]);
  assert.deepEqual(codes({ target: 80, published: '90-80' }), [
    'NET106@published: invalid port specification: "90-80"',
  ]);
  assert.equal(check({ target: 80, protocol: 'http' }).findings[0]?.code, 'NET107');
  assert.equal(check({ target: 80, mode: 'local' }).findings[0]?.severity, 'information');
  assert.match(codes({ target: 'abc' })[0] ?? '', /strconv\.Atoi: parsing "abc": invalid syntax$/);
});

test('expose: moby ParsePortRange texts', () => {
  const err = (raw: string) => {
    const r = parseExpose(raw);
    return r.ok ? 'ok' : r.error;
  };
  assert.equal(err('80:80'), "invalid start port '80:80': invalid syntax");
  assert.equal(err('70000'), "invalid start port '70000': value out of range");
  assert.equal(err('80-70000'), "invalid end port '70000': value out of range");
  assert.equal(err('90-80/udp'), 'invalid port range: 90-80/udp');
  assert.equal(err(''), 'invalid port range: value is empty');
  assert.equal(err('-80'), "invalid start port '': value is empty");
  assert.equal(err('+80'), "invalid start port '+80': invalid syntax");
  const ok = parseExpose('8000-8002/UDP');
  assert.ok(ok.ok);
  assert.deepEqual(ok.value, { range: { start: 8000, end: 8002 }, protocol: 'udp' });
  const any = parseExpose('80/http');
  assert.ok(any.ok && any.value.protocol === 'http');
});

test('long syntax: a fractional target, a signed string target, published 0 and a range from 0', () => {
  assert.deepEqual(codes({ target: 80.5 }), [
    'NET105@target: services.web.ports.[0].target must be an integer, not 80.5',
  ]);
  assert.equal(check({ target: '+80' }).binding?.containerPort, 80);
  assert.deepEqual(codes({ target: '-5', protocol: 'sctp' }), [
    'NET105@target: invalid port specification: "-5/sctp"',
  ]);
  assert.deepEqual(codes({ target: 65536 }), ['NET105@target: invalid port specification: "65536/tcp"']);
  assert.equal(check({ target: 65535 }).binding?.containerPort, 65535);
  // Port 0 asks the engine for any free port, as does no published port at all; a range from 0 stays a range.
  assert.equal(check({ target: 80, published: 0 }).binding?.hostPort, null);
  assert.equal(check({ target: 80, published: '0' }).binding?.published, '0');
  assert.deepEqual(check({ target: 80, published: '0-3' }).binding?.hostPort, { start: 0, end: 3 });
  assert.deepEqual(codes({ target: 80, published: true }), [
    'NET106@published: invalid port specification: "true"',
  ]);
  assert.equal(check({ target: 80, published: '' }).binding?.published, '');
});

test('expose: a protocol is optional, an empty one after the slash is tcp', () => {
  const value = (raw: string) => {
    const r = parseExpose(raw);
    assert.ok(r.ok, raw);
    return r.value;
  };
  assert.deepEqual(value('80'), { range: { start: 80, end: 80 }, protocol: 'tcp' });
  assert.deepEqual(value('80/'), { range: { start: 80, end: 80 }, protocol: 'tcp' });
  assert.deepEqual(value('80/Udp'), { range: { start: 80, end: 80 }, protocol: 'udp' });
});

test('expose: a protocol without a port is an empty start port, as moby says', () => {
  assert.deepEqual(parseExpose('/udp'), { ok: false, error: "invalid start port '': value is empty" });
});

test('long syntax: a target written as null is a missing target (NET104), not a bad one', () => {
  assert.deepEqual(codes({ target: null, published: 8080 }), [
    'NET104@item: service ports services.web.ports.[0] is missing a target port',
  ]);
});

test('long syntax: a target whose value is undefined is missing too', () => {
  const r = checkLongPort(
    { target: { value: undefined, at: 'target' } },
    { service: 'web', index: 2, at: 'item' },
  );
  assert.deepEqual(
    r.findings.map((f) => `${f.code}@${f.at}: ${f.message}`),
    ['NET104@item: service ports services.web.ports.[2] is missing a target port'],
  );
  assert.equal(r.binding, undefined);
});

test('long syntax: with an unknown protocol, a bad target is still judged as tcp', () => {
  assert.deepEqual(codes({ target: 0, protocol: 'http' }), [
    `NET107@protocol: protocol "http" is not tcp, udp or sctp: the engine's port allocator refuses it (unknown protocol)`,
    'NET105@target: invalid port specification: "0/tcp"',
  ]);
});

test('long syntax: a mode written as null is no mode (no NET108)', () => {
  assert.deepEqual(check({ target: 80, mode: null }).findings, []);
  assert.deepEqual(codes({ target: 80, mode: 'HOST' }), []);
  assert.deepEqual(codes({ target: 80, mode: 'ingress' }), []);
  assert.deepEqual(codes({ target: 80, mode: 'Ingress' }), []);
  assert.deepEqual(codes({ target: 80, mode: 'Global' }), [
    'NET108@mode: mode "Global" is not one of host, ingress; plain Compose ignores it and swarm takes it as ingress',
  ]);
});

test('long syntax: null, undefined or empty protocol, host_ip and published are the defaults', () => {
  for (const value of [null, undefined, '']) {
    const r = checkLongPort(
      {
        target: { value: 80, at: 'target' },
        protocol: { value, at: 'protocol' },
        host_ip: { value, at: 'host_ip' },
        published: { value, at: 'published' },
      },
      { service: 'web', index: 0, at: 'item' },
    );
    assert.deepEqual(r.findings, [], String(value));
    assert.deepEqual(
      r.binding,
      {
        protocol: 'tcp',
        hostIp: '',
        hostPort: null,
        published: '',
        containerPort: 80,
        publishedAt: 'published',
      },
      String(value),
    );
  }
});

test('long syntax: a string target must be all digits (with an optional sign); 1 is the lowest port', () => {
  for (const t of ['80x', 'x80', '8 0'])
    assert.deepEqual(codes({ target: t }), [
      `NET105@target: error while interpolating services.web.ports.[].target: failed to cast to expected type: strconv.Atoi: parsing ${JSON.stringify(t)}: invalid syntax`,
    ]);
  assert.equal(check({ target: 1 }).binding?.containerPort, 1);
  assert.equal(check({ target: '1' }).binding?.containerPort, 1);
});

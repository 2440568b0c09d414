import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { NamespaceHost, MAIN, must, skipReason, tsxInNetns, waitFor } from './harness';

const skip = skipReason(['flock', 'sysctl']);

/** What the engine may change on a host: links, routes, the sysctls it touches, the nft ruleset. */
function snapshot(h: NamespaceHost) {
  const links = h
    .inHost(['ip', '-o', 'link', 'show'])
    .stdout.split('\n')
    .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1])
    .filter(Boolean)
    .sort();
  const routes = ['-4', '-6'].map((f) => h.inHost(['ip', f, 'route', 'show', 'table', 'all']).stdout);
  const sysctls = h
    .inHost([
      'sysctl',
      '-a',
      '--pattern',
      String.raw`^net\.(ipv4\.(ip_forward|conf\..*\.route_localnet)|ipv6\.conf\..*\.(forwarding|accept_ra))$`,
    ])
    .stdout.split('\n')
    .sort()
    .join('\n');
  const ruleset = h.inHost(['nft', 'list', 'ruleset']).stdout;
  return { links, routes, sysctls, ruleset };
}

function uninstallCli(h: NamespaceHost, json = true) {
  return tsxInNetns(h.hostNs, MAIN, [
    'uninstall',
    '--state-dir',
    h.stateDir,
    '--socket',
    h.socket,
    '--prefix',
    h.prefix,
    ...(json ? ['--json'] : []),
  ]);
}

describe('engine: uninstall', { skip }, () => {
  let h: NamespaceHost;
  let before0: ReturnType<typeof snapshot>;
  before(async () => {
    h = await NamespaceHost.start([], (x) => {
      // An uplink that takes RAs, a host that does not forward: what the engine changes, and must put back.
      x.addOutside();
      for (const kv of [
        'net.ipv4.ip_forward=0',
        'net.ipv6.conf.all.forwarding=0',
        `net.ipv6.conf.${x.prefix}-uh.accept_ra=1`,
      ])
        must(['ip', 'netns', 'exec', x.hostNs, 'sysctl', '-qw', kv]);
      // The uplink's link-local address (and its local route) comes after DAD: wait for it before the snapshot.
      const until = Date.now() + 10_000;
      while (!x.inHost(['ip', '-6', 'route', 'show', 'table', 'local']).stdout.includes('local fe80::')) {
        if (Date.now() > until) throw new Error('the uplink never got its link-local address');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
      before0 = snapshot(x);
    });
  });
  after(async () => h?.close());

  test('stops the daemon and leaves links, routes, sysctls and nft ruleset as before the first start', async () => {
    await h.c.call('network.create', { name: 'six', enableIPv6: true, ipam: [{ subnet: 'fd00:7::/64' }] });
    await h.c.call('network.create', { name: 'four', ipam: [{ subnet: '10.77.0.0/24' }] });
    await h.c.call('sandbox.create', { name: 's1', networks: ['six', 'four'], publish: ['8383:80'] });
    await h.c.call('sandbox.create', { name: 's2', networks: ['bridge'] });
    // An overlay's bridge bypass table, as the overlay driver names it (an overlay needs a cluster: made by hand).
    const bypass = `switchyard_${h.prefix}_x0123abc`;
    assert.equal(h.inHost(['nft', 'add', 'table', 'netdev', bypass]).status, 0);
    assert.notDeepEqual(snapshot(h), before0, 'the engine changed the host');
    const pid = (await h.c.call('version', {})).pid;

    const r = uninstallCli(h);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      stoppedPids: number[];
      links: string[];
      namespaces: string[];
      nftTable?: string;
      bypassTables: string[];
      sysctls: Record<string, string>;
    };
    assert.deepEqual(report.bypassTables, [bypass]);
    assert.deepEqual(report.stoppedPids, [pid], 'the daemon named in the lock was stopped');
    assert.equal(report.namespaces.length, 2);
    assert.ok(report.links.length >= 3, `bridges removed: ${report.links.join(', ')}`);
    assert.equal(report.nftTable, `inet switchyard_${h.prefix}`);
    assert.equal(report.sysctls['net/ipv4/ip_forward'], '0');
    assert.equal(report.sysctls[`net/ipv6/conf/${h.prefix}-uh/accept_ra`], '1');
    await waitFor('the daemon to exit', () => h.daemon?.exitCode !== null);

    await waitFor(
      'the host to be as it was',
      () => {
        assert.deepEqual(snapshot(h), before0);
        return true;
      },
      5_000,
    );
    assert.deepEqual(h.ourNamespaces(), [], 'no namespace of the prefix is left');
    const etc = existsSync('/etc/netns') ? readdirSync('/etc/netns') : [];
    assert.deepEqual(
      etc.filter((d) => d.startsWith(`${h.prefix}-`)),
      [],
      'no /etc/netns dir is left',
    );
    assert.equal(existsSync(h.stateDir), false, 'the state is gone');
    assert.equal(existsSync(h.socket), false, 'the socket is gone');
    assert.equal(existsSync(`/run/switchyard/prefix-${h.prefix}.lock`), false, 'the prefix lock is gone');
  });

  test('a second run finds nothing to remove and says so', () => {
    const r = uninstallCli(h, false);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^no engine was running\n/);
    assert.doesNotMatch(r.stdout, /removed link|namespace|nft table|restored/);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLocation } from '../../../../client/src/engine-control/deploy';
import {
  parseUninstallReport,
  summarize,
  uninstallArgv,
} from '../../../../client/src/engine-control/uninstall';

test('uninstall runs the bundle with the location as separate arguments', () => {
  assert.deepEqual(
    uninstallArgv('node', '/var/lib/switchyard/bin/engine-0123456789abcdef.js', defaultLocation),
    [
      'node',
      '/var/lib/switchyard/bin/engine-0123456789abcdef.js',
      '--socket',
      '/run/switchyard/engine.sock',
      'uninstall',
      '--state-dir',
      '/var/lib/switchyard',
      '--prefix',
      'sy',
      '--log-file',
      '/var/log/switchyard-engine.log',
      '--json',
    ],
  );
});

test("the engine's report is checked and summarised; anything else is refused with what it printed", () => {
  const report = {
    stoppedPids: [42],
    links: ['sy-b0123456', 'sy-v89abcde'],
    namespaces: ['sy-sb-0123456789ab'],
    etcNetns: ['sy-sb-0123456789ab'],
    nftTable: 'inet switchyard_sy',
    dockerUserRules: 2,
    sysctls: { 'net/ipv4/ip_forward': '0' },
    files: ['/var/lib/switchyard/state.json'],
    warnings: [],
  };
  const parsed = parseUninstallReport(`${JSON.stringify(report)}\n`);
  assert.deepEqual(parsed, report);
  assert.equal(
    summarize(parsed),
    'stopped pid 42, 2 links, 1 namespaces, nft table inet switchyard_sy, 1 sysctls restored, 1 files',
  );
  assert.throws(() => parseUninstallReport('Error: boom\n'), /printed no report: Error: boom/);
  assert.throws(() => parseUninstallReport('{"links": 3}'), /report is not valid/);
});

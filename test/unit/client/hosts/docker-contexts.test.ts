// Docker engines as Docker's tools find them (DOCKER_HOST, ~/.docker/contexts), and the decision to leave the
// generic YAML features to Docker DX or Red Hat YAML. Every test reads a throwaway HOME.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dockerTargets,
  sshEntryForDocker,
  targetFromDockerHost,
} from '../../../../client/src/hosts/docker-contexts';
import type { SshHostEntry } from '@switchyard/hostio';
import { decideYamlFeatures } from '../../../../client/src/language-client/neighbours';

function fakeHome(t: { after: (fn: () => void) => void }): string {
  const home = mkdtempSync(join(tmpdir(), 'sy-home-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

/** Writes a context as `docker context create` does: meta/<sha256(name)>/meta.json. */
function writeContext(configDir: string, name: string, meta: unknown): void {
  const dir = join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'meta.json'), typeof meta === 'string' ? meta : JSON.stringify(meta));
}

const ctx = (name: string, host: string) => ({
  Name: name,
  Metadata: { Description: '' },
  Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
});

test('Docker contexts: unix and ssh endpoints listed, tcp and broken ones skipped with a reason', (t) => {
  const home = fakeHome(t);
  const docker = join(home, '.docker');
  writeContext(docker, 'rootless', ctx('rootless', 'unix:///run/user/1000/docker.sock'));
  writeContext(docker, 'prod', ctx('prod', 'ssh://ops@prod.example:2222'));
  writeContext(docker, 'lab', ctx('lab', 'ssh://lab'));
  writeContext(docker, 'remote-tls', ctx('remote-tls', 'tcp://10.0.0.5:2376'));
  writeContext(docker, 'k8s-only', { Name: 'k8s-only', Endpoints: { kubernetes: {} } });
  writeContext(docker, 'garbage', '{not json');
  writeContext(docker, 'wrong', { Name: 7 });
  const skipped: string[] = [];
  const targets = dockerTargets({}, home, (l) => skipped.push(l));
  const byName = new Map(targets.map((x) => [x.name, x]));
  assert.deepEqual([...byName.keys()].sort(), ['lab', 'prod', 'rootless']);
  assert.deepEqual(byName.get('rootless'), {
    name: 'rootless',
    from: 'Docker context "rootless"',
    kind: 'local',
    socket: '/run/user/1000/docker.sock',
  });
  assert.deepEqual(byName.get('prod'), {
    name: 'prod',
    from: 'Docker context "prod"',
    kind: 'ssh',
    hostName: 'prod.example',
    user: 'ops',
    port: 2222,
  });
  assert.deepEqual(byName.get('lab'), {
    name: 'lab',
    from: 'Docker context "lab"',
    kind: 'ssh',
    hostName: 'lab',
  });
  assert.equal(skipped.length, 4, skipped.join('\n'));
  assert.ok(skipped.some((l) => /remote-tls.*not tcp/.test(l)));
  assert.ok(skipped.some((l) => /k8s-only.*no Docker endpoint/.test(l)));
  assert.ok(skipped.some((l) => /meta\.json: .*JSON/i.test(l)));
  assert.ok(skipped.some((l) => /not a Docker context \(Name:/.test(l)));
});

test('DOCKER_HOST comes first; DOCKER_CONFIG moves the contexts folder; no folder, no contexts', (t) => {
  const home = fakeHome(t);
  assert.deepEqual(
    dockerTargets({}, home, () => assert.fail('nothing to skip')),
    [],
  );
  const elsewhere = join(home, 'cfg');
  writeContext(elsewhere, 'colima', ctx('colima', `unix://${home}/.colima/docker.sock`));
  writeContext(join(home, '.docker'), 'ignored', ctx('ignored', 'unix:///ignored.sock'));
  const targets = dockerTargets(
    { DOCKER_HOST: 'ssh://me@[2001:db8::7]:22', DOCKER_CONFIG: elsewhere },
    home,
    () => undefined,
  );
  assert.deepEqual(
    targets.map((x) => [x.name, x.kind === 'ssh' ? x.hostName : x.socket]),
    [
      ['DOCKER_HOST', '2001:db8::7'],
      ['colima', `${home}/.colima/docker.sock`],
    ],
  );
});

test('endpoint forms: relative sockets, bad ports and other schemes are refused with the text given', () => {
  const lines: string[] = [];
  const skip = (l: string) => lines.push(l);
  assert.equal(targetFromDockerHost('a', 'DOCKER_HOST', 'unix://docker.sock', skip), undefined);
  assert.equal(targetFromDockerHost('a', 'DOCKER_HOST', 'ssh://h:70000', skip), undefined);
  assert.equal(targetFromDockerHost('a', 'DOCKER_HOST', 'npipe:////./pipe/docker_engine', skip), undefined);
  assert.equal(targetFromDockerHost('a', 'DOCKER_HOST', 'ssh://user@host/extra/path', skip), undefined);
  assert.equal(lines.length, 4);
  assert.match(lines[2] ?? '', /not npipe/);
});

test('an ssh:// endpoint that names an ssh config alias takes its settings; the endpoint user and port win', () => {
  const config: SshHostEntry[] = [
    {
      alias: 'lab',
      hostName: '10.0.0.7',
      user: 'fallback',
      port: 2200,
      identityFiles: ['/k'],
      source: 'ssh-config',
    },
  ];
  const viaAlias = sshEntryForDocker({ name: 'lab', from: '', kind: 'ssh', hostName: 'lab' }, config, 'me');
  assert.deepEqual(
    [
      viaAlias.alias,
      viaAlias.hostName,
      viaAlias.user,
      viaAlias.port,
      viaAlias.identityFiles,
      viaAlias.source,
    ],
    ['lab (Docker)', '10.0.0.7', 'fallback', 2200, ['/k'], 'docker-context'],
  );
  const overridden = sshEntryForDocker(
    { name: 'x', from: '', kind: 'ssh', hostName: 'lab', user: 'root', port: 22 },
    config,
    'me',
  );
  assert.deepEqual([overridden.user, overridden.port], ['root', 22]);
  const plain = sshEntryForDocker({ name: 'y', from: '', kind: 'ssh', hostName: 'box' }, config, 'me');
  assert.deepEqual([plain.hostName, plain.user, plain.port, plain.identityFiles], ['box', 'me', 22, []]);
});

test('YAML features: left to Docker DX or Red Hat YAML when installed; the setting forces either way', () => {
  const none = () => false;
  const only =
    (...ids: string[]) =>
    (id: string) =>
      ids.includes(id);
  assert.equal(decideYamlFeatures('auto', none).enabled, true);
  assert.equal(decideYamlFeatures(undefined, none).enabled, true, 'unset is auto');
  const dx = decideYamlFeatures('auto', only('docker.docker'));
  assert.equal(dx.enabled, false);
  assert.match(dx.because, /Docker DX is installed/);
  const both = decideYamlFeatures('auto', only('docker.docker', 'redhat.vscode-yaml'));
  assert.match(both.because, /Docker DX and Red Hat YAML are installed/);
  assert.equal(decideYamlFeatures('auto', only('redhat.vscode-yaml')).enabled, false);
  assert.equal(decideYamlFeatures('on', only('docker.docker')).enabled, true, 'on wins over a neighbour');
  assert.equal(decideYamlFeatures('off', none).enabled, false, 'off without a neighbour');
  assert.equal(decideYamlFeatures('sometimes', only('docker.docker')).enabled, false, 'a bad value is auto');
  assert.equal(decideYamlFeatures('auto', only('ms-azuretools.vscode-docker')).enabled, true);
});

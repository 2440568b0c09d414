// `switchyard/composeProject` through the real server: the extension's code lens, dry run and "create these
// networks" read the project from the language server, so they see what the diagnostics see: the override
// file, `.env` interpolation and `extends`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ComposeProjectRequest, ComposeProjectResultSchema } from '@switchyard/protocol';
import type { ComposeProjectModel } from '@switchyard/protocol';
import { planDryRun } from '../../client/src/compose-actions/dry-run-plan';
import { planNetworkCreates } from '../../client/src/compose-actions/create-plan';
import { messageOf, withScratchServer } from './client';
import type { LspClient } from './client';

const COMPOSE = `services:
  web:
    extends:
      file: base.yaml
      service: webbase
    networks: [front]
networks:
  front:
    ipam:
      config:
        - subnet: \${FRONT_SUBNET}
          gateway: 10.99.0.1
`;
const OVERRIDE = `services:
  db:
    image: postgres
    networks:
      back:
        aliases: [store]
networks:
  back:
    internal: true
`;
const BASE = `services:
  webbase:
    image: nginx
    ports: ["8080:80"]
`;
const FILES = {
  'compose.yaml': COMPOSE,
  'compose.override.yaml': OVERRIDE,
  'base.yaml': BASE,
  '.env': 'FRONT_SUBNET=10.61.0.0/24\n',
};

const model = async (c: LspClient, path: string): Promise<ComposeProjectModel> => {
  const reply = ComposeProjectResultSchema.parse(
    await c.request(ComposeProjectRequest, { uri: pathToFileURL(path).href }),
  );
  assert.ok(reply, `a model for ${path}`);
  return reply;
};

test('composeProject: override file, .env interpolation and extends, as the diagnostics see them', async () => {
  await withScratchServer(
    async (c, dir) => {
      const uri = await c.open(join(dir, 'compose.yaml'), COMPOSE);
      const diags = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'NET034'));
      const p = await model(c, join(dir, 'compose.yaml'));

      // The project name is Compose's (the folder's name), not a fixed word.
      const name = basename(dir)
        .toLowerCase()
        .replace(/[^a-z0-9_-]/g, '');
      assert.equal(p.name, name);
      // The override's network and service are there; .env filled in the subnet; extends brought the ports.
      assert.deepEqual(
        p.networks.map((n) => [n.key, n.name, n.internal]),
        [
          ['front', `${name}_front`, false],
          ['back', `${name}_back`, true],
        ],
      );
      assert.deepEqual(p.networks[0]?.ipam, [
        { subnet: '10.61.0.0/24', gateway: '10.99.0.1', auxAddresses: {} },
      ]);
      assert.deepEqual(
        p.services.map((s) => s.name),
        ['web', 'db'],
      );
      assert.deepEqual(p.services[0]?.ports, [{ spec: '8080:80', mode: 'ingress' }]);
      assert.deepEqual(p.services[1]?.networks, [{ key: 'back', aliases: ['store'] }]);
      assert.deepEqual(p.files.map((f) => basename(f)).sort(), [
        'base.yaml',
        'compose.override.yaml',
        'compose.yaml',
      ]);

      // The diagnostics beside the lens: the gateway is outside the subnet .env gave, the same subnet the
      // model carries; no network the model's services use is undefined for them.
      const gateway = diags.find((d) => d.code === 'NET034');
      assert.match(gateway ? messageOf(gateway) : '', /10\.61\.0\.0\/24/);
      assert.ok(!diags.some((d) => d.code === 'NET010'), diags.map(messageOf).join('\n'));

      // The lens sits on this file's `networks:` and `services:` keys.
      assert.deepEqual(p.networksKey, { line: 6, character: 0 });
      assert.deepEqual(p.servicesKey, { line: 0, character: 0 });

      // The dry run and "create these networks" are planned from the same model.
      const plan = planDryRun(p);
      assert.deepEqual(
        plan.networks.map((n) => n.key),
        ['front', 'back'],
      );
      assert.deepEqual(
        plan.services.map((s) => [s.service, s.ports]),
        [
          ['web', ['8080:80 (ingress)']],
          ['db', []],
        ],
      );
      const creates = planNetworkCreates(p, [], 'engine');
      assert.deepEqual(
        creates.map((i) => [i.request.name, i.skip !== undefined]),
        [
          [`${name}_front`, true],
          [`${name}_back`, false],
        ],
        'the bad gateway is refused before anything is created, as NET034 says',
      );
    },
    { files: FILES },
  );
});

test('composeProject: asked from the override file, the same project, with the lens on its own keys', async () => {
  await withScratchServer(
    async (c, dir) => {
      await c.open(join(dir, 'compose.override.yaml'), OVERRIDE);
      const fromOverride = await model(c, join(dir, 'compose.override.yaml'));
      const fromBase = await model(c, join(dir, 'compose.yaml'));
      assert.equal(fromOverride.name, fromBase.name);
      assert.deepEqual(fromOverride.networks, fromBase.networks);
      assert.deepEqual(fromOverride.networksKey, { line: 6, character: 0 });
      assert.deepEqual(fromOverride.servicesKey, { line: 0, character: 0 });
    },
    { files: FILES },
  );
});

test('composeProject: a Kubernetes manifest is not a compose project (null), and bad params are refused', async () => {
  const manifest = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{ port: 80 }]\n';
  await withScratchServer(
    async (c, dir) => {
      const uri = pathToFileURL(join(dir, 'svc.yaml')).href;
      await c.open(join(dir, 'svc.yaml'), manifest);
      assert.equal(await c.request(ComposeProjectRequest, { uri }), null);
      assert.equal(await c.request(ComposeProjectRequest, { url: uri }), null);
    },
    { files: { 'svc.yaml': manifest } },
  );
});

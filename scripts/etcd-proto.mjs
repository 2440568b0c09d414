// etcd3 reads its .proto files from beside its own code when it is first required, which a bundle cannot
// do: dist/engine.js is one file copied to a host, with no node_modules next to it. At build time the protos
// are parsed (as @grpc/proto-loader would, with keepCase) and the bundle gets them as JSON through
// proto-loader's fromJSON, so the engine needs no file of etcd3's at run time.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The service definitions of etcd3's rpc.proto (with kv.proto and auth.proto) as protobufjs JSON. */
export function etcdProtoJson() {
  const protobuf = require('protobufjs');
  const protoDir = join(dirname(require.resolve('etcd3/package.json')), 'proto');
  const root = new protobuf.Root();
  root.loadSync(join(protoDir, 'rpc.proto'), { keepCase: true });
  return JSON.stringify(root.toJSON());
}

const LOAD = /\(0, proto_loader_1\.loadSync\)\(`\$\{__dirname\}\/\.\.\/proto\/rpc\.proto`, \{/;

/** esbuild plugin: etcd3's connection pool loads its package definition from inline JSON. */
export const etcdProtoPlugin = {
  name: 'etcd-proto',
  setup(b) {
    b.onLoad({ filter: /etcd3[\\/]lib[\\/]connection-pool\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!LOAD.test(text))
        throw new Error(
          `${args.path}: etcd3 no longer loads rpc.proto as expected; update scripts/etcd-proto.mjs`,
        );
      return {
        contents: text.replace(LOAD, () => `(0, proto_loader_1.fromJSON)(${etcdProtoJson()}, {`),
        loader: 'js',
      };
    });
  },
};

// esbuild plugin: the `etcd3` client reads its gRPC definitions from `node_modules/etcd3/proto/*.proto`
// at load time (`loadSync(`${__dirname}/../proto/rpc.proto`)`), which a one-file bundle (dist/engine.js,
// copied alone to a host) does not have. The definitions are parsed here, at build time, and embedded as
// JSON; the bundle calls proto-loader's `fromJSON` with the same options instead.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const etcdProtoPlugin = {
  name: 'etcd3-proto',
  setup(b) {
    b.onLoad({ filter: /[\\/]etcd3[\\/]lib[\\/]connection-pool\.js$/ }, async (args) => {
      const protobuf = require('protobufjs');
      const root = new protobuf.Root();
      root.loadSync(join(dirname(args.path), '..', 'proto', 'rpc.proto'), { keepCase: true });
      const json = JSON.stringify(root.toJSON());
      const source = await readFile(args.path, 'utf8');
      const call = /\(0, proto_loader_1\.loadSync\)\(`\$\{__dirname\}\/\.\.\/proto\/rpc\.proto`, \{/;
      if (!call.test(source))
        throw new Error(
          `etcd3-proto: ${args.path} no longer loads rpc.proto as expected; update scripts/etcd-proto.mjs`,
        );
      return { contents: source.replace(call, `(0, proto_loader_1.fromJSON)(${json}, {`), loader: 'js' };
    });
  },
};

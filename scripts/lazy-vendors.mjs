// The extension loads dockerode and ssh2 only when it first talks to Docker or opens an SSH connection. They
// are bundled on their own (dist/vendor/*.js) and the extension's bundle refers to them by path, so VS Code
// does not even parse them at activation (about a third of the activation cost; bench/extension measures it).
export const lazyVendors = ['dockerode', 'ssh2'];

/** esbuild plugin for the extension's bundle: `dockerode` and `ssh2` resolve to ./vendor/<name>.js. */
export const lazyVendorsPlugin = {
  name: 'lazy-vendors',
  setup(b) {
    const filter = new RegExp(`^(${lazyVendors.join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};

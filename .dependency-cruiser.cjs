// Import rules that `npm run lint` enforces with dependency-cruiser (`npm run lint:imports`):
//   1. no import circle between the modules of the six packages (type-only imports count: a circle of
//      types is still two modules that cannot be understood apart);
//   2. no upward import inside a package: each package's folders form layers, listed bottom first below, and a
//      module may import only from its own layer or the layers under it (ARCHITECTURE.md says why each
//      layer sits where it does).
// Between packages ESLint's no-restricted-imports (eslint.config.mjs) keeps protocol ← core ← hostio ← apps.
// test/unit/scripts/lint/import-layers.test.ts plants a circle and an upward import in a copy of this config's
// patterns and checks that both fail. The layers themselves: scripts/lint/import-layers.cjs.

const { LAYERS, layerRules, unplacedRules } = require('./scripts/lint/import-layers.cjs');

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import circle: move the shared type or function down to where both sides can import it',
      severity: 'error',
      from: { path: '^(protocol|core|hostio|server|engine|client)/src/' },
      to: { circular: true },
    },
    ...layerRules(LAYERS),
    ...unplacedRules(LAYERS),
  ],
  options: {
    includeOnly: '^(protocol|core|hostio|server|engine|client)/src/',
    exclude: { path: '(^|/)out/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.base.json') },
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};

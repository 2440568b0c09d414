// Import rules that `npm run lint` enforces with dependency-cruiser (`npm run lint:imports`):
//   1. no import circle between the modules of the six packages (type-only imports count: a circle of
//      types is still two modules that cannot be understood apart);
//   2. no import circle between folders: two folders of one layer may import each other's modules only one
//      way (engine/src/cluster → services and services → cluster, each module circle-free, was one such);
//   3. no upward import inside a package: each package's folders form layers, listed bottom first below, and a
//      module may import only from its own layer or the layers under it (ARCHITECTURE.md says why each
//      layer sits where it does).
// Between packages ESLint's no-restricted-imports (eslint.config.mjs) keeps protocol ← core ← hostio ← apps.
// test/unit/scripts/lint/import-layers.test.ts plants a circle, a folder circle and an upward import in small
// trees cruised with this config and checks that each fails. The layers themselves: scripts/lint/import-layers.cjs.

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
    {
      name: 'no-circular-folders',
      comment:
        'two folders import each other: move what the lower one needs from the upper one down into it (or below both)',
      severity: 'error',
      scope: 'folder',
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

// The layers of each package and the dependency-cruiser rules made from them; .dependency-cruiser.cjs uses
// them, and test/unit/scripts/lint/import-layers.test.ts checks that the rules catch what they must.
/**
 * Layers of each package, bottom first. A layer is a list of paths under `<package>/src/`: a folder
 * (`yaml`) or a top-level file (`analyze.ts`). Folders in one layer may import each other (no circles).
 */
const LAYERS = {
  server: [
    ['yaml'],
    ['compose'],
    ['kubernetes'],
    ['rules'],
    ['incremental', 'analyze.ts', 'analyze-kubernetes.ts', 'safe-analyze.ts'],
    ['findings'],
    ['docs'],
    ['features'],
    ['lsp', 'lint-cli'],
    ['server.ts', 'cli.ts'],
  ],
  engine: [
    ['errors.ts', 'model'],
    ['exec', 'store', 'ports', 'log', 'ipam', 'dns'],
    ['kernel', 'firewall'],
    ['drivers', 'host'],
    ['engine-context.ts'],
    ['sandbox'],
    ['ops'],
    // cluster/ keeps the etcd mirror, services' records included (cluster/service-records.ts); services/
    // runs replicas from it, so it sits above; cluster-start.ts wires both for daemon.ts.
    ['discovery', 'diag', 'cluster'],
    ['services'],
    ['daemon', 'cli', 'cluster-start.ts'],
    ['daemon.ts', 'uninstall.ts', 'main.ts'],
  ],
  client: [
    ['settings'],
    ['transport'],
    ['docker', 'engine-control'],
    ['hosts'],
    ['logs'],
    ['compose-actions', 'tree'],
    ['views', 'language-client', 'walkthrough.ts', 'walkthrough-events.ts'],
    ['commands'],
    ['extension.ts', 'status-bar.ts'],
  ],
  core: [
    ['finding.ts', 'memo.ts', 'labels.ts', 'manifest-kind.ts', 'flags.ts', 'fitted.ts'],
    ['net'],
    ['ports', 'host', 'services'],
    ['snapshot.ts'],
    ['index.ts'],
  ],
};

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A regular expression for the modules of some layers of a package. */
const pathsOf = (pkg, layers) =>
  `^${escapeRe(pkg)}/src/(${layers
    .flat()
    .map((p) => (p.endsWith('.ts') ? `${escapeRe(p)}$` : `${escapeRe(p)}/`))
    .join('|')})`;

/** One rule per layer: its modules may not import any layer above it. */
function layerRules(layers) {
  const rules = [];
  for (const [pkg, list] of Object.entries(layers)) {
    list.forEach((layer, i) => {
      const above = list.slice(i + 1);
      if (above.length === 0) return;
      rules.push({
        name: `upward-${pkg}-${layer.join('+').replace(/\.ts/g, '')}`,
        comment: `${pkg}/src: ${layer.join(', ')} may import only from itself and the layers under it (.dependency-cruiser.cjs)`,
        severity: 'error',
        from: { path: pathsOf(pkg, [layer]) },
        to: { path: pathsOf(pkg, above) },
      });
    });
  }
  return rules;
}

/**
 * Every module of a package must sit in one of its layers, so a new folder is placed on purpose: an import
 * from or to a module outside every layer fails (a module that imports nothing and is imported by nothing
 * has no arrows to check).
 */
function unplacedRules(layers) {
  return Object.entries(layers).flatMap(([pkg, list]) => {
    const comment = `${pkg}/src: a module outside every layer of scripts/lint/import-layers.cjs; add its folder to a layer`;
    const unplaced = { path: `^${escapeRe(pkg)}/src/`, pathNot: pathsOf(pkg, list) };
    return [
      { name: `unplaced-${pkg}`, comment, severity: 'error', from: unplaced, to: {} },
      { name: `unplaced-${pkg}`, comment, severity: 'error', from: {}, to: unplaced },
    ];
  });
}

module.exports = { LAYERS, layerRules, unplacedRules, pathsOf };

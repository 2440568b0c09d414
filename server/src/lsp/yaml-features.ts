import type { Diagnostic } from 'vscode-languageserver';

/**
 * The server's half of `initializationOptions.yamlFeatures` (protocol/src/server-options.ts): when an editor
 * beside us already reports YAML syntax errors, ours (code `YAML`) are left out of what is published, in one
 * place for compose files and manifests alike. The outline is left out by not advertising it (server.ts).
 * One value per server process: one client starts one server.
 */
let leaveToNeighbours = false;

export function leaveGenericYamlToNeighbours(on: boolean): void {
  leaveToNeighbours = on;
}

/** The diagnostics this server publishes for a file: all, or all but YAML syntax errors. */
export function ownDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return leaveToNeighbours ? diagnostics.filter((d) => d.code !== 'YAML') : diagnostics;
}

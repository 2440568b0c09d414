// A compose project's network model from text, read the way the extension gets it: the language server's
// loader (override files, .env, include, extends, interpolation) and its `switchyard/composeProject` model.
// In memory: the files live under a folder that is never created.
import { join } from 'node:path';
import { loadProject } from '../../server/src/compose/loader';
import { networkModel } from '../../server/src/compose/network-model';
import type { ProjectNetworkModel } from '../../server/src/compose/network-model';

/**
 * `compose` is `compose.yaml` of a folder named `dirName` (Compose's default project name); `others` are more
 * files of the folder by name (`compose.override.yaml`, `.env`, a file `extends` names). Override files are
 * read as `docker compose` finds them.
 */
export function composeModel(
  compose: string,
  dirName: string,
  others: Record<string, string> = {},
  env: Record<string, string> = {},
): ProjectNetworkModel {
  const dir = join('/nonexistent-switchyard-test', dirName);
  const texts = new Map([
    [join(dir, 'compose.yaml'), compose],
    ...Object.entries(others).map(([name, text]) => [join(dir, name), text] as const),
  ]);
  const project = loadProject({
    files: [],
    projectDirectory: dir,
    reader: { read: (p) => texts.get(p) },
    env,
  });
  return networkModel(project, join(dir, 'compose.yaml'));
}

import { fileURLToPath, pathToFileURL } from 'node:url';

/** The loader works with file-system paths; LSP with `file:` URIs. These are the only two crossings. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Paths already turned into URIs: a project's files are published after every edit. */
const uris = new Map<string, string>();
const MAX_URIS = 8192;

export function pathToUri(path: string): string {
  let uri = uris.get(path);
  if (uri === undefined) {
    if (uris.size >= MAX_URIS) uris.clear();
    uri = pathToFileURL(path).href;
    uris.set(path, uri);
  }
  return uri;
}

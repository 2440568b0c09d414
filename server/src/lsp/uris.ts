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

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

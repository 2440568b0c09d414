// Reading and writing daemon.json over a transport (no vscode here, so it is tested against a real one).
import type { Transport } from '../transport/transport';

/** The file's text, or undefined when there is none yet. */
export async function readDaemonJson(
  transport: Transport,
  sudo: string[],
  path: string,
): Promise<string | undefined> {
  if ((await transport.exec([...sudo, 'test', '-e', path])).code !== 0) return undefined;
  const r = await transport.exec([...sudo, 'cat', path]);
  if (r.code !== 0) {
    throw new Error(`cannot read ${path}: ${r.stderr.trim()}; connect as root or allow passwordless sudo`);
  }
  return r.stdout;
}

/**
 * Backup first (`cp -p` keeps mode and owner), then the new text into a temporary file next to it, renamed
 * over the original, so dockerd never reads a half-written file.
 */
export async function writeDaemonJson(
  transport: Transport,
  sudo: string[],
  path: string,
  text: string,
  backup: string | undefined,
): Promise<void> {
  const run = async (argv: string[], stdin?: string) => {
    const r = await transport.exec([...sudo, ...argv], stdin);
    if (r.code !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.trim()}`);
  };
  if (backup) await run(['cp', '-p', path, backup]);
  else await run(['mkdir', '-p', path.slice(0, path.lastIndexOf('/')) || '/']);
  const tmp = `${path}.switchyard-tmp`;
  await run(['tee', tmp], text);
  await run(['mv', '-f', tmp, path]);
}

import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '@switchyard/core';
import type { Span } from '../yaml/tree';
import { classifyManifest } from '../kubernetes/classify';
import { ManifestFiles } from '../kubernetes/files';
import type { ManifestFs } from '../kubernetes/files';
import { loadKubernetesProject } from '../kubernetes/loader';
import type { K8sProject } from '../kubernetes/project';
import { analyzeKubernetes } from '../analyze-kubernetes';
import type { LintArgs } from './args';
import { findHelm, helmTemplate } from './helm';
import type { CliReader } from './input';
import { InputError } from './input';
import { displayPath } from './problems';

/** The path `-` (stdin) is shown as. */
export const STDIN_PATH = '<stdin>';

/** True when `kubectl` would take this input: a folder, `-`, or a file whose content is a manifest. */
export function isKubernetesArg(path: string, reader: CliReader): boolean {
  if (path === STDIN_PATH) return true;
  try {
    if (statSync(path).isDirectory()) return true;
  } catch {
    return false;
  }
  const text = reader.read(path);
  if (text === undefined) return false;
  const kind = classifyManifest(path, text);
  return kind !== 'compose' && kind !== 'other';
}

/** The CLI's file system: the checked reader for files, readdir for folders, stdin's text under `<stdin>`. */
function cliFs(reader: CliReader, stdin: string | undefined): ManifestFs {
  return {
    read: (p) => (p === STDIN_PATH ? stdin : reader.read(p)),
    list: (p) => {
      if (p === STDIN_PATH) return undefined;
      try {
        return statSync(p).isDirectory() ? readdirSync(p) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export interface KubernetesLint {
  project: K8sProject;
  findings: Finding<Span>[];
  failed: Map<string, string[]>;
}

/** `switchyard lint` on manifests, folders (`-R`), kustomizations (`-k`) and stdin (`-`). */
export function lintKubernetes(
  paths: string[],
  args: LintArgs,
  reader: CliReader,
  cwd: string,
  env: Record<string, string | undefined>,
  stdin: string | undefined,
): KubernetesLint {
  const kustomize = args.kustomize.map((k) => resolve(cwd, k));
  for (const k of kustomize) {
    try {
      if (!statSync(k).isDirectory())
        throw new InputError(`${k}: -k needs a folder with a kustomization.yaml`);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`${k}: no such folder`);
    }
  }
  const clusterConfig = args.clusterConfig === undefined ? undefined : resolve(cwd, args.clusterConfig);
  if (clusterConfig !== undefined) reader.require(clusterConfig, args.clusterConfig ?? clusterConfig);
  const helm = findHelm(env['PATH']);
  const project = loadKubernetesProject({
    paths,
    kustomize,
    recursive: args.recursive,
    files: new ManifestFiles(cliFs(reader, stdin)),
    ...(clusterConfig !== undefined ? { clusterConfig } : {}),
    ...(helm !== undefined ? { helm: helmTemplate(helm) } : {}),
  });
  if (project.sources.size === 0 && kustomize.length === 0) {
    const dir = paths.find((p) => cliFs(reader, stdin).list(p) !== undefined);
    if (dir !== undefined)
      throw new InputError(
        `${displayPath(dir, cwd)}: is a directory with no Kubernetes manifests${args.recursive ? '' : ' (add -R to read its sub-folders)'}; for compose, name the compose files`,
      );
  }
  const failed = new Map<string, string[]>();
  const findings = analyzeKubernetes(project, undefined, (rule, err) => {
    const why = err instanceof Error ? err.message : String(err);
    failed.set(why, [...(failed.get(why) ?? []), rule]);
  });
  return { project, findings, failed };
}

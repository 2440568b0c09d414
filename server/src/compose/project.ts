import type { Finding } from '@switchyard/core';
import type { FileOrigin } from './context';
import type { PMap, Span } from '../yaml/tree';

/**
 * A compose project as `docker compose -f A -f B` would see it, after interpolation, include, extends,
 * merge and profile filtering, with every value still pointing at the file and place it was written.
 */
export interface ComposeProject {
  /** Normalised project name (directory name of the first file unless `name:` or an option says otherwise). */
  name: string;
  workingDir: string;
  /** The files given, in order (first is the base), plus the files pulled in by include/extends. */
  files: string[];
  /** The text of every file read, by path. */
  sources: Map<string, SourceText>;
  /** Profiles treated as active (all profiles named in the project when the caller did not restrict them). */
  activeProfiles: string[];
  services: ServiceModel[];
  /** Declared networks plus the implicit `default` when some enabled service uses it. */
  networks: NetworkModel[];
  /** Load-time findings: YAML syntax, interpolation, include/extends resolution. */
  findings: Finding<Span>[];
  /** Variables from the environment and `.env`, as used for interpolation. */
  env: Map<string, string>;
  /** How each file in `sources` came in (`-f`, `include`, `extends`) and the node that named it. */
  origins?: Map<string, FileOrigin>;
  /** The merged top level (after include, extends and merge), for sections the models do not cover. */
  root?: PMap;
}

export interface SourceText {
  path: string;
  text: string;
  /** Offsets at which each line starts, for offset <-> line/character conversion. */
  lineStarts: number[];
  /** The file's own positioned tree before merge, null when it is empty or not YAML. */
  root: PMap | null;
}

export interface ServiceModel {
  name: string;
  /** The merged service body; each node keeps its own file's span. */
  node: PMap;
  /** Where the service's key is written, in each file that defines it (first is the base). */
  keySpans: Span[];
  /** False when profiles disable it for `activeProfiles`. */
  enabled: boolean;
  profiles: string[];
  /** `scale`, else `deploy.replicas`, else 1 (compose-go GetScale). */
  replicas: number;
}

export interface NetworkModel {
  /** The key under top-level `networks:`. */
  key: string;
  /** The merged definition; null for `key:` with no body and for the implicit default network. */
  node: PMap | null;
  /** Where the key is written, in each file that declares it; empty for the implicit default network. */
  keySpans: Span[];
  /** True for the `default` network Compose adds when a service needs it and it is not declared. */
  implicit: boolean;
  /** The engine name: `name:` if set, the key for external networks, else `<project>_<key>`. */
  engineName: string;
  external: boolean;
}

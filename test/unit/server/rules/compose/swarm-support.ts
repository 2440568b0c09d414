import { readFileSync } from 'node:fs';
import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import { analyze } from '../../../../../server/src/analyze';
import { loadProject } from '../../../../../server/src/compose/loader';
import type { Span } from '../../../../../server/src/yaml/tree';
import { allRules } from '../../../../../server/src/rules';

/** The findings of one rule on a fixture, fixes and severities included (NET160-NET163 tests). */
export function findingsWithFixes(
  file: string,
  code: string,
  host: HostSnapshot | null = null,
): Finding<Span>[] {
  const project = loadProject({ files: [file], reader: { read: (p) => readFileSync(p, 'utf8') }, env: {} });
  return analyze(project, host, allRules).filter((f) => f.code === code);
}

/** A connected host with `nodes` hosts to place replicas on (absent: it stands alone). */
export function hostWithNodes(nodes?: number): HostSnapshot {
  return {
    host: 'build-1',
    takenAt: '2026-01-01T00:00:00Z',
    networks: [],
    ports: [],
    routes: [],
    ...(nodes !== undefined && { nodes }),
  };
}

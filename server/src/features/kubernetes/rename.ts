import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Span } from '../../yaml/tree';
import type { K8sProject } from '../../kubernetes/project';
import { spanToRange } from '../../lsp/positions';
import {
  dns1035LabelError,
  dns1123LabelError,
  labelValueError,
  portNameError,
  qualifiedNameError,
} from '../../rules/kubernetes/texts';
import { nameAt } from './names';
import type { NameKind } from './names';

type UriOf = (path: string) => string;

const rangeOf = (project: K8sProject, s: Span): Range =>
  spanToRange(project.sources.get(s.file)?.lineStarts ?? [0], s);

/** Find references on a manifest: every place the name under the cursor ties objects together. */
export function manifestReferences(
  project: K8sProject,
  file: string,
  offset: number,
  includeDeclaration: boolean,
  uriOf: UriOf,
): Location[] {
  const hit = nameAt(project, file, offset);
  if (hit === undefined) return [];
  return hit.all
    .filter((o) => includeDeclaration || !o.declaration)
    .map((o) => ({ uri: uriOf(o.span.file), range: rangeOf(project, o.span) }));
}

export function manifestPrepareRename(
  project: K8sProject,
  file: string,
  offset: number,
): { range: Range; placeholder: string } | null {
  const hit = nameAt(project, file, offset);
  return hit === undefined ? null : { range: rangeOf(project, hit.here), placeholder: hit.text };
}

/** What the apiserver requires of each kind of name (apimachinery's texts), checked before any edit. */
const VALIDATE: Record<NameKind, { what: string; check: (s: string) => string | undefined }> = {
  service: { what: 'Service name', check: dns1035LabelError },
  'label-key': { what: 'label key', check: qualifiedNameError },
  'label-value': { what: 'label value', check: labelValueError },
  'container-port': { what: 'container port name', check: portNameError },
  'service-port': { what: 'Service port name', check: dns1123LabelError },
};

/** Renames the name under the cursor everywhere it is written, in every file of the project. */
export function manifestRename(
  project: K8sProject,
  file: string,
  offset: number,
  newName: string,
  uriOf: UriOf,
): WorkspaceEdit | null {
  const hit = nameAt(project, file, offset);
  if (hit === undefined) return null;
  const rule = VALIDATE[hit.kind];
  const why = newName === '' ? 'must not be empty' : rule.check(newName);
  if (why !== undefined)
    throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a valid ${rule.what}: ${why}`);
  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const o of hit.all) {
    const key = `${o.span.file}\0${o.span.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (changes[uriOf(o.span.file)] ??= []).push({ range: rangeOf(project, o.span), newText: newName });
  }
  return { changes };
}

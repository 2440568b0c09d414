import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import type { Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { rangeOf } from './diagnostics';
import type { FeatureContext } from './feature-context';
import { networkNameAt, networkOccurrences } from './network-refs';
import type { NetworkOccurrence } from './network-refs';

/** The compose-spec pattern for a network key; anything else is not a name Compose would validate. */
const NETWORK_KEY = /^[a-zA-Z0-9._-]+$/;

type UriOf = (path: string) => string;

function occurrencesAtCursor(ctx: FeatureContext): { name: string; all: NetworkOccurrence[] } | undefined {
  const name = networkNameAt(ctx.loc);
  if (name === undefined) return undefined;
  return { name, all: networkOccurrences(ctx.project).filter((o) => o.name === name) };
}

function toLocation(ctx: FeatureContext, o: NetworkOccurrence, uriOf: UriOf): Location {
  return { uri: uriOf(o.span.file), range: rangeOf(ctx.project, o.span) };
}

/** Go to definition: from a service's reference to the network's declaration(s) (base and overrides). */
export function definition(ctx: FeatureContext, uriOf: UriOf): Location[] {
  const hit = occurrencesAtCursor(ctx);
  if (hit === undefined) return [];
  return hit.all.filter((o) => o.declaration).map((o) => toLocation(ctx, o, uriOf));
}

export function references(ctx: FeatureContext, includeDeclaration: boolean, uriOf: UriOf): Location[] {
  const hit = occurrencesAtCursor(ctx);
  if (hit === undefined) return [];
  return hit.all.filter((o) => includeDeclaration || !o.declaration).map((o) => toLocation(ctx, o, uriOf));
}

/** The name under the cursor, when it is a network that can be renamed. */
export function prepareRename(ctx: FeatureContext): { range: Range; placeholder: string } | null {
  const hit = occurrencesAtCursor(ctx);
  const here = hit?.all.find(
    (o) => o.span.file === ctx.path && o.span.start <= ctx.offset && ctx.offset <= o.span.end,
  );
  if (hit === undefined || here === undefined) return null;
  return { range: rangeOf(ctx.project, here.span), placeholder: hit.name };
}

/** Renames a network's declaration and every service reference to it, in every file of the project. */
export function rename(ctx: FeatureContext, newName: string, uriOf: UriOf): WorkspaceEdit | null {
  const hit = occurrencesAtCursor(ctx);
  if (hit === undefined) return null;
  if (!NETWORK_KEY.test(newName)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `"${newName}" is not a valid network name: use letters, digits, ".", "_" and "-" only`,
    );
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const o of hit.all) {
    const uri = uriOf(o.span.file);
    (changes[uri] ??= []).push({ range: rangeOf(ctx.project, o.span), newText: newName });
  }
  return { changes };
}

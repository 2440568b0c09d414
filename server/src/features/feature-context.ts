import type { Position } from 'vscode-languageserver';
import type { ComposeProject, SourceText } from '../compose/project';
import { offsetAt } from '../yaml/positions';
import { locate } from './locate';
import type { Located } from './locate';

/** What every feature starts from: the project, the file under the cursor and where in its tree it is. */
export interface FeatureContext {
  project: ComposeProject;
  path: string;
  src: SourceText;
  offset: number;
  loc: Located;
}

export function featureContext(
  project: ComposeProject,
  path: string,
  position: Position,
): FeatureContext | undefined {
  const src = project.sources.get(path);
  if (src === undefined) return undefined;
  const offset = offsetAt(src.lineStarts, position, src.text.length);
  return { project, path, src, offset, loc: locate(src.root, offset) };
}

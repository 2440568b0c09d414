import type { ComposeProject } from '../../compose/project';
import type { Span } from '../../compose/tree';

/**
 * Orders spans as the user reads the project: by file (base first, then overrides, then files pulled in),
 * then by offset. A conflict is reported at the later side, the text most likely written last.
 */
export function byPosition(project: ComposeProject): (a: Span, b: Span) => number {
  const rank = (file: string): number => {
    const i = project.files.indexOf(file);
    return i < 0 ? project.files.length : i;
  };
  return (a, b) => rank(a.file) - rank(b.file) || a.start - b.start;
}

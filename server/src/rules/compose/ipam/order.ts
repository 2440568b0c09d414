import type { ComposeProject } from '../../../compose/project';
import type { Span } from '../../../yaml/tree';

/**
 * Orders spans as the user reads the project: by file (base first, then overrides, then files pulled in),
 * then by offset. A conflict is reported at the later side, the text most likely written last.
 */
export function byPosition(project: ComposeProject): (a: Span, b: Span) => number {
  const ranks = new Map<string, number>();
  const rank = (file: string): number => {
    let r = ranks.get(file);
    if (r === undefined) {
      const i = project.files.indexOf(file);
      ranks.set(file, (r = i < 0 ? project.files.length : i));
    }
    return r;
  };
  return (a, b) => (a.file === b.file ? a.start - b.start : rank(a.file) - rank(b.file) || a.start - b.start);
}

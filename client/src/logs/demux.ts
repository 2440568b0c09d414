// Docker's log stream for a container without a TTY is multiplexed: each frame is an 8-byte header
// [stream, 0, 0, 0, size as big-endian uint32] then `size` bytes. Frames may arrive split across chunks.

export type StdStream = 'stdout' | 'stderr';

export interface LogFrame {
  stream: StdStream;
  text: string;
}

/** Splits a multiplexed stream into stdout/stderr frames, keeping partial frames until the rest arrives. */
export class StdDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): LogFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: LogFrame[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const kind = this.pending[0];
      frames.push({
        // 0 is stdin (never sent by logs), 1 stdout, 2 stderr.
        stream: kind === 2 ? 'stderr' : 'stdout',
        text: this.pending.subarray(8, 8 + size).toString('utf8'),
      });
      this.pending = this.pending.subarray(8 + size);
    }
    return frames;
  }
}

/**
 * Turns frames into whole lines, each tagged with its stream; a line split across frames is joined. stderr
 * lines are marked so they stand out in a plain-text document.
 */
export class LineJoiner {
  private readonly partial: Record<StdStream, string> = { stdout: '', stderr: '' };

  push(frame: LogFrame): string[] {
    const text = this.partial[frame.stream] + frame.text;
    const parts = text.split('\n');
    this.partial[frame.stream] = parts.pop() ?? '';
    return parts.map((line) => tagLine(frame.stream, line.replace(/\r$/, '')));
  }

  /** What is left when the stream ends (a last line without a newline). */
  flush(): string[] {
    const out = (['stdout', 'stderr'] as const)
      .filter((s) => this.partial[s] !== '')
      .map((s) => tagLine(s, this.partial[s]));
    this.partial.stdout = '';
    this.partial.stderr = '';
    return out;
  }
}

export const tagLine = (stream: StdStream, line: string): string =>
  stream === 'stderr' ? `! ${line}` : `  ${line}`;

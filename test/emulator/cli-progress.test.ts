// The progress bar of the emulator commands (surfaces/cli/progress.ts): on a terminal only,
// and only once a run has taken a moment, so small runs and piped stderr never see one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressBar } from '../../surfaces/cli/progress.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  const s = { isTTY, columns: 100, write: (chunk: string) => (written.push(chunk), true) } as unknown as NodeJS.WriteStream;
  return { s, written };
}

describe('progressBar', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes nothing when the stream is not a terminal', () => {
    const { s, written } = stream(false);
    const p = progressBar(s);
    vi.advanceTimersByTime(5000);
    p.onProgress(1, 10, 'views');
    p.stop();
    expect(written).toEqual([]);
  });

  it('on a terminal, appears after a moment with the stage and count, and is cleared at the end', () => {
    const { s, written } = stream(true);
    const p = progressBar(s);
    p.onProgress(1, 10, 'slices');
    expect(written.join('')).toBe('');
    vi.advanceTimersByTime(400);
    p.onProgress(2, 10, 'views');
    p.onProgress(5, 10, 'views');
    vi.advanceTimersByTime(200);
    const shown = written.join('');
    expect(shown).toContain('views [');
    expect(shown).toMatch(/\d+% \d+\/10/);
    p.stop();
    // clearOnComplete: the last thing written erases the line.
    expect(written[written.length - 1]).toBe('\x1b[2K');
  });
});

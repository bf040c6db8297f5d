// A progress bar on stderr for long emulator runs (`tpe simulate`, `diff`, `lint` on a big dump).
// Only on a terminal: piped or redirected stderr (CI logs, tests) gets nothing. It appears once a
// run has taken a moment, so small runs never flash a bar, and is cleared when the run ends.
import { SingleBar } from 'cli-progress';

/** Quiet time before the bar appears. */
const SHOW_AFTER_MS = 300;

export interface Progress {
  /** The emulator's onProgress callback. */
  onProgress(done: number, total: number, stage: string): void;
  stop(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const started = Date.now();
  let bar: SingleBar | null = null;
  return {
    onProgress(done, total, stage) {
      if (!bar) {
        if (Date.now() - started < SHOW_AFTER_MS) return;
        bar = new SingleBar({
          stream,
          format: '{stage} [{bar}] {percentage}% {value}/{total}',
          clearOnComplete: true,
          hideCursor: true,
          barsize: 30,
        });
        bar.start(total, done, { stage });
        return;
      }
      bar.setTotal(total);
      bar.update(done, { stage });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

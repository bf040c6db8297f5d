// `tpe serve --cluster FILE|DIR`: read a cluster dump from disk and keep the snapshot in step with it.
// A change is read, validated whole and swapped in by the store; a bad one keeps the snapshot in use
// and is reported three ways: a log line, GET /v1/status `lastError`, and the metrics.
//
// The watcher looks at a directory — DIR itself, or FILE's parent — rather than at the file: editors
// save by renaming a new file over the old one, and a ConfigMap volume updates by swapping its
// `..data` symlink, so the file's own inode often never changes. Any event in that directory
// schedules a re-read; a dump whose text did not change is not swapped in again, so the revision
// counts real changes only — except after a refused change, when the text in use is loaded again
// to clear the error. FILE replaced by a directory is read as one (and watched below).
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { watch } from 'chokidar';
import type { DumpFile } from '../../host/cluster/snapshot.js';
import type { LoadedSnapshot, SnapshotStore } from '../../host/cluster/store.js';
import { isStatusError } from '../../host/objects/status.js';
import { readManifestFiles } from './files.js';

/**
 * The files of a dump: FILE itself, or every `.yaml`, `.yml` and `.json` in DIR and below, in name
 * order (dot-entries — editors' temporaries, a ConfigMap volume's `..data` — are skipped): the same
 * reader as the emulator's FILES. A path that cannot be read is a BadRequest Status naming it.
 */
export const readDump = (path: string): Promise<DumpFile[]> => readManifestFiles([path], 'serve');

export interface WatchOptions {
  /** Receives one line per swap and per refused change. */
  log: (line: string) => void;
  /** Quiet time after the last event before the dump is read again (default 100 ms): one save is often several events. */
  debounceMs?: number;
}

export interface DumpWatch {
  /** Stops watching; resolves once a load in progress has settled. */
  close(): Promise<void>;
}

/**
 * Loads the dump at `path` into `store` — a Status error when it cannot be read or is invalid, for
 * there is no last good snapshot to keep yet — then watches it and swaps each valid change in.
 */
export async function loadAndWatchDump(store: SnapshotStore, path: string, options: WatchOptions): Promise<DumpWatch> {
  const debounceMs = options.debounceMs ?? 100;
  const first = await readDump(path);
  options.log(`tpe: ${describeLoad(store.loadFiles(first, path))}`);
  let lastText = textOf(first);

  const reload = async () => {
    await followDirectory();
    let files: DumpFile[];
    try {
      files = await readDump(path);
    } catch (e) {
      if (!isStatusError(e)) throw e;
      store.recordError({ ...e.status, message: `cluster snapshot from ${path} rejected: ${e.status.message}` });
      return refused();
    }
    const text = textOf(files);
    // The text in use again after a refused change (a revert) is loaded again: that clears the error.
    if (text === lastText && store.status().lastError === null) return;
    try {
      options.log(`tpe: ${describeLoad(store.loadFiles(files, path))}`);
      // Remembered only once it loads: saving the same bad text again is reported again.
      lastText = text;
    } catch (e) {
      if (!isStatusError(e)) throw e;
      refused();
    }
  };
  const refused = () => options.log(`tpe: ${store.status().lastError?.message}; still serving revision ${store.revision}`);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let loading: Promise<void> = Promise.resolve();
  let closed = false;
  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      // One load after another: a slow read never races a newer one.
      loading = loading
        .then(reload)
        .catch((e: unknown) => options.log(`tpe: reloading ${path} failed: ${(e as Error).stack ?? String(e)}`));
    }, debounceMs);
  };

  // DIR is read to any depth, so it is watched to any depth; FILE's directory only for FILE's sake:
  // events of other files there (a log written next to the dump) neither re-read the dump nor make
  // chokidar stat them. A ConfigMap volume's `..data` swap concerns FILE too.
  // FILE may be replaced by a directory (and back): whatever is at FILE's path and below concerns it.
  const isDir = (await stat(path)).isDirectory();
  const dir = isDir ? path : dirname(path);
  const name = basename(path);
  const target = resolve(path);
  const under = (entry: string) => entry === target || entry.startsWith(target + sep);
  const concerns = (entry: string) => isDir || entry === name || entry.startsWith('..');
  const watcher = watch(dir, {
    ignoreInitial: true,
    followSymlinks: false,
    ...(isDir
      ? {}
      : { ignored: (entry: string) => resolve(entry) !== resolve(dir) && !under(resolve(entry)) && !concerns(basename(entry)) }),
  });
  // Every raw event, not only chokidar's `change`: that one is skipped when a second write lands
  // within the same stat as the first, which would leave the snapshot one save behind.
  watcher.on('raw', (_event, entry, details) => {
    const watchedPath = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
    const watched = typeof watchedPath === 'string' ? resolve(watchedPath) : '';
    if (concerns(basename(String(entry))) || (watched !== '' && under(watched))) schedule();
  });
  watcher.on('all', schedule);
  // chokidar reports FILE turned directory as a `change` of FILE and never looks inside: watch it
  // anew as a directory (and again each time it turns into one).
  let watchingBelow = isDir;
  const followDirectory = async () => {
    if (isDir) return;
    const nowDir = await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (nowDir && !watchingBelow) {
      watcher.unwatch(path);
      watcher.add(path);
    }
    watchingBelow = nowDir;
  };
  watcher.on('error', (e) => options.log(`tpe: watching ${path}: ${(e as Error).message}`));
  await new Promise<void>((resolve) => watcher.once('ready', resolve));

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await watcher.close();
      await loading;
    },
  };
}

/** `cluster snapshot revision 3 loaded from cluster.yaml: 7 Services, 7 EndpointSlices, 6 Nodes, Kubernetes 1.35`. */
export function describeLoad(loaded: LoadedSnapshot): string {
  const s = loaded.snapshot;
  const warnings = s.warningCount ? ` (${s.warningCount} warning${s.warningCount > 1 ? 's' : ''}: GET /v1/status)` : '';
  return `cluster snapshot revision ${loaded.revision} loaded from ${s.source}: ${s.services.size} Services, ${s.endpointSliceCount} EndpointSlices, ${s.nodes.size} Nodes, Kubernetes ${s.era.version}${warnings}`;
}

const textOf = (files: readonly DumpFile[]) => files.map((f) => `${f.name}\0${f.text}`).join('\0');

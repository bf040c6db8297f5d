// PUT /v1/snapshot off the request path: each dump is read and validated in a worker thread of its
// own (one at a time), so picks keep answering from the snapshot in use while a 16 MiB dump is read;
// the worker's heap is given back when it ends. The snapshot comes back in batches (dump-worker.ts)
// and is swapped in whole by the route, as an inline read would be.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ClusterSnapshot } from '../../host/cluster/snapshot.js';
import type { DumpInput, DumpReader, DumpResult } from '../../host/http/dump.js';
import { statusError, type Status } from '../../host/objects/status.js';
import type { DumpMessage } from './dump-worker.js';

export interface WorkerReaderOptions {
  /** The worker's heap limit in MiB; a dump that needs more is refused with a 413 (default 384: a 16 MiB YAML dump needs about 300). */
  maxHeapMb?: number;
}

export const DEFAULT_WORKER_HEAP_MB = 384;

export function workerDumpReader(options: { maxHeapMb?: number | undefined } = {}): DumpReader {
  const maxHeapMb = options.maxHeapMb ?? DEFAULT_WORKER_HEAP_MB;
  // One dump at a time: two 16 MiB reads at once would need twice the memory for no gain.
  let queue: Promise<unknown> = Promise.resolve();
  return (input) => {
    const run = queue.then(() => readInWorker(input, maxHeapMb));
    queue = run.catch(() => undefined);
    return run;
  };
}

function readInWorker(input: DumpInput, maxHeapMb: number): Promise<DumpResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(input, maxHeapMb);
    const fields: Record<string, unknown> = {};
    let settled = false;
    // The next batch after the requests that arrived meanwhile.
    const next = () => setImmediate(() => worker.postMessage('next'));
    const settle = (result: DumpResult | Error) => {
      if (settled) return;
      settled = true;
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    worker.on('message', (m: DumpMessage) => {
      if (m.type === 'failed') settle({ ok: false, stage: m.stage, status: m.status as Status });
      else if (m.type === 'entries') {
        const map = (fields[m.field] ??= new Map()) as Map<unknown, unknown>;
        for (const [k, v] of m.entries) map.set(k, v);
        next();
      } else if (m.type === 'items') {
        const list = (fields[m.field] ??= []) as unknown[];
        for (const item of m.items) list.push(item);
        next();
      } else {
        // The era is the store's own object, as an inline read would have it.
        settle({ ok: true, snapshot: { ...fields, ...m.fields, era: input.era } as unknown as ClusterSnapshot });
      }
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        const status = statusError(
          'RequestEntityTooLarge',
          413,
          `the dump needs more than ${maxHeapMb} MiB of memory to read (its objects, or its YAML structure, are too large)`,
        ).status;
        settle({ ok: false, stage: 'read', status });
      } else settle(e);
    });
    worker.on('exit', (code) => settle(new Error(`the dump reader thread exited (code ${code}) before it answered`)));
  });
}

/** From dist, the compiled worker; from source (tests, tsx), the TypeScript one through tsx's loader. */
function startWorker(input: DumpInput, maxHeapMb: number): Worker {
  const options = { workerData: input, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } };
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./dump-worker.js', import.meta.url), options);
  const source = new URL('./dump-worker.ts', import.meta.url).href;
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
  return new Worker(boot, { ...options, eval: true });
}

// The worker thread of surfaces/node/dump-reader.ts: reads one dump (host/http/dump.ts readDump) and
// sends the snapshot back in batches — the entries of its Maps and the items of its lists a few
// hundred at a time, the next one when the reader asks — so that the thread that swaps it in never
// spends long on a message and answers requests between two.
import { parentPort, workerData } from 'node:worker_threads';
import { readDump, type DumpInput } from '../../host/http/dump.js';

/** Entries per message: each is deserialized in a few milliseconds on the request thread. */
export const BATCH = 250;

export type DumpMessage =
  | { type: 'failed'; stage: 'read' | 'load'; status: unknown }
  | { type: 'entries'; field: string; entries: Array<[unknown, unknown]> }
  | { type: 'items'; field: string; items: unknown[] }
  | { type: 'done'; fields: Record<string, unknown> };

const port = parentPort!;
/** Sends `message` and waits for the reader to ask for the next: MessagePort hands every queued message over in one turn. */
const send = (message: DumpMessage) =>
  new Promise<void>((resolve) => {
    port.once('message', () => resolve());
    port.postMessage(message);
  });

async function sendSnapshot(snapshot: Record<string, unknown>): Promise<void> {
  const fields: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(snapshot)) {
    if (value instanceof Map) {
      const entries = [...(value as Map<unknown, unknown>)];
      for (let i = 0; i < entries.length; i += BATCH) await send({ type: 'entries', field, entries: entries.slice(i, i + BATCH) });
      if (entries.length === 0) await send({ type: 'entries', field, entries: [] });
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += BATCH) await send({ type: 'items', field, items: value.slice(i, i + BATCH) });
      if (value.length === 0) await send({ type: 'items', field, items: [] });
    } else {
      fields[field] = value;
    }
  }
  port.postMessage({ type: 'done', fields } satisfies DumpMessage);
}

const result = readDump(workerData as DumpInput);
if (!result.ok) port.postMessage({ type: 'failed', stage: result.stage, status: result.status } satisfies DumpMessage);
else await sendSnapshot(result.snapshot as unknown as Record<string, unknown>);

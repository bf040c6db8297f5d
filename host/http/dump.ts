// A cluster dump's text → a snapshot, as PUT /v1/snapshot reads it: the documents within the limits,
// then every object validated. One function for both places it runs: inline (the default), or in a
// worker thread the runtime provides (surfaces/node), so a 16 MiB dump never holds up the requests
// answered meanwhile. The result is data, not a thrown error, so it crosses a thread as it is.
import { snapshotFromObjects, type ClusterSnapshot } from '../cluster/snapshot.js';
import type { Era } from '../engine/eras.js';
import { isStatusError, type Status } from '../objects/status.js';
import type { JsonLimits } from './limits.js';
import { documentsOf, type BodyFormat } from './request.js';

export interface DumpInput {
  text: string;
  format: BodyFormat;
  era: Era;
  /** Names the snapshot's source (`PUT /v1/snapshot`). */
  source: string;
  jsonLimits: JsonLimits;
}

/** A snapshot, or why not: `read` when the text could not be read, `load` when an object is invalid. */
export type DumpResult = { ok: true; snapshot: ClusterSnapshot } | { ok: false; stage: 'read' | 'load'; status: Status };

/** Reads a dump somewhere (a worker thread): the same result as readDump, later. */
export type DumpReader = (input: DumpInput) => Promise<DumpResult>;

export function readDump(input: DumpInput): DumpResult {
  let objects: unknown[];
  try {
    objects = documentsOf(input.text, input.format, input.jsonLimits);
  } catch (e) {
    if (isStatusError(e)) return { ok: false, stage: 'read', status: e.status };
    throw e;
  }
  try {
    return { ok: true, snapshot: snapshotFromObjects(objects, input.era, input.source) };
  } catch (e) {
    if (isStatusError(e)) return { ok: false, stage: 'load', status: e.status };
    throw e;
  }
}

/** The default reader: right here, on the thread that asked. */
export const readDumpInline: DumpReader = (input) => Promise.resolve(readDump(input));

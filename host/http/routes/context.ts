// What every route module is given: the engine, the snapshot store, the picker and the limits.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Picker } from '../../cluster/pick.js';
import type { SnapshotStore } from '../../cluster/store.js';
import type { EngineState } from '../engine-state.js';
import type { DumpReader } from '../dump.js';
import type { JsonLimits } from '../limits.js';

export interface RouteContext {
  engine: EngineState;
  store: SnapshotStore;
  picker: Picker;
  /** Largest body of decision requests (categorize, batch). */
  bodyLimitBytes: number;
  /** Largest cluster dump PUT to /v1/snapshot. */
  snapshotBodyLimitBytes: number;
  /** Nesting and value count of one request document. */
  jsonLimits: JsonLimits;
  /** Reads a dump PUT to /v1/snapshot into a snapshot (inline, or off the request path). */
  dumpReader: DumpReader;
}

export type App = OpenAPIHono;

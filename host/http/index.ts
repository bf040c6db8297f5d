// The decision service as a library (the package's `tpe/http` export): the runtime-free Hono app and
// the snapshot it answers from. A surface supplies the engine and serves `app.fetch` (Node's server
// in surfaces/node, the edge entries, tests through `app.request()`).
export { createApp, DEFAULT_SNAPSHOT_BODY_LIMIT_BYTES, type AppOptions } from './app.js';
export { SnapshotStore, type LoadedSnapshot, type SnapshotStatus, type StoreOptions } from '../cluster/store.js';
export { snapshotFromFiles, snapshotFromObjects, type ClusterSnapshot, type DumpFile } from '../cluster/snapshot.js';
export { DEMO_CLUSTER, DEMO_SOURCE } from '../cluster/demo.js';
export type { App } from './routes/context.js';
export {
  createBuiltInApp,
  builtInMiddleware,
  type BuiltInApp,
  type BuiltInEra,
  type BuiltInSnapshot,
  type BuiltInBundle,
} from './built-in.js';

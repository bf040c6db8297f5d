// The decision service over a cluster snapshot built into a bundle (surfaces/edge): the dump was
// read and validated when the bundle was built, and is loaded here as `tpe serve --cluster` loads a
// file, so an edge runtime answers exactly as the Node server on the same dump. PUT /v1/snapshot
// replaces it for as long as the isolate or process that received the PUT lives.
import { resolveEra } from '../engine/eras.js';
import type { Engine } from '../engine/engine.js';
import type { DumpFile } from '../cluster/snapshot.js';
import { SnapshotStore } from '../cluster/store.js';
import { badRequest, fieldError } from '../objects/status.js';
import { createApp } from './app.js';
import type { MiddlewareOptions } from './middleware/index.js';
import type { App } from './routes/context.js';

/** What a bundle carries: a dump's files (`--cluster FILE|DIR`) or already-parsed objects (the demo). */
export type BuiltInSnapshot = BuiltInEra & ({ source: string; files: DumpFile[] } | { source: string; objects: unknown[] });

export interface BuiltInEra {
  /** The era the snapshot is validated and decided in (default the newest), as `--kubernetes-version`. */
  kubernetesVersion?: string;
  /** Feature-gate overrides of that era, as `--feature-gate`. */
  featureGates?: Record<string, boolean>;
}

/** Everything the build puts in a bundle besides the code and the engine. */
export interface BuiltInBundle {
  snapshot: BuiltInSnapshot;
  /** The package version /openapi.json reports. */
  version: string;
}

export interface BuiltInAppOptions {
  engine: Engine | Promise<Engine>;
  version?: string;
  /** Body limit, auth and time limit, as the Node server has them (builtInMiddleware reads them from the environment). */
  bodyLimitBytes?: number;
  middleware?: MiddlewareOptions;
}

export interface BuiltInApp {
  app: App;
  store: SnapshotStore;
}

/** The app answering from `snapshot`; throws the Status of an invalid one (the build already refused those). */
export function createBuiltInApp(snapshot: BuiltInSnapshot, options: BuiltInAppOptions): BuiltInApp {
  const store = new SnapshotStore({
    era: resolveEra(snapshot.kubernetesVersion, snapshot.featureGates, { version: 'kubernetesVersion', gates: 'featureGates' }),
  });
  if ('files' in snapshot) store.loadFiles(snapshot.files, snapshot.source);
  else store.loadObjects(snapshot.objects, snapshot.source);
  return { app: createApp({ ...options, store }), store };
}

/** The settings the Node server reads from its environment, from a runtime's: `$TPE_AUTH_TOKEN`, `$TPE_BODY_LIMIT`, `$TPE_REQUEST_TIMEOUT_MS`. */
export function builtInMiddleware(env: (name: string) => string | undefined): Pick<BuiltInAppOptions, 'bodyLimitBytes' | 'middleware'> {
  const middleware: MiddlewareOptions = {};
  const authToken = env('TPE_AUTH_TOKEN');
  if (authToken) middleware.authToken = authToken;
  const requestTimeoutMs = optionalCount(env('TPE_REQUEST_TIMEOUT_MS'), 'TPE_REQUEST_TIMEOUT_MS');
  if (requestTimeoutMs !== undefined) middleware.requestTimeoutMs = requestTimeoutMs;
  const bodyLimitBytes = optionalCount(env('TPE_BODY_LIMIT'), 'TPE_BODY_LIMIT');
  return bodyLimitBytes === undefined ? { middleware } : { bodyLimitBytes, middleware };
}

/** A positive whole number from the environment variable `name`, or undefined when it is unset (every surface reads its limits this way). */
export function optionalCount(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^[1-9]\d*$/.test(value.trim())) {
    const cause = fieldError.invalid(name, value, 'must be a positive whole number');
    throw badRequest(`${name}: ${cause.message}`, [cause]);
  }
  return Number(value);
}

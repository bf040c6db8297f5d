// The snapshot the service answers from: one reference swapped atomically. A request reads
// `store.current` once and keeps that snapshot (and its decision cache) to the end, so a swap in
// the middle never mixes two clusters. A failed load leaves the current snapshot in place and is
// kept as `lastError` until the next good load.
import { resolveEra, type Era } from '../engine/eras.js';
import type { Status } from '../objects/status.js';
import { isStatusError, statusError } from '../objects/status.js';
import { DecisionCache } from './decisions.js';
import type { IngestWarning } from './warnings.js';
import type { SourceHealth, SourceMonitor } from './source-health.js';
import { snapshotFromFiles, snapshotFromObjects, type ClusterSnapshot, type DumpFile } from './snapshot.js';

export interface LoadedSnapshot {
  snapshot: ClusterSnapshot;
  /** 1 for the first snapshot, +1 per swap. */
  revision: number;
  loadedAt: Date;
  decisions: DecisionCache;
}

/** GET /v1/status. */
export interface SnapshotStatus {
  /** 0 while no snapshot was ever loaded. */
  revision: number;
  loadedAt: string | null;
  source: string | null;
  counts: { services: number; endpointSlices: number; nodes: number };
  /** The last failed load since the last good one; null once a load succeeds. */
  lastError: Status | null;
  lastErrorAt: string | null;
  kubernetesVersion: string;
  featureGates: Record<string, boolean>;
  /** The snapshot's warnings (objects read with a default, trimmed or inferred, objects set aside), a few per code. */
  warnings: IngestWarning[];
  warningCount: number;
  /** Loads refused since start. */
  failedLoads: number;
  /** The live source the snapshot follows (the API server), per kind; null for a dump or PUT /v1/snapshot. */
  sourceHealth: SourceHealth | null;
}

/** Warnings GET /v1/status lists; a big dump can have one per object. */
const MAX_STATUS_WARNINGS = 100;

export interface StoreOptions {
  /** The era every snapshot is validated and decided in; default the newest version with its default gates. */
  era?: Era;
  /** Injectable for tests. */
  now?: () => Date;
}

export class SnapshotStore {
  readonly era: Era;
  readonly #now: () => Date;
  #current: LoadedSnapshot | undefined;
  #lastError: { status: Status; at: Date } | undefined;
  #failedLoads = 0;
  #source: SourceMonitor | undefined;

  constructor(options: StoreOptions = {}) {
    this.era = options.era ?? resolveEra(undefined, undefined);
    this.#now = options.now ?? (() => new Date());
  }

  /** The snapshot to answer from; a 503 Status before the first load. */
  get current(): LoadedSnapshot {
    if (this.#current) return this.#current;
    throw statusError(
      'ServiceUnavailable',
      503,
      'no cluster snapshot loaded: start tpe serve with --cluster FILE|DIR (or $TPE_CLUSTER), or PUT one to /v1/snapshot',
    );
  }

  get loaded(): boolean {
    return this.#current !== undefined;
  }

  /** The revision in use; 0 before the first load. */
  get revision(): number {
    return this.#current?.revision ?? 0;
  }

  /** Validates a dump's files and swaps them in; a bad one is recorded, rethrown, and changes nothing else. */
  loadFiles(files: readonly DumpFile[], source: string): LoadedSnapshot {
    this.#exclusive(source);
    return this.#attempt(() => snapshotFromFiles(files, this.era, source));
  }

  /** The same for already-parsed objects (Lists flattened). */
  loadObjects(objects: readonly unknown[], source: string): LoadedSnapshot {
    this.#exclusive(source);
    return this.#attempt(() => snapshotFromObjects(objects, this.era, source));
  }

  /** A snapshot built elsewhere (a worker thread read the dump) swapped in as loadObjects would. */
  swapIn(snapshot: ClusterSnapshot): LoadedSnapshot {
    this.#exclusive(snapshot.source);
    return this.#attempt(() => snapshot);
  }

  /**
   * Makes the store follow a live source (one source at a time): its health is in status(), it
   * decides readiness, and whole loads (PUT /v1/snapshot) are refused while it is attached.
   */
  attachSource(monitor: SourceMonitor): void {
    this.#source = monitor;
  }

  /** The live source's health, or null without one. */
  sourceHealth(): SourceHealth | null {
    return this.#source?.health() ?? null;
  }

  /** Why /readyz should fail for the snapshot's sake (no first sync yet, or the source stale past its threshold), or null. */
  notReady(): string | null {
    return this.#source?.notReady() ?? null;
  }

  /**
   * Swaps in a snapshot built incrementally from the current one (incremental.ts): one new revision,
   * and its decision cache keeps the entries of every Service port and Node the batch left alone.
   */
  swapIncremental(snapshot: ClusterSnapshot): LoadedSnapshot {
    const previous = this.#current?.decisions;
    const next: LoadedSnapshot = {
      snapshot,
      revision: (this.#current?.revision ?? 0) + 1,
      loadedAt: this.#now(),
      decisions: new DecisionCache(snapshot, { previous }),
    };
    this.#current = next;
    return next;
  }

  /** A failure that happened before the text could be read (a file that vanished, a read error). */
  recordError(status: Status): void {
    this.#lastError = { status, at: this.#now() };
    this.#failedLoads += 1;
  }

  /** Loads refused since the store was made (each kept the snapshot it had). */
  get failedLoads(): number {
    return this.#failedLoads;
  }

  status(): SnapshotStatus {
    const loaded = this.#current;
    const s = loaded?.snapshot;
    return {
      revision: loaded?.revision ?? 0,
      loadedAt: loaded ? loaded.loadedAt.toISOString() : null,
      source: s?.source ?? null,
      counts: { services: s?.services.size ?? 0, endpointSlices: s?.endpointSliceCount ?? 0, nodes: s?.nodes.size ?? 0 },
      lastError: this.#lastError?.status ?? null,
      lastErrorAt: this.#lastError ? this.#lastError.at.toISOString() : null,
      kubernetesVersion: this.era.version,
      featureGates: { ...this.era.gates },
      warnings: s?.warnings.slice(0, MAX_STATUS_WARNINGS) ?? [],
      warningCount: s?.warningCount ?? 0,
      failedLoads: this.#failedLoads,
      sourceHealth: this.#source?.health() ?? null,
    };
  }

  #exclusive(source: string): void {
    if (!this.#source) return;
    throw statusError(
      'Conflict',
      409,
      `cluster snapshot from ${source} refused: the snapshot follows ${this.#current?.snapshot.source ?? 'a live source'}, one source at a time`,
    );
  }

  #attempt(build: () => ClusterSnapshot): LoadedSnapshot {
    let snapshot: ClusterSnapshot;
    try {
      snapshot = build();
    } catch (e) {
      if (isStatusError(e)) this.recordError(e.status);
      throw e;
    }
    const next: LoadedSnapshot = {
      snapshot,
      revision: (this.#current?.revision ?? 0) + 1,
      loadedAt: this.#now(),
      decisions: new DecisionCache(snapshot),
    };
    this.#current = next;
    this.#lastError = undefined;
    return next;
  }
}

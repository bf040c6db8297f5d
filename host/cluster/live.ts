// The snapshot of a live source: watch events are queued, coalesced, applied to the incremental
// cluster (incremental.ts) as one batch, and the result swapped into the store as one new revision.
//
// Coalescing window: the first event after a quiet spell is applied on the next turn of the event
// loop (so one EndpointSlice change reaches the answers at once, and the events of one chunk the
// watch delivered go together); while events keep coming, a batch is applied at most once per
// `coalesceMs` (default 5 ms), everything queued in between going in one batch. A burst of a
// thousand events in a second is then at most 200 revisions, not a thousand, and an answer is never more than about
// one window behind the API server.
import type { ClusterEvent, IncrementalUpdate } from './incremental.js';
import { IncrementalCluster } from './incremental.js';
import type { SnapshotStore } from './store.js';

export const DEFAULT_COALESCE_MS = 5;

export interface LiveSnapshotOptions {
  /** The store the batches are swapped into. */
  store: SnapshotStore;
  /** Names the snapshot in GET /v1/status, e.g. `kubernetes https://10.0.0.1:6443`. */
  source: string;
  coalesceMs?: number;
  /** Called after each applied batch that changed the snapshot. */
  onApplied?: (update: IncrementalUpdate, events: number) => void;
  /** Injectable for tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
}

export class LiveSnapshot {
  readonly #cluster: IncrementalCluster;
  readonly #options: LiveSnapshotOptions;
  readonly #coalesceMs: number;
  readonly #setTimer: (fn: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  readonly #now: () => number;
  #pending: ClusterEvent[] = [];
  #timer: unknown;
  #lastApplied = -Infinity;
  #batches = 0;

  constructor(options: LiveSnapshotOptions) {
    this.#options = options;
    this.#cluster = new IncrementalCluster(options.store.era, options.source);
    this.#coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
    this.#setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.#now = options.now ?? (() => performance.now());
  }

  /** Batches applied (each one revision when it changed something). */
  get batches(): number {
    return this.#batches;
  }

  /** Events queued and not yet applied. */
  get pending(): number {
    return this.#pending.length;
  }

  push(event: ClusterEvent): void {
    this.#pending.push(event);
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#lastApplied + this.#coalesceMs - this.#now());
    this.#timer = this.#setTimer(() => this.flush(), wait);
  }

  /** Applies everything queued now (also what close and tests call); returns the update, or undefined when nothing was queued. */
  flush(): IncrementalUpdate | undefined {
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return undefined;
    const events = this.#pending;
    this.#pending = [];
    this.#lastApplied = this.#now();
    this.#batches += 1;
    const update = this.#cluster.apply(events);
    if (update.changed || !this.#options.store.loaded) {
      this.#options.store.swapIncremental(update.snapshot);
      this.#options.onApplied?.(update, events.length);
    }
    return update;
  }

  /** Drops queued events and the timer (the source is closing). */
  close(): void {
    if (this.#timer !== undefined) this.#clearTimer(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
  }
}

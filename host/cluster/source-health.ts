// How a live source (the Kubernetes API server) is doing, per kind it watches: whether its first list
// has arrived (readiness), when it last listed and last saw an event, how often its watch restarted
// or failed, and whether it is up now. The source reports what happens; this keeps the state, writes
// one log line per change of state (up → down, down → up, first sync), and answers /readyz and
// GET /v1/status from it. Nothing here knows how the API server is reached.
import type { WatchedKind } from './incremental.js';

export interface KindHealth {
  kind: WatchedKind;
  /** The first full list of this kind has been applied. */
  synced: boolean;
  /** The watch is connected (or a list is in flight) and the last request did not fail. */
  up: boolean;
  lastListAt: string | null;
  lastEventAt: string | null;
  /** The watch was opened again after the first time: a connection the server closed, a relist after 410 Gone, a retry after an error. */
  watchRestarts: number;
  /** Failed lists and watches (each followed by a retry after a backoff). */
  errors: number;
  /** The last failure, naming the API server and the resource (never a credential); null once the kind is up again. */
  lastError: string | null;
  lastErrorAt: string | null;
}

/** GET /v1/status `sourceHealth`. */
export interface SourceHealth {
  /** Which source the snapshot follows, e.g. `kubernetes`. */
  type: string;
  /** The API server's URL. */
  server: string;
  /** Every watched kind listed at least once: the snapshot is the whole cluster. */
  synced: boolean;
  syncedAt: string | null;
  /** Every kind up. */
  up: boolean;
  /** Since when some kind is down; null while all are up. */
  downSince: string | null;
  /** The readiness threshold: /readyz fails once a kind has been down longer than this; null: never (the default). */
  maxStalenessSeconds: number | null;
  kinds: KindHealth[];
}

export interface SourceMonitorOptions {
  type: string;
  server: string;
  kinds: readonly WatchedKind[];
  maxStalenessSeconds?: number | null;
  log?: (line: string) => void;
  now?: () => Date;
}

export class SourceMonitor {
  readonly #options: SourceMonitorOptions;
  readonly #now: () => Date;
  readonly #kinds = new Map<WatchedKind, KindHealth & { opened: number; downSince: Date | null }>();
  #syncedAt: Date | null = null;

  constructor(options: SourceMonitorOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    const start = this.#now();
    for (const kind of options.kinds) {
      this.#kinds.set(kind, {
        kind,
        synced: false,
        up: false,
        lastListAt: null,
        lastEventAt: null,
        watchRestarts: 0,
        errors: 0,
        lastError: null,
        lastErrorAt: null,
        opened: 0,
        // Down from the start until the first list: a source that never connects is stale too.
        downSince: start,
      });
    }
  }

  get synced(): boolean {
    return this.#syncedAt !== null;
  }

  /** A full list of `kind` was applied. */
  listed(kind: WatchedKind): void {
    const k = this.#kind(kind);
    k.lastListAt = this.#now().toISOString();
    const first = !k.synced;
    k.synced = true;
    this.#up(k);
    if (first && !this.synced && [...this.#kinds.values()].every((x) => x.synced)) {
      this.#syncedAt = this.#now();
      this.#log(`first full sync of ${[...this.#kinds.keys()].join(', ')} from ${this.#options.server}: ready`);
    }
  }

  /** A watch event of `kind` (ADDED, MODIFIED, DELETED) arrived. */
  event(kind: WatchedKind): void {
    const k = this.#kind(kind);
    k.lastEventAt = this.#now().toISOString();
    this.#up(k);
  }

  /** The watch of `kind` is being opened (the first time, or again). */
  watching(kind: WatchedKind): void {
    const k = this.#kind(kind);
    k.opened += 1;
    if (k.opened > 1) k.watchRestarts += 1;
  }

  /** A list or watch of `kind` failed; the message names the server and resource, not a credential. */
  failed(kind: WatchedKind, message: string): void {
    const k = this.#kind(kind);
    k.errors += 1;
    k.lastError = message;
    k.lastErrorAt = this.#now().toISOString();
    if (k.up || k.errors === 1) this.#log(`${kind} source down: ${message}`);
    k.up = false;
    k.downSince ??= this.#now();
  }

  /** null when /readyz may answer ok, else why not. */
  notReady(): string | null {
    if (!this.synced) {
      const waiting = [...this.#kinds.values()].filter((k) => !k.synced).map((k) => k.kind);
      return `waiting for the first full list of ${waiting.join(', ')} from ${this.#options.server}`;
    }
    const max = this.#options.maxStalenessSeconds;
    if (max == null) return null;
    const since = this.#downSince();
    if (since && (this.#now().getTime() - since.getTime()) / 1000 > max)
      return `the API server ${this.#options.server} has been unreachable since ${since.toISOString()}, longer than the staleness threshold of ${max} s: answers come from the last state seen`;
    return null;
  }

  health(): SourceHealth {
    const since = this.#downSince();
    return {
      type: this.#options.type,
      server: this.#options.server,
      synced: this.synced,
      syncedAt: this.#syncedAt?.toISOString() ?? null,
      up: since === null,
      downSince: since?.toISOString() ?? null,
      maxStalenessSeconds: this.#options.maxStalenessSeconds ?? null,
      kinds: [...this.#kinds.values()].map(({ opened: _o, downSince: _d, ...k }) => ({ ...k })),
    };
  }

  #up(k: KindHealth & { downSince: Date | null }): void {
    if (!k.up && k.lastError !== null) this.#log(`${k.kind} source up again after ${k.errors} error(s)`);
    k.up = true;
    k.lastError = null;
    k.downSince = null;
  }

  #downSince(): Date | null {
    let since: Date | null = null;
    for (const k of this.#kinds.values()) if (k.downSince && (!since || k.downSince < since)) since = k.downSince;
    return since;
  }

  #kind(kind: WatchedKind) {
    const k = this.#kinds.get(kind);
    if (!k) throw new Error(`kind ${kind} is not watched by this source`);
    return k;
  }

  #log(line: string): void {
    this.#options.log?.(`tpe: ${line}`);
  }
}

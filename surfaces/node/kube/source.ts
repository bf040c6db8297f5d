// `tpe serve --kubeconfig`: the snapshot follows the API server. One informer of
// @kubernetes/client-node per kind (Nodes, Services, EndpointSlices): a paged list, then a watch
// from the list's resourceVersion; a watch the server ends is opened again from the last
// resourceVersion seen, and a 410 Gone (the history was compacted) makes the informer list again.
// Every list goes into the snapshot as a `replace` of its kind and every event as an upsert or
// delete (host/cluster/live.ts coalesces them into revisions). A failed list or watch is retried
// after an exponential backoff with jitter, from a fresh list; a 401 or 403 (a wrong or revoked
// credential) waits the longest backoff at once, so a bad token is one clear log line and a request
// every `maxBackoffMs`, not a retry storm.
import { makeInformer, type Informer, type KubernetesObject } from '@kubernetes/client-node';
import type { WatchedKind } from '../../../host/cluster/incremental.js';
import { LiveSnapshot } from '../../../host/cluster/live.js';
import { SourceMonitor } from '../../../host/cluster/source-health.js';
import type { SnapshotStore } from '../../../host/cluster/store.js';
import type { KubeConnection } from './config.js';
import { describeError, KubeRequestError, listAll } from './request.js';
import { pathOf, SERVE_RESOURCES } from './resources.js';

export interface BackoffOptions {
  /** First retry after about this long (default 500 ms), doubling per failure in a row. */
  initialMs?: number;
  /** The longest wait between retries (default 30 s), and the wait after a 401 or 403. */
  maxMs?: number;
  /** Uniform in [0, 1); the wait is scaled by 0.5 … 1.5 of it. Default Math.random. */
  random?: () => number;
}

export interface KubeSourceOptions {
  connection: KubeConnection;
  store: SnapshotStore;
  log: (line: string) => void;
  /** /readyz fails once a kind has been down longer than this; default never. */
  maxStalenessSeconds?: number | null;
  backoff?: BackoffOptions;
  /** The coalescing window (host/cluster/live.ts), default 5 ms. */
  coalesceMs?: number;
}

export interface KubeSource {
  readonly monitor: SourceMonitor;
  readonly live: LiveSnapshot;
  /** Resolves once every kind has been listed and applied (the first full sync). */
  readonly synced: Promise<void>;
  close(): Promise<void>;
}

export function startKubeSource(options: KubeSourceOptions): KubeSource {
  const { connection, store, log } = options;
  const source = `kubernetes ${connection.server}`;
  const monitor = new SourceMonitor({
    type: 'kubernetes',
    server: connection.server,
    kinds: SERVE_RESOURCES.map((r) => r.kind),
    maxStalenessSeconds: options.maxStalenessSeconds ?? null,
    log,
  });
  store.attachSource(monitor);
  let resolveSynced!: () => void;
  const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
  const live = new LiveSnapshot({
    store,
    source,
    coalesceMs: options.coalesceMs,
    onApplied: () => {
      if (monitor.synced) resolveSynced();
    },
  });
  log(
    `tpe: following the API server ${connection.server} (${connection.via}): listing ${SERVE_RESOURCES.map((r) => r.resource).join(', ')}`,
  );

  const initialMs = options.backoff?.initialMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 30_000;
  const random = options.backoff?.random ?? Math.random;
  let closed = false;
  const followers = SERVE_RESOURCES.map((r) => follow(r.kind, pathOf(r), r.resource));

  function follow(kind: WatchedKind, path: string, resource: string) {
    let informer: Informer<KubernetesObject> | undefined;
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // The informer hands each listed item to its add/update callbacks too; those are in the replace already.
    let listed = new WeakSet<object>();

    const open = () => {
      retry = undefined;
      if (closed) return;
      const listFn = async () => {
        const list = await listAll(connection.config, path, kind);
        listed = new WeakSet(list.items);
        live.push({ type: 'replace', kind, objects: list.items });
        monitor.listed(kind);
        failures = 0;
        return {
          apiVersion: 'v1',
          kind: `${kind}List`,
          metadata: { resourceVersion: list.resourceVersion },
          items: list.items as KubernetesObject[],
        };
      };
      const inf = makeInformer(connection.config, path, listFn);
      informer = inf;
      const upsert = (object: KubernetesObject) => {
        if (listed.has(object)) return;
        failures = 0;
        monitor.event(kind);
        live.push({ type: 'upsert', kind, object: { kind, ...object } });
      };
      inf.on('add', upsert);
      inf.on('update', upsert);
      inf.on('delete', (object) => {
        failures = 0;
        monitor.event(kind);
        live.push({ type: 'delete', kind, object });
      });
      inf.on('connect', () => monitor.watching(kind));
      inf.on('error', (err: unknown) => {
        if (closed || inf !== informer) return;
        void inf.stop();
        failures += 1;
        const status = (err as KubeRequestError).statusCode;
        const denied = status === 401 || status === 403;
        const message =
          err instanceof KubeRequestError
            ? err.message
            : `watch of ${resource} on ${connection.server} failed: ${status !== undefined ? `answered ${status}` : describeError(err as NodeJS.ErrnoException)}`;
        const wait = denied ? maxMs : Math.min(maxMs, initialMs * 2 ** (failures - 1)) * (0.5 + random());
        monitor.failed(
          kind,
          `${message}${denied ? ' — check the credentials in the kubeconfig and the ClusterRole (deploy/rbac.yaml)' : ''}`,
        );
        retry = setTimeout(open, Math.round(wait));
        retry.unref?.();
      });
      inf.start().catch(() => undefined);
    };
    open();
    return {
      async close() {
        if (retry) clearTimeout(retry);
        await informer?.stop();
      },
    };
  }

  return {
    monitor,
    live,
    synced,
    async close() {
      closed = true;
      live.close();
      await Promise.all(followers.map((f) => f.close()));
    },
  };
}

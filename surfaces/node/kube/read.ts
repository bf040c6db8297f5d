// The cluster read once, for the CLI (`tpe simulate|lint|diff --kubeconfig`, `tpe dump`): every
// resource the emulator reads, listed in pages, optionally narrowed to one namespace (Nodes are
// cluster-scoped and always read whole). The result is what `kubectl get … -o yaml` would print, as
// one List, so `tpe dump` can write it and a run can be repeated offline on the same objects.
import { connectKube, type KubeTarget } from './config.js';
import { listAll } from './request.js';
import { CLI_RESOURCES, pathOf, type ApiResource } from './resources.js';

export interface ReadClusterOptions {
  /** Only this namespace's namespaced objects. */
  namespace?: string;
  resources?: readonly ApiResource[];
  /** Progress: objects read so far and the resource being listed. */
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface ClusterRead {
  /** The API server's URL and how it was reached. */
  server: string;
  via: string;
  objects: Record<string, unknown>[];
}

const NAMESPACED_CLUSTER_SCOPED = new Set(['nodes']);

export async function readCluster(target: KubeTarget, options: ReadClusterOptions = {}): Promise<ClusterRead> {
  const connection = connectKube(target);
  const resources = options.resources ?? CLI_RESOURCES;
  const objects: Record<string, unknown>[] = [];
  for (const [i, r] of resources.entries()) {
    const path =
      options.namespace !== undefined && !NAMESPACED_CLUSTER_SCOPED.has(r.resource)
        ? pathOf(r).replace(`/${r.resource}`, `/namespaces/${encodeURIComponent(options.namespace)}/${r.resource}`)
        : pathOf(r);
    const before = objects.length;
    const list = await listAll(connection.config, path, r.kind, (n) =>
      options.onProgress?.(i, resources.length, `listing ${r.resource} (${n})`),
    );
    objects.push(...list.items);
    options.onProgress?.(i + 1, resources.length, `listed ${r.resource} (${objects.length - before})`);
  }
  return { server: connection.server, via: connection.via, objects };
}

/** The objects as one `List`, the shape `kubectl get -o yaml` prints and every FILES reader takes. */
export function asList(objects: readonly unknown[]): {
  apiVersion: 'v1';
  kind: 'List';
  metadata: { resourceVersion: '' };
  items: unknown[];
} {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [...objects] };
}

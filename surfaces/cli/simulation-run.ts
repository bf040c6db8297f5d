// One simulation over manifests on disk, as `tpe simulate`, `tpe diff` and `tpe lint` run it: read
// FILES, show progress on stderr; each object's file goes with it, so errors and warnings name it —
// or, with --kubeconfig, over the objects read once from the API server.
import type { SimulateOptions } from '../../emulator/index.js';
import { isObject } from '../../host/objects/fields.js';
import { badRequest } from '../../host/objects/status.js';
import { readManifests } from '../node/files.js';
import { readCluster } from '../node/kube/read.js';
import { progressBar } from './progress.js';
import { simulateOptions, type SimulationFlags } from './simulation-options.js';

export async function runOnManifests<T>(
  paths: readonly string[],
  command: string,
  flags: SimulationFlags,
  run: (objects: readonly unknown[], options: SimulateOptions) => T,
): Promise<T> {
  const manifests = await readManifests(paths, command);
  refuseNothingToSimulate(manifests.objects, paths);
  const progress = progressBar();
  try {
    return run(manifests.objects, { ...simulateOptions(flags, progress.onProgress), origins: manifests.origins });
  } finally {
    progress.stop();
  }
}

/** The kinds a simulation reads (host/cluster/ingest.ts); anything else is set aside. */
const SIMULATED_KINDS = new Set(['Node', 'Service', 'EndpointSlice', 'Pod', 'Deployment', 'DaemonSet']);

/**
 * An input without one object of a kind the simulation reads — an empty file, /dev/null, only
 * ConfigMaps, documents without a kind — has nothing to simulate. Saying so, with what was found,
 * beats an empty report that passes a CI gate.
 */
function refuseNothingToSimulate(objects: readonly unknown[], paths: readonly string[]): void {
  const kinds = new Map<string, number>();
  for (const obj of objects) {
    const kind = isObject(obj) && typeof obj.kind === 'string' && obj.kind !== '' ? obj.kind : '(no kind)';
    if (SIMULATED_KINDS.has(kind)) return;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const found = objects.length === 0 ? 'no objects' : [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
  throw badRequest(
    `${paths.join(', ')}: nothing to simulate: no Node, Service, EndpointSlice, Pod, Deployment or DaemonSet (found ${found})`,
  );
}

/** FILES, or the cluster of --kubeconfig (FILES must then be empty): the objects are read, then `run` over them. */
export async function runOnInput<T>(
  paths: readonly string[],
  command: string,
  flags: SimulationFlags,
  run: (objects: readonly unknown[], options: SimulateOptions) => T,
): Promise<T> {
  if (flags.kubeconfig === undefined) {
    if (paths.length === 0) throw badRequest(`tpe ${command}: name FILES, or read the cluster with --kubeconfig [PATH]`);
    if (flags.context !== undefined || flags.namespace !== undefined)
      throw badRequest(`tpe ${command}: --context and --namespace go with --kubeconfig`);
    return runOnManifests(paths, command, flags, run);
  }
  if (paths.length > 0) throw badRequest(`tpe ${command}: FILES and --kubeconfig name two clusters: give one of them`);
  return runOnCluster(command, flags, run);
}

/** The cluster of --kubeconfig read once (progress on stderr), then `run` over it. */
export async function runOnCluster<T>(
  _command: string,
  flags: SimulationFlags,
  run: (objects: readonly unknown[], options: SimulateOptions) => T,
): Promise<T> {
  const progress = progressBar();
  let objects: readonly unknown[];
  try {
    objects = (
      await readCluster(
        { kubeconfig: flags.kubeconfig, context: flags.context },
        { namespace: flags.namespace, onProgress: progress.onProgress },
      )
    ).objects;
  } finally {
    progress.stop();
  }
  const running = progressBar();
  try {
    return run(objects, simulateOptions(flags, running.onProgress));
  } finally {
    running.stop();
  }
}

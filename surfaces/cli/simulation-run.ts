// One simulation over manifests on disk, as `tpe simulate`, `tpe diff` and `tpe lint` run it: read
// FILES, show progress on stderr, and name the file and the object an input error is about — or,
// with --kubeconfig, over the objects read once from the API server.
import type { SimulateOptions } from '../../emulator/index.js';
import { locateInManifests, readManifests } from '../node/files.js';
import { readCluster } from '../node/kube/read.js';
import { badRequest } from '../../host/objects/status.js';
import { progressBar } from './progress.js';
import { simulateOptions, type SimulationFlags } from './simulation-options.js';

export async function runOnManifests<T>(
  paths: readonly string[],
  command: string,
  flags: SimulationFlags,
  run: (objects: readonly unknown[], options: SimulateOptions) => T,
): Promise<T> {
  const manifests = await readManifests(paths, command);
  const progress = progressBar();
  try {
    return run(manifests.objects, simulateOptions(flags, progress.onProgress));
  } catch (e) {
    throw locateInManifests(e, manifests);
  } finally {
    progress.stop();
  }
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

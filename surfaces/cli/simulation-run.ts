// One simulation over manifests on disk, as `tpe simulate`, `tpe diff` and `tpe lint` run it: read
// FILES, show progress on stderr; each object's file goes with it, so errors and warnings name it.
import type { SimulateOptions } from '../../emulator/index.js';
import { isObject } from '../../host/objects/fields.js';
import { badRequest } from '../../host/objects/status.js';
import { readManifests } from '../node/files.js';
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

/** The kinds a simulation reads (emulator/model/objects.ts); anything else is set aside. */
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

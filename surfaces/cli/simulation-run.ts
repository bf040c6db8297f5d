// One simulation over manifests on disk, as `tpe simulate`, `tpe diff` and `tpe lint` run it: read
// FILES, show progress on stderr, and name the file and the object an input error is about.
import type { SimulateOptions } from '../../emulator/index.js';
import { isObject } from '../../host/objects/fields.js';
import { badRequest } from '../../host/objects/status.js';
import { locateInManifests, readManifests } from '../node/files.js';
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
    return run(manifests.objects, simulateOptions(flags, progress.onProgress));
  } catch (e) {
    throw locateInManifests(e, manifests);
  } finally {
    progress.stop();
  }
}

/**
 * kube-proxy runs on nodes: without a Node there is no decision to simulate, whatever else the input
 * holds (an empty file, /dev/null, a ConfigMap, documents without a kind). Saying so, with what was
 * found, beats an empty report that passes a CI gate.
 */
function refuseNothingToSimulate(objects: readonly unknown[], paths: readonly string[]): void {
  const kinds = new Map<string, number>();
  for (const obj of objects) {
    const kind = isObject(obj) && typeof obj.kind === 'string' && obj.kind !== '' ? obj.kind : '(no kind)';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  if (kinds.has('Node')) return;
  const found = objects.length === 0 ? 'no objects' : [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
  throw badRequest(
    `${paths.join(', ')}: nothing to simulate: no Node (found ${found}); expected manifests with Nodes, or a dump of kubectl get nodes,services,endpointslices,pods -A -o yaml`,
  );
}

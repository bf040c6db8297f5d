// One simulation over manifests on disk, as `tpe simulate`, `tpe diff` and `tpe lint` run it: read
// FILES, show progress on stderr, and name the file and the object an input error is about.
import type { SimulateOptions } from '../../emulator/index.js';
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
  const progress = progressBar();
  try {
    return run(manifests.objects, simulateOptions(flags, progress.onProgress));
  } catch (e) {
    throw locateInManifests(e, manifests);
  } finally {
    progress.stop();
  }
}

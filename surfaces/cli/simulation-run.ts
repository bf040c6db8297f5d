// One simulation over manifests on disk, as `tpe simulate`, `tpe diff` and `tpe lint` run it: read
// FILES, show progress on stderr; each object's file goes with it, so errors and warnings name it.
import type { SimulateOptions } from '../../emulator/index.js';
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
  const progress = progressBar();
  try {
    return run(manifests.objects, { ...simulateOptions(flags, progress.onProgress), origins: manifests.origins });
  } finally {
    progress.stop();
  }
}

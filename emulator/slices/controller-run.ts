// The EndpointSlice controller alone over a cluster's objects: read them as the emulator does
// (model/ingest.ts), then let the controller make every selector-backed Service's slices, whatever
// slices the input holds — what `tpe slices` prints and checks. No kube-proxy, no traffic.
import { resolveEra, type Era } from '../../host/engine/eras.js';
import { reconcileEndpointSlices } from '../controller/index.js';
import type { Cluster } from '../model/cluster.js';
import { ingest } from '../model/ingest.js';
import { sortInput, type ObjectOrigin } from '../../host/cluster/ingest.js';
import { Warnings } from '../../host/cluster/warnings.js';
import { SliceStore } from './store.js';

export interface ControllerRunOptions {
  /** `"1.21"` … `"1.35"`; default the newest. */
  kubernetesVersion?: string;
  /** Overrides of that version's feature gates. */
  featureGates?: Record<string, boolean>;
  /** Where each object came from, index for index: errors name its file and place. */
  origins?: readonly ObjectOrigin[];
}

export interface ControllerRun {
  era: Era;
  cluster: Cluster;
  /** Every selector-backed Service's slices as the controller makes them; the others keep the input's. */
  slices: SliceStore;
  warnings: Warnings;
}

export function runController(objects: readonly unknown[], options: ControllerRunOptions = {}): ControllerRun {
  const era = resolveEra(options.kubernetesVersion, options.featureGates);
  const warnings = new Warnings();
  const cluster = ingest(sortInput(objects, options.origins, warnings), era, warnings);
  const slices = new SliceStore(cluster, era, reconcileEndpointSlices, true, warnings);
  slices.buildAll();
  return { era, cluster, slices, warnings };
}

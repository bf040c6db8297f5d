// The contract of the emulator's EndpointSlice controller (docs/rules.md §5): a Service and the
// cluster's pods and nodes in, the Service's EndpointSlices (as the validated model host/objects makes
// of real slices) and a report of what happened to hints out. Pure: same input, same output.
import type { EndpointSliceModel } from '../../host/objects/model.js';
import type { EmuNode, EmuPod, EmuService } from '../model/types.js';
import type { HintReport } from '../document.js';
import type { ZoneCapacity } from './capacity.js';
import type { Era } from '../../host/engine/eras.js';

/** The release whose controller runs: the minor version and its feature gates (host/engine/eras.ts resolveEra). */
export type ControllerEra = Pick<Era, 'minor' | 'gates'>;

export interface ControllerInput {
  service: EmuService;
  /** Every pod of the cluster (the controller selects by the Service's selector and namespace). */
  pods: readonly EmuPod[];
  nodes: readonly EmuNode[];
  /** Optional: `nodes` indexed by name (e.g. the cluster's own index), so a call need not build one. Additive. */
  nodesByName?: ReadonlyMap<string, EmuNode>;
  /** Optional: `zoneCapacity(nodes)` computed once for many Services (it reads every node). Additive. */
  zoneCapacity?: ZoneCapacity;
  /** The release: the controller reads TopologyAwareHints, ServiceTrafficDistribution and PreferSameTrafficDistribution. */
  era: ControllerEra;
  /** Endpoints per slice (upstream default 100). */
  maxEndpointsPerSlice?: number;
}

export interface ControllerOutput {
  /** Named `<service>-<n>` in a stable order; sorted by name. */
  slices: EndpointSliceModel[];
  hints: HintReport;
}

export type ReconcileEndpointSlices = (input: ControllerInput) => ControllerOutput;

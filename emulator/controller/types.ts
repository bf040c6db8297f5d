// The contract of the emulator's EndpointSlice controller (docs/rules.md §5): a Service and the
// cluster's pods and nodes in, the Service's EndpointSlices (as the validated model host/objects makes
// of real slices) and a report of what happened to hints out. Pure: same input, same output.
import type { EndpointSliceModel } from '../../host/objects/model.js';
import type { EmuNode, EmuPod, EmuService } from '../model/types.js';
import type { HintReport } from '../document.js';
import type { ZoneCapacity } from './capacity.js';

export interface ControllerInput {
  service: EmuService;
  /** Every pod of the cluster (the controller selects by the Service's selector and namespace). */
  pods: readonly EmuPod[];
  nodes: readonly EmuNode[];
  /** Optional: `nodes` indexed by name (e.g. the cluster's own index), so a call need not build one. Additive. */
  nodesByName?: ReadonlyMap<string, EmuNode>;
  /** Optional: `zoneCapacity(nodes)` computed once for many Services (it reads every node). Additive. */
  zoneCapacity?: ZoneCapacity;
  /** Gate PreferSameTrafficDistribution of the era (PreferSameZone/PreferSameNode values accepted). */
  preferSameTrafficDistribution: boolean;
  /** Endpoints per slice (upstream default 100). */
  maxEndpointsPerSlice?: number;
}

export interface ControllerOutput {
  /** Named `<service>-<n>` in a stable order; sorted by name. */
  slices: EndpointSliceModel[];
  hints: HintReport;
}

export type ReconcileEndpointSlices = (input: ControllerInput) => ControllerOutput;

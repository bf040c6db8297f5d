// The emulator's EndpointSlice controller (docs/rules.md §5): a Service and the
// cluster's pods and nodes in, the slices the controller would create for it and a report of what
// happened to hints out. Pure and deterministic: the same input gives the same slices and names.
//
//   select.ts (pods) → ports.ts + endpoints.ts (one endpoint per pod and family)
//     → slices.ts (port sets, ≤ maxEndpointsPerSlice) → mode.ts + hints.ts (trafficdist.ts |
//     capacity.ts + topologycache.ts) → slices.ts (names) + report.ts (HintReport)
//
// Selection runs here, so callers may pass only the Service namespace's pods instead of every pod
// (the difference at 150,000 pods is ~15 ms per Service), and nodesByName / zoneCapacity computed
// once for the whole cluster.
import type { EndpointSliceModel, IPFamily } from '../../host/objects/model.js';
import type { HintedEndpoint } from '../document.js';
import { badRequest, fieldError } from '../../host/objects/status.js';
import type { ControllerInput, ControllerOutput, ReconcileEndpointSlices } from './types.js';
import { selectPods } from './select.js';
import { hasSelector } from '../../host/objects/well-known.js';
import { endpointPorts } from './ports.js';
import { podToEndpoint } from './endpoints.js';
import { nameSlices, planSlices, type Member, type SlicePlan } from './slices.js';
import { hintMode } from './mode.js';
import { zoneCapacity } from './capacity.js';
import { decideHints, withHints, type HintOutcome } from './hints.js';
import { hintReport, unmanagedReport } from './report.js';

export type { ControllerEra, ControllerInput, ControllerOutput, ReconcileEndpointSlices } from './types.js';
export { SAFEGUARD_CODES, type SafeguardCode } from './safeguards.js';
export { OVERLOAD_THRESHOLD } from './topologycache.js';
export { zoneCapacity, type ZoneCapacity, type ZoneShare } from './capacity.js';
export { annotationIgnored, type IgnoredAnnotation } from './mode.js';

/** kube-controller-manager --max-endpoints-per-slice: default 100, allowed 1–1000. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;
const MAX_ENDPOINTS_PER_SLICE_LIMIT = 1000;

export const reconcileEndpointSlices: ReconcileEndpointSlices = (input: ControllerInput): ControllerOutput => {
  const max = maxEndpointsPerSlice(input.maxEndpointsPerSlice);
  const { key } = input.service;
  const service = input.service.model;
  if (service.type === 'ExternalName') {
    return {
      slices: [],
      hints: unmanagedReport(
        key,
        'An ExternalName Service is a DNS alias: the EndpointSlice controller makes no slices for it, so there are no hints.',
      ),
    };
  }
  if (!hasSelector(service)) {
    return {
      slices: [],
      hints: unmanagedReport(
        key,
        'The Service has no selector: the EndpointSlice controller makes no slices for it (its endpoints are the EndpointSlices given, made by hand or by another controller), so it writes no hints.',
      ),
    };
  }

  const nodesByName = input.nodesByName ?? new Map(input.nodes.map((n) => [n.name, n]));
  const selected = selectPods(service, input.pods, nodesByName).map((s) => ({ ...s, ports: endpointPorts(service, s.pod) }));
  const mode = hintMode(service, input.era);
  let capacity = input.zoneCapacity;
  const cachedCapacity = () => (capacity ??= zoneCapacity(input.nodes));

  const plans: SlicePlan[] = [];
  const outcomes: Array<readonly [IPFamily, HintOutcome]> = [];
  for (const family of service.ipFamilies) {
    const members: Member[] = selected.flatMap((s) => {
      const endpoint = podToEndpoint(s, family, service);
      return endpoint === null ? [] : [{ ports: s.ports, endpoint }];
    });
    const familyPlans = planSlices(family, members, max);
    const hints = decideHints(
      mode,
      familyPlans.flatMap((p) => p.endpoints),
      cachedCapacity,
    );
    plans.push(...withHints(familyPlans, hints));
    outcomes.push([family, hints.outcome]);
  }
  const slices = nameSlices(service.namespace, service.name, plans);
  const hints = hintReport(key, mode.source, outcomes);
  const ignored = mode.source === 'annotation' ? null : mode.ignoredAnnotation;
  if (ignored !== null) hints.ignoredAnnotation = `${ignored.annotation}=${ignored.value}`;
  if (mode.source !== 'none') hints.endpoints = hintedEndpoints(slices);
  return { slices, hints };
};

/** Every endpoint of `slices` with its hints, in slice order: what the report shows per endpoint. */
function hintedEndpoints(slices: readonly EndpointSliceModel[]): HintedEndpoint[] {
  return slices.flatMap((slice) =>
    slice.endpoints.map((ep) => ({
      slice: slice.name,
      address: ep.addresses[0]!,
      pod: ep.targetPod,
      node: ep.nodeName,
      zone: ep.zone,
      ready: ep.conditions.ready === true,
      forZones: [...ep.forZones],
      forNodes: [...ep.forNodes],
    })),
  );
}

function maxEndpointsPerSlice(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_ENDPOINTS_PER_SLICE;
  if (Number.isInteger(value) && value >= 1 && value <= MAX_ENDPOINTS_PER_SLICE_LIMIT) return value;
  const cause = fieldError.invalid(
    'maxEndpointsPerSlice',
    value,
    `must be an integer from 1 to ${MAX_ENDPOINTS_PER_SLICE_LIMIT} (kube-controller-manager --max-endpoints-per-slice; default ${DEFAULT_MAX_ENDPOINTS_PER_SLICE})`,
  );
  throw badRequest(`maxEndpointsPerSlice: ${cause.message}`, [cause]);
}

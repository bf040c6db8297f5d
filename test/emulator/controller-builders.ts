// Builders for the EndpointSlice controller tests: Services read by host/objects (as ingest will),
// nodes and pods as plain emulator model data. Each test states only what matters to it.
import { readService } from '../../host/objects/index.js';
import type { EndpointModel, EndpointSliceModel } from '../../host/objects/model.js';
import type { ContainerPortModel, EmuNode, EmuPod, EmuService } from '../../emulator/model/types.js';
import { reconcileEndpointSlices } from '../../emulator/controller/index.js';
import type { ControllerEra, ControllerOutput } from '../../emulator/controller/types.js';
import { resolveEra } from '../../host/engine/eras.js';

/** The newest release with its default gates: the controller's default era in these tests. */
export const NEWEST: ControllerEra = resolveEra(undefined, undefined);

/** Kubernetes 1.`minor` with its default gates, and `gates` overriding them. */
export const era = (minor: number, gates: Record<string, boolean> = {}): ControllerEra => resolveEra(`1.${minor}`, gates);

const GATES = { ServiceInternalTrafficPolicy: true, ServiceTrafficDistribution: true, PreferSameTrafficDistribution: true };

export const ZONE = 'topology.kubernetes.io/zone';
export const MODE = 'service.kubernetes.io/topology-mode';
export const HINTS = 'service.kubernetes.io/topology-aware-hints';

/** A v1 Service `shop/web` (by default) selecting `app: web`, one port `http` 80 → named target `http`. */
export function service(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): EmuService {
  const raw = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', ...metadata },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec },
  };
  const { service: model } = readService(raw, { minor: 35, gates: GATES });
  return { model, key: `${model.namespace}/${model.name}`, givenSlices: null };
}

export function node(name: string, zone: string, changes: Partial<EmuNode> = {}): EmuNode {
  return {
    name,
    labels: zone === '' ? {} : { [ZONE]: zone },
    zone,
    ip: '192.168.0.1',
    podPrefix: '10.0.0',
    controlPlane: false,
    milliCPU: 4000,
    ready: true,
    unschedulable: false,
    taints: [],
    ...changes,
  };
}

export const HTTP_PORT: ContainerPortModel = { name: 'http', containerPort: 8080, protocol: 'TCP' };

/** A Running, Ready pod `shop/<name>` labelled `app: web`, serving `http` on 8080. */
export function pod(name: string, nodeName: string | null, ips: string[], changes: Partial<EmuPod> = {}): EmuPod {
  const namespace = changes.namespace ?? 'shop';
  return {
    namespace,
    name,
    key: `${namespace}/${name}`,
    labels: { app: 'web' },
    nodeName,
    ips,
    phase: 'Running',
    ready: true,
    terminating: false,
    hostNetwork: false,
    containerPorts: [HTTP_PORT],
    terminationGracePeriodSeconds: 30,
    owner: null,
    goneAt: null,
    ...changes,
  };
}

export function reconcile(
  svc: EmuService,
  pods: readonly EmuPod[],
  nodes: readonly EmuNode[],
  options: { era?: ControllerEra; maxEndpointsPerSlice?: number } = {},
): ControllerOutput {
  return reconcileEndpointSlices({
    service: svc,
    pods,
    nodes,
    era: options.era ?? NEWEST,
    ...(options.maxEndpointsPerSlice !== undefined ? { maxEndpointsPerSlice: options.maxEndpointsPerSlice } : {}),
  });
}

export const allEndpoints = (slices: readonly EndpointSliceModel[]): EndpointModel[] => slices.flatMap((s) => s.endpoints);

/** The endpoint of pod `shop/<name>` (first family found). */
export function endpointOf(slices: readonly EndpointSliceModel[], name: string): EndpointModel {
  const found = allEndpoints(slices).find((ep) => ep.targetPod === `shop/${name}`);
  if (!found) throw new Error(`no endpoint for pod shop/${name}`);
  return found;
}

/** pod name → forZones, for every endpoint (short names: `web-a1`). */
export function zoneHints(slices: readonly EndpointSliceModel[]): Record<string, string[]> {
  return Object.fromEntries(allEndpoints(slices).map((ep) => [ep.targetPod!.replace('shop/', ''), ep.forZones]));
}

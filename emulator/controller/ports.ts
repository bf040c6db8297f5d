// A pod's endpoint ports for a Service (ESL `utils.go` getEndpointPorts / findPort): each Service
// port with its name and protocol, the target port resolved against the pod's container ports.
import type { EndpointPortModel, ServiceModel } from '../../host/objects/model.js';
import type { EmuPod } from '../model/types.js';

/**
 * The ports `pod` serves for `service`, in the Service's port order. A numeric targetPort is used
 * as is; a named one is looked up among the pod's container ports by name **and** protocol, and a
 * pod without such a port gets no entry for that Service port — upstream then files the pod under a
 * different port set, in slices of its own (see slices.ts).
 */
export function endpointPorts(service: ServiceModel, pod: EmuPod): EndpointPortModel[] {
  const ports: EndpointPortModel[] = [];
  for (const servicePort of service.ports) {
    const port = resolveTargetPort(pod, servicePort.targetPort, servicePort.protocol);
    if (port === null) continue;
    ports.push({ name: servicePort.name, port, protocol: servicePort.protocol });
  }
  return ports;
}

function resolveTargetPort(pod: EmuPod, targetPort: number | string, protocol: EndpointPortModel['protocol']): number | null {
  if (typeof targetPort === 'number') return targetPort;
  const match = pod.containerPorts.find((p) => p.name === targetPort && p.protocol === protocol);
  return match ? match.containerPort : null;
}

/** The identity upstream groups endpoints by (its PortMapKey): the whole resolved port list. */
export function portSetKey(ports: readonly EndpointPortModel[]): string {
  return ports.map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',');
}

// The categorize request (docs/contracts.md §2): shape checks, then each object read and validated by
// host/objects, then the Service port, family and era resolved. Everything after this is rules.
import type { EndpointSliceModel, InputWarning, IPFamily, NodeModel, ServiceModel, ServicePortModel } from '../objects/model.js';
import { readService, readEndpointSlice, readNodeRef } from '../objects/index.js';
import { badRequest, fieldError, invalid, type StatusCause } from '../objects/status.js';
import { resolveEra, type Era } from './eras.js';
import { assertProxied, selectFamily, selectPort, servicePortFacts, type ServicePortFacts } from './service-port.js';
import { endpointsForPort, type ProxyEndpoint } from './endpoints.js';

const REQUEST_FIELDS = ['node', 'service', 'endpointSlices', 'port', 'ipFamily', 'kubernetesVersion', 'featureGates', 'explain'];

export interface PortRequest {
  era: Era;
  service: ServiceModel;
  port: ServicePortModel;
  family: IPFamily;
  facts: ServicePortFacts;
  endpoints: ProxyEndpoint[];
  explain: boolean;
  warnings: InputWarning[];
}

/** Reads everything but `node`: the part shared by categorize and categorizeNodes. */
export function readPortRequest(raw: unknown): PortRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw badRequest('request body must be a JSON or YAML object with fields node, service, endpointSlices');
  }
  const req = raw as Record<string, unknown>;
  const unknownFields = Object.keys(req).filter((k) => !REQUEST_FIELDS.includes(k));
  if (unknownFields.length) {
    const causes = unknownFields.map((k) => ({
      reason: 'FieldValueNotSupported',
      field: k,
      message: `unknown field ${JSON.stringify(k)}: supported fields: ${REQUEST_FIELDS.join(', ')}`,
    }));
    throw badRequest(
      `unknown field${causes.length > 1 ? 's' : ''} ${unknownFields.map((k) => JSON.stringify(k)).join(', ')} in request: supported fields: ${REQUEST_FIELDS.join(', ')}`,
      causes,
    );
  }
  const era = resolveEra(req.kubernetesVersion, req.featureGates);
  if (req.explain !== undefined && typeof req.explain !== 'boolean') {
    const cause = fieldError.typeInvalid('explain', req.explain, 'a boolean');
    throw badRequest(`explain: ${cause.message}`, [cause]);
  }
  if (req.service === undefined || req.service === null) throw required('service', 'a v1 Service object');
  const warnings: InputWarning[] = [];
  const { service, warnings: serviceWarnings } = readService(req.service, { minor: era.minor, gates: era.gates }, 'service.');
  warnings.push(...serviceWarnings);
  const slices = readSlices(req.endpointSlices, service, warnings);
  return portRequestFor({ era, service, slices, port: req.port, ipFamily: req.ipFamily, explain: req.explain === true, warnings });
}

/**
 * A decision's Service-port part from already-read objects: the snapshot and emulator path, and the
 * tail of `readPortRequest`. `slices` must already be the Service's own.
 */
export function portRequestFor(input: {
  era: Era;
  service: ServiceModel;
  slices: readonly EndpointSliceModel[];
  port?: unknown;
  ipFamily?: unknown;
  explain?: boolean;
  warnings?: InputWarning[];
}): PortRequest {
  const { era, service } = input;
  assertProxied(service);
  const port = selectPort(service, input.port);
  const family = selectFamily(service, input.ipFamily);
  return {
    era,
    service,
    port,
    family,
    facts: servicePortFacts(service, port, family, era.minor),
    endpoints: endpointsForPort(input.slices, port, family, era.gates.EndpointSliceTerminatingCondition),
    explain: input.explain ?? false,
    warnings: input.warnings ?? [],
  };
}

export function readRequestNode(raw: unknown, field = 'node'): NodeModel {
  if (raw === undefined || raw === null) throw required(field, 'the node kube-proxy runs on: {name, labels} or a v1 Node');
  return readNodeRef(raw, `${field}.`).node;
}

function readSlices(raw: unknown, service: ServiceModel, warnings: InputWarning[]): EndpointSliceModel[] {
  if (raw === undefined || raw === null) throw required('endpointSlices', 'a list of discovery.k8s.io/v1 EndpointSlices (may be empty)');
  if (!Array.isArray(raw)) {
    const cause = fieldError.typeInvalid('endpointSlices', raw, 'a list of EndpointSlice objects');
    throw badRequest(`endpointSlices: ${cause.message}`, [cause]);
  }
  const causes: StatusCause[] = [];
  let firstBadSlice = '';
  const slices = raw.map((item, i) => {
    const path = `endpointSlices[${i}].`;
    const { slice, warnings: sliceWarnings } = readEndpointSlice(item, path);
    warnings.push(...sliceWarnings);
    if (slice.serviceName === null) {
      warnings.push({
        field: `${path}metadata.labels`,
        message: `EndpointSlice ${JSON.stringify(slice.name)} has no kubernetes.io/service-name label; read as belonging to Service ${service.namespace}/${service.name} because the request pairs them`,
      });
    } else if (slice.serviceName !== service.name) {
      causes.push(
        fieldError.invalid(
          `${path}metadata.labels[kubernetes.io/service-name]`,
          slice.serviceName,
          `this EndpointSlice belongs to Service ${JSON.stringify(slice.serviceName)}, not ${JSON.stringify(service.name)}; send only the slices of the requested Service`,
        ),
      );
    }
    if (slice.namespace !== service.namespace) {
      causes.push(
        fieldError.invalid(
          `${path}metadata.namespace`,
          slice.namespace,
          `the Service is in namespace ${JSON.stringify(service.namespace)}; an EndpointSlice only serves a Service of its own namespace`,
        ),
      );
    }
    if (causes.length && !firstBadSlice) firstBadSlice = slice.name;
    return slice;
  });
  if (causes.length) throw invalid('EndpointSlice', firstBadSlice, causes);
  return slices;
}

function required(field: string, what: string) {
  const cause = fieldError.required(field, what);
  return badRequest(`${field}: ${cause.message}`, [cause]);
}

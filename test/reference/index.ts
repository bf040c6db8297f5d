// The test oracle: a slow, literal reading of docs/rules.md and docs/eras.md. It takes the raw
// docs/contracts.md §2 request, assumes the objects are valid, and answers the §2 result (no explain, no warnings).
import { resolveEra } from '../../host/engine/eras.js';
import type { CategorizeRequest, CategorizeResult } from '../../host/engine/types.js';
import { categorizeEndpoints } from './categorize.js';
import { buildEndpointList } from './endpoints.js';
import { categorizeLegacy } from './legacy.js';
import {
  annotationsOf,
  isExternallyAccessible,
  isExternalPolicyLocal,
  isInternalPolicyLocal,
  nodeZone,
  readNode,
  requestFamily,
  selectServicePort,
  serviceKey,
} from './service.js';
import type { RefContext, RefEndpoint, RefSets } from './types.js';
import { decisions, trafficListsFromPolicies, type TrafficLists } from './verdicts.js';

export type { RefContext, RefEndpoint, RefSets } from './types.js';

function categorizeModern(list: RefEndpoint[], ctx: RefContext): { sets: RefSets; lists: TrafficLists } {
  const sets = categorizeEndpoints(list, ctx);
  return { sets, lists: trafficListsFromPolicies(sets, ctx) };
}

/** A request read into the reference's inputs: the endpoint list and the context it is judged in. */
export interface ReferenceInput {
  ctx: RefContext;
  list: RefEndpoint[];
  echo: Pick<CategorizeResult, 'service' | 'port' | 'node' | 'kubernetesVersion'>;
}

/** Reads a request (the part the benchmark keeps apart from the decision itself). */
export function referenceInput(request: CategorizeRequest): ReferenceInput {
  const era = resolveEra(request.kubernetesVersion, request.featureGates);
  const node = readNode(request.node);
  const service = request.service;
  const family = requestFamily(request.ipFamily, service);
  const port = selectServicePort(service, request.port);
  const ctx: RefContext = {
    minor: era.minor,
    gates: era.gates,
    nodeName: node.name,
    zone: nodeZone(node.labels),
    family,
    annotations: annotationsOf(service),
    itpLocal: isInternalPolicyLocal(service, era.gates),
    etpLocal: isExternalPolicyLocal(service),
    externallyAccessible: isExternallyAccessible(service, port, family, era.minor),
  };
  return {
    ctx,
    list: buildEndpointList(request.endpointSlices, port.name, port.protocol, family, ctx),
    echo: {
      service: serviceKey(service),
      port: port.name !== '' ? port.name : String(port.port),
      node: node.name,
      kubernetesVersion: era.version,
    },
  };
}

/** The decision over read inputs. */
export function referenceDecide({ ctx, list, echo }: ReferenceInput): CategorizeResult {
  // 1.24+: CategorizeEndpoints; 1.21–1.23: one filtered list (docs/eras.md).
  const answer = ctx.minor >= 24 ? categorizeModern(list, ctx) : categorizeLegacy(list, ctx);
  const { internal, external } = decisions(answer.sets, answer.lists, ctx);
  return { ...echo, ...answer.sets, internal, external };
}

export function referenceCategorize(request: CategorizeRequest): CategorizeResult {
  return referenceDecide(referenceInput(request));
}

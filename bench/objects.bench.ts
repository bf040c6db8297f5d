// `npx tsx bench/objects.bench.ts`: the cost of reading and validating Kubernetes objects
// (host/objects), in µs per endpoint, for a Service and 10 EndpointSlices of 100 endpoints each
// (bench/scenario.ts: one IPv4 address, conditions, nodeName, zone and one zone hint per endpoint).
// Rows:
//   validate         readService + readEndpointSlice over every slice (what the library does per request)
//   plain read       a hand-written walk that copies the same fields with no checks (the floor)
//   readNodeRef      the short `{name, labels}` node form, in µs per call
import { readEndpointSlice } from '../host/objects/endpointslice.js';
import { readNodeRef } from '../host/objects/node.js';
import { readService, type ServiceContext } from '../host/objects/service.js';
import { scenario } from './scenario.js';

const ENDPOINTS = 1000;
const CTX: ServiceContext = {
  minor: 33,
  gates: { ServiceInternalTrafficPolicy: true, ServiceTrafficDistribution: true, PreferSameTrafficDistribution: true },
};

// The request as a client sends it: JSON, parsed once, so no object is shared with the scenario's literals.
const request = JSON.parse(JSON.stringify(scenario(ENDPOINTS))) as { service: unknown; endpointSlices: unknown[] };
const nodeRef = { name: 'node-17', labels: { 'topology.kubernetes.io/zone': 'zone-c', 'kubernetes.io/hostname': 'node-17' } };

function validate(): number {
  let endpoints = 0;
  readService(request.service, CTX, 'service');
  for (let i = 0; i < request.endpointSlices.length; i++) {
    endpoints += readEndpointSlice(request.endpointSlices[i], `endpointSlices[${i}]`).slice.endpoints.length;
  }
  return endpoints;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The same fields copied out with no validation: what reading the JSON costs at least. */
function plainRead(): number {
  let endpoints = 0;
  const spec = (request.service as Json).spec as Json;
  const service = { type: spec.type, clusterIP: spec.clusterIP, ports: (spec.ports as Json[]).map((p) => ({ ...p })) };
  for (const raw of request.endpointSlices as Json[]) {
    const out = [];
    for (const ep of raw.endpoints as Json[]) {
      const c = ep.conditions as Json;
      out.push({
        addresses: [...(ep.addresses as string[])],
        conditions: { ready: c.ready ?? null, serving: c.serving ?? null, terminating: c.terminating ?? null },
        nodeName: ep.nodeName ?? null,
        zone: ep.zone ?? null,
        forZones: (ep.hints?.forZones ?? []).map((h: Json) => h.name as string),
        forNodes: [],
        targetPod: null,
      });
    }
    endpoints += out.length + (service.ports.length > 0 ? 0 : 1);
  }
  return endpoints;
}

/** Mean µs per call over ~`ms` milliseconds, after a warmup of the same length. */
function time(fn: () => unknown, ms: number): number {
  const run = (budget: number) => {
    let calls = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(budget * 1e6);
    let now = start;
    while (now < end) {
      for (let i = 0; i < 10; i++) fn();
      calls += 10;
      now = process.hrtime.bigint();
    }
    return Number(now - start) / 1e3 / calls;
  };
  run(ms);
  // Best of three rounds: the machine is shared, so the minimum is the least disturbed estimate.
  return Math.min(run(ms), run(ms), run(ms));
}

if (validate() !== ENDPOINTS || plainRead() !== ENDPOINTS) throw new Error('benchmark workload is not the expected 1,000 endpoints');

const validateUs = time(validate, 1000) / ENDPOINTS;
const plainUs = time(plainRead, 1000) / ENDPOINTS;
const nodeRefUs = time(() => readNodeRef(nodeRef, 'node'), 500);

console.log(
  `validate (Service + ${request.endpointSlices.length} EndpointSlices, ${ENDPOINTS} endpoints): ${validateUs.toFixed(3)} µs/endpoint`,
);
console.log(
  `plain read of the same fields:                             ${plainUs.toFixed(3)} µs/endpoint (validate is ${(validateUs / plainUs).toFixed(1)}×)`,
);
console.log(`readNodeRef {name, labels}:                                ${nodeRefUs.toFixed(3)} µs/call`);

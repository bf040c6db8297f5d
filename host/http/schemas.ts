// The shapes of the HTTP API as zod schemas: the query, path and body schemas validate requests, and
// every schema here is what /openapi.json is generated from (docs/contracts.md §2, §3).
import { z } from '@hono/zod-openapi';
import { SUPPORTED_VERSIONS } from '../engine/eras.js';

export const StatusCauseSchema = z
  .object({
    reason: z.string().openapi({ example: 'FieldValueNotSupported' }),
    field: z.string().openapi({ example: 'query.traffic' }),
    message: z.string(),
  })
  .openapi('StatusCause');

export const StatusSchema = z
  .object({
    kind: z.literal('Status'),
    apiVersion: z.literal('v1'),
    status: z.literal('Failure'),
    reason: z.string().openapi({ example: 'BadRequest' }),
    code: z.int(),
    message: z.string(),
    details: z
      .object({ name: z.string().optional(), kind: z.string().optional(), causes: z.array(StatusCauseSchema).optional() })
      .optional(),
  })
  .openapi('Status', { description: 'Every error: the Kubernetes Status shape, with the field path of each problem in details.causes.' });

const Verdict = z.enum(['route', 'drop', 'reject']).openapi('Verdict', {
  description: 'route: endpoints usable from this node; drop: endpoints exist but none usable from here; reject: none anywhere.',
});
const IPFamily = z.enum(['IPv4', 'IPv6']);
const Endpoint = z.string().openapi({ description: '`ip:port`, `[ip]:port` for IPv6', example: '10.244.1.10:9100' });

const TrafficDecisionSchema = z.object({ verdict: Verdict, endpoints: z.array(Endpoint) }).openapi('TrafficDecision');

const ExplainEntrySchema = z
  .object({
    endpoint: Endpoint,
    cluster: z.boolean(),
    local: z.boolean(),
    reason: z.string().openapi({ example: 'HintForOtherZone', description: 'A stable reason code; see docs/explain.md.' }),
    detail: z.string(),
  })
  .openapi('ExplainEntry');

export const CategorizeResultSchema = z
  .object({
    service: z.string().openapi({ example: 'monitoring/node-agent' }),
    port: z.string().openapi({ example: 'metrics' }),
    node: z.string().openapi({ example: 'node-a1' }),
    kubernetesVersion: z.string().openapi({ example: '1.35' }),
    topologyMode: z.enum(['None', 'PreferSameZone', 'PreferSameNode']),
    clusterEndpoints: z.array(Endpoint).nullable(),
    localEndpoints: z.array(Endpoint).nullable(),
    allReachableEndpoints: z.array(Endpoint),
    hasAnyEndpoints: z.boolean(),
    internal: TrafficDecisionSchema,
    external: TrafficDecisionSchema.nullable(),
    explain: z.array(ExplainEntrySchema).optional(),
    warnings: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('CategorizeResult', { description: 'One Service port seen from one node (docs/contracts.md §2).' });

const KubernetesObject = z
  .looseObject({ apiVersion: z.string().optional(), kind: z.string().optional(), metadata: z.looseObject({}).optional() })
  .openapi('KubernetesObject', {
    description: 'A Kubernetes object as `kubectl get -o yaml` prints it; validated and defaulted as the API server would.',
  });

export const CategorizeRequestSchema = z
  .object({
    node: z.union([z.object({ name: z.string(), labels: z.record(z.string(), z.string()).optional() }), KubernetesObject]),
    service: KubernetesObject,
    endpointSlices: z.array(KubernetesObject),
    port: z.union([z.string(), z.int()]).optional(),
    ipFamily: IPFamily.optional(),
    kubernetesVersion: z
      .string()
      .optional()
      .openapi({ description: `One of ${SUPPORTED_VERSIONS[0]} … ${SUPPORTED_VERSIONS.at(-1)}; default the newest.`, example: '1.35' }),
    featureGates: z.record(z.string(), z.boolean()).optional(),
    explain: z.boolean().optional(),
  })
  .openapi('CategorizeRequest', { description: 'One decision (docs/contracts.md §2); JSON, or YAML with a YAML content type.' });

// Query parameters arrive as strings; booleans are spelled out.
const BooleanQuery = z.enum(['true', 'false']);

export const ServiceParamsSchema = z.object({
  namespace: z.string().openapi({ param: { name: 'namespace', in: 'path' }, example: 'monitoring' }),
  name: z.string().openapi({ param: { name: 'name', in: 'path' }, example: 'node-agent' }),
});

const decisionQuery = {
  node: z.string().min(1).openapi({ description: 'The node kube-proxy runs on (a Node of the snapshot).', example: 'node-a1' }),
  port: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: "The Service port's name or number; default the first port.", example: 'metrics' }),
  ipFamily: IPFamily.optional().openapi({ description: "Default the Service's primary family." }),
  explain: BooleanQuery.optional().openapi({ description: 'Add the per-endpoint reasons.' }),
};

export const DecisionQuerySchema = z.strictObject(decisionQuery);

export const PickQuerySchema = z.strictObject({
  ...decisionQuery,
  client: z
    .union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' })
    .optional()
    .openapi({ description: 'The client IP: with ClientIP session affinity it pins the client to an endpoint.', example: '10.244.1.7' }),
  traffic: z
    .enum(['internal', 'external'])
    .optional()
    .openapi({ description: 'internal: pod → ClusterIP (default); external: NodePort, externalIPs, load-balancer IPs.' }),
});

export const PickResultSchema = z
  .object({
    endpoint: Endpoint,
    verdict: z.literal('route'),
    traffic: z.enum(['internal', 'external']),
    service: z.string(),
    port: z.string(),
    node: z.string(),
    ipFamily: IPFamily,
    client: z.string().nullable(),
    topologyMode: z.enum(['None', 'PreferSameZone', 'PreferSameNode']),
    candidates: z.array(Endpoint).optional().openapi({ description: 'With explain=true: the endpoints the pick was uniform among.' }),
    backend: z
      .object({ node: z.string().nullable(), zone: z.string().nullable(), pod: z.string().nullable() })
      .openapi({ description: 'Where the endpoint runs, from its EndpointSlice.' }),
    sessionAffinity: z.enum(['None', 'ClientIP']),
    pinned: z.boolean().openapi({ description: 'An earlier pick pinned this client to the endpoint (ClientIP affinity).' }),
    affinityExpiresAt: z.string().nullable(),
    revision: z.int().openapi({ description: 'The snapshot revision answered from.' }),
    explain: z.array(ExplainEntrySchema).optional(),
  })
  .openapi('PickResult');

export const BatchRequestSchema = z
  .strictObject({
    services: z
      .array(z.string().regex(/^[^/]+\/[^/]+$/, 'must be namespace/name'))
      .max(100_000)
      .optional()
      .openapi({ description: 'Services as namespace/name; default every Service.', example: ['monitoring/node-agent'] }),
    nodes: z.array(z.string().min(1)).max(100_000).optional().openapi({ description: 'Node names; default every Node.' }),
    ports: z
      .array(z.union([z.string().min(1), z.int().min(1).max(65535)]))
      .max(1000)
      .optional()
      .openapi({ description: 'Service port names or numbers; default every port.' }),
    ipFamilies: z.array(IPFamily).max(2).optional().openapi({ description: 'Default every family of each Service.' }),
    explain: z.boolean().optional(),
    objects: z
      .array(KubernetesObject)
      .max(100_000)
      .optional()
      .openapi({ description: 'Decide over these objects (Services, EndpointSlices, Nodes; Lists allowed) instead of the snapshot.' }),
    kubernetesVersion: z.string().optional().openapi({ description: "With objects only: the era to decide in (default the server's)." }),
    featureGates: z.record(z.string(), z.boolean()).optional().openapi({ description: 'With objects only: feature-gate overrides.' }),
  })
  .openapi('BatchRequest', {
    description:
      'Every Service port × every node of the snapshot, or a subset; or the same over objects in the body. The body may also be a cluster dump itself (YAML multi-doc, a List).',
  });

const VerdictCounts = z.object({ route: z.int(), drop: z.int(), reject: z.int() });

export const BatchResultSchema = z
  .object({
    source: z.string(),
    revision: z.int().nullable().openapi({ description: 'The snapshot revision; null when deciding over objects in the body.' }),
    kubernetesVersion: z.string(),
    servicePorts: z.array(
      z.object({
        service: z.string(),
        port: z.string(),
        ipFamily: IPFamily,
        results: z.array(CategorizeResultSchema).openapi({ description: 'One per node, in node name order.' }),
      }),
    ),
    skipped: z
      .array(z.object({ service: z.string(), reason: z.string() }))
      .openapi({ description: 'Services kube-proxy does not proxy (headless, ExternalName), or without the asked family.' }),
    summary: z.object({ servicePorts: z.int(), decisions: z.int(), internal: VerdictCounts, external: VerdictCounts }),
  })
  .openapi('BatchResult');

const KindHealthSchema = z.object({
  kind: z.enum(['Node', 'Service', 'EndpointSlice']),
  synced: z.boolean().openapi({ description: 'The first full list of this kind has been applied.' }),
  up: z.boolean().openapi({ description: 'The last list or watch request of this kind did not fail.' }),
  lastListAt: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  watchRestarts: z
    .int()
    .openapi({ description: 'Watches opened again: closed by the server, relisted after 410 Gone, retried after an error.' }),
  errors: z.int().openapi({ description: 'Failed lists and watches, each retried after a backoff.' }),
  lastError: z
    .string()
    .nullable()
    .openapi({ description: 'The last failure (API server and resource, never a credential); null once up again.' }),
  lastErrorAt: z.string().nullable(),
});

const SourceHealthSchema = z
  .object({
    type: z.string().openapi({ example: 'kubernetes' }),
    server: z.string().openapi({ example: 'https://10.0.0.1:6443' }),
    synced: z.boolean().openapi({ description: 'Every kind listed at least once; /readyz is 503 until then.' }),
    syncedAt: z.string().nullable(),
    up: z.boolean(),
    downSince: z.string().nullable(),
    maxStalenessSeconds: z
      .number()
      .nullable()
      .openapi({ description: '/readyz fails once a kind has been down longer than this (--max-staleness); null: never.' }),
    kinds: z.array(KindHealthSchema),
  })
  .openapi('SourceHealth');

export const SnapshotStatusSchema = z
  .object({
    revision: z.int().openapi({ description: '0 before the first load; +1 per swap.' }),
    loadedAt: z.string().nullable(),
    source: z.string().nullable().openapi({ example: 'demo' }),
    counts: z.object({ services: z.int(), endpointSlices: z.int(), nodes: z.int() }),
    lastError: StatusSchema.nullable().openapi({ description: 'The last failed load since the last good one.' }),
    lastErrorAt: z.string().nullable(),
    kubernetesVersion: z.string(),
    featureGates: z.record(z.string(), z.boolean()),
    warnings: z.array(z.object({ code: z.string(), object: z.string(), message: z.string() })).openapi({
      description:
        'Warnings about the snapshot (objects read with a default, trimmed or inferred; objects set aside: legacy Endpoints, Pods, orphan EndpointSlices, other kinds), a few per code, the rest folded into one entry per code; at most 100.',
    }),
    warningCount: z.int().openapi({ description: 'Warnings before folding.' }),
    failedLoads: z.int().openapi({ description: 'Loads refused since start; each kept the snapshot it had.' }),
    sourceHealth: SourceHealthSchema.nullable().openapi({
      description: 'The live source the snapshot follows (tpe serve --kubeconfig), per kind; null for a dump or PUT /v1/snapshot.',
    }),
  })
  .openapi('SnapshotStatus');

export const ClusterDumpSchema = z.union([KubernetesObject, z.array(KubernetesObject)]).openapi('ClusterDump', {
  description:
    '`kubectl get nodes,services,endpointslices -A -o yaml` output: YAML (multi-document or a List) or JSON (a List, one object or a stream).',
});

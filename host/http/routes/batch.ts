// POST /v1/batch: many decisions in one call (docs/contracts.md §3) — every Service port × every node of the
// snapshot, or a chosen subset; or the same over objects sent in the body. One engine call per Service
// port and family decides every node at once (the engine's batch path).
import { createRoute } from '@hono/zod-openapi';
import { DecisionCache, type ServicePortTarget } from '../../cluster/decisions.js';
import { snapshotFromObjects } from '../../cluster/snapshot.js';
import { resolveEra } from '../../engine/eras.js';
import { notProxiedReason } from '../../engine/service-port.js';
import type { CategorizeResult } from '../../engine/types.js';
import { isObject } from '../../objects/fields.js';
import type { IPFamily, ServiceModel } from '../../objects/model.js';
import { parseDocuments } from '../../objects/parse.js';
import { badRequest, fieldError, isStatusError } from '../../objects/status.js';
import { recordDecisions } from '../middleware/metrics.js';
import { bodyContent, documentedRoute, statusResponses } from '../openapi.js';
import { readRequestDocuments } from '../request.js';
import { BatchRequestSchema, BatchResultSchema } from '../schemas.js';
import { parseWith } from '../validation.js';
import type { z } from '@hono/zod-openapi';
import type { App, RouteContext } from './context.js';

/** Decisions one batch may ask for: about 300 bytes of JSON each, so ~30 MB at the limit. */
export const MAX_BATCH_DECISIONS = 100_000;

type BatchRequest = z.output<typeof BatchRequestSchema>;

export function registerBatch(app: App, ctx: RouteContext): void {
  const route = createRoute({
    method: 'post',
    path: '/v1/batch',
    summary: 'Decide many Service ports for many nodes in one call',
    description:
      'The body is a BatchRequest, or a cluster dump itself (YAML multi-document, a List, a JSON stream) to decide every Service port of it for every Node of it. An empty body decides the whole snapshot.',
    request: { body: { required: false, content: bodyContent(BatchRequestSchema) } },
    responses: {
      200: { description: 'Results grouped per Service port and family', content: { 'application/json': { schema: BatchResultSchema } } },
      ...statusResponses([400, 404, 413, 415, 503], { 404: 'a named Service or Node is not in the snapshot' }),
    },
  });

  documentedRoute(app, route, async (c) => {
    const request = readBatchRequest(await readRequestDocuments(c.req.raw, ctx.bodyLimitBytes, ctx.jsonLimits));
    const { decisions, revision } = source(request, ctx);
    const snapshot = decisions.snapshot;

    const services = request.services ? request.services.map((key) => serviceNamed(decisions, key)) : [...snapshot.services.values()];
    const nodes = request.nodes ? request.nodes.map((n) => decisions.node(n)) : [...snapshot.nodes.values()];

    const skipped: { service: string; reason: string }[] = [];
    const targets: ServicePortTarget[] = [];
    const portsUsed = new Set<string | number>();
    for (const service of services) {
      const key = `${service.namespace}/${service.name}`;
      const notProxied = notProxiedReason(service);
      // The same sentence categorize's 400 Status says (assertProxied).
      if (notProxied !== null) {
        skipped.push({ service: key, reason: `Service ${key} is ${notProxied}` });
        continue;
      }
      const families: readonly IPFamily[] = service.ipFamilies.length ? service.ipFamilies : ['IPv4'];
      for (const family of request.ipFamilies ?? families) {
        if (!families.includes(family)) {
          skipped.push({ service: key, reason: `no ${family} ClusterIP (spec.ipFamilies: ${families.join(', ')})` });
          continue;
        }
        for (const port of service.ports) {
          const asked = request.ports?.find((p) => p === port.name || String(p) === String(port.port));
          if (request.ports && asked === undefined) continue;
          if (asked !== undefined) portsUsed.add(asked);
          targets.push(decisions.target(service, port.name !== '' ? port.name : port.port, family));
        }
      }
    }
    request.ports?.forEach((p, i) => {
      if (portsUsed.has(p)) return;
      const cause = fieldError.invalid(`body.ports[${i}]`, p, 'no chosen Service has a port of this name or number');
      throw badRequest(`body.ports[${i}]: ${cause.message}`, [cause]);
    });
    const total = targets.length * nodes.length;
    if (total > MAX_BATCH_DECISIONS) {
      throw badRequest(
        `this batch asks for ${total} decisions (${targets.length} Service ports × ${nodes.length} nodes), over the limit of ${MAX_BATCH_DECISIONS}: choose services, nodes or ports`,
      );
    }

    const engine = await ctx.engine.loaded();
    const explain = request.explain === true;
    const servicePorts = targets.map((t) => ({
      service: `${t.service.namespace}/${t.service.name}`,
      port: t.port.name !== '' ? t.port.name : String(t.port.port),
      ipFamily: t.family,
      results: decisions.decideNodes(engine, t, nodes, explain),
    }));
    const all = servicePorts.flatMap((g) => g.results);
    recordDecisions(c, all);
    return c.json({
      source: snapshot.source,
      revision,
      kubernetesVersion: snapshot.era.version,
      servicePorts,
      skipped,
      summary: { servicePorts: servicePorts.length, decisions: all.length, ...countVerdicts(all) },
    });
  });
}

/**
 * The body is a BatchRequest (one document without kind or apiVersion), Kubernetes objects to decide
 * over, or nothing (the whole snapshot).
 */
function readBatchRequest(docs: unknown[]): BatchRequest {
  if (docs.length === 0) return {};
  const [first] = docs;
  if (docs.length === 1 && isObject(first) && first.kind === undefined && first.apiVersion === undefined) {
    const request = parseWith(BatchRequestSchema, first, 'body');
    // Objects may be Lists, as anywhere else: flattened by the one parser that knows them.
    if (request.objects)
      request.objects = parseDocuments(
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: request.objects }),
        'json',
      ) as BatchRequest['objects'];
    return request;
  }
  return { objects: docs as BatchRequest['objects'] };
}

/** The snapshot the batch decides over: the store's, or one made of the body's objects for this request only. */
function source(request: BatchRequest, ctx: RouteContext): { decisions: DecisionCache; revision: number | null } {
  if (!request.objects) {
    for (const field of ['kubernetesVersion', 'featureGates'] as const) {
      if (request[field] !== undefined) {
        const cause = fieldError.forbidden(
          `body.${field}`,
          'only with objects: the snapshot was validated in the era tpe serve was started with (--kubernetes-version, --feature-gate)',
        );
        throw badRequest(`body.${field}: ${cause.message}`, [cause]);
      }
    }
    const { decisions, revision } = ctx.store.current;
    return { decisions, revision };
  }
  const era =
    request.kubernetesVersion !== undefined || request.featureGates !== undefined
      ? resolveEra(request.kubernetesVersion, request.featureGates, { version: 'body.kubernetesVersion', gates: 'body.featureGates' })
      : ctx.store.era;
  return { decisions: new DecisionCache(snapshotFromObjects(request.objects, era, 'request body')), revision: null };
}

function serviceNamed(decisions: DecisionCache, key: string): ServiceModel {
  const slash = key.indexOf('/');
  return decisions.service(key.slice(0, slash), key.slice(slash + 1));
}

function countVerdicts(results: readonly CategorizeResult[]) {
  const internal = { route: 0, drop: 0, reject: 0 };
  const external = { route: 0, drop: 0, reject: 0 };
  for (const r of results) {
    internal[r.internal.verdict] += 1;
    if (r.external) external[r.external.verdict] += 1;
  }
  return { internal, external };
}

// The edge bundles in the runtimes themselves: workerd, Deno and Bun each serve their bundle on
// 127.0.0.1, and every answer — the conformance table through POST /v1/categorize, every decision
// and pick of the built-in snapshot, a snapshot PUT at run time — equals the Node app's.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLUSTER, DEMO_SOURCE } from '../../host/cluster/demo.js';
import { SnapshotStore } from '../../host/cluster/store.js';
import { createApp } from '../../host/http/app.js';
import type { App } from '../../host/http/routes/context.js';
import { parseDocuments } from '../../host/objects/parse.js';
import { buildEdge, EDGE_RUNTIMES, type EdgeRuntime } from '../../surfaces/edge/build.js';
import { freePort, startEdge, type RunningEdge } from '../../surfaces/edge/run.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { cases } from '../conformance/cases.js';
import { checkCase } from '../conformance/run.js';
import { nodesOf, servicePortsOf, type ServicePort } from './cluster.js';
import { answerOf, expectSameAnswer, inBatches, type Answer } from './compare.js';
import { listeningAddresses } from './listening.js';

const engine = await loadEngine();
const version = (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const FIXTURE = 'two-zones.yaml';
const fixtureText = await readFile(new URL(`../fixtures/cluster/${FIXTURE}`, import.meta.url), 'utf8');
/** Given to every runtime in its environment (workerd: the config's bindings): every /v1/ route needs it, as on the Node server. */
const TOKEN = 'edge-test-token';
const authorized = (init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as object), authorization: `Bearer ${TOKEN}` },
});

/** The Node side of one runtime: the app `tpe serve` runs on the demo, with the pick's random source and clock steered to replay the runtime's choices. */
class NodeTwin {
  random = 0;
  now = 0;
  readonly app: App;
  constructor() {
    const store = new SnapshotStore();
    store.loadObjects(DEMO_CLUSTER, DEMO_SOURCE);
    this.app = createApp({
      engine,
      store,
      version,
      pick: { random: () => this.random, now: () => this.now },
      middleware: { authToken: TOKEN },
    });
  }
  async ask(path: string, init?: RequestInit): Promise<Answer> {
    return answerOf(await this.app.request(path, authorized(init)));
  }
}

let outDir: string;
const running = new Map<EdgeRuntime, RunningEdge>();

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'tpe-edge-'));
  await buildEdge({ outDir });
  const started = await Promise.allSettled(
    EDGE_RUNTIMES.map(async (runtime) =>
      running.set(runtime, await startEdge(runtime, outDir, '127.0.0.1', await freePort(), { env: { TPE_AUTH_TOKEN: TOKEN } })),
    ),
  );
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
});

afterAll(async () => {
  await Promise.all([...running.values()].map((r) => r.stop()));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function ask(runtime: EdgeRuntime, path: string, init?: RequestInit, authorize = true): Promise<Answer> {
  const r = running.get(runtime)!;
  const request = authorize ? authorized(init) : (init ?? {});
  return answerOf(await fetch(`${r.url}${path}`, { ...request, signal: AbortSignal.timeout(10_000) }));
}

const services = servicePortsOf(DEMO_CLUSTER);
const nodes = nodesOf(DEMO_CLUSTER);
const paths = (s: ServicePort) => `/v1/services/${s.service}`;

describe.each(EDGE_RUNTIMES)('%s', (runtime) => {
  const twin = new NodeTwin();

  it('listens on the address it was given and nowhere else', () => {
    const r = running.get(runtime)!;
    expect(listeningAddresses(r.pid)).toEqual([r.url.replace('http://', '')]);
  });

  it('reads $TPE_AUTH_TOKEN from its environment: /v1/ needs the token, probes stay open, as on Node', async () => {
    const q = '/v1/services/shop/web/decision?node=node-a1';
    const [edge, node] = [await ask(runtime, q, {}, false), answerOf(await twin.app.request(q))];
    expect(edge.status).toBe(401);
    expectSameAnswer(runtime, q, edge, await node);
    const wrong = { headers: { authorization: 'Bearer nope' } };
    expectSameAnswer(runtime, `${q} (wrong token)`, await ask(runtime, q, wrong, false), await answerOf(await twin.app.request(q, wrong)));
    expect((await ask(runtime, '/readyz', {}, false)).status).toBe(200);
  });

  it('answers the conformance table through POST /v1/categorize as Node does', async () => {
    const post = (c: (typeof cases)[number]): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(c.request),
    });
    await inBatches(cases, 8, async (c) => {
      const [edge, node] = await Promise.all([ask(runtime, '/v1/categorize', post(c)), twin.ask('/v1/categorize', post(c))]);
      expectSameAnswer(runtime, c.name, edge, node);
      checkCase(JSON.parse(edge.body), c);
    });
  });

  it('answers batches, errors and /openapi.json as Node does', async () => {
    const json = { 'content-type': 'application/json' };
    const requests: [status: number, path: string, init: RequestInit][] = [
      [200, '/openapi.json', {}],
      [200, '/healthz', {}],
      [200, '/v1/batch', { method: 'POST' }],
      [
        200,
        '/v1/batch',
        { method: 'POST', headers: json, body: JSON.stringify({ services: ['shop/web', 'shop/storefront'], nodes: ['node-b1'] }) },
      ],
      [404, '/v1/batch', { method: 'POST', headers: json, body: JSON.stringify({ services: ['shop/nope'] }) }],
      [404, '/v1/nope', {}],
      [405, '/v1/categorize', { method: 'DELETE' }],
      [415, '/v1/categorize', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }],
      [400, '/v1/categorize', { method: 'POST', headers: json, body: '{"service": ' }],
      [413, '/v1/categorize', { method: 'POST', headers: json, body: `{"pad": "${'x'.repeat(1024 * 1024)}"}` }],
      [400, '/v1/services/shop/web/pick?node=node-a1&traffic=sideways', {}],
      [404, '/v1/services/shop/web/decision?node=node-zz', {}],
    ];
    for (const [status, path, init] of requests) {
      const what = `${init.method ?? 'GET'} ${path}`;
      const edge = await ask(runtime, path, init);
      expect({ what, status: edge.status }).toEqual({ what, status });
      expectSameAnswer(runtime, what, edge, await twin.ask(path, init));
    }
  });

  it('decides every Service port of the built-in snapshot from every node as Node does', async () => {
    const questions = services.flatMap((s) => nodes.map((n) => `${paths(s)}/decision?node=${n}&port=${s.port}&explain=true`));
    await inBatches(questions, 8, async (q) => expectSameAnswer(runtime, q, await ask(runtime, q), await twin.ask(q)));
    expect(questions.length).toBe(services.length * nodes.length);
  });

  it('picks among the endpoints Node would, with the same answer, for internal and external traffic', async () => {
    let routed = 0;
    for (const s of services) {
      for (const node of nodes) {
        for (const traffic of s.external ? ['internal', 'external'] : ['internal']) {
          const q = `${paths(s)}/pick?node=${node}&port=${s.port}&traffic=${traffic}`;
          const edge = await ask(runtime, q);
          if (edge.status === 200) {
            routed += 1;
            twin.random = await replayRandom(twin, s, node, traffic, JSON.parse(edge.body).endpoint);
          }
          expectSameAnswer(runtime, q, edge, await twin.ask(q));
        }
      }
    }
    expect(routed).toBeGreaterThan(0);
  });

  it('pins a ClientIP-affinity client to its first endpoint, as Node does', async () => {
    const sticky = services.find((s) => s.affinitySeconds !== null)!;
    const q = `${paths(sticky)}/pick?node=node-a1&client=192.0.2.7`;
    const answers: Answer[] = [];
    for (let i = 0; i < 3; i++) {
      const edge = await ask(runtime, q);
      const body = JSON.parse(edge.body) as { endpoint: string; affinityExpiresAt: string };
      twin.random = await replayRandom(twin, sticky, 'node-a1', 'internal', body.endpoint);
      twin.now = Date.parse(body.affinityExpiresAt) - sticky.affinitySeconds! * 1000;
      expectSameAnswer(runtime, `${q} #${i + 1}`, edge, await twin.ask(q));
      answers.push(edge);
    }
    const picks = answers.map((a) => JSON.parse(a.body) as { endpoint: string; pinned: boolean });
    expect(picks.map((p) => p.pinned)).toEqual([false, true, true]);
    expect(new Set(picks.map((p) => p.endpoint)).size).toBe(1);
  });

  it('replaces the snapshot with PUT /v1/snapshot, refuses a bad one, and answers from the new one as Node does', async () => {
    const put = (body: string): RequestInit => ({ method: 'PUT', headers: { 'content-type': 'application/yaml' }, body });
    const bad = 'apiVersion: v1\nkind: Service\nmetadata: { name: x }\nspec: { internalTrafficPolicy: Sideways }\n';
    expectSameAnswer(runtime, 'bad PUT', await ask(runtime, '/v1/snapshot', put(bad)), await twin.ask('/v1/snapshot', put(bad)));

    const [edge, node] = [await ask(runtime, '/v1/snapshot', put(fixtureText)), await twin.ask('/v1/snapshot', put(fixtureText))];
    expect(edge.status).toBe(200);
    const withoutClock = (a: Answer) => ({ ...JSON.parse(a.body), loadedAt: null, lastErrorAt: null });
    expect(withoutClock(edge)).toEqual(withoutClock(node));
    expect(JSON.parse(edge.body)).toMatchObject({ revision: 2, source: 'PUT /v1/snapshot', failedLoads: 1 });

    const objects = parseDocuments(fixtureText);
    const questions = servicePortsOf(objects).flatMap((s) => nodesOf(objects).map((n) => `${paths(s)}/decision?node=${n}&port=${s.port}`));
    await inBatches(questions, 8, async (q) => expectSameAnswer(runtime, q, await ask(runtime, q), await twin.ask(q)));
  });
});

/** The random number that makes Node's picker choose `endpoint` among the candidates Node's own decision lists. */
async function replayRandom(twin: NodeTwin, s: ServicePort, node: string, traffic: string, endpoint: string): Promise<number> {
  const decision = JSON.parse((await twin.ask(`${paths(s)}/decision?node=${node}&port=${s.port}`)).body) as Record<
    string,
    { endpoints: string[] } | null
  >;
  const candidates = decision[traffic]!.endpoints;
  const index = candidates.indexOf(endpoint);
  expect(index, `${endpoint} is among ${candidates.join(', ')}`).toBeGreaterThanOrEqual(0);
  return (index + 0.5) / candidates.length;
}

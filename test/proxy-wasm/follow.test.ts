// The filter follows the cluster: it pulls its image from tpe serve (GET /v1/nodes/{node}/image) on
// every tick with proxy_http_call and If-None-Match, swaps in a new one, and keeps the last good
// image when a fetch fails or brings a bad one. Between the harness and the app the test is the
// network: each HTTP call the filter makes is answered by the Hono app itself.
import { describe, expect, it } from 'vitest';
import { DEMO_CLUSTER } from '../../host/cluster/demo.js';
import { compileImage } from '../../host/cluster/image.js';
import { SnapshotStore } from '../../host/cluster/store.js';
import { createApp } from '../../host/http/app.js';
import { base64, demoSnapshot, engine, filterModule, libraryDecision } from './cluster.js';
import { ProxyWasmHost, VmFailed, type Headers } from './host.js';

const NODE = 'node-b2';
const AGENT = 'node-agent.monitoring.svc.cluster.local:9100';
const DESTINATION = 'x-gateway-destination-endpoint';

/** The demo cluster with a node agent pod started on node-b2 (the taint was lifted). */
function agentOnB2(): object[] {
  const objects = structuredClone(DEMO_CLUSTER) as Record<string, any>[];
  const slice = objects.find((o) => o.kind === 'EndpointSlice' && o.metadata.labels['kubernetes.io/service-name'] === 'node-agent')!;
  slice.endpoints.push({
    addresses: ['10.244.4.10'],
    conditions: { ready: true },
    nodeName: NODE,
    targetRef: { kind: 'Pod', namespace: 'monitoring', name: 'node-agent-b2' },
  });
  return objects;
}

function setup(config: object = { node: NODE, fetch: { cluster: 'tpe', interval_ms: 5000 } }) {
  const store = new SnapshotStore();
  store.loadObjects(DEMO_CLUSTER, 'demo');
  const app = createApp({ engine, store });
  return { store, app, config: JSON.stringify(config) };
}

/** Answers the filter's one pending call with what the app answers to the same request. */
async function serveCall(host: ProxyWasmHost, app: ReturnType<typeof createApp>): Promise<number> {
  const [call] = [...host.pendingCalls.values()];
  if (!call) throw new Error('the filter made no HTTP call');
  const header = (name: string) => call.headers.find(([k]) => k === name)?.[1];
  const res = await app.request(header(':path')!, {
    method: header(':method')!,
    headers: Object.fromEntries(call.headers.filter(([k]) => !k.startsWith(':'))),
  });
  const headers: Headers = [];
  res.headers.forEach((value, key) => headers.push([key, value]));
  host.respond(call.id, { status: res.status, headers, body: new Uint8Array(await res.arrayBuffer()) });
  return res.status;
}

const agentAnswer = (host: ProxyWasmHost) => host.request([[':authority', AGENT]]);

describe('following tpe serve', () => {
  it('fetches on the tick, decides from the fetched image, revalidates with If-None-Match and swaps in an update', async () => {
    const { store, app, config } = setup();
    const host = await ProxyWasmHost.load(filterModule, { pluginConfiguration: config });
    expect(host.start()).toBe(true);
    // No image yet: nothing is known, everything passes, and the filter asks every second until it has one.
    expect(host.tickPeriodMs).toBe(1000);
    expect(agentAnswer(host).localResponse).toBeNull();

    host.tick();
    expect(host.sentCalls).toHaveLength(1);
    expect(host.sentCalls[0]!.upstream).toBe('tpe');
    expect(host.sentCalls[0]!.headers).toEqual([
      [':method', 'GET'],
      [':path', `/v1/nodes/${NODE}/image?mode=internal`],
      [':authority', 'tpe'],
      ['accept', 'application/octet-stream'],
    ]);
    // A tick while the call is in flight sends no second one.
    host.tick();
    expect(host.sentCalls).toHaveLength(1);
    expect(await serveCall(host, app)).toBe(200);
    expect(host.tickPeriodMs).toBe(5000);
    // node-b2 has no node agent: internalTrafficPolicy Local drops, as the library says.
    expect(libraryDecision(store.current.snapshot, 'monitoring', 'node-agent', 'metrics', NODE, 'internal').decision!.verdict).toBe('drop');
    expect(agentAnswer(host).localResponse?.status).toBe(503);

    host.tick();
    const etag = host.sentCalls[1]!.headers.find(([k]) => k === 'if-none-match')?.[1];
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(await serveCall(host, app)).toBe(304);
    expect(agentAnswer(host).localResponse?.status).toBe(503);

    // The cluster changes: tpe serve swaps its snapshot, the next tick brings the new image.
    store.loadObjects(agentOnB2(), 'update');
    const updated = libraryDecision(store.current.snapshot, 'monitoring', 'node-agent', 'metrics', NODE, 'internal').decision!;
    expect(updated).toEqual({ verdict: 'route', endpoints: ['10.244.4.10:9100'] });
    host.tick();
    expect(await serveCall(host, app)).toBe(200);
    const answer = agentAnswer(host);
    expect(answer.localResponse).toBeNull();
    expect(answer.requestHeaders).toContainEqual([DESTINATION, '10.244.4.10:9100']);
    expect(host.logs.at(-1)!.message).toBe('tpe: image revision 2 loaded');
    expect(host.failed).toBeNull();
  });

  it('keeps the last good image when a fetch fails, answers an error, or brings a bad image', async () => {
    const { store, app, config } = setup();
    const host = await ProxyWasmHost.load(filterModule, { pluginConfiguration: config });
    expect(host.start()).toBe(true);
    host.tick();
    await serveCall(host, app);
    const before = agentAnswer(host);
    expect(before.localResponse?.status).toBe(503);
    store.loadObjects(agentOnB2(), 'update');

    const failures: [string, (id: number) => void][] = [
      ['no response', (id) => host.respond(id, null)],
      ['HTTP 500', (id) => host.respond(id, { status: 500, body: '{"kind":"Status"}' })],
      ['not an image', (id) => host.respond(id, { status: 200, body: 'hello' })],
      [
        'a truncated image',
        (id) => host.respond(id, { status: 200, body: compileImage(engine, store.current.snapshot, NODE, 'internal').slice(0, 100) }),
      ],
      [
        'an image for another node',
        (id) => host.respond(id, { status: 200, body: compileImage(engine, store.current.snapshot, 'node-a1', 'internal') }),
      ],
    ];
    const expected = [
      'tpe: image fetch failed (no response: connection failure or timeout); keeping image revision 1',
      'tpe: image fetch answered HTTP 500; keeping image revision 1',
      'tpe: fetched image refused: not a tpe image (bad magic): expected the output of tpe compile; keeping image revision 1',
      'tpe: fetched image refused: image is truncated or has trailing bytes (its length field disagrees); keeping image revision 1',
      'tpe: fetched image refused: image was compiled for another node than the configured one (tpe compile --node); keeping image revision 1',
    ];
    failures.forEach(([, fail], i) => {
      host.tick();
      fail([...host.pendingCalls.keys()][0]!);
      expect(host.logs.at(-1)).toEqual({ level: 3, message: expected[i] });
      expect(agentAnswer(host)).toEqual(before);
    });
    // And the next good fetch is taken.
    host.tick();
    expect(await serveCall(host, app)).toBe(200);
    expect(agentAnswer(host).requestHeaders).toContainEqual([DESTINATION, '10.244.4.10:9100']);
  });

  it('still answers from the last image after a trap in the middle of an update', async () => {
    const { store, app, config } = setup();
    const host = await ProxyWasmHost.load(filterModule, { pluginConfiguration: config });
    expect(host.start()).toBe(true);
    host.tick();
    await serveCall(host, app);
    store.loadObjects(agentOnB2(), 'update');
    host.tick();
    host.failHostFunction = 'proxy_get_buffer_bytes';
    await expect(serveCall(host, app)).rejects.toThrow(VmFailed);
    // Envoy would not call a trapped VM again; a host that kept it would find it answering as before.
    host.failHostFunction = null;
    host.failed = null;
    expect(agentAnswer(host).localResponse?.status).toBe(503);
  });
});

describe('bad configuration is refused at proxy_on_configure, with a log line saying why', () => {
  const image = base64(compileImage(engine, demoSnapshot(), NODE, 'internal'));
  const cases: [string, string, string][] = [
    ['empty', '', 'tpe: plugin configuration refused: it is empty; expected JSON with node and image or fetch'],
    ['not JSON', 'node: node-b2', 'tpe: plugin configuration refused: the configuration must be a JSON object'],
    ['no node', JSON.stringify({ image }), 'tpe: plugin configuration refused: node is required: the Node this Envoy runs on'],
    [
      'a bad node name',
      JSON.stringify({ node: 'Node B', image }),
      'tpe: plugin configuration refused: node must be a Node name (lower-case letters, digits, "-" and ".")',
    ],
    [
      'an unknown field',
      JSON.stringify({ node: NODE, image, refresh: 5 }),
      'tpe: plugin configuration refused: unknown field "refresh" (fields: node, mode, image, fetch; fetch: cluster, authority, path, interval_ms, timeout_ms)',
    ],
    [
      'a bad mode',
      JSON.stringify({ node: NODE, mode: 'ingress', image }),
      'tpe: plugin configuration refused: mode must be "internal" (sidecar or node proxy: ClusterIP traffic) or "external" (ingress: NodePort, load-balancer and external IPs)',
    ],
    [
      'neither image nor fetch',
      JSON.stringify({ node: NODE }),
      'tpe: plugin configuration refused: neither image nor fetch is given: the filter has no cluster to decide from',
    ],
    [
      'an image that is not base64',
      JSON.stringify({ node: NODE, image: 'not base64!' }),
      "tpe: plugin configuration refused: image is not base64 (encode tpe compile's output with base64 -w0)",
    ],
    [
      'an image for another node',
      JSON.stringify({ node: 'node-a1', image }),
      'tpe: plugin configuration refused: image: image was compiled for another node than the configured one (tpe compile --node)',
    ],
    [
      'an image for the other mode',
      JSON.stringify({ node: NODE, mode: 'external', image }),
      'tpe: plugin configuration refused: image: image was compiled for the other mode (tpe compile --mode internal|external)',
    ],
    [
      'fetch without a cluster',
      JSON.stringify({ node: NODE, fetch: {} }),
      'tpe: plugin configuration refused: fetch.cluster is required: the Envoy cluster that reaches tpe serve',
    ],
    [
      'an interval out of range',
      JSON.stringify({ node: NODE, fetch: { cluster: 'tpe', interval_ms: 5 } }),
      'tpe: plugin configuration refused: fetch.interval_ms is out of range (100 to 86400000 for interval_ms, 1 to 600000 for timeout_ms)',
    ],
  ];
  it.each(cases)('%s', async (_what, configuration, message) => {
    const host = await ProxyWasmHost.load(filterModule, { pluginConfiguration: configuration });
    expect(host.start()).toBe(false);
    expect(host.logs).toEqual([{ level: 4, message }]);
    expect(host.failed).toBeNull();
  });

  it('a refused update keeps the configuration and image in use', async () => {
    const host = await ProxyWasmHost.load(filterModule, { pluginConfiguration: JSON.stringify({ node: NODE, image }) });
    expect(host.start()).toBe(true);
    expect(host.configure(JSON.stringify({ node: NODE, image: 'AAAA' }))).toBe(false);
    expect(agentAnswer(host).localResponse?.status).toBe(503);
  });
});

// PUT /v1/snapshot read in a worker thread (surfaces/node/dump-reader.ts): the same snapshot and the
// same refusals as an inline read, while the request thread keeps answering picks.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createApp } from '../../host/http/app.js';
import { SnapshotStore } from '../../host/cluster/store.js';
import { workerDumpReader } from '../../surfaces/node/dump-reader.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { serve } from '../../surfaces/node/serve.js';
import { bytes, clusterText, fixtureStore } from './helpers.js';

const engine = await loadEngine();

/** A List of `services` Services with a slice each over 50 nodes, as kubectl prints it. */
function dump(services: number): string {
  const items: unknown[] = [];
  for (let n = 0; n < 50; n++)
    items.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${n}`, labels: { 'topology.kubernetes.io/zone': `z${n % 3}` } } });
  for (let s = 0; s < services; s++) {
    items.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${s}`, namespace: 'shop' },
      spec: { clusterIP: `10.96.${s >> 8}.${s & 255}`, selector: { app: `svc-${s}` }, ports: [{ name: 'http', port: 80 }] },
    });
    items.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `svc-${s}-a`, namespace: 'shop', labels: { 'kubernetes.io/service-name': `svc-${s}` } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080 }],
      endpoints: Array.from({ length: 5 }, (_, e) => ({
        addresses: [`10.1.${s & 255}.${e + 1}`],
        conditions: { ready: true },
        nodeName: `node-${(s + e) % 50}`,
      })),
    });
  }
  return stringify({ apiVersion: 'v1', kind: 'List', items });
}

const put = (app: ReturnType<typeof createApp>, text: string) =>
  app.request('/v1/snapshot', { method: 'PUT', body: bytes(text), headers: { 'content-type': 'application/yaml' } });

describe('the worker-thread dump reader', () => {
  it('builds the snapshot an inline read builds', async () => {
    const text = dump(300);
    const inline = new SnapshotStore();
    const worker = new SnapshotStore();
    expect((await put(createApp({ engine, store: inline }), text)).status).toBe(200);
    expect((await put(createApp({ engine, store: worker, dumpReader: workerDumpReader() }), text)).status).toBe(200);
    const snapshot = (store: SnapshotStore) => {
      const { loadedAt, ...rest } = store.current!;
      void loadedAt;
      return { ...rest, decisions: undefined };
    };
    expect(snapshot(worker)).toEqual(snapshot(inline));
    expect(worker.current!.snapshot.services.size).toBe(300);
  });

  it('refuses what an inline read refuses, with the same Status, and records it', async () => {
    const bad = clusterText.replace('    internalTrafficPolicy: Local\n', '    internalTrafficPolicy: local\n');
    for (const text of [bad, 'kind: [', `a: ${'['.repeat(1000)}`]) {
      const inline = fixtureStore();
      const worker = fixtureStore();
      const a = await put(createApp({ engine, store: inline }), text);
      const b = await put(createApp({ engine, store: worker, dumpReader: workerDumpReader() }), text);
      expect(b.status).toBe(a.status);
      expect(await b.json()).toEqual(await a.json());
      expect(worker.status().lastError).toEqual(inline.status().lastError);
      expect(worker.revision).toBe(1);
    }
  });

  it('a dump that needs more than the heap limit is a 413, and the server goes on', async () => {
    const store = fixtureStore();
    const app = createApp({ engine, store, dumpReader: workerDumpReader({ maxHeapMb: 8 }) });
    const res = await put(app, dump(3000));
    expect(res.status).toBe(413);
    expect((await res.json()).message).toBe(
      'the dump needs more than 8 MiB of memory to read (its objects, or its YAML structure, are too large)',
    );
    expect(store.revision).toBe(1);
  });

  it('picks keep answering while a large dump is read', async () => {
    const server = await serve({ port: 0, host: '127.0.0.1', engine, handleSignals: false, log: () => undefined, accessLog: false });
    try {
      const text = dump(1500);
      let done = false;
      const putting = fetch(`${server.url}/v1/snapshot`, {
        method: 'PUT',
        body: text,
        headers: { 'content-type': 'application/yaml' },
      }).then((r) => ((done = true), r));
      let answered = 0;
      while (!done && answered < 10_000) {
        const pick = await fetch(`${server.url}/v1/services/shop/web/pick?node=node-a1`);
        if (!done) expect(pick.status).toBe(200);
        await pick.arrayBuffer();
        if (!done) answered += 1;
      }
      expect((await putting).status).toBe(200);
      expect(server.store.revision).toBe(2);
      // Reading 1,500 Services takes most of a second; inline, no pick could be answered meanwhile.
      expect(answered).toBeGreaterThan(10);
    } finally {
      await server.close();
    }
  });
});

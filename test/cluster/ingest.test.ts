// One ingest for the snapshot (tpe serve) and the emulator (tpe simulate): the same input is read,
// warned about and refused the same way on both surfaces (host/cluster/ingest.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotFromFiles, snapshotFromObjects } from '../../host/cluster/snapshot.js';
import { resolveEra } from '../../host/engine/eras.js';
import { parseDocuments } from '../../host/objects/parse.js';
import { isStatusError, type Status } from '../../host/objects/status.js';
import { Emulation } from '../../emulator/index.js';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine();
});

const era = resolveEra(undefined, undefined);

/** A dump of Services and EndpointSlices only (`kubectl get svc,endpointslices -A -o yaml`): no Node. */
const withoutNodes = `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  clusterIP: 10.96.0.10
  internalTrafficPolicy: Local
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: web-abc, namespace: shop, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
ports: [{ name: http, port: 8080 }]
endpoints:
- { addresses: [10.0.1.5], conditions: { ready: true }, nodeName: node-a, zone: zone-a }
- { addresses: [10.0.2.5], conditions: { ready: true }, nodeName: node-b }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: stray, namespace: shop }
addressType: IPv4
endpoints: []
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
`;

function statusOf(run: () => unknown): Status {
  try {
    run();
  } catch (e) {
    if (isStatusError(e)) return e.status;
    throw e;
  }
  throw new Error('expected a Status error');
}

describe('one ingest for the snapshot and the emulator', () => {
  it('infers the Nodes that endpoints name, with the zone the slice gives, on both surfaces', () => {
    const objects = parseDocuments(withoutNodes, 'yaml');
    const snapshot = snapshotFromObjects(objects, era, 'dump.yaml');
    expect([...snapshot.nodes.values()].map((n) => [n.name, n.zone])).toEqual([
      ['node-a', 'zone-a'],
      ['node-b', ''],
    ]);
    const emulation = new Emulation(engine, objects);
    expect(emulation.cluster.nodes.map((n) => [n.name, n.zone])).toEqual([
      ['node-a', 'zone-a'],
      ['node-b', ''],
    ]);
    const codes = (list: readonly { code: string; object: string }[]) => list.map((w) => `${w.code} ${w.object}`);
    for (const shared of [
      'InferredNode Node node-a',
      'InferredNode Node node-b',
      'OrphanEndpointSlice EndpointSlice shop/stray',
      'KindIgnored 1 ConfigMap',
    ]) {
      expect(codes(snapshot.warnings)).toContain(shared);
      expect(codes(emulation.warnings.list())).toContain(shared);
    }
  });

  it('names a bad object the same way on both surfaces: its file, its place in it, its kind and name', () => {
    const bad = withoutNodes.replace('internalTrafficPolicy: Local', 'internalTrafficPolicy: local');
    const fromSnapshot = statusOf(() => snapshotFromFiles([{ name: 'dump.yaml', text: bad }], era, 'dump.yaml'));
    const docs = parseDocuments(bad, 'yaml');
    const origins = docs.map((_, index) => ({ source: 'dump.yaml', index, count: docs.length }));
    const fromEmulator = statusOf(() => new Emulation(engine, docs, { origins }));
    const where =
      'dump.yaml (object 1 of 4) (Service shop/web): Service "web" is invalid: spec.internalTrafficPolicy: Unsupported value: "local"';
    expect(fromSnapshot.message).toContain(`rejected: ${where}`);
    expect(fromEmulator.message.startsWith(where)).toBe(true);
    // The causes keep their paths relative to the object on both.
    expect(fromSnapshot.details?.causes?.[0]?.field).toBe('spec.internalTrafficPolicy');
    expect(fromEmulator.details?.causes?.[0]?.field).toBe('spec.internalTrafficPolicy');
  });

  it('refuses an empty input and one with nothing a snapshot reads', () => {
    expect(statusOf(() => snapshotFromObjects([], era, 'dump.yaml')).message).toContain('holds no objects');
    const onlyConfig = parseDocuments('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n', 'yaml');
    expect(statusOf(() => snapshotFromObjects(onlyConfig, era, 'dump.yaml')).message).toContain('holds no Service, EndpointSlice or Node');
  });
});

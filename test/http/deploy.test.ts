// deploy/ fed to tpe itself: the manifests kustomization.yaml lists, plus the Nodes and the
// EndpointSlice a cluster running them would have (test/fixtures/cluster/deploy-three-nodes.yaml).
// A proxy asking tpe.tpe.svc from a node must reach that node's own tpe pod — internalTrafficPolicy
// Local, docs/rules.md §3 step 5 — and a node whose tpe pod is not ready gets a drop (§6).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../host/cluster/store.js';
import { createApp } from '../../host/http/app.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { parseDocuments } from '../../host/objects/parse.js';

type Obj = Record<string, any>;
const read = (url: URL) => readFileSync(url, 'utf8');
const deployDir = new URL('../../deploy/', import.meta.url);
const kustomization = parseDocuments(read(new URL('kustomization.yaml', deployDir)), 'yaml')[0] as Obj;
const manifests = (kustomization.resources as string[]).flatMap((file) => parseDocuments(read(new URL(file, deployDir)), 'yaml')) as Obj[];
const fixture = parseDocuments(read(new URL('../fixtures/cluster/deploy-three-nodes.yaml', import.meta.url)), 'yaml') as Obj[];

const daemonSet = manifests.find((o) => o.kind === 'DaemonSet')!;
const service = manifests.find((o) => o.kind === 'Service')!;
const container = daemonSet.spec.template.spec.containers[0];
const slice = fixture.find((o) => o.kind === 'EndpointSlice')!;

/** Each node's own tpe pod, as the fixture's EndpointSlice places it. */
const podIPByNode = new Map<string, string>(slice.endpoints.map((e: Obj) => [e.nodeName, e.addresses[0]]));

describe('deploy/ manifests', () => {
  it('a DaemonSet behind a Service with internalTrafficPolicy Local, probes on /healthz and /readyz', () => {
    expect(service.spec.internalTrafficPolicy).toBe('Local');
    expect(service.spec.selector).toEqual(daemonSet.spec.template.metadata.labels);
    expect(service.spec.ports[0].targetPort).toBe(container.ports[0].name);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    // A node without a tpe pod would drop its proxies' questions: every taint is tolerated.
    expect(daemonSet.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('the ConfigMap overlay serves the dump its kustomization generates, mounted where $TPE_CLUSTER points', () => {
    const overlayDir = new URL('configmap-source/', deployDir);
    const overlay = parseDocuments(read(new URL('kustomization.yaml', overlayDir)), 'yaml')[0] as Obj;
    expect(overlay.resources).toEqual(['../']);
    const patch = parseDocuments(read(new URL(overlay.patches[0].path, overlayDir)), 'yaml')[0] as Obj;
    const volume = patch.spec.template.spec.volumes.find((v: Obj) => v.configMap);
    expect(volume.configMap.name).toBe(overlay.configMapGenerator[0].name);
    const patched = patch.spec.template.spec.containers[0];
    const mount = patched.volumeMounts.find((m: Obj) => m.name === volume.name);
    expect(patched.env).toContainEqual({ name: 'TPE_CLUSTER', value: mount.mountPath });
    expect(patched.args).not.toContain('--in-cluster');
  });

  it('the fixture slice is what the EndpointSlice controller would write for this Service', () => {
    expect(slice.metadata.labels['kubernetes.io/service-name']).toBe(service.metadata.name);
    expect(slice.metadata.namespace).toBe(service.metadata.namespace);
    expect(slice.ports).toEqual([{ name: service.spec.ports[0].name, port: container.ports[0].containerPort, protocol: 'TCP' }]);
  });
});

describe('tpe decides its own Service', () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const store = new SnapshotStore();
    store.loadObjects([...manifests, ...fixture], 'deploy/ + fixture');
    app = createApp({ engine: await loadEngine(), store });
  });

  it.each(['worker-a', 'worker-b', 'worker-c'])('from %s the decision is that node’s own tpe pod', async (node) => {
    const own = `${podIPByNode.get(node)}:8080`;
    const decision = await (await app.request(`/v1/services/tpe/tpe/decision?node=${node}`)).json();
    expect(decision).toMatchObject({
      clusterEndpoints: null,
      localEndpoints: [own],
      internal: { verdict: 'route', endpoints: [own] },
      external: null,
    });
    const pick = await app.request(`/v1/services/tpe/tpe/pick?node=${node}`);
    expect(pick.headers.get('x-gateway-destination-endpoint')).toBe(own);
    expect((await pick.json()).backend.node).toBe(node);
  });

  it('from a node whose tpe pod is not ready yet, ClusterIP traffic to tpe is dropped, not sent elsewhere', async () => {
    const pick = await app.request('/v1/services/tpe/tpe/pick?node=worker-d');
    expect(pick.status).toBe(503);
    expect((await pick.json()).message).toMatch(/^drop: internalTrafficPolicy Local and node worker-d has no local endpoint/);
  });

  it('the Namespace and DaemonSet are set aside with a warning, not misread', async () => {
    const status = await (await app.request('/v1/status')).json();
    expect(status.counts).toEqual({ services: 1, endpointSlices: 1, nodes: 4 });
    expect(status.warnings.map((w: { message: string }) => w.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('kind Namespace ignored'), expect.stringContaining('kind DaemonSet ignored')]),
    );
  });
});

// `tpe slices`: the controller's EndpointSlices as a kubectl List (labels, ≤ 100 endpoints a slice,
// conditions, hints) that reads back as the same slices, and `--check` against a dump whose slices
// a real controller wrote (test/fixtures/cluster/real-controller-dump.yaml, in the shape of an EKS
// `kubectl get nodes,pods,services,endpointslices -o yaml`) and against a copy edited to differ.
// Expected differences are the edits the edited fixture's header lists, worked out by hand.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readManifests } from '../../surfaces/node/files.js';
import { readEndpointSlice } from '../../host/objects/endpointslice.js';
import { runController } from '../../emulator/slices/controller-run.js';
import { checkSlices } from '../../emulator/slices/check.js';
import { sliceList } from '../../emulator/slices/list.js';
import { deployment, node, service } from './objects.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DUMP = 'test/fixtures/cluster/real-controller-dump.yaml';
const EDITED = 'test/fixtures/cluster/real-controller-dump-edited.yaml';

function tpe(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'surfaces/cli/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const listOf = (objects: readonly unknown[], options = {}) => {
  const run = runController(objects, options);
  return sliceList(
    run.cluster
      .services()
      .filter((s) => run.slices.source(s.key) === 'controller')
      .map((s) => ({ service: s.model, slices: run.slices.slicesOf(s.key) })),
  );
};

describe('the List', () => {
  const zones = [node('node-a', 'zone-a'), node('node-b', 'zone-b')];

  it('at most 100 endpoints a slice: 150 pods make two slices of 100 and 50, named <service>-1, -2', () => {
    const list = listOf([...zones, deployment('web', 150), service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] })]);
    expect(list.items.map((s) => (s.endpoints as unknown[]).length)).toEqual([100, 50]);
    expect(list.items.map((s) => (s.metadata as { name: string }).name)).toEqual(['web-1', 'web-2']);
  });

  it("the controller's labels, the Service's own labels, conditions and hints; reads back as the same slices", () => {
    const svc = service('web', { trafficDistribution: 'PreferClose', ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
    (svc.metadata as Record<string, unknown>).labels = { team: 'shop', 'kubernetes.io/service-name': 'spoofed' };
    const run = runController([...zones, deployment('web', 2), svc]);
    const list = sliceList([{ service: run.cluster.service('shop/web')!.model, slices: run.slices.slicesOf('shop/web') }]);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    const [slice] = list.items as Array<Record<string, any>>;
    expect(slice!.metadata).toEqual({
      generateName: 'web-',
      labels: {
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': 'web',
        team: 'shop',
      },
      name: 'web-1',
      namespace: 'shop',
    });
    // The scheduler puts one pod in each zone (fewest of the workload's pods first).
    expect(slice!.endpoints.map((ep: any) => [ep.zone, ep.conditions, ep.hints])).toEqual([
      ['zone-a', { ready: true, serving: true, terminating: false }, { forZones: [{ name: 'zone-a' }] }],
      ['zone-b', { ready: true, serving: true, terminating: false }, { forZones: [{ name: 'zone-b' }] }],
    ]);
    expect(slice!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    // Printed YAML read back by host/objects gives the controller's own model.
    const printed = tpeYamlRoundTrip(list);
    expect(printed).toEqual(run.slices.slicesOf('shop/web'));
  });

  it('a Service that selects no pod gets the placeholder slice: no endpoints, no ports', () => {
    const list = listOf([...zones, service('empty')]);
    expect(list.items).toEqual([
      expect.objectContaining({ endpoints: null, ports: null, metadata: expect.objectContaining({ name: 'empty-1' }) }),
    ]);
  });
});

function tpeYamlRoundTrip(list: ReturnType<typeof sliceList>) {
  const back = parse(stringify(list, { indentSeq: false })) as { items: unknown[] };
  return back.items.map((item) => readEndpointSlice(item).slice);
}

describe('--check against a real controller’s slices', () => {
  it('the dump as the controller wrote it: no difference', async () => {
    const report = checkSlices(runController((await readManifests([DUMP], 'slices')).objects));
    expect(report.services.map((s) => [s.service, s.endpoints, s.differences.length, s.podsInferred])).toEqual([
      ['catalog/catalog', 3, 0, false],
      ['orders/orders', 3, 0, false],
    ]);
    expect(report.differences).toBe(0);
  });

  it('the edited dump: every edit found, with the reason', async () => {
    const report = checkSlices(runController((await readManifests([EDITED], 'slices')).objects));
    const diffs = report.services.flatMap((s) => s.differences.map((d) => ({ service: s.service, ...d })));
    expect(diffs.map(({ service, endpoint, field, input, tpe }) => ({ service, endpoint, field, input, tpe }))).toEqual([
      { service: 'catalog/catalog', endpoint: '10.42.150.167', field: 'hints', input: 'forZones eu-west-1a', tpe: 'forZones eu-west-1b' },
      {
        service: 'orders/orders',
        endpoint: '10.42.119.12',
        field: 'endpoint',
        input: '(absent)',
        tpe: 'ready=true, serving=true, terminating=false',
      },
      {
        service: 'orders/orders',
        endpoint: '10.42.187.3',
        field: 'conditions',
        input: 'ready=false, serving=true, terminating=false',
        tpe: 'ready=true, serving=true, terminating=false',
      },
    ]);
    expect(diffs[0]!.reason).toContain('PreferClose');
    expect(diffs[1]!.reason).toContain("matches the Service's selector");
    expect(diffs[2]!.reason).toContain('is Ready=True');
  });

  it('a slices-only dump: pods are inferred from the slices, and the report says only hints are a real check', async () => {
    const objects = (await readManifests([EDITED], 'slices')).objects.filter((o) => (o as { kind: string }).kind !== 'Pod');
    const report = checkSlices(runController(objects));
    expect(report.services.every((s) => s.podsInferred)).toBe(true);
    // The wrong catalog hint is still found. orders: the pod behind ready=false is inferred not Ready,
    // so the controller writes serving=false too (ready=false with serving=true is what no controller
    // writes for a pod that is not terminating); that leaves 1 ready endpoint for 3 zones, so the
    // TooFewEndpoints safeguard removes the hints the input's slice has.
    expect(report.services.flatMap((s) => s.differences.map((d) => `${d.endpoint} ${d.field} → ${d.tpe}`))).toEqual([
      '10.42.150.167 hints → forZones eu-west-1b',
      '10.42.152.40 hints → none',
      '10.42.187.3 conditions → ready=false, serving=false, terminating=false',
      '10.42.187.3 hints → none',
    ]);
    expect(report.services[1]!.hints).toContain('1 ready endpoint for 3 zones');
  });
});

describe('the command', () => {
  it('exit 0 and a match line on the real dump; exit 1 and a table on the edited one', () => {
    const ok = tpe(['slices', '--check', DUMP]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("the controller's EndpointSlices match the input's — 2 Services, 6 endpoints compared.");
    const bad = tpe(['slices', '--check', EDITED]);
    expect(bad.stderr).toBe('');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('3 differences — 2 Services, 6 endpoints compared.');
    expect(bad.stdout).toMatch(
      /│ 10\.42\.150\.167 │ catalog\/catalog-58f5d94456-jgskm │ hints +│ forZones eu-west-1a │ forZones eu-west-1b │/,
    );
  });

  it('prints the List as kubectl -o yaml does', () => {
    const run = tpe(['slices', DUMP]);
    expect(run.code).toBe(0);
    expect(
      run.stdout.startsWith(
        'apiVersion: v1\nitems:\n- addressType: IPv4\n  apiVersion: discovery.k8s.io/v1\n  endpoints:\n  - addresses:\n',
      ),
    ).toBe(true);
    expect(run.stdout).toContain('      endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io\n');
    expect(run.stdout.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
  });
});

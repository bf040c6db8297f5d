// The incremental snapshot against a full rebuild: after any sequence of watch events (upserts,
// deletes, relists, objects tpe cannot read), the snapshot and every decision made from it equal
// what snapshotFromObjects builds from the same objects.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecisionCache } from '../../host/cluster/decisions.js';
import { IncrementalCluster, type ClusterEvent, type WatchedKind } from '../../host/cluster/incremental.js';
import { LiveSnapshot } from '../../host/cluster/live.js';
import { snapshotFromObjects, type ClusterSnapshot } from '../../host/cluster/snapshot.js';
import { SnapshotStore } from '../../host/cluster/store.js';
import { resolveEra } from '../../host/engine/eras.js';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';
import { node, service, slice } from '../kube/objects.js';

const era = resolveEra(undefined, undefined);
let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine();
});

// A small universe, so that events often hit the same objects.
const NODE_NAMES = ['n1', 'n2', 'n3'];
const ZONES = ['zone-a', 'zone-b'];
const SERVICE_KEYS = [
  ['a', 's0'],
  ['a', 's1'],
  ['b', 's0'],
] as const;
const SLICE_KEYS = [
  ['a', 's0-x'],
  ['a', 's0-y'],
  ['a', 'other'],
  ['b', 's0-x'],
] as const;

interface Versioned {
  object: unknown;
  valid: boolean;
}

let rv = 100;
const nextRv = () => String((rv += 1));

const nodeArb = fc.record({ i: fc.nat(NODE_NAMES.length - 1), zone: fc.constantFrom(...ZONES) }).map(({ i, zone }) => ({
  kind: 'Node' as const,
  key: NODE_NAMES[i]!,
  make: (): Versioned => ({ object: node(NODE_NAMES[i]!, zone, nextRv()), valid: true }),
}));

const serviceArb = fc
  .record({ i: fc.nat(SERVICE_KEYS.length - 1), itp: fc.constantFrom('Cluster', 'Local', 'Bogus'), close: fc.boolean() })
  .map(({ i, itp, close }) => {
    const [ns, name] = SERVICE_KEYS[i]!;
    return {
      kind: 'Service' as const,
      key: `${ns}/${name}`,
      make: (): Versioned => ({
        object: service(ns, name, { internalTrafficPolicy: itp, trafficDistribution: close ? 'PreferClose' : undefined }, nextRv()),
        // 'Bogus' is what a newer API server's value looks like to tpe: refused by the reader.
        valid: itp !== 'Bogus',
      }),
    };
  });

const endpointArb = fc.record({
  host: fc.nat(NODE_NAMES.length - 1),
  ready: fc.boolean(),
  terminating: fc.boolean(),
  hint: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
  ip: fc.integer({ min: 1, max: 250 }),
});

const sliceArb = fc
  .record({
    i: fc.nat(SLICE_KEYS.length - 1),
    owner: fc.constantFrom<string | null>('s0', 's1', null),
    endpoints: fc.array(endpointArb, { maxLength: 3 }),
  })
  .map(({ i, owner, endpoints }) => {
    const [ns, name] = SLICE_KEYS[i]!;
    return {
      kind: 'EndpointSlice' as const,
      key: `${ns}/${name}`,
      make: (): Versioned => ({
        object: slice(
          ns,
          name,
          owner,
          endpoints.map((e) => ({
            ip: `10.1.0.${e.ip}`,
            node: NODE_NAMES[e.host]!,
            zone: ZONES[e.host % 2]!,
            ready: e.ready,
            terminating: e.terminating,
            hintZone: e.hint,
          })),
          nextRv(),
        ),
        valid: true,
      }),
    };
  });

type Op =
  | { op: 'upsert'; kind: WatchedKind; key: string; make: () => Versioned }
  | { op: 'delete'; kind: WatchedKind; key: string }
  | { op: 'relist'; kind: WatchedKind; drop: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(nodeArb, serviceArb, sliceArb).map((t) => ({ op: 'upsert' as const, ...t })) },
  {
    weight: 2,
    arbitrary: fc.oneof(nodeArb, serviceArb, sliceArb).map((t) => ({ op: 'delete' as const, kind: t.kind, key: t.key })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ kind: fc.constantFrom<WatchedKind>('Node', 'Service', 'EndpointSlice'), drop: fc.nat(3) })
      .map((r) => ({ op: 'relist' as const, ...r })),
  },
);

/** The objects the test's API server holds, per kind, and the events that got it there. */
class World {
  readonly objects = new Map<WatchedKind, Map<string, Versioned>>([
    ['Node', new Map()],
    ['Service', new Map()],
    ['EndpointSlice', new Map()],
  ]);

  event(op: Op): ClusterEvent {
    const held = this.objects.get(op.kind)!;
    if (op.op === 'upsert') {
      const v = op.make();
      held.set(op.key, v);
      return { type: 'upsert', kind: op.kind, object: v.object };
    }
    if (op.op === 'delete') {
      const gone = held.get(op.key);
      held.delete(op.key);
      // The API server sends the last state of a deleted object; a delete of an unknown one is a no-op.
      return { type: 'delete', kind: op.kind, object: gone?.object ?? { metadata: metaOf(op.kind, op.key) } };
    }
    // A relist after 410 Gone: some objects went away while the watch was down.
    const keys = [...held.keys()];
    for (const k of keys.slice(0, op.drop % (keys.length + 1))) held.delete(k);
    return { type: 'replace', kind: op.kind, objects: [...held.values()].map((v) => v.object) };
  }

  /** What snapshotFromObjects reads: every object tpe can read (the rest are set aside by the incremental one). */
  validObjects(): unknown[] {
    return [...this.objects.values()].flatMap((m) => [...m.values()].filter((v) => v.valid).map((v) => v.object));
  }
}

function metaOf(kind: WatchedKind, key: string) {
  if (kind === 'Node') return { name: key };
  const [namespace, name] = key.split('/');
  return { namespace, name };
}

function expectSameSnapshot(got: ClusterSnapshot, want: ClusterSnapshot): void {
  expect([...got.nodes]).toEqual([...want.nodes]);
  expect([...got.services]).toEqual([...want.services]);
  expect([...got.slicesByService]).toEqual([...want.slicesByService]);
  expect(got.endpointSliceCount).toBe(want.endpointSliceCount);
  // The same warnings, but for the objects set aside (which a full rebuild would refuse outright).
  const messages = (s: ClusterSnapshot) =>
    s.warnings
      .map((w) => w.message)
      .filter((m) => !m.startsWith('set aside: '))
      .sort();
  expect(messages(got)).toEqual(messages(want));
}

/** Every Service port × every node, decided through a cache (errors — headless, ExternalName — as their message). */
function answers(cache: DecisionCache): string[] {
  const out: string[] = [];
  for (const svc of cache.snapshot.services.values()) {
    for (const n of cache.snapshot.nodes.values()) {
      try {
        const t = cache.target(svc, undefined, undefined);
        out.push(JSON.stringify(cache.decide(engine, t, n, false)));
      } catch (e) {
        out.push(`error: ${(e as Error).message}`);
      }
    }
  }
  return out;
}

describe('incremental snapshot', () => {
  it('equals a full rebuild from the same objects after any sequence of events, answers included', () => {
    fc.assert(
      fc.property(fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (batches) => {
        const world = new World();
        const cluster = new IncrementalCluster(era, 'test');
        const store = new SnapshotStore({ era });
        // A base node never deleted, so that the full rebuild (which refuses a cluster without Nodes) always has one.
        cluster.apply([{ type: 'upsert', kind: 'Node', object: node('base', 'zone-a', '1') }]);
        world.objects.get('Node')!.set('base', { object: node('base', 'zone-a', '1'), valid: true });
        for (const batch of batches) {
          const events = batch.filter((op) => !(op.kind === 'Node' && 'key' in op && op.key === 'base')).map((op) => world.event(op));
          if (!world.objects.get('Node')!.has('base'))
            world.objects.get('Node')!.set('base', { object: node('base', 'zone-a', '1'), valid: true });
          const update = cluster.apply([...events, { type: 'upsert', kind: 'Node', object: node('base', 'zone-a', '1') }]);
          const full = snapshotFromObjects(world.validObjects(), era, 'test');
          expectSameSnapshot(update.snapshot, full);
          // The store's cache is shared from revision to revision; a fresh cache over the full rebuild is the oracle.
          const live = store.swapIncremental(update.snapshot);
          expect(answers(live.decisions)).toEqual(answers(new DecisionCache(full)));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('sets an object it cannot read aside with a warning, and takes it back once valid', () => {
    const cluster = new IncrementalCluster(era, 'test');
    cluster.apply([
      { type: 'upsert', kind: 'Node', object: node('n1', 'zone-a') },
      { type: 'upsert', kind: 'Service', object: service('a', 'web', {}, '5') },
    ]);
    const bad = cluster.apply([
      { type: 'upsert', kind: 'Service', object: service('a', 'web', { internalTrafficPolicy: 'Sideways' }, '6') },
    ]);
    expect(bad.changed).toBe(true);
    expect(bad.snapshot.services.has('a/web')).toBe(false);
    expect(bad.snapshot.nodes.has('n1')).toBe(true);
    expect(bad.snapshot.warnings).toEqual([
      expect.objectContaining({
        code: 'ObjectSetAside',
        object: 'Service a/web',
        message: expect.stringMatching(/^set aside: .*internalTrafficPolicy.*Sideways/),
      }),
    ]);
    expect(cluster.rejectedCount).toBe(1);
    const good = cluster.apply([{ type: 'upsert', kind: 'Service', object: service('a', 'web', {}, '7') }]);
    expect(good.snapshot.services.get('a/web')?.internalTrafficPolicy).toBe('Cluster');
    expect(good.snapshot.warnings).toEqual([]);
  });

  it('an EndpointSlice event rebuilds only its Service: the others keep their objects and cached PortRequests', () => {
    const store = new SnapshotStore({ era });
    const cluster = new IncrementalCluster(era, 'test');
    const ep = (ip: string) => [{ ip, node: 'n1', zone: 'zone-a' }];
    const first = cluster.apply([
      { type: 'upsert', kind: 'Node', object: node('n1', 'zone-a') },
      { type: 'upsert', kind: 'Service', object: service('a', 'web') },
      { type: 'upsert', kind: 'Service', object: service('a', 'api') },
      { type: 'upsert', kind: 'EndpointSlice', object: slice('a', 'web-1', 'web', ep('10.1.0.1')) },
      { type: 'upsert', kind: 'EndpointSlice', object: slice('a', 'api-1', 'api', ep('10.1.0.2')) },
    ]);
    const r1 = store.swapIncremental(first.snapshot);
    const api = r1.decisions.target(r1.decisions.service('a', 'api'), undefined, undefined);
    const web = r1.decisions.target(r1.decisions.service('a', 'web'), undefined, undefined);
    const apiRequest = r1.decisions.portRequest(api);
    const webRequest = r1.decisions.portRequest(web);

    const second = cluster.apply([{ type: 'upsert', kind: 'EndpointSlice', object: slice('a', 'web-1', 'web', ep('10.1.0.9'), '2') }]);
    expect([...second.changedServices]).toEqual(['a/web']);
    expect(second.nodesChanged).toBe(false);
    expect(second.snapshot.nodes).toBe(first.snapshot.nodes);
    expect(second.snapshot.services).toBe(first.snapshot.services);
    expect(second.snapshot.slicesByService.get('a/api')).toBe(first.snapshot.slicesByService.get('a/api'));
    const r2 = store.swapIncremental(second.snapshot);
    expect(r2.revision).toBe(2);
    expect(r2.decisions.portRequest(r2.decisions.target(r2.decisions.service('a', 'api'), undefined, undefined))).toBe(apiRequest);
    const newWeb = r2.decisions.portRequest(r2.decisions.target(r2.decisions.service('a', 'web'), undefined, undefined));
    expect(newWeb).not.toBe(webRequest);
    expect(newWeb.endpoints.map((e) => e.ip)).toEqual(['10.1.0.9']);
    // The same object again (a relist repeating it) changes nothing and makes no revision.
    expect(cluster.apply([{ type: 'replace', kind: 'Service', objects: [service('a', 'web'), service('a', 'api')] }]).changed).toBe(false);
  });
});

describe('live snapshot coalescing', () => {
  it('applies the first event on the next turn, then at most one batch per window; each applied batch is one revision', () => {
    let clock = 0;
    const timers: { fn: () => void; at: number }[] = [];
    const store = new SnapshotStore({ era });
    const live = new LiveSnapshot({
      store,
      source: 'test',
      coalesceMs: 20,
      now: () => clock,
      setTimer: (fn, ms) => timers.push({ fn, at: clock + ms }),
      clearTimer: () => undefined,
    });
    const run = () => {
      const t = timers.shift()!;
      clock = Math.max(clock, t.at);
      t.fn();
    };
    live.push({ type: 'upsert', kind: 'Node', object: node('n1', 'zone-a') });
    expect(timers.map((t) => t.at)).toEqual([0]);
    run();
    expect(store.revision).toBe(1);
    clock = 5;
    for (let i = 0; i < 50; i++) live.push({ type: 'upsert', kind: 'Node', object: node(`m${i}`, 'zone-b') });
    // One timer for the whole burst, at the end of the window that began with the last batch.
    expect(timers.map((t) => t.at)).toEqual([20]);
    run();
    expect(store.revision).toBe(2);
    expect(store.current.snapshot.nodes.size).toBe(51);
    expect(live.batches).toBe(2);
  });
});

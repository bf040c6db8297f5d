// The conformance table: named cases, each pinning what docs/rules.md / docs/eras.md say about one
// situation. Expected values are derived by hand from those documents (not by running anything);
// read top to bottom against docs/rules.md, like kube-proxy's topology_test.go.
//
// Unless a case says otherwise: Kubernetes 1.35 (the default), node `n1` in `zone-a`, Service
// `default/svc` with one port `http` 80, slices with one port `http` 80, endpoints Ready.
import type { CategorizeResult, TrafficDecision } from '../../host/engine/types.js';
import { ep, HINTS, MODE, node, nodeObject, notReady, req, slice, svc, term } from './builders.js';
import type { ConformanceCase, ErrorCase, ResultCase } from './run.js';

export type { ConformanceCase, ErrorCase, ResultCase } from './run.js';

const route = (...endpoints: string[]): TrafficDecision => ({ verdict: 'route', endpoints });
const drop: TrafficDecision = { verdict: 'drop', endpoints: [] };
const reject: TrafficDecision = { verdict: 'reject', endpoints: [] };

/** 10.0.0.1 hinted for zone-a (on n1), 10.0.0.2 hinted for zone-b (on n2). */
const hintedAB = () => slice([ep('10.0.0.1', { node: 'n1', zones: ['zone-a'] }), ep('10.0.0.2', { node: 'n2', zones: ['zone-b'] })]);
/** What node n1 (zone-a) gets from `hintedAB` when zone hints are used… */
const zoneAOnly: Partial<CategorizeResult> = {
  topologyMode: 'PreferSameZone',
  clusterEndpoints: ['10.0.0.1:80'],
  allReachableEndpoints: ['10.0.0.1:80'],
  internal: route('10.0.0.1:80'),
};
/** …and when they are not. */
const bothZones: Partial<CategorizeResult> = {
  topologyMode: 'None',
  clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
  allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
  internal: route('10.0.0.1:80', '10.0.0.2:80'),
};

/** Node and zone hints: .1 for n1/zone-a, .2 for n2/zone-a, .3 for n3/zone-b. */
const nodeHinted = () =>
  slice([
    ep('10.0.0.1', { node: 'n1', zones: ['zone-a'], nodes: ['n1'] }),
    ep('10.0.0.2', { node: 'n2', zones: ['zone-a'], nodes: ['n2'] }),
    ep('10.0.0.3', { node: 'n3', zones: ['zone-b'], nodes: ['n3'] }),
  ]);
const sameNode: Partial<CategorizeResult> = {
  topologyMode: 'PreferSameNode',
  clusterEndpoints: ['10.0.0.1:80'],
  internal: route('10.0.0.1:80'),
};
const sameZone: Partial<CategorizeResult> = {
  topologyMode: 'PreferSameZone',
  clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
  internal: route('10.0.0.1:80', '10.0.0.2:80'),
};

/** One Ready endpoint on this node (n1) and one on n2. */
const localAndRemote = () => slice([ep('10.0.0.1', { node: 'n1' }), ep('10.0.0.2', { node: 'n2' })]);

// ---------------------------------------------------------------------------------------------
// §3.1 and docs/contracts.md §2: no endpoints at all
// ---------------------------------------------------------------------------------------------
const noEndpoints: ResultCase[] = [
  {
    name: 'no endpoints: ClusterIP, iTP:Cluster',
    rule: '§3.1 empty list; docs/contracts.md §2 empty array for the policies the port uses',
    request: req({ service: svc(), slices: [] }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: [],
      localEndpoints: null,
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: null,
    },
  },
  {
    name: 'no endpoints: an empty slice is the same as no slice; NodePort REJECTs too',
    rule: '§3.1; §6 hasAnyEndpoints false ⇒ REJECT on every address',
    request: req({ service: svc({ type: 'NodePort' }), slices: [slice([])] }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: [],
      localEndpoints: null,
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: reject,
    },
  },
  {
    name: 'no endpoints: iTP:Local ClusterIP-only still says cluster null, local []',
    rule: '§1 uses Cluster/Local; docs/contracts.md §2',
    request: req({ service: svc({ itp: 'Local' }), slices: [] }),
    expect: {
      clusterEndpoints: null,
      localEndpoints: [],
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: null,
    },
  },
  {
    name: 'no endpoints: NodePort iTP:Local eTP:Local uses both policies',
    rule: '§1 uses Cluster/Local; docs/contracts.md §2',
    request: req({ service: svc({ type: 'NodePort', itp: 'Local', etp: 'Local' }), slices: [] }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: [],
      localEndpoints: [],
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: reject,
    },
  },
];

// ---------------------------------------------------------------------------------------------
// §1 which policies a port uses; §6 verdicts
// ---------------------------------------------------------------------------------------------
const policies: ResultCase[] = [
  {
    name: 'iTP:Cluster ClusterIP (type and iTP defaulted): all Ready endpoints, no local set',
    rule: '§1 uses Cluster only; §8 type ⇒ ClusterIP, iTP ⇒ Cluster',
    request: req({ service: svc(), slices: [localAndRemote()] }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: null,
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: null,
    },
  },
  {
    name: 'no cluster endpoints for iTP:Local internal-only service',
    rule: '§1 ITP=Local ClusterIP-only ⇒ clusterEndpoints null',
    request: req({ service: svc({ itp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: null,
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80'),
      external: null,
    },
  },
  {
    name: 'externalTrafficPolicy ignored if not externally accessible (LB without node ports or IP yet)',
    rule: '§1 uses Local needs externally accessible; §11.6',
    request: req({
      service: svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ name: 'http', port: 80, nodePort: null }],
        etp: 'Local',
      }),
      slices: [localAndRemote()],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: null,
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: null,
    },
  },
  {
    name: 'NodePort eTP defaulted to Cluster: both paths route to all endpoints',
    rule: '§8 ETP ⇒ Cluster on externally accessible Services; §6',
    request: req({ service: svc({ type: 'NodePort' }), slices: [localAndRemote()] }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: null,
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: route('10.0.0.1:80', '10.0.0.2:80'),
    },
  },
  {
    name: 'eTP:Local NodePort: cluster set kept for the short-circuit, local set for external traffic',
    rule: '§1 uses Cluster when externally accessible; §3.7 allReachable = cluster',
    request: req({ service: svc({ type: 'NodePort', etp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'iTP:Local and eTP:Local NodePort: both paths local',
    rule: '§1; §6 internal chain = Local, external policy chain = Local',
    request: req({ service: svc({ type: 'NodePort', itp: 'Local', etp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'iTP:Local eTP:Cluster NodePort: internal local, external cluster-wide',
    rule: '§1; §6',
    request: req({ service: svc({ type: 'NodePort', itp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80'),
      external: route('10.0.0.1:80', '10.0.0.2:80'),
    },
  },
  {
    name: 'eTP:Local with no local endpoints: external DROP, internal routes',
    rule: '§6 ETP=Local and none on this node ⇒ DROP external',
    request: req({
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([ep('10.0.0.2', { node: 'n2' }), ep('10.0.0.3', { node: 'n3' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      localEndpoints: [],
      allReachableEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.2:80', '10.0.0.3:80'),
      external: drop,
    },
  },
  {
    name: 'iTP:Local ClusterIP with no local endpoints: internal DROP (endpoints exist elsewhere)',
    rule: '§3.4 hasAnyEndpoints from the scan; §6 ITP=Local none here ⇒ DROP',
    request: req({ service: svc({ itp: 'Local' }), slices: [slice([ep('10.0.0.2', { node: 'n2' })])] }),
    expect: {
      clusterEndpoints: null,
      localEndpoints: [],
      allReachableEndpoints: [],
      hasAnyEndpoints: true,
      internal: drop,
      external: null,
    },
  },
  {
    name: 'iTP:Local NodePort with no local endpoints: internal DROP, external routes',
    rule: '§6',
    request: req({
      service: svc({ type: 'NodePort', itp: 'Local' }),
      slices: [slice([ep('10.0.0.2', { node: 'n2' }), ep('10.0.0.3', { node: 'n3' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      localEndpoints: [],
      allReachableEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      hasAnyEndpoints: true,
      internal: drop,
      external: route('10.0.0.2:80', '10.0.0.3:80'),
    },
  },
  {
    name: 'iTP:Local and eTP:Local with endpoints only elsewhere: both DROP',
    rule: '§6; §11.5',
    request: req({ service: svc({ type: 'NodePort', itp: 'Local', etp: 'Local' }), slices: [slice([ep('10.0.0.2', { node: 'n2' })])] }),
    expect: {
      clusterEndpoints: ['10.0.0.2:80'],
      localEndpoints: [],
      allReachableEndpoints: ['10.0.0.2:80'],
      hasAnyEndpoints: true,
      internal: drop,
      external: drop,
    },
  },
  {
    name: 'LoadBalancer with VIP and externalIP, eTP:Local, nothing local: external DROP',
    rule: '§6 external destinations DROP; internal unaffected',
    request: req({
      service: svc({ type: 'LoadBalancer', etp: 'Local', externalIPs: ['192.0.2.10'], ingress: [{ ip: '198.51.100.7' }] }),
      slices: [slice([ep('10.0.0.2', { node: 'n2' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.2:80'],
      localEndpoints: [],
      hasAnyEndpoints: true,
      internal: route('10.0.0.2:80'),
      external: drop,
    },
  },
  {
    name: 'node given as a whole v1 Node object',
    rule: 'docs/contracts.md §2 node; §1 zone from the node label',
    request: req({
      node: nodeObject('n1', 'zone-a'),
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n1', zones: ['zone-a'] }), ep('10.0.0.2', { node: 'n2', zones: ['zone-b'] })])],
    }),
    expect: {
      topologyMode: 'PreferSameZone',
      clusterEndpoints: ['10.0.0.1:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      internal: route('10.0.0.1:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'whole v1 Node object without a zone label: no topology, locality by name',
    rule: '§1 missing zone label ≡ ""; §2 isLocal by node name',
    request: req({ node: nodeObject('n1'), service: svc({ itp: 'Local' }), slices: [hintedAB()] }),
    expect: { topologyMode: 'None', clusterEndpoints: null, localEndpoints: ['10.0.0.1:80'], internal: route('10.0.0.1:80') },
  },
];

// ---------------------------------------------------------------------------------------------
// §2 reading EndpointSlices
// ---------------------------------------------------------------------------------------------
const reading: ResultCase[] = [
  {
    name: 'endpoints with no conditions at all, or an empty conditions object, are Ready',
    rule: '§2 ready = nil or true; §11.8',
    request: req({
      service: svc(),
      slices: [
        slice([
          ep('10.0.0.1', { noConditions: true, node: 'n2' }),
          ep('10.0.0.2', { ready: null, serving: null, terminating: null, node: 'n2' }),
        ]),
      ],
    }),
    expect: { clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'], hasAnyEndpoints: true, internal: route('10.0.0.1:80', '10.0.0.2:80') },
  },
  {
    name: 'ready=false, serving absent, terminating=true is serving+terminating: used as fallback',
    rule: '§2 odd combinations taken literally; §3.2c',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1', { ready: false, serving: null, terminating: true, node: 'n2' })])] }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80'),
    },
  },
  {
    name: 'ready=false, serving=true, terminating=false is never used',
    rule: '§2 neither Ready nor serving+terminating',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1', { ready: false, serving: true, terminating: false, node: 'n2' })])] }),
    expect: { clusterEndpoints: [], allReachableEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'terminating but not serving is never used',
    rule: '§2, §3.2c serving and terminating',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1', { ready: false, serving: false, terminating: true, node: 'n2' })])] }),
    expect: { clusterEndpoints: [], allReachableEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'ready=true with terminating=true counts as Ready',
    rule: '§2 conditions read exactly as given, never recomputed',
    request: req({
      service: svc({ itp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { ready: true, terminating: true, node: 'n1' }), ep('10.0.0.2', { node: 'n2' })])],
    }),
    expect: { localEndpoints: ['10.0.0.1:80'], hasAnyEndpoints: true, internal: route('10.0.0.1:80') },
  },
  {
    name: 'only addresses[0] is used',
    rule: '§2 addresses[0] only',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1', { addresses: ['10.0.0.1', '10.0.0.9'], node: 'n2' })])] }),
    expect: { clusterEndpoints: ['10.0.0.1:80'], allReachableEndpoints: ['10.0.0.1:80'], internal: route('10.0.0.1:80') },
  },
  {
    name: 'endpoint without nodeName is remote',
    rule: '§2 no nodeName ⇒ remote',
    request: req({ service: svc({ itp: 'Local' }), slices: [slice([ep('10.0.0.1')])] }),
    expect: { clusterEndpoints: null, localEndpoints: [], hasAnyEndpoints: true, internal: drop },
  },
  {
    name: "the endpoint's own zone field is never consulted",
    rule: '§2 only hints are read',
    request: req({
      service: svc(),
      slices: [slice([ep('10.0.0.1', { node: 'n1', zone: 'zone-a' }), ep('10.0.0.2', { node: 'n2', zone: 'zone-b' })])],
    }),
    expect: bothZones,
  },
  {
    name: 'sorted by the ip:port string, not numerically: "10.0.0.10:80" < "10.0.0.1:80" ("0" < ":") < "10.0.0.2:80"',
    rule: '§2 sorted by ip:port string; docs/contracts.md §2',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.2'), ep('10.0.0.10'), ep('10.0.0.1')])] }),
    expect: {
      clusterEndpoints: ['10.0.0.10:80', '10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.10:80', '10.0.0.1:80', '10.0.0.2:80'),
    },
  },
  {
    name: "the list is the union of all the Service's slices",
    rule: '§2 per-service-port lists are unions over all slices',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.3')]), slice([ep('10.0.0.1')])] }),
    expect: { clusterEndpoints: ['10.0.0.1:80', '10.0.0.3:80'], allReachableEndpoints: ['10.0.0.1:80', '10.0.0.3:80'] },
  },
  {
    name: 'duplicate: a later non-terminating copy replaces an earlier terminating one',
    rule: '§2 duplicates: non-terminating duplicate wins',
    request: req({
      service: svc({ itp: 'Local' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' })], { name: 'svc-a' }), slice([ep('10.0.0.1', { node: 'n2' })], { name: 'svc-b' })],
    }),
    expect: { localEndpoints: [], hasAnyEndpoints: true, internal: drop },
  },
  {
    name: 'duplicate: a later terminating copy does not replace an earlier Ready one',
    rule: '§2 duplicates: later terminating entry does not replace',
    request: req({
      service: svc({ itp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n2' })], { name: 'svc-a' }), slice([term('10.0.0.1', { node: 'n1' })], { name: 'svc-b' })],
    }),
    expect: { localEndpoints: [], hasAnyEndpoints: true, internal: drop },
  },
  {
    name: 'duplicate: two terminating copies, the first one stays',
    rule: '§2 duplicates: later terminating entry does not replace',
    request: req({
      service: svc({ itp: 'Local' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' })], { name: 'svc-a' }), slice([term('10.0.0.1', { node: 'n2' })], { name: 'svc-b' })],
    }),
    expect: {
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80'),
    },
  },
  {
    name: 'duplicate: a later ready+terminating copy does not replace (terminating is what counts)',
    rule: '§2 duplicates: later terminating entry does not replace',
    request: req({
      service: svc({ itp: 'Local' }),
      slices: [
        slice([ep('10.0.0.1', { node: 'n1' })], { name: 'svc-a' }),
        slice([ep('10.0.0.1', { ready: true, terminating: true, node: 'n2' })], { name: 'svc-b' }),
      ],
    }),
    expect: { localEndpoints: ['10.0.0.1:80'], internal: route('10.0.0.1:80') },
  },
  {
    name: 'duplicate: slices are taken in metadata.name order, not request order (later copy on n2 wins)',
    rule: 'docs/eras.md Inputs: slices in metadata.name order',
    request: req({
      service: svc({ itp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n2' })], { name: 'svc-b' }), slice([ep('10.0.0.1', { node: 'n1' })], { name: 'svc-a' })],
    }),
    expect: { localEndpoints: [], hasAnyEndpoints: true, internal: drop },
  },
  {
    name: 'duplicate: slices are taken in metadata.name order, not request order (later copy on n1 wins)',
    rule: 'docs/eras.md Inputs: slices in metadata.name order',
    request: req({
      service: svc({ itp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n1' })], { name: 'svc-b' }), slice([ep('10.0.0.1', { node: 'n2' })], { name: 'svc-a' })],
    }),
    expect: { localEndpoints: ['10.0.0.1:80'], internal: route('10.0.0.1:80') },
  },
  {
    name: 'duplicate across slices is listed once',
    rule: '§2 duplicates by ip:port',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1'), ep('10.0.0.2')]), slice([ep('10.0.0.1')])] }),
    expect: { clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'], allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'] },
  },
];

// ---------------------------------------------------------------------------------------------
// IPv6, dual-stack, externalIPs and load-balancer ingress
// ---------------------------------------------------------------------------------------------
const families: ResultCase[] = [
  {
    name: 'IPv6 endpoints are written [ip]:port; family defaulted from ipFamilies',
    rule: 'docs/contracts.md §2 endpoints; ipFamily default',
    request: req({
      service: svc({ ipFamilies: ['IPv6'] }),
      slices: [slice([ep('fd00::1', { node: 'n1' }), ep('fd00::2', { node: 'n2' })])],
    }),
    expect: {
      clusterEndpoints: ['[fd00::1]:80', '[fd00::2]:80'],
      allReachableEndpoints: ['[fd00::1]:80', '[fd00::2]:80'],
      internal: route('[fd00::1]:80', '[fd00::2]:80'),
    },
  },
  {
    name: 'IPv6 sorted by string: [fd00::10] before [fd00::2]',
    rule: '§2 sorted by ip:port string',
    request: req({ service: svc({ ipFamilies: ['IPv6'] }), slices: [slice([ep('fd00::2'), ep('fd00::10')])] }),
    expect: { clusterEndpoints: ['[fd00::10]:80', '[fd00::2]:80'] },
  },
  {
    name: 'dual-stack, family defaulted to the first ipFamilies entry (IPv4): the IPv6 slice is ignored',
    rule: 'docs/contracts.md §2 ipFamily; §2 other family skipped',
    request: req({ service: svc({ ipFamilies: ['IPv4', 'IPv6'] }), slices: [slice([ep('10.0.0.1')]), slice([ep('fd00::1')])] }),
    expect: { clusterEndpoints: ['10.0.0.1:80'], allReachableEndpoints: ['10.0.0.1:80'] },
  },
  {
    name: 'dual-stack, ipFamily IPv6: the IPv4 slice is ignored',
    rule: 'docs/contracts.md §2 ipFamily',
    request: req({
      service: svc({ ipFamilies: ['IPv4', 'IPv6'] }),
      slices: [slice([ep('10.0.0.1')]), slice([ep('fd00::1')])],
      ipFamily: 'IPv6',
    }),
    expect: { clusterEndpoints: ['[fd00::1]:80'], allReachableEndpoints: ['[fd00::1]:80'] },
  },
  {
    name: 'dual-stack with IPv6 first: the default family is IPv6',
    rule: 'docs/contracts.md §2 ipFamily default: first spec.ipFamilies entry',
    request: req({ service: svc({ ipFamilies: ['IPv6', 'IPv4'] }), slices: [slice([ep('10.0.0.1')]), slice([ep('fd00::1')])] }),
    expect: { clusterEndpoints: ['[fd00::1]:80'] },
  },
  {
    name: 'dual-stack iTP:Local: locality is per family (local endpoint only in IPv6)',
    rule: '§1 per (port, node, family)',
    request: req({
      service: svc({ ipFamilies: ['IPv4', 'IPv6'], itp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n2' })]), slice([ep('fd00::1', { node: 'n1' })])],
    }),
    expect: { localEndpoints: [], hasAnyEndpoints: true, internal: drop },
  },
  {
    name: 'externalIP of the other family does not make the port externally accessible',
    rule: '§1 externallyAccessible: externalIP of this family; §11.6',
    request: req({ service: svc({ externalIPs: ['2001:db8::10'], etp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: null,
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: null,
    },
  },
  {
    name: 'externalIP of this family: ClusterIP Service is externally accessible and eTP:Local applies',
    rule: '§1 externallyAccessible; §8 ClusterIP with externalIPs',
    request: req({ service: svc({ externalIPs: ['192.0.2.10'], etp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'an IPv4-mapped IPv6 externalIP is IPv4, as validation reads it: eTP:Local applies to the IPv4 decision',
    rule: '§1 externallyAccessible: externalIP of this family (the family as Go parses the address)',
    request: req({ service: svc({ externalIPs: ['::ffff:192.0.2.10'], etp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'dual-stack, IPv6 decision: an IPv4-only externalIP does not count',
    rule: '§1 externallyAccessible per family',
    request: req({
      service: svc({ ipFamilies: ['IPv4', 'IPv6'], externalIPs: ['192.0.2.10'], etp: 'Local' }),
      slices: [slice([ep('fd00::1', { node: 'n1' }), ep('fd00::2', { node: 'n2' })])],
      ipFamily: 'IPv6',
    }),
    expect: { clusterEndpoints: ['[fd00::1]:80', '[fd00::2]:80'], localEndpoints: null, external: null },
  },
  {
    name: 'LoadBalancer VIP ingress makes the port externally accessible without a NodePort',
    rule: '§1 externallyAccessible: LB ingress IP in VIP mode',
    request: req({
      service: svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ name: 'http', port: 80, nodePort: null }],
        etp: 'Local',
        ingress: [{ ip: '198.51.100.7' }],
      }),
      slices: [localAndRemote()],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'LoadBalancer ingress ipMode: VIP counts',
    rule: '§1 externallyAccessible: VIP mode',
    request: req({
      service: svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ name: 'http', port: 80, nodePort: null }],
        etp: 'Local',
        ingress: [{ ip: '198.51.100.7', ipMode: 'VIP' }],
      }),
      slices: [localAndRemote()],
    }),
    expect: { localEndpoints: ['10.0.0.1:80'], external: route('10.0.0.1:80') },
  },
  {
    name: 'LoadBalancer ingress ipMode: Proxy is not externally accessible (no node ports)',
    rule: '§1 ingress with ipMode Proxy is ignored',
    request: req({
      service: svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ name: 'http', port: 80, nodePort: null }],
        etp: 'Local',
        ingress: [{ ip: '198.51.100.7', ipMode: 'Proxy' }],
      }),
      slices: [localAndRemote()],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: null,
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: null,
    },
  },
  {
    name: 'LoadBalancer ingress ipMode: Proxy, but the port has a NodePort: externally accessible',
    rule: '§1 externallyAccessible: NodePort',
    request: req({
      service: svc({ type: 'LoadBalancer', etp: 'Local', ingress: [{ ip: '198.51.100.7', ipMode: 'Proxy' }] }),
      slices: [localAndRemote()],
    }),
    expect: { localEndpoints: ['10.0.0.1:80'], external: route('10.0.0.1:80') },
  },
  {
    name: 'LoadBalancer ingress IP of the other family does not count',
    rule: '§1 LB ingress IP of this family',
    request: req({
      service: svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ name: 'http', port: 80, nodePort: null }],
        etp: 'Local',
        ingress: [{ ip: '2001:db8::7' }],
      }),
      slices: [localAndRemote()],
    }),
    expect: { localEndpoints: null, external: null },
  },
  {
    name: 'LoadBalancer hostname-only ingress does not count',
    rule: '§1 LB ingress IP',
    request: req({
      service: svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ name: 'http', port: 80, nodePort: null }],
        etp: 'Local',
        ingress: [{ hostname: 'lb.example.com' }],
      }),
      slices: [localAndRemote()],
    }),
    expect: { localEndpoints: null, external: null },
  },
  {
    name: 'LoadBalancer with allocateLoadBalancerNodePorts=false but an explicit nodePort: externally accessible',
    rule: 'docs/eras.md externallyAccessible: LoadBalancer when nodePort is set',
    request: req({
      service: svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ name: 'http', port: 80, nodePort: 30080 }],
        etp: 'Local',
      }),
      slices: [localAndRemote()],
    }),
    expect: { localEndpoints: ['10.0.0.1:80'], external: route('10.0.0.1:80') },
  },
  {
    name: 'LoadBalancer without a nodePort in the object: the API server would allocate one',
    rule: 'docs/eras.md externallyAccessible: allocateLoadBalancerNodePorts not false',
    request: req({
      service: svc({ type: 'LoadBalancer', ports: [{ name: 'http', port: 80, nodePort: null }], etp: 'Local' }),
      slices: [localAndRemote()],
    }),
    expect: { localEndpoints: ['10.0.0.1:80'], external: route('10.0.0.1:80') },
  },
  {
    name: 'LoadBalancer ingress in the status of a ClusterIP Service is ignored',
    rule: 'docs/contracts.md §2 LoadBalancer ingress counts only for type LoadBalancer',
    request: req({ service: svc({ ingress: [{ ip: '198.51.100.7' }] }), slices: [localAndRemote()] }),
    expect: { localEndpoints: null, external: null },
  },
];

// ---------------------------------------------------------------------------------------------
// Ports: by name, by number, unnamed, skipped slice ports
// ---------------------------------------------------------------------------------------------
const twoPortService = () =>
  svc({
    ports: [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
    ],
  });
const twoPortSlice = () =>
  slice([ep('10.0.0.1'), ep('10.0.0.2')], {
    ports: [
      { name: 'http', port: 8080 },
      { name: 'https', port: 8443 },
    ],
  });

const ports: ResultCase[] = [
  {
    name: 'multi-port: the port chosen by name',
    rule: 'docs/contracts.md §2 port; docs/eras.md slice ports matched by name',
    request: req({ service: twoPortService(), slices: [twoPortSlice()], port: 'https' }),
    expect: { clusterEndpoints: ['10.0.0.1:8443', '10.0.0.2:8443'], allReachableEndpoints: ['10.0.0.1:8443', '10.0.0.2:8443'] },
  },
  {
    name: 'multi-port: the port chosen by number',
    rule: 'docs/contracts.md §2 port',
    request: req({ service: twoPortService(), slices: [twoPortSlice()], port: 443 }),
    expect: { clusterEndpoints: ['10.0.0.1:8443', '10.0.0.2:8443'] },
  },
  {
    name: "multi-port: default is the Service's first port",
    rule: 'docs/contracts.md §2 port default',
    request: req({ service: twoPortService(), slices: [twoPortSlice()] }),
    expect: { clusterEndpoints: ['10.0.0.1:8080', '10.0.0.2:8080'] },
  },
  {
    name: 'unnamed Service port matches the slice port named ""',
    rule: 'docs/eras.md "" matches ""',
    request: req({ service: svc({ ports: [{ port: 80 }] }), slices: [slice([ep('10.0.0.1')], { ports: [{ name: '', port: 8080 }] })] }),
    expect: { clusterEndpoints: ['10.0.0.1:8080'], internal: route('10.0.0.1:8080') },
  },
  {
    name: 'slice port without a name is defaulted to "" and matches the unnamed Service port',
    rule: '§8 API defaulting (SetDefaults_EndpointPort) before §2: nil names never reach kube-proxy',
    request: req({ service: svc({ ports: [{ port: 80 }] }), slices: [slice([ep('10.0.0.1')], { ports: [{ port: 8080 }] })] }),
    expect: {
      clusterEndpoints: ['10.0.0.1:8080'],
      allReachableEndpoints: ['10.0.0.1:8080'],
      hasAnyEndpoints: true,
      internal: { verdict: 'route', endpoints: ['10.0.0.1:8080'] },
    },
  },
  {
    name: 'slice ports are matched by protocol too: a UDP port of the same name is not the TCP Service port',
    rule: '§2 ESC keys ports by name and protocol (ServicePortName)',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1')], { ports: [{ name: 'http', port: 8080, protocol: 'UDP' }] })] }),
    expect: { clusterEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'slice port without a port number is skipped',
    rule: '§2 ports with nil port are skipped',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1')], { ports: [{ name: 'http' }] })] }),
    expect: { clusterEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'slice ports are matched by name, not by number',
    rule: 'docs/eras.md matched by name',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1')], { ports: [{ name: 'web', port: 80 }] })] }),
    expect: { clusterEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'same port name with different numbers in two slices: distinct endpoints, also for one IP',
    rule: '§2 identity is ip:port; union over slices',
    request: req({
      service: svc(),
      slices: [
        slice([ep('10.0.0.1')], { ports: [{ name: 'http', port: 8080 }] }),
        slice([ep('10.0.0.1'), ep('10.0.0.2')], { ports: [{ name: 'http', port: 9090 }] }),
      ],
    }),
    expect: { clusterEndpoints: ['10.0.0.1:8080', '10.0.0.1:9090', '10.0.0.2:9090'] },
  },
  {
    name: 'a slice without the requested port contributes nothing',
    rule: '§2 per-service-port lists',
    request: req({
      service: twoPortService(),
      slices: [
        slice([ep('10.0.0.1')], { ports: [{ name: 'http', port: 8080 }] }),
        slice([ep('10.0.0.2')], { ports: [{ name: 'https', port: 8443 }] }),
      ],
      port: 'http',
    }),
    expect: { clusterEndpoints: ['10.0.0.1:8080'] },
  },
];

// ---------------------------------------------------------------------------------------------
// §4 topology (1.35: hints alone decide)
// ---------------------------------------------------------------------------------------------
const topology: ResultCase[] = [
  {
    name: 'zone hints honoured: PreferSameZone keeps endpoints hinted for this zone, wherever they run',
    rule: '§4.2 PreferSameZone; §3.2b',
    request: req({
      service: svc(),
      slices: [
        slice([
          ep('10.0.0.1', { node: 'n1', zones: ['zone-a'] }),
          ep('10.0.0.2', { node: 'n2', zones: ['zone-b'] }),
          ep('10.0.0.3', { node: 'n3', zones: ['zone-a'] }),
        ]),
      ],
    }),
    expect: {
      topologyMode: 'PreferSameZone',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.3:80'],
      localEndpoints: null,
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.3:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80', '10.0.0.3:80'),
    },
  },
  {
    name: 'missing hints, no filtering applied (one Ready endpoint unhinted)',
    rule: '§4 one Ready endpoint without zone hints disables zone filtering; §11.1',
    request: req({
      service: svc(),
      slices: [slice([ep('10.0.0.1', { zones: ['zone-a'] }), ep('10.0.0.2', { zones: ['zone-b'] }), ep('10.0.0.3')])],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'],
    },
  },
  {
    name: 'an unhinted not-ready endpoint does not disable topology',
    rule: '§4 only Ready endpoints are inspected',
    request: req({
      service: svc(),
      slices: [slice([ep('10.0.0.1', { zones: ['zone-a'] }), ep('10.0.0.2', { zones: ['zone-b'] }), notReady('10.0.0.3')])],
    }),
    expect: { topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.0.1:80'], allReachableEndpoints: ['10.0.0.1:80'] },
  },
  {
    name: 'an unhinted terminating endpoint does not disable topology',
    rule: '§4 only Ready endpoints are inspected',
    request: req({
      service: svc(),
      slices: [slice([ep('10.0.0.1', { zones: ['zone-a'] }), ep('10.0.0.2', { zones: ['zone-b'] }), term('10.0.0.3')])],
    }),
    expect: { topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.0.1:80'] },
  },
  {
    name: 'only unready endpoints in same zone (should not filter)',
    rule: '§4 hints on not-ready endpoints do not count; §11.2',
    request: req({
      service: svc(),
      slices: [
        slice([notReady('10.0.0.1', { zones: ['zone-a'] }), ep('10.0.0.2', { zones: ['zone-b'] }), ep('10.0.0.3', { zones: ['zone-b'] })]),
      ],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      allReachableEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
    },
  },
  {
    name: 'node in different zone, no endpoint filtering',
    rule: '§4 node in a zone no endpoint is hinted for',
    request: req({ node: node('n1', 'zone-c'), service: svc(), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'empty zone label: no filtering',
    rule: '§4 zone "" never matches',
    request: req({ node: node('n1', ''), service: svc(), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'empty node labels: no filtering',
    rule: '§1 missing zone label ≡ ""; §4',
    request: req({ node: node('n1'), service: svc(), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'multiple hints per endpoint: node in zone-b gets both endpoints hinted for it',
    rule: '§4 an endpoint qualifies if any hint equals the zone',
    request: req({
      node: node('n1', 'zone-b'),
      service: svc(),
      slices: [
        slice([
          ep('10.0.0.1', { zones: ['zone-a', 'zone-b'] }),
          ep('10.0.0.2', { zones: ['zone-b'] }),
          ep('10.0.0.3', { zones: ['zone-c'] }),
        ]),
      ],
    }),
    expect: { topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'] },
  },
  {
    name: 'multiple hints per endpoint: node in zone-a gets the one endpoint hinted for it',
    rule: '§4 multi-zone hints',
    request: req({
      service: svc(),
      slices: [
        slice([
          ep('10.0.0.1', { zones: ['zone-a', 'zone-b'] }),
          ep('10.0.0.2', { zones: ['zone-b'] }),
          ep('10.0.0.3', { zones: ['zone-c'] }),
        ]),
      ],
    }),
    expect: { topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.0.1:80'] },
  },
  {
    name: 'internalTrafficPolicy: Local, topology ignored for Local endpoints',
    rule: '§3 Local never topology-filtered; §11.3',
    request: req({
      service: svc({ itp: 'Local' }),
      slices: [
        slice([
          ep('10.0.0.1', { node: 'n1', zones: ['zone-a'] }),
          ep('10.0.0.2', { node: 'n1', zones: ['zone-b'] }),
          ep('10.0.0.3', { node: 'n2', zones: ['zone-a'] }),
        ]),
      ],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: null,
      localEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
    },
  },
  {
    name: 'conflicting topology and localness require merging allEndpoints (eTP:Local)',
    rule: '§3.8 union; §11.3 Cluster sets filtered even for ETP=Local',
    request: req({
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [
        slice([
          ep('10.0.0.1', { node: 'n1', zones: ['zone-b'] }),
          ep('10.0.0.2', { node: 'n2', zones: ['zone-a'] }),
          ep('10.0.0.3', { node: 'n3', zones: ['zone-a'] }),
        ]),
      ],
    }),
    expect: {
      topologyMode: 'PreferSameZone',
      clusterEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'],
      internal: route('10.0.0.2:80', '10.0.0.3:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'conflicting topology and localness (iTP:Local NodePort): union',
    rule: '§3.8 union',
    request: req({
      service: svc({ type: 'NodePort', itp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n1', zones: ['zone-b'] }), ep('10.0.0.2', { node: 'n2', zones: ['zone-a'] })])],
    }),
    expect: {
      topologyMode: 'PreferSameZone',
      clusterEndpoints: ['10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80'),
      external: route('10.0.0.2:80'),
    },
  },
  {
    name: 'topology with eTP:Local and the local endpoint in zone',
    rule: '§3.8 union when a mode is chosen',
    request: req({
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [
        slice([
          ep('10.0.0.1', { node: 'n1', zones: ['zone-a'] }),
          ep('10.0.0.2', { node: 'n2', zones: ['zone-a'] }),
          ep('10.0.0.3', { node: 'n3', zones: ['zone-b'] }),
        ]),
      ],
    }),
    expect: {
      topologyMode: 'PreferSameZone',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'topology applies to NodePort traffic under eTP:Cluster',
    rule: '§6 external policy chain = Cluster chain (topology applied)',
    request: req({ service: svc({ type: 'NodePort' }), slices: [hintedAB()] }),
    expect: { ...zoneAOnly, external: route('10.0.0.1:80') },
  },
  {
    name: 'PreferSameNode: node hints for this node',
    rule: '§4.1 PreferSameNode',
    request: req({ service: svc(), slices: [nodeHinted()] }),
    expect: { ...sameNode, allReachableEndpoints: ['10.0.0.1:80'], hasAnyEndpoints: true },
  },
  {
    name: 'PreferSameNode falls back to PreferSameZone if no endpoint for node',
    rule: '§4 no node endpoint for this node ⇒ zone mode',
    request: req({ node: node('n4', 'zone-a'), service: svc(), slices: [nodeHinted()] }),
    expect: sameZone,
  },
  {
    name: 'PreferSameNode ignored if some endpoints unhinted',
    rule: '§4 one Ready endpoint without hints',
    request: req({
      service: svc(),
      slices: [
        slice([ep('10.0.0.1', { zones: ['zone-a'], nodes: ['n1'] }), ep('10.0.0.2', { zones: ['zone-a'], nodes: ['n2'] }), ep('10.0.0.3')]),
      ],
    }),
    expect: { topologyMode: 'None', clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'] },
  },
  {
    name: 'PreferSameNode: one endpoint without a node hint, all with zone hints ⇒ PreferSameZone',
    rule: '§4.1 every Ready endpoint needs a node hint; §4.2',
    request: req({
      service: svc(),
      slices: [
        slice([
          ep('10.0.0.1', { zones: ['zone-a'], nodes: ['n1'] }),
          ep('10.0.0.2', { zones: ['zone-a'], nodes: ['n2'] }),
          ep('10.0.0.3', { zones: ['zone-b'] }),
        ]),
      ],
    }),
    expect: { topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'] },
  },
  {
    name: 'a node hint for this node on a not-ready endpoint does not select PreferSameNode',
    rule: '§4 only Ready endpoints are inspected',
    request: req({
      service: svc(),
      slices: [
        slice([
          notReady('10.0.0.1', { zones: ['zone-a'], nodes: ['n1'] }),
          ep('10.0.0.2', { zones: ['zone-a'], nodes: ['n2'] }),
          ep('10.0.0.3', { zones: ['zone-b'], nodes: ['n3'] }),
        ]),
      ],
    }),
    expect: { topologyMode: 'PreferSameZone', clusterEndpoints: ['10.0.0.2:80'] },
  },
  {
    name: 'node hints name a node, not where the endpoint runs',
    rule: '§3.2b PreferSameNode ⇒ nodeHints contain this node',
    request: req({
      service: svc(),
      slices: [
        slice([
          ep('10.0.0.1', { node: 'n2', zones: ['zone-a'], nodes: ['n1'] }),
          ep('10.0.0.2', { node: 'n1', zones: ['zone-a'], nodes: ['n2'] }),
        ]),
      ],
    }),
    expect: { topologyMode: 'PreferSameNode', clusterEndpoints: ['10.0.0.1:80'] },
  },
  {
    name: 'PreferSameNode never filters the Local set',
    rule: '§3 Local never topology-filtered; §3.8 union',
    request: req({
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [
        slice([
          ep('10.0.0.1', { node: 'n1', zones: ['zone-a'], nodes: ['n2'] }),
          ep('10.0.0.2', { node: 'n2', zones: ['zone-a'], nodes: ['n1'] }),
        ]),
      ],
    }),
    expect: {
      topologyMode: 'PreferSameNode',
      clusterEndpoints: ['10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'node hints only, none for this node, no zone hints: None',
    rule: '§4.3',
    request: req({
      node: node('n3', 'zone-a'),
      service: svc(),
      slices: [slice([ep('10.0.0.1', { nodes: ['n1'] }), ep('10.0.0.2', { nodes: ['n2'] })])],
    }),
    expect: { topologyMode: 'None', clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'] },
  },
];

// ---------------------------------------------------------------------------------------------
// §3.2c / §3.5 terminating fallback (1.35: ProxyTerminatingEndpoints GA)
// ---------------------------------------------------------------------------------------------
const terminating: ResultCase[] = [
  {
    name: 'iTP:Cluster, no Ready endpoints: all serving+terminating endpoints, ignoring locality',
    rule: '§3.2c terminating fallback',
    request: req({
      service: svc(),
      slices: [
        slice([
          term('10.0.0.1', { node: 'n1' }),
          term('10.0.0.2', { node: 'n2' }),
          notReady('10.0.0.3'),
          ep('10.0.0.4', { ready: false, serving: false, terminating: true }),
        ]),
      ],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: null,
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
    },
  },
  {
    name: 'terminating endpoints unused while any Ready endpoint exists',
    rule: '§3.2c only when the Ready set is empty',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1', { node: 'n2' }), term('10.0.0.2', { node: 'n1' })])] }),
    expect: { clusterEndpoints: ['10.0.0.1:80'], allReachableEndpoints: ['10.0.0.1:80'], internal: route('10.0.0.1:80') },
  },
  {
    name: 'terminating fallback ignores topology hints',
    rule: '§3.2c ignoring topology',
    request: req({ service: svc(), slices: [slice([term('10.0.0.1', { zones: ['zone-b'] }), term('10.0.0.2', { zones: ['zone-a'] })])] }),
    expect: { topologyMode: 'None', clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'] },
  },
  {
    name: 'iTP:Local: local serving+terminating endpoints when no local Ready one',
    rule: '§3.5 local fallback',
    request: req({ service: svc({ itp: 'Local' }), slices: [slice([term('10.0.0.1', { node: 'n1' }), ep('10.0.0.2', { node: 'n2' })])] }),
    expect: {
      clusterEndpoints: null,
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80'),
    },
  },
  {
    name: 'iTP:Local: local Ready endpoints preferred over local terminating ones',
    rule: '§3.5',
    request: req({ service: svc({ itp: 'Local' }), slices: [slice([ep('10.0.0.1', { node: 'n1' }), term('10.0.0.2', { node: 'n1' })])] }),
    expect: { localEndpoints: ['10.0.0.1:80'], allReachableEndpoints: ['10.0.0.1:80'], internal: route('10.0.0.1:80') },
  },
  {
    name: 'iTP:Local: only remote terminating endpoints ⇒ DROP (they count for hasAnyEndpoints)',
    rule: '§3.4 serving+terminating sets hasAnyEndpoints',
    request: req({ service: svc({ itp: 'Local' }), slices: [slice([term('10.0.0.1', { node: 'n2' })])] }),
    expect: { clusterEndpoints: null, localEndpoints: [], allReachableEndpoints: [], hasAnyEndpoints: true, internal: drop },
  },
  {
    name: 'eTP:Local, only terminating endpoints: cluster falls back cluster-wide, local to local ones',
    rule: '§3.2c, §3.5, §3.8 union',
    request: req({
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' }), term('10.0.0.2', { node: 'n2' })])],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'iTP: Cluster, eTP: Local, with terminating endpoints',
    rule: '§3 fallback is independent per policy',
    request: req({
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n2' }), term('10.0.0.2', { node: 'n1' })])],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80'],
      localEndpoints: ['10.0.0.2:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80'),
      external: route('10.0.0.2:80'),
    },
  },
  {
    name: 'iTP: Local, eTP: Cluster, with terminating endpoints',
    rule: '§3 fallback is independent per policy',
    request: req({
      service: svc({ type: 'NodePort', itp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n2' }), term('10.0.0.2', { node: 'n1' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80'],
      localEndpoints: ['10.0.0.2:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'only terminating endpoints that are not serving: REJECT everywhere',
    rule: '§3.2c/§3.4 need serving; §6 REJECT',
    request: req({
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { ready: false, serving: false, terminating: true, node: 'n1' })])],
    }),
    expect: {
      clusterEndpoints: [],
      localEndpoints: [],
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: reject,
    },
  },
];

// ---------------------------------------------------------------------------------------------
// §9 v1.21: one filtered list; ITP gate alpha (off); EndpointSliceTerminatingCondition off
// ---------------------------------------------------------------------------------------------
const v121: ResultCase[] = [
  {
    name: 'v1.21: ServiceInternalTrafficPolicy gate off by default: iTP:Local is ignored',
    rule: '§9 v1.21; docs/eras.md gate off ⇒ ITP treated as Cluster',
    request: req({ version: '1.21', service: svc({ itp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      kubernetesVersion: '1.21',
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: null,
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: null,
    },
  },
  {
    name: 'v1.21: ITP gate on: iTP:Local keeps only local endpoints',
    rule: 'docs/eras.md 1.21–1.23 step 2',
    request: req({
      version: '1.21',
      gates: { ServiceInternalTrafficPolicy: true },
      service: svc({ itp: 'Local' }),
      slices: [localAndRemote()],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: null,
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.1:80'),
      external: null,
    },
  },
  {
    name: 'v1.21: ITP gate on: iTP:Local restricts NodePort traffic too (kubernetes#105470)',
    rule: '§9 v1.21 one list for all traffic',
    request: req({
      version: '1.21',
      gates: { ServiceInternalTrafficPolicy: true },
      service: svc({ type: 'NodePort', itp: 'Local' }),
      slices: [localAndRemote()],
    }),
    expect: {
      clusterEndpoints: null,
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      internal: route('10.0.0.1:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'v1.21: iTP:Local with no local endpoint behaves as if it has zero endpoints: REJECT',
    rule: 'seed: "behaves as if it has zero endpoints"; docs/eras.md hasAnyEndpoints',
    request: req({
      version: '1.21',
      gates: { ServiceInternalTrafficPolicy: true },
      service: svc({ type: 'NodePort', itp: 'Local' }),
      slices: [slice([ep('10.0.0.2', { node: 'n2' })])],
    }),
    expect: {
      clusterEndpoints: null,
      localEndpoints: [],
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: reject,
    },
  },
  {
    name: 'v1.21: ITP is not used when ETP=Local',
    rule: 'seed constraint; docs/eras.md step 1',
    request: req({
      version: '1.21',
      gates: { ServiceInternalTrafficPolicy: true },
      service: svc({ type: 'NodePort', itp: 'Local', etp: 'Local' }),
      slices: [localAndRemote()],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'v1.21: eTP:Local with no local endpoint: external DROP, ClusterIP routes',
    rule: '§9 v1.21–1.23 external local Ready endpoints of the unfiltered list',
    request: req({
      version: '1.21',
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([ep('10.0.0.2', { node: 'n2' }), ep('10.0.0.3', { node: 'n3' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      localEndpoints: [],
      allReachableEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.2:80', '10.0.0.3:80'),
      external: drop,
    },
  },
  {
    name: 'v1.21: not-ready and terminating endpoints are dropped (EndpointSliceTerminatingCondition off)',
    rule: 'docs/eras.md gate visibility',
    request: req({ version: '1.21', service: svc(), slices: [slice([notReady('10.0.0.1'), ep('10.0.0.2'), term('10.0.0.3')])] }),
    expect: { clusterEndpoints: ['10.0.0.2:80'], allReachableEndpoints: ['10.0.0.2:80'], internal: route('10.0.0.2:80') },
  },
  {
    name: 'v1.21: eTP:Local with only terminating endpoints: REJECT (no terminating fallback)',
    rule: '§9 v1.21; docs/eras.md gate visibility',
    request: req({
      version: '1.21',
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' })])],
    }),
    expect: {
      clusterEndpoints: [],
      localEndpoints: [],
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: reject,
    },
  },
  {
    name: 'v1.21: a later ready+terminating copy reads as plain Ready and replaces the earlier one',
    rule: 'docs/eras.md gate visibility (serving=true, terminating=false) before the duplicate rule',
    request: req({
      version: '1.21',
      gates: { ServiceInternalTrafficPolicy: true },
      service: svc({ itp: 'Local' }),
      slices: [
        slice([ep('10.0.0.1', { node: 'n1' })], { name: 'svc-a' }),
        slice([ep('10.0.0.1', { ready: true, terminating: true, node: 'n2' })], { name: 'svc-b' }),
      ],
    }),
    expect: { clusterEndpoints: null, localEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'v1.21: TopologyAwareHints off by default: hints ignored',
    rule: '§9 TopologyAwareHints alpha in 1.21',
    request: req({ version: '1.21', service: svc({ annotations: { [HINTS]: 'auto' } }), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.21: TopologyAwareHints on, annotation exactly "auto": filtered to the zone',
    rule: 'docs/eras.md 1.21 step 3',
    request: req({
      version: '1.21',
      gates: { TopologyAwareHints: true },
      service: svc({ annotations: { [HINTS]: 'auto' } }),
      slices: [hintedAB()],
    }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.21: annotation "Auto" is not accepted',
    rule: 'docs/eras.md 1.21: exactly auto',
    request: req({
      version: '1.21',
      gates: { TopologyAwareHints: true },
      service: svc({ annotations: { [HINTS]: 'Auto' } }),
      slices: [hintedAB()],
    }),
    expect: bothZones,
  },
  {
    name: 'v1.21: node without a zone label: no hint filtering',
    rule: 'docs/eras.md 1.21: the node has a non-empty zone',
    request: req({
      version: '1.21',
      gates: { TopologyAwareHints: true },
      node: node('n1'),
      service: svc({ annotations: { [HINTS]: 'auto' } }),
      slices: [hintedAB()],
    }),
    expect: bothZones,
  },
  {
    name: 'v1.21 with EndpointSliceTerminatingCondition on: an unhinted not-ready endpoint disables hints',
    rule: 'docs/eras.md 1.21: every endpoint (ready or not) has a zone hint',
    request: req({
      version: '1.21',
      gates: { TopologyAwareHints: true, EndpointSliceTerminatingCondition: true },
      service: svc({ annotations: { [HINTS]: 'auto' } }),
      slices: [
        slice([ep('10.0.0.1', { node: 'n1', zones: ['zone-a'] }), ep('10.0.0.2', { node: 'n2', zones: ['zone-b'] }), notReady('10.0.0.3')]),
      ],
    }),
    expect: bothZones,
  },
  {
    name: 'v1.21 with EndpointSliceTerminatingCondition on: only a not-ready endpoint hinted for the zone ⇒ nothing Ready: REJECT',
    rule: 'docs/eras.md 1.21 hints filter, then the proxier keeps Ready ones',
    request: req({
      version: '1.21',
      gates: { TopologyAwareHints: true, EndpointSliceTerminatingCondition: true },
      service: svc({ annotations: { [HINTS]: 'auto' } }),
      slices: [slice([notReady('10.0.0.1', { zones: ['zone-a'] }), ep('10.0.0.2', { zones: ['zone-b'] })])],
    }),
    expect: { topologyMode: 'PreferSameZone', clusterEndpoints: [], allReachableEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'v1.21: hints are not applied to eTP:Local services',
    rule: 'docs/eras.md step 1 before step 3',
    request: req({
      version: '1.21',
      gates: { TopologyAwareHints: true },
      service: svc({ type: 'NodePort', etp: 'Local', annotations: { [HINTS]: 'auto' } }),
      slices: [slice([ep('10.0.0.1', { node: 'n1', zones: ['zone-b'] }), ep('10.0.0.2', { node: 'n2', zones: ['zone-a'] })])],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80', '10.0.0.2:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'v1.21: iTP:Local (gate on) takes precedence over hints',
    rule: 'docs/eras.md step 2 before step 3',
    request: req({
      version: '1.21',
      gates: { ServiceInternalTrafficPolicy: true, TopologyAwareHints: true },
      service: svc({ itp: 'Local', annotations: { [HINTS]: 'auto' } }),
      slices: [slice([ep('10.0.0.1', { node: 'n1', zones: ['zone-b'] }), ep('10.0.0.2', { node: 'n2', zones: ['zone-a'] })])],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: null,
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      internal: route('10.0.0.1:80'),
    },
  },
];

// ---------------------------------------------------------------------------------------------
// §9 v1.22–v1.23: ITP beta; readiness-aware hints; ProxyTerminatingEndpoints alpha
// ---------------------------------------------------------------------------------------------
const v122: ResultCase[] = [
  {
    name: 'v1.22: iTP:Local (gate beta, on) keeps only local endpoints, for NodePort too',
    rule: 'docs/eras.md 1.21–1.23 step 2',
    request: req({ version: '1.22', service: svc({ type: 'NodePort', itp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      kubernetesVersion: '1.22',
      clusterEndpoints: null,
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      internal: route('10.0.0.1:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'v1.23: iTP:Local with no local endpoint: REJECT',
    rule: 'docs/eras.md hasAnyEndpoints = the proxier hasEndpoints',
    request: req({ version: '1.23', service: svc({ itp: 'Local' }), slices: [slice([ep('10.0.0.2', { node: 'n2' })])] }),
    expect: {
      clusterEndpoints: null,
      localEndpoints: [],
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: null,
    },
  },
  {
    name: 'v1.22: ITP is not used when ETP=Local',
    rule: 'docs/eras.md step 1',
    request: req({
      version: '1.22',
      service: svc({ type: 'NodePort', itp: 'Local', etp: 'Local' }),
      slices: [slice([ep('10.0.0.2', { node: 'n2' }), ep('10.0.0.3', { node: 'n3' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      localEndpoints: [],
      allReachableEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.2:80', '10.0.0.3:80'),
      external: drop,
    },
  },
  {
    name: 'v1.22: eTP:Local with only terminating endpoints, ProxyTerminatingEndpoints off: REJECT',
    rule: '§9 v1.22 PTE alpha, off',
    request: req({
      version: '1.22',
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' })])],
    }),
    expect: {
      clusterEndpoints: [],
      localEndpoints: [],
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: reject,
    },
  },
  {
    name: 'v1.22: ProxyTerminatingEndpoints on, eTP:Local, only terminating: ClusterIP DROP, external to the local terminating one',
    rule: '§9 v1.21–1.23 exception from 1.22',
    request: req({
      version: '1.22',
      gates: { ProxyTerminatingEndpoints: true },
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' }), term('10.0.0.2', { node: 'n2' })])],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: [],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80'],
      hasAnyEndpoints: true,
      internal: drop,
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'v1.23: ProxyTerminatingEndpoints on, eTP:Local, terminating only elsewhere: both DROP',
    rule: '§9 v1.21–1.23 exception from 1.22',
    request: req({
      version: '1.23',
      gates: { ProxyTerminatingEndpoints: true },
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([term('10.0.0.2', { node: 'n2' })])],
    }),
    expect: { clusterEndpoints: [], localEndpoints: [], allReachableEndpoints: [], hasAnyEndpoints: true, internal: drop, external: drop },
  },
  {
    name: 'v1.22: ProxyTerminatingEndpoints on does not help eTP:Cluster: REJECT',
    rule: 'docs/eras.md hasEndpoints exception only for etpLocal',
    request: req({
      version: '1.22',
      gates: { ProxyTerminatingEndpoints: true },
      service: svc({ type: 'NodePort' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' })])],
    }),
    expect: {
      clusterEndpoints: [],
      localEndpoints: null,
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: reject,
    },
  },
  {
    name: 'v1.22: ProxyTerminatingEndpoints on, eTP:Local: local Ready preferred over local terminating',
    rule: 'docs/eras.md external local list',
    request: req({
      version: '1.22',
      gates: { ProxyTerminatingEndpoints: true },
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n1' }), term('10.0.0.2', { node: 'n1' }), ep('10.0.0.3', { node: 'n2' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.3:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.3:80'],
      internal: route('10.0.0.1:80', '10.0.0.3:80'),
      external: route('10.0.0.1:80'),
    },
  },
  {
    name: 'v1.23: TopologyAwareHints beta but off by default: hints ignored',
    rule: '§9 TopologyAwareHints on by default only from 1.24',
    request: req({ version: '1.23', service: svc({ annotations: { [HINTS]: 'Auto' } }), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.23: TopologyAwareHints on, annotation "Auto": an unhinted not-ready endpoint no longer matters',
    rule: 'docs/eras.md 1.22–1.23 readiness-aware hints',
    request: req({
      version: '1.23',
      gates: { TopologyAwareHints: true },
      service: svc({ annotations: { [HINTS]: 'Auto' } }),
      slices: [
        slice([ep('10.0.0.1', { node: 'n1', zones: ['zone-a'] }), ep('10.0.0.2', { node: 'n2', zones: ['zone-b'] }), notReady('10.0.0.3')]),
      ],
    }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.22: TopologyAwareHints on, annotation "auto"',
    rule: 'docs/eras.md 1.22–1.23: Auto or auto',
    request: req({
      version: '1.22',
      gates: { TopologyAwareHints: true },
      service: svc({ annotations: { [HINTS]: 'auto' } }),
      slices: [hintedAB()],
    }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.22: zone hinted only on a not-ready endpoint: whole list, the proxier keeps the Ready ones',
    rule: 'docs/eras.md 1.22–1.23 else everything',
    request: req({
      version: '1.22',
      gates: { TopologyAwareHints: true },
      service: svc({ annotations: { [HINTS]: 'auto' } }),
      slices: [
        slice([notReady('10.0.0.1', { zones: ['zone-a'] }), ep('10.0.0.2', { zones: ['zone-b'] }), ep('10.0.0.3', { zones: ['zone-b'] })]),
      ],
    }),
    expect: {
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      allReachableEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      hasAnyEndpoints: true,
    },
  },
  {
    name: 'v1.23: annotation "aUto" is ignored',
    rule: 'docs/eras.md 1.22–1.23: Auto or auto',
    request: req({
      version: '1.23',
      gates: { TopologyAwareHints: true },
      service: svc({ annotations: { [HINTS]: 'aUto' } }),
      slices: [hintedAB()],
    }),
    expect: bothZones,
  },
  {
    name: 'v1.23: ITP gate forced off: iTP:Local ignored',
    rule: 'docs/eras.md ServiceInternalTrafficPolicy off ⇒ Cluster',
    request: req({
      version: '1.23',
      gates: { ServiceInternalTrafficPolicy: false },
      service: svc({ itp: 'Local' }),
      slices: [localAndRemote()],
    }),
    expect: { clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'], localEndpoints: null, internal: route('10.0.0.1:80', '10.0.0.2:80') },
  },
  {
    name: 'v1.22: EndpointSliceTerminatingCondition forced off: terminating endpoints vanish even with ProxyTerminatingEndpoints on',
    rule: 'docs/eras.md gate visibility',
    request: req({
      version: '1.22',
      gates: { EndpointSliceTerminatingCondition: false, ProxyTerminatingEndpoints: true },
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' }), ep('10.0.0.2', { node: 'n2' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.2:80'],
      localEndpoints: [],
      allReachableEndpoints: ['10.0.0.2:80'],
      hasAnyEndpoints: true,
      internal: route('10.0.0.2:80'),
      external: drop,
    },
  },
  {
    name: 'v1.23: iTP:Local takes precedence over hints',
    rule: 'docs/eras.md step 2 before step 3',
    request: req({
      version: '1.23',
      gates: { TopologyAwareHints: true },
      service: svc({ itp: 'Local', annotations: { [HINTS]: 'Auto' } }),
      slices: [slice([ep('10.0.0.1', { node: 'n1', zones: ['zone-b'] }), ep('10.0.0.2', { node: 'n2', zones: ['zone-a'] })])],
    }),
    expect: { topologyMode: 'None', clusterEndpoints: null, localEndpoints: ['10.0.0.1:80'], internal: route('10.0.0.1:80') },
  },
];

// ---------------------------------------------------------------------------------------------
// §9 v1.24–v1.26: CategorizeEndpoints; annotation Auto/auto; PTE gate (on from 1.26)
// ---------------------------------------------------------------------------------------------
const v124: ResultCase[] = [
  {
    name: 'v1.24: iTP:Local no longer restricts NodePort traffic (kubernetes#106497)',
    rule: '§9 v1.24 Cluster and Local sets computed separately',
    request: req({ version: '1.24', service: svc({ type: 'NodePort', itp: 'Local' }), slices: [localAndRemote()] }),
    expect: {
      kubernetesVersion: '1.24',
      topologyMode: 'None',
      clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      localEndpoints: ['10.0.0.1:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80'),
      external: route('10.0.0.1:80', '10.0.0.2:80'),
    },
  },
  {
    name: 'v1.24: iTP:Local applies together with eTP:Local',
    rule: '§9 v1.24 removed the v1.21 entanglement',
    request: req({
      version: '1.24',
      service: svc({ type: 'NodePort', itp: 'Local', etp: 'Local' }),
      slices: [slice([ep('10.0.0.2', { node: 'n2' }), ep('10.0.0.3', { node: 'n3' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      localEndpoints: [],
      allReachableEndpoints: ['10.0.0.2:80', '10.0.0.3:80'],
      hasAnyEndpoints: true,
      internal: drop,
      external: drop,
    },
  },
  {
    name: 'v1.24: iTP:Local with no local endpoint now DROPs instead of REJECTing',
    rule: '§3.4 hasAnyEndpoints counts endpoints anywhere',
    request: req({ version: '1.24', service: svc({ itp: 'Local' }), slices: [slice([ep('10.0.0.2', { node: 'n2' })])] }),
    expect: { clusterEndpoints: null, localEndpoints: [], allReachableEndpoints: [], hasAnyEndpoints: true, internal: drop },
  },
  {
    name: 'v1.24: annotation "Auto" with TopologyAwareHints (on by default): PreferSameZone',
    rule: 'docs/eras.md 1.24–1.26',
    request: req({ version: '1.24', service: svc({ annotations: { [HINTS]: 'Auto' } }), slices: [hintedAB()] }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.25: annotation "auto"',
    rule: 'docs/eras.md 1.24–1.26: exactly Auto or auto',
    request: req({ version: '1.25', service: svc({ annotations: { [HINTS]: 'auto' } }), slices: [hintedAB()] }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.24: annotation "aUto" is ignored',
    rule: '§9 v1.24 aUto ignored',
    request: req({ version: '1.24', service: svc({ annotations: { [HINTS]: 'aUto' } }), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.26: the topology-mode annotation is not read yet',
    rule: 'docs/eras.md 1.24–1.26 only topology-aware-hints',
    request: req({ version: '1.26', service: svc({ annotations: { [MODE]: 'Auto' } }), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.25: no annotation: hints ignored',
    rule: 'docs/eras.md 1.24–1.26',
    request: req({ version: '1.25', service: svc(), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.24: TopologyAwareHints forced off: hints ignored despite the annotation',
    rule: 'docs/eras.md 1.24–1.26 TopologyAwareHints on',
    request: req({
      version: '1.24',
      gates: { TopologyAwareHints: false },
      service: svc({ annotations: { [HINTS]: 'Auto' } }),
      slices: [hintedAB()],
    }),
    expect: bothZones,
  },
  {
    name: 'v1.24: empty zone label: no filtering even with the annotation',
    rule: 'docs/eras.md 1.24–1.26 the node zone is non-empty',
    request: req({ version: '1.24', node: node('n1', ''), service: svc({ annotations: { [HINTS]: 'Auto' } }), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.24: ProxyTerminatingEndpoints off: no fallback, only terminating ⇒ REJECT',
    rule: '§9 v1.24 serving+terminating invisible with the gate off',
    request: req({
      version: '1.24',
      service: svc(),
      slices: [slice([term('10.0.0.1', { node: 'n1' }), term('10.0.0.2', { node: 'n2' })])],
    }),
    expect: { clusterEndpoints: [], allReachableEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: "v1.25: ProxyTerminatingEndpoints off, iTP:Local: terminating endpoints don't count for hasAnyEndpoints",
    rule: '§9 v1.24 not in the step-4 scan either',
    request: req({
      version: '1.25',
      service: svc({ itp: 'Local' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' }), term('10.0.0.2', { node: 'n2' })])],
    }),
    expect: { clusterEndpoints: null, localEndpoints: [], allReachableEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'v1.24: ProxyTerminatingEndpoints off, eTP:Local: local terminating endpoint invisible ⇒ REJECT',
    rule: '§9 v1.24',
    request: req({
      version: '1.24',
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([term('10.0.0.1', { node: 'n1' })])],
    }),
    expect: {
      clusterEndpoints: [],
      localEndpoints: [],
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      internal: reject,
      external: reject,
    },
  },
  {
    name: 'v1.25: ProxyTerminatingEndpoints forced on: iTP:Cluster falls back to terminating endpoints',
    rule: '§3.2c with the gate on',
    request: req({
      version: '1.25',
      gates: { ProxyTerminatingEndpoints: true },
      service: svc(),
      slices: [slice([term('10.0.0.1', { node: 'n1' }), term('10.0.0.2', { node: 'n2' })])],
    }),
    expect: { clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'], hasAnyEndpoints: true, internal: route('10.0.0.1:80', '10.0.0.2:80') },
  },
  {
    name: 'v1.26: ProxyTerminatingEndpoints on by default: iTP: Cluster, eTP: Local, with terminating endpoints',
    rule: '§9 PTE beta 1.26; §3 fallback per policy',
    request: req({
      version: '1.26',
      service: svc({ type: 'NodePort', etp: 'Local' }),
      slices: [slice([ep('10.0.0.1', { node: 'n2' }), term('10.0.0.2', { node: 'n1' })])],
    }),
    expect: {
      clusterEndpoints: ['10.0.0.1:80'],
      localEndpoints: ['10.0.0.2:80'],
      allReachableEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
      internal: route('10.0.0.1:80'),
      external: route('10.0.0.2:80'),
    },
  },
  {
    name: 'v1.26: ProxyTerminatingEndpoints forced off: no fallback',
    rule: '§9 gate not locked before 1.28',
    request: req({ version: '1.26', gates: { ProxyTerminatingEndpoints: false }, service: svc(), slices: [slice([term('10.0.0.1')])] }),
    expect: { clusterEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'v1.25: EndpointSliceTerminatingCondition forced off: not-ready and terminating endpoints dropped',
    rule: 'docs/eras.md gate visibility',
    request: req({
      version: '1.25',
      gates: { EndpointSliceTerminatingCondition: false },
      service: svc(),
      slices: [slice([notReady('10.0.0.1'), term('10.0.0.2'), ep('10.0.0.3')])],
    }),
    expect: { clusterEndpoints: ['10.0.0.3:80'], allReachableEndpoints: ['10.0.0.3:80'] },
  },
  {
    name: 'v1.25: ServiceInternalTrafficPolicy forced off: iTP:Local ignored',
    rule: 'docs/eras.md ServiceInternalTrafficPolicy off ⇒ Cluster',
    request: req({
      version: '1.25',
      gates: { ServiceInternalTrafficPolicy: false },
      service: svc({ itp: 'Local' }),
      slices: [localAndRemote()],
    }),
    expect: { clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'], localEndpoints: null, internal: route('10.0.0.1:80', '10.0.0.2:80') },
  },
  {
    name: 'v1.24.3 written with a patch and a v prefix selects the 1.24 era',
    rule: 'docs/contracts.md §2 kubernetesVersion',
    request: req({ version: 'v1.24.3', service: svc({ annotations: { [HINTS]: 'aUto' } }), slices: [hintedAB()] }),
    expect: { kubernetesVersion: '1.24', ...bothZones },
  },
];

// ---------------------------------------------------------------------------------------------
// §9 v1.27–v1.29: any non-disabled annotation value; topology-mode key; PTE GA
// ---------------------------------------------------------------------------------------------
const v127: ResultCase[] = [
  {
    name: 'v1.27: annotation "aUto" now enables hints',
    rule: '§9 v1.27 any value other than disabled/Disabled',
    request: req({ version: '1.27', service: svc({ annotations: { [HINTS]: 'aUto' } }), slices: [hintedAB()] }),
    expect: { kubernetesVersion: '1.27', ...zoneAOnly },
  },
  {
    name: 'v1.28: annotation "disabled" disables hints',
    rule: 'docs/eras.md 1.27–1.29',
    request: req({ version: '1.28', service: svc({ annotations: { [HINTS]: 'disabled' } }), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.29: annotation "Disabled" disables hints',
    rule: 'docs/eras.md 1.27–1.29',
    request: req({ version: '1.29', service: svc({ annotations: { [MODE]: 'Disabled' } }), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.27: topology-mode "Auto" enables hints',
    rule: 'docs/eras.md 1.27–1.29 topology-mode when topology-aware-hints absent',
    request: req({ version: '1.27', service: svc({ annotations: { [MODE]: 'Auto' } }), slices: [hintedAB()] }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.28: topology-mode with any other value ("PreferClose") enables hints',
    rule: 'docs/eras.md 1.27–1.29 any value other than "", disabled, Disabled',
    request: req({ version: '1.28', service: svc({ annotations: { [MODE]: 'PreferClose' } }), slices: [hintedAB()] }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.29: both annotation keys set to the same value',
    rule: 'docs/eras.md 1.27–1.29 the deprecated key is read first',
    request: req({ version: '1.29', service: svc({ annotations: { [HINTS]: 'Auto', [MODE]: 'Auto' } }), slices: [hintedAB()] }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.28: no annotation: hints ignored',
    rule: 'docs/eras.md 1.27–1.29',
    request: req({ version: '1.28', service: svc(), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.27: TopologyAwareHints forced off: the annotation does nothing',
    rule: 'docs/eras.md 1.27–1.29 as 1.24–1.26 (gate on)',
    request: req({
      version: '1.27',
      gates: { TopologyAwareHints: false },
      service: svc({ annotations: { [MODE]: 'Auto' } }),
      slices: [hintedAB()],
    }),
    expect: bothZones,
  },
  {
    name: 'v1.29: node without a zone label: no filtering',
    rule: 'docs/eras.md 1.24–1.32 non-empty zone',
    request: req({ version: '1.29', node: node('n1'), service: svc({ annotations: { [MODE]: 'Auto' } }), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.28: terminating fallback always on (ProxyTerminatingEndpoints GA)',
    rule: '§9 PTE GA 1.28',
    request: req({
      version: '1.28',
      service: svc(),
      slices: [slice([term('10.0.0.1', { node: 'n1' }), term('10.0.0.2', { node: 'n2' })])],
    }),
    expect: { clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'], hasAnyEndpoints: true, internal: route('10.0.0.1:80', '10.0.0.2:80') },
  },
  {
    name: 'v1.27: ProxyTerminatingEndpoints forced off (not locked until 1.28): no fallback',
    rule: '§9 gates; §3.2c',
    request: req({ version: '1.27', gates: { ProxyTerminatingEndpoints: false }, service: svc(), slices: [slice([term('10.0.0.1')])] }),
    expect: { clusterEndpoints: [], hasAnyEndpoints: false, internal: reject },
  },
  {
    name: 'v1.28: LoadBalancer ingress ipMode is not read yet: a Proxy-mode IP counts',
    rule: 'docs/eras.md ipMode read from 1.29',
    request: req({
      version: '1.28',
      service: svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ name: 'http', port: 80, nodePort: null }],
        etp: 'Local',
        ingress: [{ ip: '198.51.100.7', ipMode: 'Proxy' }],
      }),
      slices: [localAndRemote()],
    }),
    expect: { clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'], localEndpoints: ['10.0.0.1:80'], external: route('10.0.0.1:80') },
  },
  {
    name: 'v1.29: LoadBalancer ingress ipMode: Proxy is not externally accessible',
    rule: 'docs/eras.md ipMode read from 1.29',
    request: req({
      version: '1.29',
      service: svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ name: 'http', port: 80, nodePort: null }],
        etp: 'Local',
        ingress: [{ ip: '198.51.100.7', ipMode: 'Proxy' }],
      }),
      slices: [localAndRemote()],
    }),
    expect: { clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'], localEndpoints: null, external: null },
  },
];

// ---------------------------------------------------------------------------------------------
// §9 v1.30: ServiceTrafficDistribution alpha
// ---------------------------------------------------------------------------------------------
const v130: ResultCase[] = [
  {
    name: 'v1.30: ServiceTrafficDistribution off (alpha), no annotation: hints ignored',
    rule: 'docs/eras.md 1.30–1.32',
    request: req({ version: '1.30', service: svc(), slices: [hintedAB()] }),
    expect: { kubernetesVersion: '1.30', ...bothZones },
  },
  {
    name: 'v1.30: ServiceTrafficDistribution off, annotation "Auto" with TopologyAwareHints: PreferSameZone',
    rule: 'docs/eras.md 1.30–1.32 otherwise as 1.27–1.29',
    request: req({ version: '1.30', service: svc({ annotations: { [HINTS]: 'Auto' } }), slices: [hintedAB()] }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.30: ServiceTrafficDistribution on: hints honoured without an annotation',
    rule: '§9 v1.30 with ServiceTrafficDistribution on, hints always honoured',
    request: req({ version: '1.30', gates: { ServiceTrafficDistribution: true }, service: svc(), slices: [hintedAB()] }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.30: ServiceTrafficDistribution on: annotation "disabled" is ignored',
    rule: '§9 v1.30 annotation ignored',
    request: req({
      version: '1.30',
      gates: { ServiceTrafficDistribution: true },
      service: svc({ annotations: { [HINTS]: 'disabled' } }),
      slices: [hintedAB()],
    }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.30: TopologyAwareHints off, ServiceTrafficDistribution on: hints honoured',
    rule: 'docs/eras.md 1.30–1.32 TopologyAwareHints or ServiceTrafficDistribution',
    request: req({
      version: '1.30',
      gates: { TopologyAwareHints: false, ServiceTrafficDistribution: true },
      service: svc(),
      slices: [hintedAB()],
    }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.30: TopologyAwareHints off, ServiceTrafficDistribution off: the annotation does nothing',
    rule: 'docs/eras.md 1.30–1.32',
    request: req({
      version: '1.30',
      gates: { TopologyAwareHints: false },
      service: svc({ annotations: { [HINTS]: 'Auto' } }),
      slices: [hintedAB()],
    }),
    expect: bothZones,
  },
  {
    name: 'v1.30: ServiceTrafficDistribution on, node without a zone label: no filtering',
    rule: 'docs/eras.md 1.24–1.32 non-empty zone',
    request: req({ version: '1.30', gates: { ServiceTrafficDistribution: true }, node: node('n1'), service: svc(), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.30: ServiceTrafficDistribution on, one unhinted Ready endpoint disables topology',
    rule: '§4 missing hints',
    request: req({
      version: '1.30',
      gates: { ServiceTrafficDistribution: true },
      service: svc(),
      slices: [slice([ep('10.0.0.1', { zones: ['zone-a'] }), ep('10.0.0.2')])],
    }),
    expect: { topologyMode: 'None', clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'] },
  },
];

// ---------------------------------------------------------------------------------------------
// §9 v1.31–v1.32: ServiceTrafficDistribution beta
// ---------------------------------------------------------------------------------------------
const v131: ResultCase[] = [
  {
    name: 'v1.31: hints honoured with no annotation (ServiceTrafficDistribution beta)',
    rule: '§9 v1.31–1.32',
    request: req({ version: '1.31', service: svc(), slices: [hintedAB()] }),
    expect: { kubernetesVersion: '1.31', ...zoneAOnly },
  },
  {
    name: 'v1.32: annotation "disabled" is ignored',
    rule: 'docs/eras.md 1.30–1.32 with ServiceTrafficDistribution on',
    request: req({ version: '1.32', service: svc({ annotations: { [MODE]: 'disabled' } }), slices: [hintedAB()] }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.31: ServiceTrafficDistribution forced off, no annotation: hints ignored',
    rule: 'docs/eras.md 1.30–1.32 otherwise as 1.27–1.29',
    request: req({ version: '1.31', gates: { ServiceTrafficDistribution: false }, service: svc(), slices: [hintedAB()] }),
    expect: bothZones,
  },
  {
    name: 'v1.32: ServiceTrafficDistribution forced off, annotation "auto": hints via TopologyAwareHints',
    rule: 'docs/eras.md 1.30–1.32 otherwise as 1.27–1.29',
    request: req({
      version: '1.32',
      gates: { ServiceTrafficDistribution: false },
      service: svc({ annotations: { [MODE]: 'auto' } }),
      slices: [hintedAB()],
    }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.32: TopologyAwareHints and ServiceTrafficDistribution forced off: no topology',
    rule: 'docs/eras.md 1.30–1.32 one of the gates on',
    request: req({
      version: '1.32',
      gates: { TopologyAwareHints: false, ServiceTrafficDistribution: false },
      service: svc({ annotations: { [MODE]: 'Auto' } }),
      slices: [hintedAB()],
    }),
    expect: bothZones,
  },
  {
    name: 'v1.32: node hints are not read before 1.33: zone hints decide',
    rule: 'docs/eras.md node hints only with PreferSameTrafficDistribution',
    request: req({ version: '1.32', service: svc(), slices: [nodeHinted()] }),
    expect: sameZone,
  },
  {
    name: 'v1.31: missing hints on one Ready endpoint: no filtering',
    rule: '§4 missing hints (TEST table: no gates, no annotation)',
    request: req({
      version: '1.31',
      service: svc(),
      slices: [slice([ep('10.0.0.1', { zones: ['zone-a'] }), ep('10.0.0.2', { zones: ['zone-b'] }), ep('10.0.0.3')])],
    }),
    expect: { topologyMode: 'None', clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'] },
  },
];

// ---------------------------------------------------------------------------------------------
// §9 v1.33+: topologyModeFromHints; PreferSameTrafficDistribution alpha 1.33, on 1.34, GA 1.35
// ---------------------------------------------------------------------------------------------
const v133: ResultCase[] = [
  {
    name: 'v1.33: PreferSameTrafficDistribution off by default: node hints ignored ⇒ PreferSameZone',
    rule: '§4 gate off ⇒ node hints ignored, zone mode used',
    request: req({ version: '1.33', service: svc(), slices: [nodeHinted()] }),
    expect: { kubernetesVersion: '1.33', ...sameZone },
  },
  {
    name: 'v1.33: PreferSameTrafficDistribution forced on: PreferSameNode',
    rule: '§4.1',
    request: req({ version: '1.33', gates: { PreferSameTrafficDistribution: true }, service: svc(), slices: [nodeHinted()] }),
    expect: sameNode,
  },
  {
    name: 'v1.34: PreferSameTrafficDistribution on by default: PreferSameNode',
    rule: '§9 beta 1.34',
    request: req({ version: '1.34', service: svc(), slices: [nodeHinted()] }),
    expect: sameNode,
  },
  {
    name: 'v1.34: PreferSameTrafficDistribution forced off: PreferSameZone',
    rule: '§4 gate off ⇒ zone mode',
    request: req({ version: '1.34', gates: { PreferSameTrafficDistribution: false }, service: svc(), slices: [nodeHinted()] }),
    expect: sameZone,
  },
  {
    name: 'v1.35: PreferSameTrafficDistribution locked on: PreferSameNode',
    rule: '§9 GA 1.35',
    request: req({ version: '1.35', service: svc(), slices: [nodeHinted()] }),
    expect: { kubernetesVersion: '1.35', ...sameNode },
  },
  {
    name: 'v1.34: PreferSameNode needs no zone label',
    rule: '§4.1 node mode checks node hints only',
    request: req({ version: '1.34', node: node('n1', ''), service: svc(), slices: [nodeHinted()] }),
    expect: sameNode,
  },
  {
    name: 'v1.33: annotations no longer matter ("disabled" is ignored)',
    rule: '§4 kube-proxy reads no annotation any more',
    request: req({ version: '1.33', service: svc({ annotations: { [HINTS]: 'disabled' } }), slices: [hintedAB()] }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.33: TopologyAwareHints and ServiceTrafficDistribution set to their locked value are accepted',
    rule: '§9 locked gate at its locked value is accepted',
    request: req({
      version: '1.33',
      gates: { TopologyAwareHints: true, ServiceTrafficDistribution: true },
      service: svc(),
      slices: [hintedAB()],
    }),
    expect: zoneAOnly,
  },
  {
    name: 'v1.35: removed GA gates accepted at their final value',
    rule: '§9 a removed gate is accepted at its GA value',
    request: req({
      version: '1.35',
      gates: { ServiceInternalTrafficPolicy: true, EndpointSliceTerminatingCondition: true, ProxyTerminatingEndpoints: true },
      service: svc(),
      slices: [slice([term('10.0.0.1')])],
    }),
    expect: { clusterEndpoints: ['10.0.0.1:80'], hasAnyEndpoints: true, internal: route('10.0.0.1:80') },
  },
];

// ---------------------------------------------------------------------------------------------
// Requests the engine must refuse (not run against the reference)
// ---------------------------------------------------------------------------------------------
const errors: ErrorCase[] = [
  {
    name: 'unknown feature gate',
    rule: '§9 a name that never was a gate of this list is a 400',
    request: req({ gates: { TopologyAwareRouting: true }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.TopologyAwareRouting' },
  },
  {
    name: 'ServiceTopology gate is not modelled',
    rule: '§9 v1.21 ServiceTopology ⇒ 400',
    request: req({ version: '1.21', gates: { ServiceTopology: true }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.ServiceTopology' },
  },
  {
    name: 'EndpointSliceProxying gate is not modelled',
    rule: '§9 v1.21 EndpointSliceProxying ⇒ 400',
    request: req({ version: '1.21', gates: { EndpointSliceProxying: false }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.EndpointSliceProxying' },
  },
  {
    name: 'locked gate set false: ProxyTerminatingEndpoints=false at 1.30',
    rule: '§9 locked since GA (1.28)',
    request: req({ version: '1.30', gates: { ProxyTerminatingEndpoints: false }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.ProxyTerminatingEndpoints' },
  },
  {
    name: 'locked gate set false: TopologyAwareHints=false at 1.33',
    rule: '§9 locked from 1.33',
    request: req({ version: '1.33', gates: { TopologyAwareHints: false }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.TopologyAwareHints' },
  },
  {
    name: 'locked gate set false: ServiceTrafficDistribution=false at 1.33',
    rule: '§9 locked from 1.33',
    request: req({ version: '1.33', gates: { ServiceTrafficDistribution: false }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.ServiceTrafficDistribution' },
  },
  {
    name: 'locked gate set false: PreferSameTrafficDistribution=false at 1.35',
    rule: '§9 locked from 1.35',
    request: req({ version: '1.35', gates: { PreferSameTrafficDistribution: false }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.PreferSameTrafficDistribution' },
  },
  {
    name: 'locked gate set false: ServiceInternalTrafficPolicy=false at 1.26',
    rule: '§9 locked from GA (1.26)',
    request: req({ version: '1.26', gates: { ServiceInternalTrafficPolicy: false }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.ServiceInternalTrafficPolicy' },
  },
  {
    name: 'locked gate set false: EndpointSliceTerminatingCondition=false at 1.28',
    rule: '§9 locked from GA (1.26)',
    request: req({ version: '1.28', gates: { EndpointSliceTerminatingCondition: false }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.EndpointSliceTerminatingCondition' },
  },
  {
    name: 'gate not yet existing: PreferSameTrafficDistribution at 1.30',
    rule: '§9 alpha in 1.33',
    request: req({ version: '1.30', gates: { PreferSameTrafficDistribution: true }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.PreferSameTrafficDistribution' },
  },
  {
    name: 'gate not yet existing: ServiceTrafficDistribution at 1.29',
    rule: '§9 alpha in 1.30',
    request: req({ version: '1.29', gates: { ServiceTrafficDistribution: true }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.ServiceTrafficDistribution' },
  },
  {
    name: 'gate not yet existing: ProxyTerminatingEndpoints at 1.21',
    rule: '§9 alpha in 1.22',
    request: req({ version: '1.21', gates: { ProxyTerminatingEndpoints: true }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.ProxyTerminatingEndpoints' },
  },
  {
    name: 'gate value that is not a boolean',
    rule: 'docs/contracts.md §2 featureGates',
    request: req({ gates: { PreferSameTrafficDistribution: 'true' as unknown as boolean }, service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'featureGates.PreferSameTrafficDistribution' },
  },
  {
    name: 'kubernetesVersion older than 1.21',
    rule: 'docs/contracts.md §2 kubernetesVersion "1.21" … newest',
    request: req({ version: '1.20', service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'kubernetesVersion' },
  },
  {
    name: 'kubernetesVersion newer than supported',
    rule: 'docs/contracts.md §2 kubernetesVersion',
    request: req({ version: '1.36', service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'kubernetesVersion' },
  },
  {
    name: 'kubernetesVersion that is not a version',
    rule: 'docs/contracts.md §2 kubernetesVersion',
    request: req({ version: 'latest', service: svc(), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'kubernetesVersion' },
  },
  {
    name: 'headless Service',
    rule: 'docs/contracts.md §2 headless Services are not proxied',
    request: req({ service: svc({ clusterIP: 'None' }), slices: [slice([ep('10.0.0.1')])] }),
    expectStatus: { code: 400, reason: 'BadRequest' },
  },
  {
    name: 'ExternalName Service',
    rule: 'docs/contracts.md §2 ExternalName Services are not proxied',
    request: req({ service: svc({ type: 'ExternalName', externalName: 'db.example.com' }), slices: [] }),
    expectStatus: { code: 400, reason: 'BadRequest' },
  },
  {
    name: 'EndpointSlice that names another Service',
    rule: 'docs/contracts.md §2 every slice must belong to the service',
    request: req({ service: svc(), slices: [slice([ep('10.0.0.1')], { service: 'other' })] }),
    expectStatus: { code: 400, reason: 'Invalid', field: 'endpointSlices[0].metadata.labels' },
  },
  {
    name: 'port name that the Service does not have',
    rule: 'docs/contracts.md §2 port',
    request: req({ service: svc(), slices: [], port: 'grpc' }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'port' },
  },
  {
    name: 'port number that the Service does not have',
    rule: 'docs/contracts.md §2 port',
    request: req({ service: svc(), slices: [], port: 8443 }),
    expectStatus: { code: 400, reason: 'BadRequest', field: 'port' },
  },
  {
    name: 'v1.28: topology-mode and topology-aware-hints both set to different values',
    rule: '§8 (VAL) topology-mode must match topology-aware-hints when both are specified',
    request: req({ version: '1.28', service: svc({ annotations: { [HINTS]: 'Disabled', [MODE]: 'Auto' } }), slices: [hintedAB()] }),
    expectStatus: { code: 400, reason: 'Invalid', field: 'service.metadata.annotations' },
  },
];

export const resultCases: ResultCase[] = [
  ...noEndpoints,
  ...policies,
  ...reading,
  ...families,
  ...ports,
  ...topology,
  ...terminating,
  ...v121,
  ...v122,
  ...v124,
  ...v127,
  ...v130,
  ...v131,
  ...v133,
];

export const errorCases: ErrorCase[] = errors;

export const cases: ConformanceCase[] = [...resultCases, ...errorCases];

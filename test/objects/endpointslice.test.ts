// readEndpointSlice: ValidateEndpointSlice's refusals with their Status, the v1 defaults, and the
// literal reading of conditions (null stays null: docs/rules.md §2 is applied by host/engine).
import { describe, expect, it } from 'vitest';
import { readEndpointSlice } from '../../host/objects/endpointslice.js';
import { causeFields, edited, expectCause, statusOf } from './helpers.js';

const base = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'cart-x7k2p', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'cart' } },
  addressType: 'IPv4',
  endpoints: [
    { addresses: ['10.1.2.3'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-a', zone: 'zone-a' },
  ],
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
};
const eps = (edit: (s: any) => void) => edited(base, edit);
const read = (raw: unknown) => readEndpointSlice(raw);
const reject = (edit: (s: any) => void) => () => read(eps(edit));
const endpoints = (n: number) => Array.from({ length: n }, (_, i) => ({ addresses: [`10.9.${i >> 8}.${i & 255}`] }));

describe('readEndpointSlice: object and metadata', () => {
  it('reads a whole slice', () => {
    expect(read(base)).toEqual({
      slice: {
        namespace: 'shop',
        name: 'cart-x7k2p',
        serviceName: 'cart',
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        endpoints: [
          {
            addresses: ['10.1.2.3'],
            conditions: { ready: true, serving: true, terminating: false },
            nodeName: 'node-a',
            zone: 'zone-a',
            forZones: [],
            forNodes: [],
            targetPod: null,
          },
        ],
      },
      warnings: [],
    });
  });

  it('accepts discovery.k8s.io/v1 and v1beta1 only', () => {
    expectCause(
      reject((s) => (s.apiVersion = 'v1')),
      'apiVersion',
      'FieldValueNotSupported',
      '"v1"',
      'supported values: "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1"',
    );
    expectCause(
      reject((s) => delete s.apiVersion),
      'apiVersion',
      'FieldValueRequired',
    );
    expectCause(
      reject((s) => (s.kind = 'Endpoints')),
      'kind',
      'FieldValueNotSupported',
      '"Endpoints"',
      'supported values: "EndpointSlice"',
    );
  });

  it('reads a slice without a name as "" with a warning (trimmed dumps)', () => {
    const { slice, warnings } = read(eps((s) => delete s.metadata.name));
    expect(slice.name).toBe('');
    expect(warnings).toEqual([{ field: 'metadata.name', message: expect.stringContaining('no name') }]);
  });

  it('requires a given name to be a DNS subdomain', () => {
    expectCause(
      reject((s) => (s.metadata.name = 'Cart_1')),
      'metadata.name',
      'FieldValueInvalid',
      'Invalid value: "Cart_1"',
      'a lowercase RFC 1123 subdomain must consist of',
    );
  });

  it('defaults the namespace to "default", or to the one every Pod targetRef names', () => {
    expect(read(eps((s) => delete s.metadata.namespace)).slice.namespace).toBe('default');
    const { slice, warnings } = read(
      eps((s) => ((s.metadata = {}), (s.endpoints[0].targetRef = { kind: 'Pod', namespace: 'shop', name: 'cart-1' }))),
    );
    expect(slice.namespace).toBe('shop');
    expect(warnings.map((w) => w.field)).toEqual(['metadata.name', 'metadata.namespace']);
  });

  it('reads the service name from the kubernetes.io/service-name label, null when absent', () => {
    expect(read(eps((s) => (s.metadata.labels = {}))).slice.serviceName).toBeNull();
  });

  it('refuses a slice that is not an object, naming the request path', () => {
    const status = statusOf(() => readEndpointSlice(['x'], 'endpointSlices[2]'));
    expect(status).toMatchObject({ reason: 'BadRequest', code: 400 });
    expect(status.details?.causes?.[0]?.field).toBe('endpointSlices[2]');
  });

  it('prefixes cause fields and warnings with the request path', () => {
    expect(
      causeFields(() =>
        readEndpointSlice(
          eps((s) => (s.addressType = 'IP')),
          'endpointSlices[1].',
        ),
      ),
    ).toEqual(['endpointSlices[1].addressType']);
    expect(
      readEndpointSlice(
        eps((s) => delete s.metadata.name),
        'endpointSlices[1]',
      ).warnings[0]!.field,
    ).toBe('endpointSlices[1].metadata.name');
  });
});

describe('readEndpointSlice: addressType and addresses', () => {
  it('requires addressType IPv4, IPv6 or FQDN', () => {
    expectCause(
      reject((s) => delete s.addressType),
      'addressType',
      'FieldValueRequired',
    );
    expectCause(
      reject((s) => (s.addressType = 'IP')),
      'addressType',
      'FieldValueNotSupported',
      '"IP"',
      'supported values: "FQDN", "IPv4", "IPv6"',
    );
  });

  it('requires 1 to 100 addresses per endpoint', () => {
    expectCause(
      reject((s) => (s.endpoints[0].addresses = [])),
      'endpoints[0].addresses',
      'FieldValueRequired',
      'must contain at least 1 address',
    );
    expectCause(
      reject((s) => delete s.endpoints[0].addresses),
      'endpoints[0].addresses',
      'FieldValueRequired',
    );
    const many = Array.from({ length: 101 }, (_, i) => `10.8.0.${i + 1}`);
    expectCause(
      reject((s) => (s.endpoints[0].addresses = many)),
      'endpoints[0].addresses',
      'FieldValueTooMany',
      'Too many: 101: must have at most 100 items',
    );
  });

  it('keeps every address of an endpoint, in order', () => {
    expect(read(eps((s) => (s.endpoints[0].addresses = ['10.1.2.3', '10.1.2.4']))).slice.endpoints[0]!.addresses).toEqual([
      '10.1.2.3',
      '10.1.2.4',
    ]);
  });

  it('requires addresses of the slice family', () => {
    expectCause(
      reject((s) => (s.endpoints[0].addresses = ['fd00::3'])),
      'endpoints[0].addresses[0]',
      'FieldValueInvalid',
      'Invalid value: "fd00::3"',
      'must be a valid IPv4 address',
    );
    expectCause(
      reject((s) => ((s.addressType = 'IPv6'), (s.endpoints[0].addresses = ['10.1.2.3']))),
      'endpoints[0].addresses[0]',
      'FieldValueInvalid',
      'must be a valid IPv6 address',
    );
    expectCause(
      reject((s) => (s.endpoints[0].addresses = ['10.1.2'])),
      'endpoints[0].addresses[0]',
      'FieldValueInvalid',
      'must be a valid IPv4 address',
    );
  });

  it('refuses special addresses as ValidateEndpointIP does', () => {
    expectCause(
      reject((s) => (s.endpoints[0].addresses = ['127.0.0.1'])),
      'endpoints[0].addresses[0]',
      'FieldValueInvalid',
      'may not be in the loopback range',
    );
    expectCause(
      reject((s) => (s.endpoints[0].addresses = ['169.254.169.254'])),
      'endpoints[0].addresses[0]',
      'FieldValueInvalid',
      'may not be in the link-local range',
    );
    expectCause(
      reject((s) => ((s.addressType = 'IPv6'), (s.endpoints[0].addresses = ['::']))),
      'endpoints[0].addresses[0]',
      'FieldValueInvalid',
      'may not be unspecified (::)',
    );
  });

  it('requires FQDN addresses to be DNS subdomains with at least two segments', () => {
    expect(
      read(eps((s) => ((s.addressType = 'FQDN'), (s.endpoints[0].addresses = ['db.example.com.'])))).slice.endpoints[0]!.addresses,
    ).toEqual(['db.example.com.']);
    expectCause(
      reject((s) => ((s.addressType = 'FQDN'), (s.endpoints[0].addresses = ['DB.example.com']))),
      'endpoints[0].addresses[0]',
      'FieldValueInvalid',
      'a lowercase RFC 1123 subdomain',
    );
    expectCause(
      reject((s) => ((s.addressType = 'FQDN'), (s.endpoints[0].addresses = ['localhost']))),
      'endpoints[0].addresses[0]',
      'FieldValueInvalid',
      'should be a domain with at least two segments separated by dots',
    );
  });

  it('allows at most 1000 endpoints', () => {
    expect(read(eps((s) => (s.endpoints = endpoints(1000)))).slice.endpoints).toHaveLength(1000);
    expectCause(
      reject((s) => (s.endpoints = endpoints(1001))),
      'endpoints',
      'FieldValueTooMany',
      'Too many: 1001: must have at most 1000 items',
    );
  });

  it('reads a slice with no endpoints', () => {
    expect(read(eps((s) => (s.endpoints = null))).slice.endpoints).toEqual([]);
  });
});

describe('readEndpointSlice: conditions', () => {
  it('keeps absent conditions as null, never defaulting them', () => {
    expect(read(eps((s) => delete s.endpoints[0].conditions)).slice.endpoints[0]!.conditions).toEqual({
      ready: null,
      serving: null,
      terminating: null,
    });
    expect(read(eps((s) => (s.endpoints[0].conditions = { ready: false, terminating: true }))).slice.endpoints[0]!.conditions).toEqual({
      ready: false,
      serving: null,
      terminating: true,
    });
  });

  it('requires booleans', () => {
    expectCause(
      reject((s) => (s.endpoints[0].conditions.ready = 'yes')),
      'endpoints[0].conditions.ready',
      'FieldValueTypeInvalid',
      'Invalid value: "yes"',
      'must be a boolean',
    );
  });
});

describe('readEndpointSlice: node, zone and topology', () => {
  it('requires nodeName to be a DNS subdomain', () => {
    expectCause(
      reject((s) => (s.endpoints[0].nodeName = 'Node_A')),
      'endpoints[0].nodeName',
      'FieldValueInvalid',
      'Invalid value: "Node_A"',
      'a lowercase RFC 1123 subdomain',
    );
  });

  it('keeps nodeName and zone null when absent', () => {
    const { endpoints } = read(eps((s) => (s.endpoints[0] = { addresses: ['10.1.2.3'] }))).slice;
    expect(endpoints[0]).toMatchObject({ nodeName: null, zone: null });
  });

  it('requires hostname to be a DNS-1123 label', () => {
    expectCause(
      reject((s) => (s.endpoints[0].hostname = 'web.0')),
      'endpoints[0].hostname',
      'FieldValueInvalid',
      'must not contain dots',
    );
  });

  it('reads v1beta1 topology into nodeName and zone, warning that v1beta1 is gone', () => {
    const beta = eps((s) => {
      s.apiVersion = 'discovery.k8s.io/v1beta1';
      s.endpoints[0] = {
        addresses: ['10.1.2.3'],
        topology: { 'kubernetes.io/hostname': 'node-b', 'topology.kubernetes.io/zone': 'zone-b' },
      };
    });
    const { slice, warnings } = read(beta);
    expect(slice.endpoints[0]).toMatchObject({ nodeName: 'node-b', zone: 'zone-b' });
    expect(warnings).toEqual([{ field: 'apiVersion', message: expect.stringContaining('removed in Kubernetes 1.25') }]);
  });

  it('prefers an explicit nodeName over v1beta1 topology', () => {
    const beta = eps(
      (s) => ((s.apiVersion = 'discovery.k8s.io/v1beta1'), (s.endpoints[0].topology = { 'kubernetes.io/hostname': 'node-b' })),
    );
    expect(read(beta).slice.endpoints[0]!.nodeName).toBe('node-a');
  });

  it('reads a v1beta1-only topology field on a v1 object the same way, with a warning', () => {
    const { slice, warnings } = read(
      eps((s) => (s.endpoints[0] = { addresses: ['10.1.2.3'], topology: { 'kubernetes.io/hostname': 'node-c' } })),
    );
    expect(slice.endpoints[0]!.nodeName).toBe('node-c');
    expect(warnings).toEqual([{ field: 'endpoints[0].topology', message: expect.stringContaining('v1beta1 field') }]);
  });

  it('requires the topology hostname to be a node name', () => {
    expectCause(
      reject((s) => (s.endpoints[0].topology = { 'kubernetes.io/hostname': 'Node C' })),
      'endpoints[0].topology[kubernetes.io/hostname]',
      'FieldValueInvalid',
      'a lowercase RFC 1123 subdomain',
    );
  });
});

describe('readEndpointSlice: hints', () => {
  const zones = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `zone-${i}` }));

  it('reads forZones and forNodes names in order', () => {
    const { endpoints } = read(
      eps((s) => (s.endpoints[0].hints = { forZones: [{ name: 'zone-b' }, { name: 'zone-a' }], forNodes: [{ name: 'node-a' }] })),
    ).slice;
    expect(endpoints[0]).toMatchObject({ forZones: ['zone-b', 'zone-a'], forNodes: ['node-a'] });
  });

  it('allows at most 8 zone hints and 8 node hints', () => {
    expect(read(eps((s) => (s.endpoints[0].hints = { forZones: zones(8) }))).slice.endpoints[0]!.forZones).toHaveLength(8);
    expectCause(
      reject((s) => (s.endpoints[0].hints = { forZones: zones(9) })),
      'endpoints[0].hints.forZones',
      'FieldValueTooMany',
      'Too many: 9: must have at most 8 items',
    );
    expectCause(
      reject((s) => (s.endpoints[0].hints = { forNodes: zones(9) })),
      'endpoints[0].hints.forNodes',
      'FieldValueTooMany',
      'Too many: 9: must have at most 8 items',
    );
  });

  it('requires hint names, unique and well-formed', () => {
    expectCause(
      reject((s) => (s.endpoints[0].hints = { forZones: [{}] })),
      'endpoints[0].hints.forZones[0].name',
      'FieldValueRequired',
    );
    expectCause(
      reject((s) => (s.endpoints[0].hints = { forZones: [{ name: 'zone-a' }, { name: 'zone-a' }] })),
      'endpoints[0].hints.forZones[1].name',
      'FieldValueDuplicate',
      'Duplicate value: "zone-a"',
    );
    expectCause(
      reject((s) => (s.endpoints[0].hints = { forZones: [{ name: 'zone a' }] })),
      'endpoints[0].hints.forZones[0].name',
      'FieldValueInvalid',
      'a valid label must be an empty string',
    );
    expectCause(
      reject((s) => (s.endpoints[0].hints = { forNodes: [{ name: 'Node_A' }] })),
      'endpoints[0].hints.forNodes[0].name',
      'FieldValueInvalid',
      'a lowercase RFC 1123 subdomain',
    );
  });
});

describe('readEndpointSlice: targetRef', () => {
  it('names a Pod target as namespace/name, taking the slice namespace when the ref has none', () => {
    expect(
      read(eps((s) => (s.endpoints[0].targetRef = { kind: 'Pod', namespace: 'other', name: 'cart-1' }))).slice.endpoints[0]!.targetPod,
    ).toBe('other/cart-1');
    expect(read(eps((s) => (s.endpoints[0].targetRef = { kind: 'Pod', name: 'cart-1' }))).slice.endpoints[0]!.targetPod).toBe(
      'shop/cart-1',
    );
  });

  it('ignores targets that are not Pods', () => {
    expect(read(eps((s) => (s.endpoints[0].targetRef = { kind: 'Node', name: 'node-a' }))).slice.endpoints[0]!.targetPod).toBeNull();
  });
});

describe('readEndpointSlice: ports', () => {
  it('defaults name to "" and protocol to TCP, keeps an absent port as null', () => {
    expect(read(eps((s) => (s.ports = [{}]))).slice.ports).toEqual([{ name: '', port: null, protocol: 'TCP' }]);
  });

  it('reads a slice without ports', () => {
    expect(read(eps((s) => delete s.ports)).slice.ports).toEqual([]);
  });

  it('requires port names to be unique DNS-1123 labels', () => {
    expectCause(
      reject((s) => (s.ports = [{ name: 'HTTP', port: 80 }])),
      'ports[0].name',
      'FieldValueInvalid',
      'Invalid value: "HTTP"',
      'a lowercase RFC 1123 label',
    );
    expectCause(
      reject((s) => (s.ports = [{ port: 80 }, { name: '', port: 81 }])),
      'ports[1].name',
      'FieldValueDuplicate',
      'Duplicate value: ""',
    );
  });

  it('requires ports in 1–65535', () => {
    expectCause(
      reject((s) => (s.ports[0].port = 0)),
      'ports[0].port',
      'FieldValueInvalid',
      'Invalid value: 0',
      'must be between 1 and 65535, inclusive',
    );
    expectCause(
      reject((s) => (s.ports[0].port = 65536)),
      'ports[0].port',
      'FieldValueInvalid',
      'Invalid value: 65536',
    );
  });

  it('requires protocol TCP, UDP or SCTP', () => {
    expectCause(
      reject((s) => (s.ports[0].protocol = 'ICMP')),
      'ports[0].protocol',
      'FieldValueNotSupported',
      '"ICMP"',
      'supported values: "SCTP", "TCP", "UDP"',
    );
  });

  it('allows at most 20000 ports', () => {
    const ports = Array.from({ length: 20001 }, (_, i) => ({ name: `p${i}`, port: (i % 65535) + 1 }));
    expectCause(
      reject((s) => (s.ports = ports)),
      'ports',
      'FieldValueTooMany',
      'Too many: 20001: must have at most 20000 items',
    );
  });
});
